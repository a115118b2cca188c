package books

import (
	"strings"
	"testing"
)

// closeThrough posts one voucher in p and closes every month from p to last.
func closeThrough(t *testing.T, tb *testBook, first, last Period) {
	t.Helper()
	tb.post(first.First(), line("收到物业费", "1002", "阳光小区", "100.00", ""), line("", "4301", "阳光小区", "", "100.00"))
	for p := first; p <= last; p = p.Next() {
		if err := tb.accountant.ClosePeriod(p); err != nil {
			t.Fatalf("ClosePeriod(%s): %v", p, err)
		}
	}
}

func TestMonthBeforeClosedMonthAcceptsNothing(t *testing.T) {
	tb := newTestBook(t)
	closeThrough(t, tb, 202601, 202602)
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2025-12-20", Lines: []Line{
		line("补记上年物业费", "1002", "阳光小区", "50.00", ""), line("", "4301", "阳光小区", "", "50.00")}})
	if ErrorCode(err) != PeriodClosed {
		t.Fatalf("voucher dated before the first closed month: %v, want PeriodClosed", err)
	}
	if !strings.Contains(ErrorMessage(err), "2025年12月") {
		t.Errorf("message %q does not name the month", ErrorMessage(err))
	}
	if _, err := tb.accountant.AddIncome(IncomeEntry{Date: "2025-12-20", CompoundName: "阳光小区", Category: "社区团购", Amount: yuan("10")}); ErrorCode(err) != PeriodClosed {
		t.Errorf("income dated before the first closed month: %v, want PeriodClosed", err)
	}
	p := writeImport(t, "old.csv", ImportHeader, "2025-12-05,V1,1002,银行存款,阳光小区,10.00,,旧账", "2025-12-05,V1,4301,提供服务收入,阳光小区,,10.00,旧账")
	if _, err := tb.accountant.ImportFile(p, ImportOptions{Post: true}); err == nil || !strings.Contains(ErrorMessage(err), "早于已结账") {
		t.Errorf("import into a month before the first closed month: %v, want a closed-month refusal", err)
	}
	// After reopening everything the month is open again.
	for _, p := range []Period{202602, 202601} {
		if err := tb.accountant.ReopenPeriod(p, "补记上年凭证"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tb.accountant.SaveVoucher(Voucher{Date: "2025-12-20", Lines: []Line{
		line("补记上年物业费", "1002", "阳光小区", "50.00", ""), line("", "4301", "阳光小区", "", "50.00")}}); err != nil {
		t.Errorf("voucher in an open month after reopening: %v", err)
	}
}
