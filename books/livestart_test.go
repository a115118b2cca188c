package books

import (
	"fmt"
	"strings"
	"testing"
)

// import -post writes history only: months before the book's live start,
// which the first live posting records (and moves back, never forward) or
// the 会计 sets once beforehand. The test book's today is 2027-01-15.
func TestMigrationIsOnlyForMonthsBeforeTheLiveStart(t *testing.T) {
	history := func(month string) string {
		return writeImport(t, "h-"+month+".csv", ImportHeader,
			month+"-10,H1,5101,业务活动成本,阳光小区,200000.00,,旧系统付款",
			month+"-10,H1,1002,银行存款,阳光小区,,200000.00,旧系统付款")
	}
	tb := newTestBook(t)
	if tb.LiveStart() != 0 {
		t.Fatalf("a new book has live start %s", tb.LiveStart())
	}
	// Nothing live yet: last month may still receive history.
	if _, err := tb.accountant.ImportFile(t.Context(), history("2026-11"), ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err != nil {
		t.Fatalf("history before anything live: %s", ErrorMessage(err))
	}
	// The first live voucher, in December, records the live start.
	tb.post("2026-12-05", line("收费", "1002", "阳光小区", "300000", ""), line("", "4901", "阳光小区", "", "300000"))
	if tb.LiveStart() != 202612 {
		t.Fatalf("live start after the first live posting = %s, want 2026-12", tb.LiveStart())
	}
	if _, err := tb.accountant.ImportFile(t.Context(), history("2026-12"), ImportOptions{ConfirmedBy: tb.cashier, Post: true}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "启用") {
		t.Errorf("history into the live month: %v, want refused", err)
	}
	// A live voucher posted into an earlier month moves the start back, logged.
	tb.post("2026-10-05", line("收费", "1002", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	if tb.LiveStart() != 202610 {
		t.Errorf("live start after a live October voucher = %s, want 2026-10", tb.LiveStart())
	}
	log, _ := tb.accountant.Log(LogFilter{Text: "book.live_start"})
	if len(log) != 2 {
		t.Errorf("%d book.live_start entries, want 2 (December, then October)", len(log))
	}
	// What is imported into a live month is a draft, checked like any
	// voucher: books/spending's TestImportedExpenseInALiveMonthNeedsAnApplication.
}

func TestLiveStartIsSetOnceByTheAccountant(t *testing.T) {
	tb := newTestBook(t)
	tests := []struct {
		name   string
		by     *Session
		p      Period
		reason string
		code   Code
	}{
		{"a cashier may not", tb.cashier, 202701, "启用", Forbidden},
		{"a reason is needed", tb.accountant, 202701, " ", Invalid},
		{"the accountant sets it", tb.accountant, 202701, "自 2027 年 1 月起在本系统记账", ""},
		{"only once", tb.accountant, 202612, "改早一个月", Conflict},
	}
	for _, tt := range tests {
		err := tt.by.SetLiveStart(tt.p, tt.reason)
		if ErrorCode(err) != tt.code {
			t.Errorf("%s: SetLiveStart = %v, want code %q", tt.name, err, tt.code)
		}
	}
	if tb.LiveStart() != 202701 {
		t.Errorf("live start = %s, want 2027-01", tb.LiveStart())
	}
	// December is now history, January is not.
	dec := writeImport(t, "dec.csv", ImportHeader, "2026-12-10,H1,1001,现金,阳光小区,10.00,,旧账", "2026-12-10,H1,4901,其他收入,阳光小区,,10.00,旧账")
	if _, err := tb.accountant.ImportFile(t.Context(), dec, ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err != nil {
		t.Errorf("history before the live start: %s", ErrorMessage(err))
	}
}

// Migrated history shows as 迁移 on the lines of the ledgers too; a live
// voucher of the same account does not.
func TestLedgersMarkMigratedEntries(t *testing.T) {
	tb := newTestBook(t)
	f := writeImport(t, "h.csv", ImportHeader, "2026-11-10,H1,1002,银行存款,阳光小区,500.00,,旧系统收款", "2026-11-10,H1,4901,其他收入,阳光小区,,500.00,旧系统收款")
	if _, err := tb.accountant.ImportFile(t.Context(), f, ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err != nil {
		t.Fatal(ErrorMessage(err))
	}
	tb.post("2026-12-05", line("收停车费", "1002", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	dl, err := tb.DetailLedger(LedgerQuery{AccountCode: "1002", From: 202611, To: 202612})
	if err != nil {
		t.Fatal(err)
	}
	var marks []bool
	for _, l := range dl.Lines {
		if l.Kind == LedgerEntry {
			marks = append(marks, l.Migrated)
		}
	}
	if len(marks) != 2 || !marks[0] || marks[1] {
		t.Errorf("entries migrated = %v, want [true false]", marks)
	}
	text := ""
	for _, r := range dl.Table().Rows {
		text += strings.Join(r, ",") + "\n"
	}
	if strings.Count(text, "（迁移）") != 1 || !strings.Contains(text, "记-0001（迁移）") {
		t.Errorf("ledger table:\n%s", text)
	}
}

// A migration posts without review, so a second user confirms it as a
// whole, unless the book's setting says not to; the log names who did.
func TestMigrationNeedsASecondUsersConfirmation(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddUser("王审计", RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	auditor, _ := tb.SessionFor("王审计")
	other := newTestBook(t)
	n := 0
	file := func() string {
		n++
		d := fmt.Sprintf("2026-11-%02d", n)
		return writeImport(t, fmt.Sprintf("h%d.csv", n), ImportHeader, d+",H1,1001,现金,阳光小区,10.00,,旧账", d+",H1,4901,其他收入,阳光小区,,10.00,旧账")
	}
	tests := []struct {
		name string
		by   *Session
		code Code
	}{
		{"no one confirms", nil, Forbidden},
		{"the importer himself", tb.accountant, Forbidden},
		{"an auditor, who only reads", auditor, Forbidden},
		{"a user of another book", other.cashier, Forbidden},
		{"the cashier", tb.cashier, ""},
	}
	for _, tt := range tests {
		_, err := tb.accountant.ImportFile(t.Context(), file(), ImportOptions{Post: true, ConfirmedBy: tt.by})
		if ErrorCode(err) != tt.code {
			t.Errorf("%s: ImportFile = %v, want code %q", tt.name, err, tt.code)
		}
	}
	log, _ := tb.accountant.Log(LogFilter{Text: "voucher.import"})
	if len(log) != 1 || !strings.Contains(log[0].After, `"confirmed_by":"李出纳"`) {
		t.Errorf("import log %+v, want the one migration, confirmed by 李出纳", log)
	}
	// Drafts need no confirmation; nor does a migration once the setting is off.
	if _, err := tb.accountant.ImportFile(t.Context(), file(), ImportOptions{}); err != nil {
		t.Errorf("drafts: %v", err)
	}
	if err := tb.accountant.SetSetting(SettingMigrationConfirm, "maybe"); ErrorCode(err) != Invalid {
		t.Errorf("a setting value other than on/off: %v", err)
	}
	if err := tb.accountant.SetSetting(SettingMigrationConfirm, "off"); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.accountant.ImportFile(t.Context(), file(), ImportOptions{Post: true}); err != nil {
		t.Errorf("with the setting off: %v", err)
	}
}

// A live start moved later by hand in the file does not open a live month
// to import -post: the first month with live postings still bounds it.
func TestLiveStartEditedByHandDoesNotOpenLiveMonths(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-12-05", line("收费", "1002", "阳光小区", "100", ""), line("", "4901", "阳光小区", "", "100"))
	if _, err := tb.DB().Exec(`UPDATE setting SET value = '202701' WHERE key = ?`, liveStartKey); err != nil {
		t.Fatal(err)
	}
	f := writeImport(t, "h.csv", ImportHeader, "2026-12-10,H1,5101,业务活动成本,阳光小区,50.00,,旧账", "2026-12-10,H1,1002,银行存款,阳光小区,,50.00,旧账")
	if _, err := tb.accountant.ImportFile(t.Context(), f, ImportOptions{Post: true, ConfirmedBy: tb.cashier}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "启用") {
		t.Errorf("history into December after the live start was moved to January by hand: %v, want refused", err)
	}
}
