package spending

import (
	"testing"

	"sunbooks/books"
)

func TestLastPaymentAccountOffersTheCategorysLatestUnreversedAccount(t *testing.T) {
	w := newSpendingWorld(t)
	hint := func(category string) string {
		t.Helper()
		code, err := LastPaymentAccount(w.Book, category)
		if err != nil {
			t.Fatalf("LastPaymentAccount(%q): %v", category, err)
		}
		return code
	}
	pay := func(category, date, to string) books.Voucher {
		t.Helper()
		a := w.approved("阳光小区", "100", "甲", category)
		v, err := w.payPosted(w.accountant, a.No, PayInput{Date: date, Amount: yuan("100"), From: "1002", To: to})
		if err != nil {
			t.Fatalf("Pay %s to %s: %v", category, to, err)
		}
		return v
	}
	if got := hint("物业维修"); got != "" {
		t.Fatalf("no payments yet: hint = %q, want none", got)
	}
	pay("物业维修", "2026-03-10", "5201")
	if got := hint("物业维修"); got != "5201" {
		t.Errorf("after paying 物业维修 from 5201: hint = %q, want 5201", got)
	}
	if got := hint("困难帮扶"); got != "" {
		t.Errorf("another category borrows the hint: %q, want none", got)
	}
	w.advanceTo("2026-03-12")
	later := pay("物业维修", "2026-03-12", "5101")
	pay("困难帮扶", "2026-03-11", "5401")
	if got := hint("物业维修"); got != "5101" {
		t.Errorf("the most recent payment of the category decides: hint = %q, want 5101", got)
	}

	// A reversed payment (often a wrong account) is passed over.
	r, err := w.accountant.ReverseVoucher(later.ID, "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cashier.ReviewVoucher(r.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.accountant.PostVoucher(r.ID); err != nil {
		t.Fatal(err)
	}
	if got := hint("物业维修"); got != "5201" {
		t.Errorf("after reversing the 5101 payment: hint = %q, want 5201", got)
	}

	// A retired account can no longer be paid to.
	if err := w.accountant.SetAccountActive("5201", false); err != nil {
		t.Fatal(err)
	}
	if got := hint("物业维修"); got != "" {
		t.Errorf("after 5201 was retired: hint = %q, want none", got)
	}
}
