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

// standIn stands in for books/income's and books/spending's modules in the
// core's own tests, which cannot import them (they import books): their
// tables are claimed so the book opens, and none of their checks runs. Their
// checks are tested in their packages and in the external tests here
// (package books_test), which open books as the product does.
var standIn = Module{Name: "收入与支出（核心测试不装入其规则）", Tables: []string{
	"room", "lease", "lease_rent", "lease_turnover", "lease_bill", "lease_receipt", "lease_credit",
	"income_category", "income_item", "deposit", "settlement_source", "settlement_file", "settlement_order",
	"level_policy", "procedure_version", "procedure_step", "application", "application_event",
	"deliberation", "attachment", "decision", "payment", "street_request",
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
	b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1", Now: tick}, standIn)
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
	// expenses (the approval rule is books/spending's to test).
	for _, code := range []string{"5101", "5201", "5301", "5401"} {
		if err := acc.SetApprovalExempt(code, true, "测试：本测试不涉及支出审批"); err != nil {
			t.Fatalf("SetApprovalExempt: %v", err)
		}
	}
	return &testBook{Book: b, t: t, accountant: acc, cashier: cash, clock: clock}
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
