package income

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// without returns the module with the check named left out, as a build or a
// refactor that forgot it would.
func without(m books.Module, name string) books.Module {
	out := books.Module{Name: m.Name, Tables: m.Tables}
	for _, x := range m.Post {
		if x.Name != name {
			out.Post = append(out.Post, x)
		}
	}
	for _, x := range m.Delete {
		if x.Name != name {
			out.Delete = append(out.Delete, x)
		}
	}
	for _, x := range m.Verify {
		if x.Name != name {
			out.Verify = append(out.Verify, x)
		}
	}
	return out
}

func names(m books.Module) []string {
	var out []string
	for _, x := range m.Post {
		out = append(out, "post "+x.Name)
	}
	for _, x := range m.Delete {
		out = append(out, "delete "+x.Name)
	}
	for _, x := range m.Verify {
		out = append(out, "verify "+x.Name)
	}
	return out
}

// ruleScenario opens a book with mod as income's module and does what a
// check is there for; it returns nil when the check did its work and an
// error saying what happened instead. Each check acts only at its own door
// (posting a reversal, deleting a draft, verifying), which the scenario
// reaches after its setup, so a book opened without the check from the start
// is the book that forgot it.
type ruleScenario func(t *testing.T, mod books.Module) error

var ruleScenarios = []struct {
	rule     string
	scenario ruleScenario
}{
	{"post income.release-on-reversal", billAgainAfterReversal},
	{"post lease.credit-on-reversal", reverseCreditedBillFirst},
	{"delete lease.keep-credited-bill", deleteCreditedBill},
	{"verify income.records-match-vouchers", verifyFinds("租金应收", editBill)},
	{"verify lease.credits-match-vouchers", verifyFinds("终止租约冲减", editCredit)},
}

// TestEveryIncomeCheckIsNeeded runs each check's scenario with income's
// module (it must pass) and with that one check left out (it must fail). A
// check dropped from Module, or added there without a scenario, fails it.
func TestEveryIncomeCheckIsNeeded(t *testing.T) {
	var listed []string
	for _, s := range ruleScenarios {
		listed = append(listed, s.rule)
	}
	got := names(Module())
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(listed))) {
		t.Fatalf("income's checks are %q;\nthe scenarios name %q", got, listed)
	}
	for _, s := range ruleScenarios {
		name := s.rule[strings.Index(s.rule, " ")+1:]
		t.Run(s.rule, func(t *testing.T) {
			if err := s.scenario(t, Module()); err != nil {
				t.Fatalf("with every check: %v", err)
			}
			if err := s.scenario(t, without(Module(), name)); err == nil {
				t.Fatalf("without %s the scenario still passes: the check is not needed or the scenario does not test it", name)
			}
		})
	}
}

// TestIncomeChecksRunInTheirListedOrder pins the order.
func TestIncomeChecksRunInTheirListedOrder(t *testing.T) {
	want := []string{
		"post income.release-on-reversal", "post lease.credit-on-reversal",
		"delete lease.keep-credited-bill",
		"verify income.records-match-vouchers", "verify lease.credits-match-vouchers",
	}
	if got := names(Module()); !slices.Equal(got, want) {
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

func verifyFinds(want string, edit func(t *testing.T, mod books.Module) *books.Book) ruleScenario {
	return func(t *testing.T, mod books.Module) error {
		b := edit(t, mod)
		problems, err := b.Verify(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(problems, "\n"); !strings.Contains(got, want) {
			return fmt.Errorf("Verify = %q, want a problem naming %q", got, want)
		}
		return nil
	}
}

// handEdit closes the book, runs stmts on its file behind the app's back,
// and opens it again with mod.
func handEdit(t *testing.T, tb *testBook, mod books.Module, stmts ...string) *books.Book {
	t.Helper()
	path := tb.Path()
	tb.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	b, err := books.Open(path, withSpending(mod)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
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
	return handEdit(t, tb, mod, `UPDATE lease_bill SET amount_fen = 100`)
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
	return handEdit(t, tb, mod, `UPDATE lease_credit SET amount_fen = amount_fen - 1`)
}
