package books

import (
	"strings"
	"testing"
)

// The roads below zero seen in ordinary work, each closed at posting: the
// money account a voucher takes money out of never holds less than nothing
// for the compound, on the voucher's date or any day after. The roads
// through deposits are in books/income's TestDepositsTakeNoAccountBelowZero.
func TestNoMoneyAccountGoesBelowZero(t *testing.T) {
	tests := []struct {
		name string
		// run does the ordinary work and returns the voucher whose posting
		// must be refused.
		run func(t *testing.T, tb *testBook) int64
		day string // the day the refusal names
	}{
		{"a payment back-dated before the receipts", func(t *testing.T, tb *testBook) int64 {
			tb.post("2026-03-20", line("收停车费", "1002", "阳光小区", "1000", ""), line("", "4301", "阳光小区", "", "1000"))
			v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-02", Lines: []Line{line("保洁", "5101", "阳光小区", "300", ""), line("", "1002", "阳光小区", "", "300")}})
			if err != nil {
				t.Fatal(err)
			}
			return v.ID
		}, "2026-03-02"},
		{"cash drawn beyond what the till holds", func(t *testing.T, tb *testBook) int64 {
			tb.post("2026-03-01", line("收停车费", "1002", "阳光小区", "1000", ""), line("", "4301", "阳光小区", "", "1000"))
			tb.post("2026-03-02", line("提现", "1001", "阳光小区", "100", ""), line("", "1002", "阳光小区", "", "100"))
			v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-03", Lines: []Line{line("慰问", "5101", "阳光小区", "100.01", ""), line("", "1001", "阳光小区", "", "100.01")}})
			if err != nil {
				t.Fatal(err)
			}
			return v.ID
		}, "2026-03-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBook(t)
			id := tt.run(t, tb)
			v, _ := tb.Voucher(id)
			if v.Status == StatusDraft {
				if err := tb.cashier.ReviewVoucher(id); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := tb.TrialBalance(202601, 202612, 0)
			err := tb.accountant.PostVoucher(id)
			if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tt.day) || !strings.Contains(ErrorMessage(err), "不能小于零") {
				t.Fatalf("PostVoucher = %v, want refused naming %s", err, tt.day)
			}
			after, _ := tb.TrialBalance(202601, 202612, 0)
			if !after.Total.ClosingDebit.Equal(before.Total.ClosingDebit) {
				t.Errorf("a refused posting changed the balances")
			}
			if got, _ := tb.Voucher(id); got.Status == StatusPosted {
				t.Errorf("posted anyway")
			}
		})
	}
}
