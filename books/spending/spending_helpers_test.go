package spending

import (
	"path/filepath"
	"testing"
	"time"

	"sunbooks/books"
)

// spendingWorld is a community book (newTestBook plus a 业委会 user 王业委, a
// second one 钱业委 and a 社区党组织 user 赵书记; 阳光小区 funded with 200,000
// in the bank, 和平小区 with 1,000) and a street book (街道 user 孙主任) that
// trust each other.
type spendingWorld struct {
	*testBook
	committee  *books.Session
	committee2 *books.Session
	party      *books.Session
	street     *books.Book
	director   *books.Session
}

func newSpendingWorld(t *testing.T) *spendingWorld {
	t.Helper()
	return newSpendingWorldWith(t, Module())
}

// newSpendingWorldWith is newSpendingWorld with both books opened with mod
// as spending's module (the rules tests leave a check out).
func newSpendingWorldWith(t *testing.T, mod books.Module) *spendingWorld {
	t.Helper()
	tb := newTestBookWith(t, time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local), mod)
	w := &spendingWorld{testBook: tb}
	for _, u := range []struct {
		name string
		role books.Role
	}{{"王业委", books.RoleCommittee}, {"钱业委", books.RoleCommittee}, {"赵书记", books.RoleParty}} {
		if _, err := tb.accountant.AddUser(u.name, u.role, "secret1"); err != nil {
			t.Fatalf("AddUser: %v", err)
		}
	}
	w.committee, _ = tb.SessionFor("王业委")
	w.committee2, _ = tb.SessionFor("钱业委")
	w.party, _ = tb.SessionFor("赵书记")
	tb.post("2026-03-01", line("公共收益", "1002", "阳光小区", "200000", ""), line("公共收益", "4901", "阳光小区", "", "200000"))
	tb.post("2026-03-01", line("公共收益", "1002", "和平小区", "1000", ""), line("公共收益", "4901", "和平小区", "", "1000"))

	sb, err := books.Create(filepath.Join(t.TempDir(), "street.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "孙主任", Password: "secret1"}, withIncome(mod)...)
	if err != nil {
		t.Fatalf("Create street: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	clock := time.Date(2026, 3, 10, 10, 0, 0, 0, time.Local)
	sb.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	w.street = sb
	w.director, _ = sb.SessionFor("孙主任")
	ck, _ := tb.ExportPublicKey()
	sk, _ := sb.ExportPublicKey()
	if _, err := w.director.Trust(ck); err != nil {
		t.Fatalf("street trusts community: %v", err)
	}
	if _, err := tb.accountant.Trust(sk); err != nil {
		t.Fatalf("community trusts street: %v", err)
	}
	return w
}

// apply creates and submits an application by 王业委.
func (w *spendingWorld) apply(compound, amount, payee, category string) Application {
	w.t.Helper()
	a, err := Apply(w.committee, ApplyInput{Compound: compound, Title: "测试事项", Category: category, Amount: yuan(amount), Payee: payee, Date: "2026-03-01"})
	if err != nil {
		w.t.Fatalf("Apply: %v", err)
	}
	if a, err = Submit(w.committee, a.No, ""); err != nil {
		w.t.Fatalf("Submit: %v", err)
	}
	return a
}

// deliberateAll records every step of a phase as passed.
func (w *spendingWorld) deliberateAll(no, phase, date string) {
	w.t.Helper()
	a, err := ApplicationByNo(w.Book, no)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, st := range a.Steps {
		if st.Phase != phase || st.Passed {
			continue
		}
		in := DeliberationInput{Step: st.Name, Date: date, Form: "现场会议"}
		if st.Vote {
			in.Expected, in.Present, in.For = 9, 7, 6
		}
		if _, err := Deliberate(w.party, no, in); err != nil {
			w.t.Fatalf("Deliberate %s: %v", st.Name, err)
		}
	}
}

// toStreet takes a submitted application through review, export, street
// decision and import; it returns the decision file.
func (w *spendingWorld) toStreet(no, decision string) []byte {
	w.t.Helper()
	w.deliberateAll(no, PhaseReview, "2026-03-05")
	if err := Review(w.party, no, "approve", "同意"); err != nil {
		w.t.Fatalf("Review: %v", err)
	}
	req, err := ExportRequest(w.accountant, no)
	if err != nil {
		w.t.Fatalf("ExportRequest: %v", err)
	}
	if _, err := ImportRequest(w.director, req); err != nil {
		w.t.Fatalf("ImportRequest: %v", err)
	}
	dec, err := StreetDecide(w.director, "", no, decision, "同意实施", books.FromFen(0))
	if err != nil {
		w.t.Fatalf("StreetDecide: %v", err)
	}
	return dec
}

// approved runs an application to 已批准.
func (w *spendingWorld) approved(compound, amount, payee, category string) Application {
	w.t.Helper()
	a := w.apply(compound, amount, payee, category)
	dec := w.toStreet(a.No, "approve")
	a, err := ImportDecision(w.accountant, dec)
	if err != nil {
		w.t.Fatalf("ImportDecision: %v", err)
	}
	return a
}

// payPosted prepares a payment as payer, has the other of 张会计 and 李出纳
// review it and 张会计 post it: a payment the application counts as paid.
func (w *spendingWorld) payPosted(payer *books.Session, no string, in PayInput) (books.Voucher, error) {
	w.t.Helper()
	v, err := Pay(payer, no, in)
	if err != nil {
		return v, err
	}
	reviewer := w.cashier
	if payer.User().Name == w.cashier.User().Name {
		reviewer = w.accountant
	}
	if err := reviewer.ReviewVoucher(v.ID); err != nil {
		return v, err
	}
	if err := w.accountant.PostVoucher(v.ID); err != nil {
		return v, err
	}
	return w.Voucher(v.ID)
}
