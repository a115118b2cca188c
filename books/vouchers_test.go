package books

import (
	"database/sql"
	"strings"
	"testing"
)

func TestVoucherValidate(t *testing.T) {
	ok := []Line{line("收到物业费", "1002", "阳光小区", "100.00", ""), line("收到物业费", "4301", "阳光小区", "", "100.00")}
	tests := []struct {
		name     string
		v        Voucher
		wantCode Code
		wantLine int
		wantText string
	}{
		{"balanced voucher passes", Voucher{Date: "2026-03-01", Lines: ok}, "", 0, ""},
		{"one line is not a voucher", Voucher{Date: "2026-03-01", Lines: ok[:1]}, Invalid, 0, "至少"},
		{"bad date", Voucher{Date: "2026-3-1", Lines: ok}, Invalid, 0, "日期"},
		{"unbalanced by a fen", Voucher{Date: "2026-03-01", Lines: []Line{line("x", "1002", "阳光小区", "100.00", ""), line("x", "4301", "阳光小区", "", "99.99")}}, Unbalanced, 0, "借方多 0.01"},
		{"both sides on one line", Voucher{Date: "2026-03-01", Lines: []Line{{Memo: "x", AccountCode: "1002", CompoundName: "阳光小区", Debit: yuan("1"), Credit: yuan("1")}, ok[1]}}, Invalid, 1, "只能填一个"},
		{"no amount", Voucher{Date: "2026-03-01", Lines: []Line{ok[0], line("x", "4301", "阳光小区", "0", "")}}, Invalid, 2, "要填一个金额"},
		{"missing compound", Voucher{Date: "2026-03-01", Lines: []Line{ok[0], line("x", "4301", "", "", "100")}}, Invalid, 2, "小区"},
		{"missing memo on first line", Voucher{Date: "2026-03-01", Lines: []Line{line("", "1002", "阳光小区", "100", ""), ok[1]}}, Invalid, 1, "摘要"},
		{"fraction of a fen", Voucher{Date: "2026-03-01", Lines: []Line{line("x", "1002", "阳光小区", "0.001", ""), line("x", "4301", "阳光小区", "", "0.001")}}, Invalid, 1, "整分"},
		{"negative by hand", Voucher{Date: "2026-03-01", Lines: []Line{line("x", "1002", "阳光小区", "-1", ""), line("x", "4301", "阳光小区", "", "-1")}}, Invalid, 1, "红字冲销"},
	}
	for _, tt := range tests {
		err := tt.v.Validate(false)
		if ErrorCode(err) != tt.wantCode {
			t.Errorf("%s: Validate() = %v, want code %q", tt.name, err, tt.wantCode)
			continue
		}
		if err == nil {
			continue
		}
		var e *Error
		if ok := asError(err, &e); ok && e.Line != tt.wantLine {
			t.Errorf("%s: line = %d, want %d", tt.name, e.Line, tt.wantLine)
		}
		if !strings.Contains(ErrorMessage(err), tt.wantText) {
			t.Errorf("%s: message %q lacks %q", tt.name, ErrorMessage(err), tt.wantText)
		}
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	if ok {
		*e = x
	}
	return ok
}

func TestVoucherLifecycle(t *testing.T) {
	tb := newTestBook(t)
	v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Attachments: 2, Lines: []Line{
		line("收到3月物业用房租金", "1002", "阳光小区", "3000.00", ""),
		line("", "4301", "阳光小区", "", "3000.00"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if v.No() != "记-0001" || v.Status != StatusDraft || v.Lines[1].Memo != "收到3月物业用房租金" {
		t.Fatalf("saved voucher = %s %s, memo2 %q", v.No(), v.Status, v.Lines[1].Memo)
	}
	if err := tb.accountant.PostVoucher(v.ID); ErrorCode(err) != Conflict {
		t.Errorf("posting a draft: %v, want Conflict", err)
	}
	if err := tb.accountant.ReviewVoucher(v.ID); ErrorCode(err) != Forbidden {
		t.Errorf("preparer reviewing own voucher: %v, want Forbidden", err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	v.Attachments = 3
	if _, err := tb.accountant.SaveVoucher(v); ErrorCode(err) != Conflict {
		t.Errorf("editing a reviewed voucher: %v, want Conflict", err)
	}
	if err := tb.accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.DeleteVoucher(v.ID); ErrorCode(err) != Conflict {
		t.Errorf("deleting a posted voucher: %v, want Conflict", err)
	}
	// The trigger holds even if Go is bypassed.
	if _, err := tb.DB().Exec(`UPDATE voucher_line SET debit_fen = 1 WHERE voucher_id = ?`, v.ID); err == nil {
		t.Error("SQL update of a posted voucher's line succeeded")
	}
	rv, err := tb.accountant.ReverseVoucher(v.ID, "2026-03-20")
	if err != nil {
		t.Fatal(err)
	}
	if rv.No() != "记-0002" || !rv.Lines[0].Debit.Equal(yuan("-3000")) || rv.ReversesID != v.ID {
		t.Errorf("reversal = %s %v reverses %d", rv.No(), rv.Lines[0].Debit, rv.ReversesID)
	}
	rv.Lines[0].Debit = yuan("-1")
	if _, err := tb.accountant.SaveVoucher(rv); err == nil {
		t.Error("a reversal draft was edited by hand")
	}
	if _, err := tb.accountant.ReverseVoucher(v.ID, "2026-03-21"); ErrorCode(err) != Conflict {
		t.Errorf("reversing twice: %v, want Conflict", err)
	}
}

func TestDeleteClosesNumberGap(t *testing.T) {
	tb := newTestBook(t)
	var ids []int64
	for i := 0; i < 3; i++ {
		v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10")}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	if err := tb.accountant.DeleteVoucher(ids[0]); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids[1:] {
		v, _ := tb.Voucher(id)
		if v.Number != i+1 {
			t.Errorf("after delete, voucher %d has number %d, want %d", id, v.Number, i+1)
		}
	}
	// A voucher moved to April leaves no gap in March and takes April's next number.
	v, _ := tb.Voucher(ids[1])
	v.Date = "2026-04-02"
	v, err := tb.accountant.SaveVoucher(v)
	if err != nil {
		t.Fatal(err)
	}
	if v.No() != "记-0001" || v.Period != 202604 {
		t.Errorf("moved voucher = %s in %s", v.No(), v.Period)
	}
	last, _ := tb.Voucher(ids[2])
	if last.Number != 1 {
		t.Errorf("March's remaining voucher has number %d, want 1", last.Number)
	}
}

func TestDeleteRefusedBeforePostedVoucher(t *testing.T) {
	tb := newTestBook(t)
	d, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10")}})
	if err != nil {
		t.Fatal(err)
	}
	tb.post("2026-03-06", line("b", "1001", "阳光小区", "10", ""), line("b", "4901", "阳光小区", "", "10"))
	if err := tb.accountant.DeleteVoucher(d.ID); ErrorCode(err) != Conflict {
		t.Errorf("delete before a posted voucher: %v, want Conflict", err)
	}
}

func TestSaveVoucherRefusesBadReferences(t *testing.T) {
	tb := newTestBook(t)
	tests := []struct {
		name  string
		lines []Line
		want  string
	}{
		{"unknown account", []Line{line("a", "9999", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}, "第 1 行：科目 9999 不存在"},
		{"unknown compound", []Line{line("a", "1001", "阳光小区", "1", ""), line("a", "4901", "幸福小区", "", "1")}, "第 2 行：小区“幸福小区”不存在"},
	}
	for _, tt := range tests {
		_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: tt.lines})
		if err == nil || !strings.Contains(ErrorMessage(err), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := tb.accountant.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("a", "1002", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}})
	if err == nil || !strings.Contains(ErrorMessage(err), "最末级") {
		t.Errorf("posting to a parent account: %v", err)
	}
}

func TestClosingRules(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-01-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	tb.post("2026-02-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if err := tb.accountant.ClosePeriod(202602); ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "2026年1月") {
		t.Errorf("closing February before January: %v", err)
	}
	if err := tb.accountant.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-01-20", Lines: []Line{line("a", "1001", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}})
	if ErrorCode(err) != PeriodClosed {
		t.Errorf("voucher in a closed month: %v, want PeriodClosed", err)
	}
	if _, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-02-20", Lines: []Line{line("a", "1001", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}}); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.ClosePeriod(202602); ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "没有记账") {
		t.Errorf("closing with a draft: %v", err)
	}
	if err := tb.accountant.ReopenPeriod(202601, ""); ErrorCode(err) != Invalid {
		t.Errorf("reopen without reason: %v", err)
	}
	if err := tb.accountant.ReopenPeriod(202601, "补录1月银行手续费"); err != nil {
		t.Fatal(err)
	}
	log, _ := tb.accountant.Log(LogFilter{Text: "补录1月银行手续费"})
	if len(log) != 1 || log[0].Action != "period.reopen" {
		t.Errorf("reopen reason not in the log: %+v", log)
	}
	snaps, _ := tb.Snapshots()
	if len(snaps) == 0 {
		t.Error("closing took no snapshot")
	}
}

func TestYearEndCarry(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2025-12-05", line("租金", "1002", "阳光小区", "500", ""), line("租金", "4301", "阳光小区", "", "500"))
	tb.post("2025-12-06", line("保洁", "5101", "阳光小区", "200", ""), line("保洁", "1002", "阳光小区", "", "200"))
	if err := tb.accountant.ClosePeriod(202512); ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "结转") {
		t.Fatalf("closing December without carry: %v", err)
	}
	v, err := tb.accountant.CarryYearEnd(2025)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != VoucherCarry || v.Date != "2025-12-31" || len(v.Lines) != 3 {
		t.Fatalf("carry voucher = %+v", v)
	}
	tb.cashier.ReviewVoucher(v.ID)
	if err := tb.accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.ClosePeriod(202512); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFindsHandEditedAmount(t *testing.T) {
	tb := newTestBook(t)
	v := tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if p, err := tb.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Fatalf("fresh book: %v %v", p, err)
	}
	path := tb.Path()
	tb.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER voucher_line_posted_no_update`, `UPDATE voucher_line SET debit_fen = 100000 WHERE voucher_id = 1 AND seq = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := Open(path, standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, err := b.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(p, "\n")
	for _, want := range []string{"借贷不平", "与记账时不一致", "余额表"} {
		if !strings.Contains(joined, want) {
			t.Errorf("verify after editing %s: %q lacks %q", v.No(), joined, want)
		}
	}
}

func TestLogChainDetectsEdit(t *testing.T) {
	tb := newTestBook(t)
	path := tb.Path()
	tb.Close()
	db, _ := sql.Open("sqlite", path)
	db.Exec(`DROP TRIGGER oplog_no_update`)
	if _, err := db.Exec(`UPDATE oplog SET after = '{"name":"改过"}' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, _ := Open(path, standIn)
	defer b.Close()
	p, _ := b.Verify(t.Context())
	if len(p) == 0 || !strings.Contains(strings.Join(p, ""), "操作日志第 2 条") {
		t.Errorf("verify after log edit = %v", p)
	}
}

func TestSecondWriterIsRefused(t *testing.T) {
	tb := newTestBook(t)
	if _, err := Open(tb.Path(), standIn); ErrorCode(err) != Locked {
		t.Fatalf("second Open = %v, want Locked", err)
	}
	tb.Close()
	b, err := Open(tb.Path(), standIn)
	if err != nil {
		t.Fatalf("Open after Close = %v", err)
	}
	b.Close()
}

func TestLoginAndRoles(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.Login("张会计", "wrong"); ErrorCode(err) != Unauthorized {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := tb.Login("nobody", "secret1"); ErrorCode(err) != Unauthorized {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := tb.accountant.AddUser("王审计", RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	aud, _ := tb.Login("王审计", "secret1")
	if _, err := aud.SaveVoucher(Voucher{Date: "2026-03-01", Lines: []Line{line("a", "1001", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}}); ErrorCode(err) != Forbidden {
		t.Errorf("auditor saving a voucher: %v", err)
	}
	if _, err := tb.accountant.AddUser("街道某", RoleStreet, "secret1"); ErrorCode(err) != Forbidden {
		t.Errorf("street user in a community book: %v", err)
	}
}

func TestRestoreRefusesOtherBook(t *testing.T) {
	tb := newTestBook(t)
	other := newTestBook(t)
	snap, err := other.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	path := tb.Path()
	tb.Close()
	if _, err := Restore(t.Context(), path, snap, standIn); ErrorCode(err) != Conflict {
		t.Errorf("restoring another book's backup: %v", err)
	}
}

func TestPostingRechecksAccountsAndCompounds(t *testing.T) {
	tb := newTestBook(t)
	v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("a", "1001", "和平小区", "10", ""), line("a", "4901", "和平小区", "", "10")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetAccountActive("4901", false); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(v.ID); err == nil || !strings.Contains(ErrorMessage(err), "已停用") {
		t.Errorf("posting onto an account disabled after saving: %v", err)
	}
	tb.accountant.SetAccountActive("4901", true)
	if err := tb.accountant.ArchiveCompound("和平小区", true); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(v.ID); err == nil || !strings.Contains(ErrorMessage(err), "归档") {
		t.Errorf("posting onto a compound archived after saving: %v", err)
	}
}

func TestWorkAfterCloseFailsWithoutPanic(t *testing.T) {
	tb := newTestBook(t)
	tb.Close()
	tb.Close() // twice is harmless
	// A preview still running when the user opened another book must get
	// an error, not crash the app.
	if _, err := tb.FundEntries(202603, 202603, 0); err == nil {
		t.Error("FundEntries on a closed book succeeded")
	}
	if _, err := tb.Vouchers(VoucherFilter{}); err == nil {
		t.Error("Vouchers on a closed book succeeded")
	}
}
