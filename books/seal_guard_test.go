package books_test

import (
	"fmt"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/bookstest"
	"sunbooks/books/moduletest"
	"sunbooks/books/standard"
)

// wantTampered fails unless err is Tampered and names the words.
func wantTampered(t *testing.T, what string, err error, words string) {
	t.Helper()
	if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), words) {
		t.Errorf("%s: %v, want Tampered naming %q", what, err, words)
	}
}

// A role or password hash written into the file by hand signs no one in.
func TestASignInOnAUserEditedByHandIsRefused(t *testing.T) {
	tb := bookstest.New(t)
	if _, err := tb.Accountant.AddUser("王审计", books.RoleAuditor, "audit123"); err != nil {
		t.Fatal(err)
	}
	b := moduletest.HandEdit(t, tb.Book, standard.Modules(), `UPDATE user SET role = 'accountant' WHERE name = '王审计'`)
	_, err := b.Login("王审计", "audit123")
	wantTampered(t, "signing in as a user made 会计 by hand", err, "用户 王审计（user 3）的内容与封存时不一致")
	if _, err := b.Login("张会计", bookstest.Password); err != nil {
		t.Errorf("another user signing in: %v", err)
	}
}

// What posting decides on is read only as the program left it: an account
// edited by hand (made exempt from approval), a closing deleted by hand.
func TestPostingOnRulesEditedByHandIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, edit, words string
	}{
		{"an account made exempt by hand", `UPDATE account SET approval_exempt = 1 WHERE code = '1002'`, "科目 1002 银行存款（account 2）的内容与封存时不一致"},
		{"a closing deleted by hand", `DELETE FROM period_close WHERE period = 202601`, "结账记录（period_close 202601）已在本程序之外被删除"},
		{"a compound added by hand", `INSERT INTO compound (name, created_at) VALUES ('影子小区', '2026-01-01 00:00:00')`, "小区 影子小区（compound 3）不是由本程序记录的"},
		{"a setting changed by hand", `INSERT INTO setting (key, value) VALUES ('migration.confirm', 'off')`, "账簿设置（setting 'migration.confirm'）不是由本程序记录的"},
	} {
		tb := bookstest.New(t)
		tb.Post("2026-01-05", bookstest.Line("收费", "1001", "阳光小区", "10", ""), bookstest.Line("收费", "4901", "阳光小区", "", "10"))
		if err := tb.Accountant.ClosePeriod(202601); err != nil {
			t.Fatal(err)
		}
		v, err := tb.Accountant.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: []books.Line{
			bookstest.Line("收费", "1001", "阳光小区", "10", ""), bookstest.Line("收费", "4901", "阳光小区", "", "10")}})
		if err != nil {
			t.Fatal(err)
		}
		if err := tb.Cashier.ReviewVoucher(v.ID); err != nil {
			t.Fatal(err)
		}
		b := moduletest.HandEdit(t, tb.Book, standard.Modules(), tc.edit)
		s, err := b.Login("张会计", bookstest.Password)
		if err != nil {
			t.Fatal(err)
		}
		wantTampered(t, tc.name, s.PostVoucher(v.ID), tc.words)
		if got, _ := b.Voucher(v.ID); got.Status != books.StatusReviewed {
			t.Errorf("%s: the voucher is %s", tc.name, got.Status)
		}
	}
}

// A row and its index entry forged together are still refused: the index
// entry must be the log's.
func TestAGuardChecksTheIndexAgainstTheLog(t *testing.T) {
	tb := bookstest.New(t)
	if _, err := tb.Accountant.AddUser("王审计", books.RoleAuditor, "audit123"); err != nil {
		t.Fatal(err)
	}
	// The forger computes the row's fingerprint as the program does.
	var canon string
	if err := tb.DB().QueryRow(`SELECT quote(id) || ',' || quote(name) || ',' || quote('accountant') || ',' || quote(pwhash) || ',' || quote(active) || ',' || quote(created_at)
		FROM user WHERE name = '王审计'`).Scan(&canon); err != nil {
		t.Fatal(err)
	}
	b := moduletest.HandEdit(t, tb.Book, standard.Modules(),
		`UPDATE user SET role = 'accountant' WHERE name = '王审计'`,
		`UPDATE seal SET hash = '`+books.SealFingerprint("user", canon)+`' WHERE tbl = 'user' AND key = '3'`)
	_, err := b.Login("王审计", "audit123")
	wantTampered(t, "a row and its index forged together", err, "用户 王审计（user 3）的封存索引与操作日志")
}

// A signing key swapped into the file by hand signs nothing: files the
// book sends would otherwise carry a key the street never registered for
// it, or one someone else holds.
func TestAKeySwappedByHandSignsNothing(t *testing.T) {
	tb := bookstest.New(t)
	other := bookstest.New(t)
	var priv, pub []byte
	if err := other.DB().QueryRow(`SELECT private_key, public_key FROM signing_key`).Scan(&priv, &pub); err != nil {
		t.Fatal(err)
	}
	b := moduletest.HandEdit(t, tb.Book, standard.Modules(),
		fmt.Sprintf(`UPDATE signing_key SET private_key = x'%x', public_key = x'%x'`, priv, pub))
	_, err := b.SignFile(books.FileKindPublicKey, []byte("{}"))
	wantTampered(t, "signing with a key swapped by hand", err, "本账簿的签名密钥（signing_key 1）的内容与封存时不一致")
}
