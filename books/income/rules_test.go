package income

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"sunbooks/books/moduletest"

	"sunbooks/books"
	"sunbooks/books/spending"
)

var ruleScenarios = []moduletest.Scenario{
	{Check: "post income.release-on-reversal", Run: billAgainAfterReversal},
	{Check: "post lease.credit-on-reversal", Run: reverseCreditedBillFirst},
	{Check: "delete lease.keep-credited-bill", Run: deleteCreditedBill},
	{Check: "verify income.records-match-vouchers", Run: moduletest.VerifyFinds("租金应收", editBill)},
	{Check: "verify lease.credits-match-vouchers", Run: moduletest.VerifyFinds("终止租约冲减", editCredit)},
}

// TestEveryIncomeCheckIsNeeded runs each check's scenario with income's
// module (it must pass) and with that one check left out (it must fail). A
// check dropped from Module, or added there without a scenario, fails it.
func TestEveryIncomeCheckIsNeeded(t *testing.T) {
	moduletest.EveryCheckIsNeeded(t, Module(), ruleScenarios)
}

// TestIncomeChecksRunInTheirListedOrder pins the order.
func TestIncomeChecksRunInTheirListedOrder(t *testing.T) {
	want := []string{
		"post income.release-on-reversal", "post lease.credit-on-reversal",
		"delete lease.keep-credited-bill",
		"verify income.records-match-vouchers", "verify lease.credits-match-vouchers",
	}
	if got := moduletest.Names(Module()); !slices.Equal(got, want) {
		t.Errorf("Module() runs %q, want %q", got, want)
	}
}

// A book holding income's tables is not opened for writing, nor verified,
// by a program that did not load income's checks: it could post a reversal
// that leaves its bill counting, or pass a hand-edited bill as sound.
func TestBookWithoutIncomeChecksIsRefused(t *testing.T) {
	tb, l := leaseBook(t)
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); err != nil {
		t.Fatal(err)
	}
	path := tb.Path()
	tb.Close()
	if b, err := books.Open(path, spending.Module()); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "lease_bill") {
		if b != nil {
			b.Close()
		}
		t.Fatalf("opening for writing without income's checks: %v, want refused naming its tables", err)
	}
	ro, err := books.OpenReadOnly(path, spending.Module())
	if err != nil {
		t.Fatalf("reading without income's checks: %v", err)
	}
	if _, err := ro.Verify(t.Context()); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "lease_bill") {
		t.Errorf("verifying without income's checks: %v, want refused", err)
	}
	ro.Close()
	b, err := books.Open(path, withSpending(Module())...)
	if err != nil {
		t.Fatalf("opening with income's checks: %v", err)
	}
	defer b.Close()
	if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify with income's checks: %q %v", problems, err)
	}
}

func billAgainAfterReversal(t *testing.T, mod books.Module) error {
	tb, l := leaseBookWith(t, mod)
	b, err := BillRent(tb.accountant, l.Number, 202601, "")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(b.VoucherID)
	rv, err := tb.accountant.ReverseVoucher(b.VoucherID, "2026-01-20")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(rv.ID)
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); err != nil {
		return fmt.Errorf("billing January again after its bill was reversed: %v", err)
	}
	return nil
}

func reverseCreditedBillFirst(t *testing.T, mod books.Module) error {
	tb, l := leaseBookWith(t, mod)
	b, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(b.VoucherID)
	term, err := TerminateLease(tb.accountant, l.Number, "2026-03-10", "提前解约")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(term.VoucherID)
	rb, err := tb.accountant.ReverseVoucher(b.VoucherID, "2026-03-20")
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(rb.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(rb.ID); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "请先冲销那张冲减凭证") {
		return fmt.Errorf("reversing a credited bill before its credit: PostVoucher = %v, want Conflict", err)
	}
	return nil
}

func deleteCreditedBill(t *testing.T, mod books.Module) error {
	tb, l := leaseBookWith(t, mod)
	b, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(b.VoucherID); err != nil {
		t.Fatal(err)
	}
	if _, err := TerminateLease(tb.accountant, l.Number, "2026-03-10", "提前解约"); err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.UnreviewVoucher(b.VoucherID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.DeleteVoucher(b.VoucherID); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "请先删除那张冲减凭证") {
		return fmt.Errorf("deleting a bill a credit counts against: DeleteVoucher = %v, want Conflict", err)
	}
	return nil
}

func editBill(t *testing.T, mod books.Module) *books.Book {
	tb, l := leaseBookWith(t, mod)
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); err != nil {
		t.Fatal(err)
	}
	return moduletest.HandEdit(t, tb.Book, withSpending(mod), `UPDATE lease_bill SET amount_fen = 100`)
}

func editCredit(t *testing.T, mod books.Module) *books.Book {
	tb, l := leaseBookWith(t, mod)
	b, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(b.VoucherID)
	if _, err := TerminateLease(tb.accountant, l.Number, "2026-03-10", "提前解约"); err != nil {
		t.Fatal(err)
	}
	return moduletest.HandEdit(t, tb.Book, withSpending(mod), `UPDATE lease_credit SET amount_fen = amount_fen - 1`)
}
