package exchange

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/moduletest"
	"sunbooks/books/standard"
)

// A street's imported packages are sealed, their many rows a package at a
// time: a balance, a line or a package record edited by hand is named, and
// a package imported again over the old one verifies clean.
func TestImportedPackagesAreSealed(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ edit, words string }{
		{`UPDATE consol_balance SET debit_fen = debit_fen + 100 WHERE rowid = (SELECT min(rowid) FROM consol_balance)`, "数据包的余额 阳光社区 202601–202602（consol_balance 1）的内容与封存时不一致"},
		{`DELETE FROM consol_line WHERE rowid = (SELECT max(rowid) FROM consol_line)`, "数据包的凭证分录 阳光社区 202601–202602（consol_line 1）的内容与封存时不一致"},
		{`UPDATE consol_package SET community = '假社区'`, "导入的期间数据包 假社区 202601–202602（consol_package 1）的内容与封存时不一致"},
		{`DELETE FROM consol_account`, "数据包的科目表（consol_account 1）已不在账簿中"},
		// Inserting into a package's rows marks nothing (the program marks
		// the package it writes): a row added by hand is found all the same.
		{`INSERT INTO consol_line SELECT * FROM consol_line WHERE rowid = (SELECT min(rowid) FROM consol_line)`, "数据包的凭证分录 阳光社区 202601–202602（consol_line 1）的内容与封存时不一致"},
		{`INSERT INTO consol_balance SELECT package_id + 7, account_code, compound, period, debit_fen, credit_fen FROM consol_balance WHERE rowid = (SELECT min(rowid) FROM consol_balance)`, "数据包的余额（consol_balance 8）不是由本程序记录的（在本程序之外被加入账簿）"},
	} {
		street, director := streetBook(t)
		trustBook(t, director, tb.Book)
		if _, err := Import(t.Context(), director, "p.sunpkg", pk.Data); err != nil {
			t.Fatal(err)
		}
		if p, err := street.Verify(t.Context()); err != nil || len(p) > 0 {
			t.Fatalf("imported: %q %v", p, err)
		}
		// The same months exported again later replace the package.
		again, err := Export(t.Context(), tb.Accountant, 202601, 202602)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Import(t.Context(), director, "again.sunpkg", again.Data); err != nil {
			t.Fatal(err)
		}
		if p, err := street.Verify(t.Context()); err != nil || len(p) > 0 {
			t.Fatalf("imported again: %q %v", p, err)
		}
		b := moduletest.HandEdit(t, street, standard.Modules(), tc.edit)
		p, err := b.Verify(t.Context())
		if err != nil || len(p) != 1 || !strings.Contains(p[0], tc.words) {
			t.Errorf("%s: Verify = %q, %v; want %q", tc.edit, p, err, tc.words)
		}
		// The street's statement adds up only packages as imported.
		_, err = Consolidate(t.Context(), b, 202601, 202602, ByAccount)
		if strings.Contains(tc.edit, "consol_line") {
			if err != nil {
				t.Errorf("%s: the statement reads no lines, yet: %v", tc.edit, err)
			}
		} else if books.ErrorCode(err) != books.Tampered {
			t.Errorf("%s: Consolidate = %v, want Tampered", tc.edit, err)
		}
	}
}
