package books

import (
	"strings"
	"testing"
	"time"
)

// Dates are real: nothing is dated after today, a month is closed after its
// last day, and paper work keeps its own date, never after today nor before
// the application. The test book's today is 2027-01-15. Income's dates
// (receipts, deposits on or after the quarter's last day) are tested in
// books/income's TestIncomeDatesAreReal.
func TestDatesAreReal(t *testing.T) {
	const tomorrow = "2027-01-16"
	tests := []struct {
		name string
		do   func(t *testing.T, tb *testBook) error
		says string
	}{
		{"a voucher dated tomorrow", func(t *testing.T, tb *testBook) error {
			_, err := tb.accountant.SaveVoucher(Voucher{Date: tomorrow, Lines: []Line{line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
			return err
		}, tomorrow},
		{"a draft moved to tomorrow", func(t *testing.T, tb *testBook) error {
			v, err := tb.accountant.SaveVoucher(Voucher{Date: "2027-01-15", Lines: []Line{line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
			if err != nil {
				t.Fatal(err)
			}
			v.Date = tomorrow
			_, err = tb.accountant.SaveVoucher(v)
			return err
		}, tomorrow},
		{"a draft dated tomorrow by hand is not posted", func(t *testing.T, tb *testBook) error {
			v, err := tb.accountant.SaveVoucher(Voucher{Date: "2027-01-15", Lines: []Line{line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
			if err != nil {
				t.Fatal(err)
			}
			if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := tb.DB().Exec(`UPDATE voucher SET date = ? WHERE id = ?`, tomorrow, v.ID); err != nil {
				t.Fatal(err)
			}
			return tb.accountant.PostVoucher(v.ID)
		}, tomorrow},
		{"a reversal dated tomorrow", func(t *testing.T, tb *testBook) error {
			v := tb.post("2027-01-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			_, err := tb.accountant.ReverseVoucher(v.ID, tomorrow)
			return err
		}, tomorrow},
		{"the year-end carry before the year ends", func(t *testing.T, tb *testBook) error {
			tb.post("2027-01-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			_, err := tb.accountant.CarryYearEnd(2027)
			return err
		}, "2027-12-31"},
		{"closing the current month", func(t *testing.T, tb *testBook) error {
			return tb.accountant.ClosePeriod(202701)
		}, "还没有结束"},
		{"an import line dated tomorrow", func(t *testing.T, tb *testBook) error {
			f := writeImport(t, "v.csv", ImportHeader,
				tomorrow+",V1,1001,现金,阳光小区,10.00,,收费",
				tomorrow+",V1,4901,其他收入,阳光小区,,10.00,收费")
			_, err := tb.accountant.ImportFile(f, ImportOptions{})
			return err
		}, tomorrow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBook(t)
			err := tt.do(t, tb)
			if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tt.says) {
				t.Fatalf("got %v, want Invalid saying %q", err, tt.says)
			}
		})
	}
}

// Paper work keeps the date it happened on: never after today, never before
// the application existed.
func TestPaperWorkKeepsItsOwnDate(t *testing.T) {
	w := newSpendingWorld(t) // today is 2026-03-10
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	if _, err := w.party.Deliberate(a.No, DeliberationInput{Step: "两委联席会议决定", Date: "2026-02-27", Form: "现场会议", Expected: 9, Present: 7, For: 6}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "申请日期") {
		t.Errorf("a deliberation before the application: %v", err)
	}
	if _, err := w.committee.Apply(ApplyInput{Compound: "阳光小区", Title: "x", Category: "公共服务", Amount: yuan("100"), Payee: "甲", Date: "2026-03-11"}); ErrorCode(err) != Invalid {
		t.Errorf("an application dated tomorrow: %v", err)
	}
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := w.party.Review(a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	scan := AttachmentInput{Name: "审批单.pdf", Data: pdf}
	for _, tt := range []struct{ date, says string }{{"2026-03-11", "今天"}, {"2026-02-28", "申请日期"}} {
		if _, err := w.accountant.RecordPaperDecision(a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕1号", Approver: "孙主任", Date: tt.date, Scan: scan}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tt.says) {
			t.Errorf("a paper approval dated %s: %v, want Invalid saying %q", tt.date, err, tt.says)
		}
	}
	// Entered today, dated the day the street signed: both are kept.
	got, err := w.accountant.RecordPaperDecision(a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕1号", Approver: "孙主任", Date: "2026-03-06", Scan: scan})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := w.accountant.Log(LogFilter{Text: got.No})
	found := false
	for _, e := range entries {
		if strings.Contains(e.After, "城街审〔2026〕1号") {
			found = true
			if !strings.Contains(e.After, "2026-03-06") || !strings.HasPrefix(e.At, time.Date(2026, 3, 10, 0, 0, 0, 0, time.Local).Format("2006-01-02")) {
				t.Errorf("log entry %+v: want the paper's date inside and today's time as the entry's", e)
			}
		}
	}
	if !found {
		t.Errorf("no log entry of the paper approval among %d", len(entries))
	}
}
