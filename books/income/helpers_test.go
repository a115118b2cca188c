package income

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// testBook is a community book in t.TempDir(), opened with income's module,
// with a 会计 "张会计", a 出纳 "李出纳" and two compounds, 阳光小区 and 和平小区,
// every password "secret1". Its clock starts at 2027-01-15 09:00 and moves a
// second a call. (books/bookstest makes the same book for the packages
// outside income; it imports income, so income's own tests cannot use it.)
type testBook struct {
	*books.Book
	t          *testing.T
	accountant *books.Session
	cashier    *books.Session
	clock      *time.Time
}

func newTestBook(t *testing.T) *testBook {
	t.Helper()
	return newTestBookAt(t, time.Date(2027, 1, 15, 9, 0, 0, 0, time.Local))
}

// newTestBookAt is newTestBook with its clock starting at start.
func newTestBookAt(t *testing.T, start time.Time) *testBook {
	t.Helper()
	return newTestBookWith(t, start, Module())
}

// withSpending is income's module given and spending's, as the product
// opens books (books/standard, which income's tests cannot import).
func withSpending(income books.Module) []books.Module {
	return []books.Module{income, spending.Module()}
}

// newTestBookWith opens the book with mod as income's module (the rules
// tests leave a check out) and spending's.
func newTestBookWith(t *testing.T, start time.Time, mod books.Module) *testBook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.sunbooks")
	clock := new(time.Time)
	*clock = start
	tick := func() time.Time { *clock = clock.Add(time.Second); return *clock }
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1", Now: tick}, withSpending(mod)...)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	b.SetClock(tick)
	acc, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := acc.AddUser("李出纳", books.RoleCashier, "secret1"); err != nil {
		t.Fatalf("AddUser: %v", err)
	}
	cash, err := b.Login("李出纳", "secret1")
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatalf("AddCompound: %v", err)
		}
	}
	// Income's tests are not about approvals: let hand-made vouchers pay
	// expenses.
	for _, code := range []string{"5101", "5201", "5301", "5401"} {
		if err := acc.SetApprovalExempt(code, true, "测试：本测试不涉及支出审批"); err != nil {
			t.Fatalf("SetApprovalExempt: %v", err)
		}
	}
	return &testBook{Book: b, t: t, accountant: acc, cashier: cash, clock: clock}
}

func yuan(s string) books.Money { return decimal.RequireFromString(s) }

// line is a shorthand for a voucher line: debit when d != "", else credit.
func line(memo, code, compound, d, c string) books.Line {
	l := books.Line{Memo: memo, AccountCode: code, CompoundName: compound, Debit: decimal.Zero, Credit: decimal.Zero}
	if d != "" {
		l.Debit = yuan(d)
	}
	if c != "" {
		l.Credit = yuan(c)
	}
	return l
}

// post saves, reviews and posts a voucher and returns it.
func (tb *testBook) post(date string, lines ...books.Line) books.Voucher {
	tb.t.Helper()
	v, err := tb.accountant.SaveVoucher(books.Voucher{Date: date, Lines: lines})
	if err != nil {
		tb.t.Fatalf("SaveVoucher: %v", err)
	}
	tb.postID(v.ID)
	v, _ = tb.Voucher(v.ID)
	return v
}
