package spending

import (
	"encoding/json"
	"testing"

	"sunbooks/books"
)

// reversePayment reverses a payment voucher (made by 张会计, reviewed by
// 李出纳) and has poster post the reversal.
func (w *spendingWorld) reversePayment(t *testing.T, id int64, date string, poster *books.Session) books.Voucher {
	t.Helper()
	r, err := w.accountant.ReverseVoucher(id, date)
	if err != nil {
		t.Fatalf("ReverseVoucher: %v", err)
	}
	if err := w.cashier.ReviewVoucher(r.ID); err != nil {
		t.Fatalf("ReviewVoucher: %v", err)
	}
	if err := poster.PostVoucher(r.ID); err != nil {
		t.Fatalf("PostVoucher: %v", err)
	}
	r, _ = w.Voucher(r.ID)
	return r
}

// reversalEntries returns the application.pay_reversed log entries, oldest
// first.
func reversalEntries(t *testing.T, s *books.Session) []books.LogEntry {
	t.Helper()
	all, err := s.Log(books.LogFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var out []books.LogEntry
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Action == "application.pay_reversed" {
			out = append(out, all[i])
		}
	}
	return out
}

func TestReversedPaymentLeavesItsOwnLogEntryByThePoster(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	p1, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("300"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("700"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}

	type state struct{ State, Paid, Amount, Voucher, Reverses string }
	cases := []struct {
		name       string
		pay        books.Voucher
		poster     *books.Session
		user, role string
		before     state
		after      state
	}{
		{"paid in full goes back to partly paid, logged by the cashier who posts", p2, w.cashier, "李出纳", "出纳",
			state{State: "已支付", Paid: "1000.00"}, state{State: "部分支付", Paid: "300.00", Amount: "700.00"}},
		{"the last payment reversed goes back to approved, logged by the accountant", p1, w.accountant, "张会计", "会计",
			state{State: "部分支付", Paid: "300.00"}, state{State: "已批准", Paid: "0.00", Amount: "300.00"}},
	}
	for i, c := range cases {
		r := w.reversePayment(t, c.pay.ID, "2026-03-10", c.poster)
		got := reversalEntries(t, w.accountant)
		if len(got) != i+1 {
			t.Fatalf("%s: %d application.pay_reversed entries, want %d", c.name, len(got), i+1)
		}
		e := got[i]
		if e.User != c.user || e.Role != c.role || e.Entity != "application" || e.EntityID != a.No {
			t.Errorf("%s: entry by %s (%s) on %s %s, want %s (%s) on application %s", c.name, e.User, e.Role, e.Entity, e.EntityID, c.user, c.role, a.No)
		}
		var before, after state
		if err := json.Unmarshal([]byte(e.Before), &before); err != nil {
			t.Fatalf("%s: before %q: %v", c.name, e.Before, err)
		}
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			t.Fatalf("%s: after %q: %v", c.name, e.After, err)
		}
		c.after.Voucher = r.No() + " " + r.Period.String()
		c.after.Reverses = c.pay.No() + " " + c.pay.Period.String()
		if before != c.before || after != c.after {
			t.Errorf("%s: logged %+v → %+v, want %+v → %+v", c.name, before, after, c.before, c.after)
		}
		app, _ := ApplicationByNo(w.Book, a.No)
		if app.StateName() != c.after.State || books.PlainYuan(app.Paid) != c.after.Paid {
			t.Errorf("%s: application is %s paid %s, the log says %s paid %s", c.name, app.StateName(), books.PlainYuan(app.Paid), c.after.State, c.after.Paid)
		}
		last := app.Events[len(app.Events)-1]
		if last.Action != "pay_reversed" || last.User != c.user {
			t.Errorf("%s: last event %s by %q, want pay_reversed by %s", c.name, last.Action, last.User, c.user)
		}
	}
	if p, err := w.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Fatalf("verify after reversals: %v %v", p, err)
	}
}

// A reversal that leaves the state as it was (one of two partial payments)
// still changes what was paid, so it is logged too.
func TestReversalKeepingTheStateIsLoggedToo(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	var pays []books.Voucher
	for range 2 {
		v, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("300"), From: "1002", To: "5101"})
		if err != nil {
			t.Fatal(err)
		}
		pays = append(pays, v)
	}
	w.reversePayment(t, pays[0].ID, "2026-03-10", w.cashier)
	got := reversalEntries(t, w.accountant)
	if len(got) != 1 {
		t.Fatalf("%d application.pay_reversed entries, want 1", len(got))
	}
	var before, after struct{ State, Paid string }
	json.Unmarshal([]byte(got[0].Before), &before)
	json.Unmarshal([]byte(got[0].After), &after)
	if before.State != "部分支付" || before.Paid != "600.00" || after.State != "部分支付" || after.Paid != "300.00" {
		t.Fatalf("logged %+v → %+v", before, after)
	}
}
