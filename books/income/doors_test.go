package income

import (
	"strings"
	"testing"

	"sunbooks/books/moduletest"

	"sunbooks/books"
)

// The core's rules at income's doors: tests the core ran on income's
// records before income stood beside it, each kept here with its
// assertions (books/audit_test.go, dates_test.go, foureyes_test.go,
// moneycheck_test.go name them).

// A month before the first closed month accepts no income either.
func TestIncomeBeforeClosedMonthIsRefused(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-01-01", line("收到物业费", "1002", "阳光小区", "100.00", ""), line("", "4301", "阳光小区", "", "100.00"))
	for _, p := range []books.Period{202601, 202602} {
		if err := tb.accountant.ClosePeriod(p); err != nil {
			t.Fatalf("ClosePeriod(%s): %v", p, err)
		}
	}
	if _, err := AddIncome(tb.accountant, IncomeEntry{Date: "2025-12-20", CompoundName: "阳光小区", Category: "团购佣金", Amount: yuan("10")}); books.ErrorCode(err) != books.PeriodClosed {
		t.Errorf("income dated before the first closed month: %v, want PeriodClosed", err)
	}
}

func TestDepositRefusalsNameWhatAndWhere(t *testing.T) {
	tb := newTestBook(t)
	_, _, err3 := MakeDeposits(tb.accountant, Quarter{Year: 2026, Q: 5}, "", "")
	_, err4 := PlanDepositsKeeping(tb.Book, Quarter{Year: 2026, Q: 1}, yuan("-5"))
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"deposit of quarter 5", err3, "第 5 季度"},
		{"negative reserve", err4, "-5"},
	} {
		if books.ErrorCode(tt.err) != books.Invalid || !strings.Contains(books.ErrorMessage(tt.err), tt.want) {
			t.Errorf("%s: %v, want Invalid naming %q", tt.name, tt.err, tt.want)
		}
	}
}

// Nothing of income is dated after today, and a quarter's deposit is made
// on or after the quarter's last day. The test book's today is 2027-01-15.
func TestIncomeDatesAreReal(t *testing.T) {
	const tomorrow = "2027-01-16"
	q4, _ := ParseQuarter("2026Q4")
	q1, _ := ParseQuarter("2027Q1")
	tests := []struct {
		name string
		do   func(t *testing.T, tb *testBook) error
		says string
	}{
		{"income dated tomorrow", func(t *testing.T, tb *testBook) error {
			_, err := AddIncome(tb.cashier, IncomeEntry{Date: tomorrow, CompoundName: "阳光小区", Category: "团购佣金", Amount: yuan("10")})
			return err
		}, tomorrow},
		{"a rent receipt dated tomorrow", func(t *testing.T, tb *testBook) error {
			tb2, l := leaseBook(t)
			b, err := BillRent(tb2.accountant, l.Number, 202601, "")
			if err != nil {
				t.Fatal(err)
			}
			tb2.postID(b.VoucherID)
			_, err = ReceiveRent(tb2.cashier, l.Number, tomorrow, yuan("100"), "1002")
			return err
		}, tomorrow},
		{"a deposit dated before the quarter's last day", func(t *testing.T, tb *testBook) error {
			tb.post("2026-11-05", line("收费", "1002", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			_, _, err := MakeDeposits(tb.accountant, q4, "2026-12-30", "")
			return err
		}, "季度末"},
		{"a deposit for a quarter not yet over", func(t *testing.T, tb *testBook) error {
			tb.post("2027-01-05", line("收费", "1002", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			_, _, err := MakeDeposits(tb.accountant, q1, "", "")
			return err
		}, "2027-03-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBook(t)
			err := tt.do(t, tb)
			if books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), tt.says) {
				t.Fatalf("got %v, want Invalid saying %q", err, tt.says)
			}
		})
	}
	// What the rules allow: the last quarter deposits.
	tb := newTestBook(t)
	tb.post("2026-11-05", line("收费", "1002", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	if _, _, err := MakeDeposits(tb.accountant, q4, "", ""); err != nil {
		t.Errorf("the deposit of the quarter just ended: %v", err)
	}
}

// Rent bills and receipts are drafts someone other than their preparer must
// review before they are posted; a reviewer forged by hand does not count.
func TestIncomeVouchersWaitForASecondPerson(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) (*testBook, int64)
	}{
		{"rent bill", func(t *testing.T) (*testBook, int64) {
			tb, l := leaseBook(t)
			b, err := BillRent(tb.accountant, l.Number, 202603, "")
			if err != nil {
				t.Fatal(err)
			}
			return tb, b.VoucherID
		}},
		{"rent receipt", func(t *testing.T) (*testBook, int64) {
			tb, l := leaseBook(t)
			b, err := BillRent(tb.accountant, l.Number, 202603, "")
			if err != nil {
				t.Fatal(err)
			}
			tb.postID(b.VoucherID)
			r, err := ReceiveRent(tb.cashier, l.Number, "2026-03-10", yuan("3000"), "1002")
			if err != nil {
				t.Fatal(err)
			}
			return tb, r.VoucherID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, id := tt.make(t)
			moduletest.NeedsASecondPerson(t, tb.Book, id, tb.accountant, tb.accountant, tb.cashier)
		})
	}
}

// A deposit takes no compound's money account below zero, neither when the
// income it swept is reversed nor when it is posted after later payments.
func TestDepositsTakeNoAccountBelowZero(t *testing.T) {
	q, _ := ParseQuarter("2026Q1")
	tests := []struct {
		name string
		run  func(t *testing.T, tb *testBook) int64
		day  string
	}{
		{"reversing an income the deposit already swept", func(t *testing.T, tb *testBook) int64 {
			income := tb.post("2026-01-10", line("收停车费", "1002", "阳光小区", "1000", ""), line("", "4301", "阳光小区", "", "1000"))
			deps, _, err := MakeDeposits(tb.accountant, q, "", "阳光小区")
			if err != nil || len(deps) != 1 {
				t.Fatalf("deposit: %+v %v", deps, err)
			}
			tb.postID(deps[0].VoucherID)
			r, err := tb.accountant.ReverseVoucher(income.ID, "2026-04-02")
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}, "2026-04-02"},
		{"a deposit drafted at quarter end, posted after later payments", func(t *testing.T, tb *testBook) int64 {
			tb.post("2026-01-10", line("收停车费", "1002", "阳光小区", "1000", ""), line("", "4301", "阳光小区", "", "1000"))
			deps, _, err := MakeDeposits(tb.accountant, q, "", "阳光小区")
			if err != nil || len(deps) != 1 {
				t.Fatalf("deposit: %+v %v", deps, err)
			}
			tb.post("2026-04-05", line("保洁", "5101", "阳光小区", "600", ""), line("", "1002", "阳光小区", "", "600"))
			return deps[0].VoucherID
		}, "2026-04-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBook(t)
			id := tt.run(t, tb)
			v, _ := tb.Voucher(id)
			if v.Status == books.StatusDraft {
				if err := tb.cashier.ReviewVoucher(id); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := tb.TrialBalance(202601, 202612, 0)
			err := tb.accountant.PostVoucher(id)
			if books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), tt.day) || !strings.Contains(books.ErrorMessage(err), "不能小于零") {
				t.Fatalf("PostVoucher = %v, want refused naming %s", err, tt.day)
			}
			after, _ := tb.TrialBalance(202601, 202612, 0)
			if !after.Total.ClosingDebit.Equal(before.Total.ClosingDebit) {
				t.Errorf("a refused posting changed the balances")
			}
			if got, _ := tb.Voucher(id); got.Status == books.StatusPosted {
				t.Errorf("posted anyway")
			}
		})
	}
}
