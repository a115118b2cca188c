package spending

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/income"
)

// testBook is a community book in t.TempDir(), opened with income's and
// spending's modules,
// with a 会计 "张会计", a 出纳 "李出纳" and two compounds, 阳光小区 and 和平小区,
// every password "secret1". Its clock starts at 2027-01-15 09:00 and moves a
// second a call. (books/bookstest makes the same book for the packages
// outside spending; it imports spending, so spending's own tests cannot use
// it.)
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

// withIncome is income's module and the spending module given, as the
// product opens books (books/standard, which spending's tests cannot
// import).
func withIncome(spending books.Module) []books.Module {
	return []books.Module{income.Module(), spending}
}

// newTestBookWith opens the book with income's module and mod as spending's
// (the rules tests leave a check out).
func newTestBookWith(t *testing.T, start time.Time, mod books.Module) *testBook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.sunbooks")
	clock := new(time.Time)
	*clock = start
	tick := func() time.Time { *clock = clock.Add(time.Second); return *clock }
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1", Now: tick}, withIncome(mod)...)
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
	// Most tests are about books, not approvals: let hand-made vouchers pay
	// expenses. Tests of the approval rule call requireApproval.
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

// requireApproval takes the test exemption away from every account, so
// money leaves a compound only through an approved application.
func (tb *testBook) requireApproval() {
	tb.t.Helper()
	exempt, err := tb.ApprovalExempt()
	if err != nil {
		tb.t.Fatal(err)
	}
	for _, a := range exempt {
		if err := tb.accountant.SetApprovalExempt(a.Code, false, "测试中一律走审批"); err != nil {
			tb.t.Fatal(err)
		}
	}
}

// postID has 李出纳 review a draft and 张会计 post it.
func (tb *testBook) postID(id int64) {
	tb.t.Helper()
	if err := tb.cashier.ReviewVoucher(id); err != nil {
		tb.t.Fatalf("review: %v", err)
	}
	if err := tb.accountant.PostVoucher(id); err != nil {
		tb.t.Fatalf("post: %v", err)
	}
}

// writeImport writes a voucher file to import.
func writeImport(t *testing.T, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// advanceTo moves the book's clock on to date (YYYY-MM-DD), 09:00, when that
// is later than it.
func (tb *testBook) advanceTo(date string) {
	tb.t.Helper()
	d, err := time.ParseInLocation("2006-01-02", date, time.Local)
	if err != nil {
		tb.t.Fatal(err)
	}
	if d = d.Add(9 * time.Hour); d.After(*tb.clock) {
		*tb.clock = d
	}
}
