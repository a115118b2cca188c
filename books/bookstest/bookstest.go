// Package bookstest makes real books in a test's temporary folder for the tests of the packages built on books.
package bookstest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// Modules are what every test book opens with: the subdomains' checks, as
// the app and the CLI open books.
func Modules() []books.Module { return standard.Modules() }

// Password is every test user's password.
const Password = "secret1"

// Book is a community book in t.TempDir(): 城关街道 阳光社区 with a 会计
// 张会计, a 出纳 李出纳 and two compounds, 阳光小区 and 和平小区. Its clock
// starts at 2026-03-10 09:00 and moves a second a call. The expense accounts
// 5101, 5201, 5301 and 5401 are exempt from approval, so hand-made vouchers
// may pay expenses; tests of the approval rule use Spending.
type Book struct {
	*books.Book
	T          testing.TB
	Accountant *books.Session
	Cashier    *books.Session
	clock      *time.Time
}

// New makes the community book; it is closed when the test ends.
func New(t testing.TB) *Book {
	t.Helper()
	return NewAt(t, time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local))
}

// NewAt is New with the book's clock starting at start.
func NewAt(t testing.TB, start time.Time) *Book {
	t.Helper()
	return newCommunity(t, start, "阳光社区", "371329001")
}

// NewCommunity is New for another community of 城关街道: its name and code.
func NewCommunity(t testing.TB, community, code string) *Book {
	t.Helper()
	return newCommunity(t, time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local), community, code)
}

func newCommunity(t testing.TB, start time.Time, community, code string) *Book {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.sunbooks")
	clock := new(time.Time)
	*clock = start
	tick := func() time.Time { *clock = clock.Add(time.Second); return *clock }
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: community, Code: code, UserName: "张会计", Password: Password, Now: tick}, Modules()...)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	b.SetClock(tick)
	acc, err := b.Login("张会计", Password)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := acc.AddUser("李出纳", books.RoleCashier, Password); err != nil {
		t.Fatalf("AddUser: %v", err)
	}
	cash, err := b.Login("李出纳", Password)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatalf("AddCompound: %v", err)
		}
	}
	for _, code := range []string{"5101", "5201", "5301", "5401"} {
		if err := acc.SetApprovalExempt(code, true, "测试：本测试不涉及支出审批"); err != nil {
			t.Fatalf("SetApprovalExempt: %v", err)
		}
	}
	return &Book{Book: b, T: t, Accountant: acc, Cashier: cash, clock: clock}
}

// AdvanceTo moves the book's clock on to date (YYYY-MM-DD), 09:00, when that
// is later than it: nothing is dated after a book's today, so work dated
// then may now be done.
func (tb *Book) AdvanceTo(date string) {
	tb.T.Helper()
	d, err := time.ParseInLocation("2006-01-02", date, time.Local)
	if err != nil {
		tb.T.Fatal(err)
	}
	if d = d.Add(9 * time.Hour); d.After(*tb.clock) {
		*tb.clock = d
	}
}

// Yuan parses an amount in yuan; a malformed one panics.
func Yuan(s string) books.Money { return decimal.RequireFromString(s) }

// Line is a voucher line: a debit when d is not empty, else a credit.
func Line(memo, code, compound, d, c string) books.Line {
	l := books.Line{Memo: memo, AccountCode: code, CompoundName: compound, Debit: decimal.Zero, Credit: decimal.Zero}
	if d != "" {
		l.Debit = Yuan(d)
	}
	if c != "" {
		l.Credit = Yuan(c)
	}
	return l
}

// Post saves a voucher as 张会计, has 李出纳 review it and 张会计 post it,
// and returns it as stored.
func (tb *Book) Post(date string, lines ...books.Line) books.Voucher {
	tb.T.Helper()
	v, err := tb.Accountant.SaveVoucher(books.Voucher{Date: date, Lines: lines})
	if err != nil {
		tb.T.Fatalf("SaveVoucher: %v", err)
	}
	if err := tb.Cashier.ReviewVoucher(v.ID); err != nil {
		tb.T.Fatalf("ReviewVoucher: %v", err)
	}
	if err := tb.Accountant.PostVoucher(v.ID); err != nil {
		tb.T.Fatalf("PostVoucher: %v", err)
	}
	v, err = tb.Voucher(v.ID)
	if err != nil {
		tb.T.Fatalf("Voucher: %v", err)
	}
	return v
}

// Compound returns the compound's id.
func (tb *Book) Compound(name string) int64 {
	tb.T.Helper()
	c, err := tb.CompoundByName(name)
	if err != nil {
		tb.T.Fatalf("CompoundByName %s: %v", name, err)
	}
	return c.ID
}

// Spending is a community book (New, plus a 业委会 user 王业委 and a 社区党组织
// user 赵书记; 阳光小区 funded with 200,000 in the bank, 和平小区 with 1,000)
// and a street book (街道 user 孙主任) that trust each other.
type Spending struct {
	*Book
	Committee *books.Session
	Party     *books.Session
	Street    *books.Book
	Director  *books.Session
}

// NewSpending makes the two books; they are closed when the test ends.
func NewSpending(t testing.TB) *Spending {
	t.Helper()
	tb := New(t)
	w := &Spending{Book: tb}
	for _, u := range []struct {
		name string
		role books.Role
		s    **books.Session
	}{{"王业委", books.RoleCommittee, &w.Committee}, {"赵书记", books.RoleParty, &w.Party}} {
		if _, err := tb.Accountant.AddUser(u.name, u.role, Password); err != nil {
			t.Fatalf("AddUser: %v", err)
		}
		s, err := tb.SessionFor(u.name)
		if err != nil {
			t.Fatalf("SessionFor: %v", err)
		}
		*u.s = s
	}
	tb.Post("2026-03-01", Line("公共收益", "1002", "阳光小区", "200000", ""), Line("公共收益", "4901", "阳光小区", "", "200000"))
	tb.Post("2026-03-01", Line("公共收益", "1002", "和平小区", "1000", ""), Line("公共收益", "4901", "和平小区", "", "1000"))

	sb, err := books.Create(filepath.Join(t.TempDir(), "street.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "孙主任", Password: Password}, Modules()...)
	if err != nil {
		t.Fatalf("Create street: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	clock := time.Date(2026, 3, 10, 10, 0, 0, 0, time.Local)
	sb.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	w.Street = sb
	if w.Director, err = sb.SessionFor("孙主任"); err != nil {
		t.Fatalf("SessionFor: %v", err)
	}
	ck, err := tb.ExportPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	sk, err := sb.ExportPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Director.Trust(ck); err != nil {
		t.Fatalf("street trusts community: %v", err)
	}
	if _, err := tb.Accountant.Trust(sk); err != nil {
		t.Fatalf("community trusts street: %v", err)
	}
	return w
}

// Approved runs an application of 王业委 through the whole chain — every
// review-phase step passed, 社区党组织 approves, the request file goes to the
// street, the street approves, the decision file comes back — and returns it
// 已批准.
func (w *Spending) Approved(compound, amount, payee, category string) spending.Application {
	w.T.Helper()
	a, err := spending.Apply(w.Committee, spending.ApplyInput{Compound: compound, Title: "测试事项", Category: category, Amount: Yuan(amount), Payee: payee, Date: "2026-03-01"})
	if err != nil {
		w.T.Fatalf("Apply: %v", err)
	}
	if _, err = spending.Submit(w.Committee, a.No, ""); err != nil {
		w.T.Fatalf("Submit: %v", err)
	}
	if a, err = spending.ApplicationByNo(w.Book.Book, a.No); err != nil {
		w.T.Fatalf("Application: %v", err)
	}
	for _, st := range a.Steps {
		if st.Phase != spending.PhaseReview || st.Passed {
			continue
		}
		in := spending.DeliberationInput{Step: st.Name, Date: "2026-03-05", Form: "现场会议"}
		if st.Vote {
			in.Expected, in.Present, in.For = 9, 7, 6
		}
		if _, err := spending.Deliberate(w.Party, a.No, in); err != nil {
			w.T.Fatalf("Deliberate %s: %v", st.Name, err)
		}
	}
	if err := spending.Review(w.Party, a.No, "approve", "同意"); err != nil {
		w.T.Fatalf("Review: %v", err)
	}
	req, err := spending.ExportRequest(w.Accountant, a.No)
	if err != nil {
		w.T.Fatalf("ExportRequest: %v", err)
	}
	if _, err := spending.ImportRequest(w.Director, req); err != nil {
		w.T.Fatalf("ImportRequest: %v", err)
	}
	dec, err := spending.StreetDecide(w.Director, "", a.No, "approve", "同意实施", books.FromFen(0))
	if err != nil {
		w.T.Fatalf("StreetDecide: %v", err)
	}
	if a, err = spending.ImportDecision(w.Accountant, dec); err != nil {
		w.T.Fatalf("ImportDecision: %v", err)
	}
	return a
}
