package books

import (
	"strings"
	"testing"
)

func TestChartTemplates(t *testing.T) {
	if n := len(npo2004.accounts); n != 48 {
		t.Errorf("npo2004 has %d accounts, want 48", n)
	}
	for _, tmpl := range chartTemplates {
		seen := map[string]bool{}
		for _, a := range tmpl.accounts {
			if seen[a.code] {
				t.Errorf("%s: code %s twice", tmpl.name, a.code)
			}
			seen[a.code] = true
		}
		if !seen[tmpl.carry] {
			t.Errorf("%s: carry account %s not in the chart", tmpl.name, tmpl.carry)
		}
	}
	for _, code := range []string{"101", "102", "112", "211", "311", "321", "501", "504", "513", "514", "515"} {
		found := false
		for _, a := range rural2023.accounts {
			found = found || a.code == code
		}
		if !found {
			t.Errorf("rural2023 lacks DOMAIN.md's code %s", code)
		}
	}
}

func TestMnemonic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"银行存款", "yhck"},
		{"现金", "xj"},
		{"其他应收款", "qtysk"},
		{"工商银行A户", "gsyhah"},
		{"长期借款", "cqjk"},
		{"行政办公", "xzbg"},
	}
	for _, tt := range tests {
		if got := Mnemonic(tt.in); got != tt.want {
			t.Errorf("Mnemonic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAccountRules(t *testing.T) {
	tb := newTestBook(t)
	tests := []struct {
		name, parent, code string
		want               Code
	}{
		{"child extends parent", "1002", "100201", ""},
		{"child must extend parent code", "1002", "100301", Invalid},
		{"child code must be longer", "1002", "1002", Invalid},
		{"duplicate code", "1002", "100201", Conflict},
		{"unknown parent", "9999", "999901", NotFound},
	}
	for _, tt := range tests {
		_, err := tb.accountant.AddAccount(tt.parent, tt.code, "工商银行")
		if ErrorCode(err) != tt.want {
			t.Errorf("%s: AddAccount(%s, %s) = %v, want %q", tt.name, tt.parent, tt.code, err, tt.want)
		}
	}
	ac, _ := tb.AccountByCode("100201")
	if ac.Class != ClassAsset || ac.Monetary != "bank" || ac.Direction != "debit" {
		t.Errorf("child did not inherit: %+v", ac)
	}
	// A used account: no first child, no deletion.
	tb.post("2026-03-05", line("a", "100201", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if _, err := tb.accountant.AddAccount("4901", "490101", "杂项"); ErrorCode(err) != Conflict {
		t.Errorf("first child of a used account: %v", err)
	}
	if err := tb.accountant.DeleteAccount("100201"); err == nil || !strings.Contains(ErrorMessage(err), "不能删除") {
		t.Errorf("deleting a used account: %v", err)
	}
	if err := tb.accountant.SetAccountActive("100201", false); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-06", Lines: []Line{line("a", "100201", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}})
	if err == nil || !strings.Contains(ErrorMessage(err), "停用") {
		t.Errorf("voucher on a disabled account: %v", err)
	}
	if err := tb.accountant.RenameAccount("100201", "工商银行基本户"); err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.RenameAccount("100201", "x"); ErrorCode(err) != Forbidden {
		t.Errorf("cashier renaming an account: %v", err)
	}
}

func TestCompoundRules(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddCompound("阳光小区"); ErrorCode(err) != Conflict {
		t.Errorf("duplicate compound: %v", err)
	}
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if err := tb.accountant.ArchiveCompound("阳光小区", true); ErrorCode(err) != Conflict {
		t.Errorf("archiving a compound holding money: %v", err)
	}
	if err := tb.accountant.ArchiveCompound("和平小区", true); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-06", Lines: []Line{line("a", "1001", "和平小区", "1", ""), line("a", "4901", "和平小区", "", "1")}})
	if err == nil || !strings.Contains(ErrorMessage(err), "归档") {
		t.Errorf("voucher on an archived compound: %v", err)
	}
	if err := tb.accountant.RenameCompound("阳光小区", "阳光新村"); err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(1)
	if v.Lines[0].CompoundName != "阳光新村" {
		t.Errorf("history did not follow the rename: %q", v.Lines[0].CompoundName)
	}
}

func TestRestoreOwnBackup(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	snap, err := tb.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	tb.post("2026-03-06", line("b", "1001", "阳光小区", "20", ""), line("b", "4901", "阳光小区", "", "20"))
	path := tb.Path()
	tb.Close()
	saved, err := Restore(path, snap)
	if err != nil {
		t.Fatal(err)
	}
	if saved == "" {
		t.Error("restore kept no copy of the state it replaced")
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, _ := b.CountVouchers(VoucherFilter{})
	if n != 1 {
		t.Errorf("after restore the book has %d vouchers, want 1", n)
	}
	if p, _ := b.Verify(); len(p) != 0 {
		t.Errorf("restored book does not verify: %v", p)
	}
	log, _ := (&Session{b: b}).Log(LogFilter{Text: "book.restore"})
	if len(log) != 1 {
		t.Errorf("restore not logged: %v", log)
	}
}
