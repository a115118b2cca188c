package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// auditBookFile makes a book with one posted income voucher in 2026-01.
func auditBookFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a.sunbooks")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	if _, err := acc.AddUser("李出纳", books.RoleCashier, "secret1"); err != nil {
		t.Fatal(err)
	}
	cash, _ := b.Login("李出纳", "secret1")
	if _, err := acc.AddCompound("阳光小区"); err != nil {
		t.Fatal(err)
	}
	m, z := books.FromFen(123450), books.FromFen(0)
	v, err := acc.SaveVoucher(books.Voucher{Date: "2026-01-05", Lines: []books.Line{
		{Memo: "物业用房租金", AccountCode: "1002", CompoundName: "阳光小区", Debit: m, Credit: z},
		{Memo: "物业用房租金", AccountCode: "4901", CompoundName: "阳光小区", Debit: z, Credit: m},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cash.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := acc.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOutputNeverOverwritesABook(t *testing.T) {
	book := auditBookFile(t)
	if code, _, errOut := runCLI(t, "close", "-book", book, "-month", "2026-01"); code != 0 {
		t.Fatalf("close: %s", errOut)
	}
	before, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(book), "copy.sunbooks")
	if err := os.WriteFile(other, before, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv", "-out", book},
		{"report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "xlsx", "-out", book},
		{"report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv", "-out", other},
		{"export", "package", "-book", book, "-month", "2026-01", "-out", book},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "账簿") {
			t.Errorf("%s: exit %d, %q; want 1 and a refusal naming the book", strings.Join(args[:2], " ")+" -out "+filepath.Base(args[len(args)-1]), code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("the book after the refusals does not verify: %s", errOut)
	}
	if after, _ := os.ReadFile(other); string(after) != string(before) {
		t.Errorf("the copy of the book was overwritten")
	}
}

func TestRestoreIsTheAccountants(t *testing.T) {
	book := auditBookFile(t)
	code, out, errOut := runCLI(t, "backup", "-book", book)
	if code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	snap := strings.TrimSpace(strings.TrimPrefix(out, "已备份到 "))
	cashier := func(k string) string {
		return map[string]string{"SUNBOOKS_USER": "李出纳", "SUNBOOKS_PASSWORD": "secret1"}[k]
	}
	var o, e strings.Builder
	if code := run([]string{"restore", "-book", book, "-from", snap}, strings.NewReader(""), &o, &e, cashier); code != 1 || !strings.Contains(e.String(), "恢复备份需要") {
		t.Errorf("restore by a 出纳: exit %d, %q; want 1 and a role refusal", code, e.String())
	}
	if code, out, errOut := runCLI(t, "restore", "-book", book, "-from", snap); code != 0 || !strings.Contains(out, "已从") {
		t.Errorf("restore by the 会计: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("verify after restore: %s", errOut)
	}
}

func TestFullDiskMessageIsChinese(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	book := auditBookFile(t)
	code, _, errOut := runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-01", "-format", "csv", "-out", "/dev/full")
	if code != 1 || strings.Contains(errOut, "no space") || strings.Contains(errOut, "/dev/full:") || !strings.Contains(errOut, "磁盘") {
		t.Errorf("report to a full disk: exit %d, %q; want 1 and a Chinese sentence about the disk", code, errOut)
	}
}

func TestVerifyReadsWhileTheAppHoldsTheBook(t *testing.T) {
	book := auditBookFile(t)
	app, err := books.Open(book, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if code, out, errOut := runCLI(t, "verify", "-book", book); code != 0 || !strings.Contains(out, "校验通过") {
		t.Errorf("verify while the app holds the book: exit %d, %q %q", code, out, errOut)
	}
}

func TestVerifyCatchesAHandEditedAmount(t *testing.T) {
	book := auditBookFile(t)
	db, err := sql.Open("sqlite", book)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER voucher_line_posted_no_update`, `UPDATE voucher_line SET debit_fen = 999900 WHERE seq = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, _, errOut := runCLI(t, "verify", "-book", book)
	if code != 1 || !strings.Contains(errOut, "借贷不平") || !strings.Contains(errOut, "记-0001") {
		t.Errorf("verify after a hand edit: exit %d, %q; want 1 naming 记-0001", code, errOut)
	}
}
