package books

import (
	"strings"
	"testing"
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
			_, err := tb.accountant.ImportFile(t.Context(), f, ImportOptions{})
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
