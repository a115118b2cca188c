package books

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// testBook is a community book in t.TempDir() with a 会计 "张会计", a 出纳
// "李出纳" and two compounds, 阳光小区 and 和平小区, every password "secret1".
type testBook struct {
	*Book
	t          *testing.T
	accountant *Session
	cashier    *Session
	clock      *time.Time
}

// incomeTables stands in for books/income's module in the core's own tests,
// which cannot import it (it imports books): the tables are claimed so the
// book opens, and no income check runs. Income's checks are tested in its
// package and in the external tests here (package books_test), which open
// books with the real module.
var incomeTables = Module{Name: "收入（核心测试不装入其规则）", Tables: []string{
	"room", "lease", "lease_rent", "lease_turnover", "lease_bill", "lease_receipt", "lease_credit",
	"income_category", "income_item", "deposit",
}}

func newTestBook(t *testing.T) *testBook {
	t.Helper()
	return newTestBookAt(t, time.Date(2027, 1, 15, 9, 0, 0, 0, time.Local))
}

// newTestBookAt is newTestBook with its clock starting at start: nothing in
// a book is dated after its today.
func newTestBookAt(t *testing.T, start time.Time) *testBook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.sunbooks")
	clock := new(time.Time)
	*clock = start
	tick := func() time.Time { *clock = clock.Add(time.Second); return *clock }
	b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1", Now: tick}, incomeTables)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	b.SetClock(tick)
	acc, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := acc.AddUser("李出纳", RoleCashier, "secret1"); err != nil {
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

// requireApproval takes the test exemption away from every account, so
// money leaves a compound only through an approved application.
func (tb *testBook) requireApproval() {
	tb.t.Helper()
	if _, err := tb.DB().Exec(`UPDATE account SET approval_exempt = 0`); err != nil {
		tb.t.Fatal(err)
	}
}

func yuan(s string) Money { return decimal.RequireFromString(s) }

// line is a shorthand for a voucher line: debit when d != "", else credit.
func line(memo, code, compound, d, c string) Line {
	l := Line{Memo: memo, AccountCode: code, CompoundName: compound, Debit: decimal.Zero, Credit: decimal.Zero}
	if d != "" {
		l.Debit = yuan(d)
	}
	if c != "" {
		l.Credit = yuan(c)
	}
	return l
}

// post saves, reviews and posts a voucher and returns it.
func (tb *testBook) post(date string, lines ...Line) Voucher {
	tb.t.Helper()
	v, err := tb.accountant.SaveVoucher(Voucher{Date: date, Lines: lines})
	if err != nil {
		tb.t.Fatalf("SaveVoucher: %v", err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		tb.t.Fatalf("ReviewVoucher: %v", err)
	}
	if err := tb.accountant.PostVoucher(v.ID); err != nil {
		tb.t.Fatalf("PostVoucher: %v", err)
	}
	v, _ = tb.Voucher(v.ID)
	return v
}

// advanceTo moves the book's clock on to date (YYYY-MM-DD), 09:00, when that
// is later than it: work dated then may now be done.
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
