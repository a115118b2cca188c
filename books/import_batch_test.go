package books_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/standard"
)

// An import writes its vouchers and lines several to a statement: every
// voucher and line of the file arrives, each voucher with its own lines in
// order, and the book verifies clean — for counts around the batch size.
func TestImportWritesEveryRowInBatches(t *testing.T) {
	for _, lines := range []int{5, 200, 1001} {
		path := filepath.Join(t.TempDir(), "b.sunbooks")
		b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "基准社区", Code: "T1", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := b.Login("张会计", "secret1")
		if err := s.SetSetting(books.SettingMigrationConfirm, "off"); err != nil {
			t.Fatal(err)
		}
		if err := demo.PrepareSynthetic(s); err != nil {
			t.Fatal(err)
		}
		var csv bytes.Buffer
		if err := demo.WriteSyntheticCSV(&csv, lines, 2021, 7); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "v.csv")
		if err := os.WriteFile(file, csv.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportFile(t.Context(), file, books.ImportOptions{Post: true})
		if err != nil {
			t.Fatalf("%d lines: %s", lines, books.ErrorMessage(err))
		}
		var vouchers, stored, unordered int
		db := b.DB()
		db.QueryRow(`SELECT count(*) FROM voucher WHERE kind = 'import'`).Scan(&vouchers)
		db.QueryRow(`SELECT count(*) FROM voucher_line`).Scan(&stored)
		// Each voucher's lines are numbered 1, 2, … and balance.
		db.QueryRow(`SELECT count(*) FROM (SELECT voucher_id, max(seq) m, count(*) n, sum(debit_fen) - sum(credit_fen) d FROM voucher_line GROUP BY voucher_id) WHERE m <> n OR d <> 0`).Scan(&unordered)
		if stored != lines || res.Lines != lines || vouchers != res.Vouchers || vouchers < lines/4 || unordered != 0 {
			t.Errorf("%d lines in the file: stored %d lines (result %d), %d vouchers (result %d), %d out of order or unbalanced", lines, stored, res.Lines, vouchers, res.Vouchers, unordered)
		}
		if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
			t.Errorf("%d lines: Verify = %q, %v", lines, problems, err)
		}
		b.Close()
	}
}
