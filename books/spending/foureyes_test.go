package spending

import (
	"strings"
	"testing"

	"sunbooks/books/moduletest"

	"sunbooks/books"
)

// A payment voucher is a draft someone other than its preparer must review
// before it is posted; a reviewer forged by hand does not count (the other
// ways a voucher is made: books' TestNoVoucherPostsWithoutASecondPerson).
func TestPaymentVouchersWaitForASecondPerson(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) (*testBook, int64)
	}{
		{"payment", func(t *testing.T) (*testBook, int64) {
			w := newSpendingWorld(t)
			a := w.approved("阳光小区", "1000", "甲", "公共服务")
			v, err := Pay(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"})
			if err != nil {
				t.Fatal(err)
			}
			return w.testBook, v.ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, id := tt.make(t)
			moduletest.NeedsASecondPerson(t, tb.Book, id, tb.accountant, tb.accountant, tb.cashier)
		})
	}
}

// A payment is a draft until someone else reviews it and it is posted; only
// then does the application count it as paid. What waits counts against the
// approved amount, so it cannot be paid twice over, and 结项 waits for it.
func TestPaymentPaysOnlyWhenPosted(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	v, err := Pay(w.cashier, a.No, PayInput{Date: "2026-03-10", Amount: yuan("600"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ApplicationByNo(w.Book, a.No)
	if got.State != AppApproved || !got.Paid.IsZero() || !got.Pending.Equal(yuan("600")) || got.Payments[0].Status != books.StatusDraft {
		t.Fatalf("after Pay: %s paid %s pending %s payments %+v", got.StateName(), got.Paid, got.Pending, got.Payments)
	}
	if _, err := Pay(w.cashier, a.No, PayInput{Date: "2026-03-10", Amount: yuan("400.01"), From: "1002", To: "5101"}); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "待记账") {
		t.Errorf("paying beyond the approval with a payment waiting: %v", err)
	}
	if err := w.accountant.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.cashier.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = ApplicationByNo(w.Book, a.No)
	if got.State != AppPartlyPaid || !got.Paid.Equal(yuan("600")) || !got.Pending.IsZero() {
		t.Fatalf("after posting: %s paid %s pending %s", got.StateName(), got.Paid, got.Pending)
	}
	entries, _ := w.accountant.Log(books.LogFilter{Text: "application.pay"})
	var poster string
	for _, e := range entries {
		if e.Action == "application.pay" {
			poster = e.User
		}
	}
	if poster != "李出纳" {
		t.Errorf("application.pay logged by %q, want the poster 李出纳", poster)
	}
	// A second payment waiting keeps the application from 结项.
	v2, err := Pay(w.cashier, a.No, PayInput{Date: "2026-03-10", Amount: yuan("400"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	if err := CloseApplication(w.accountant, a.No, "余款不付"); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "没有记账") {
		t.Errorf("closing with a payment waiting: %v", err)
	}
	// Deleting the draft withdraws it.
	if err := w.cashier.DeleteVoucher(v2.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ = ApplicationByNo(w.Book, a.No); !got.Pending.IsZero() || len(got.Payments) != 1 {
		t.Errorf("after deleting the draft: pending %s, %d payments", got.Pending, len(got.Payments))
	}
}

// Payment vouchers an earlier version posted with the approval chain as their
// review (its log says so) pass verify; one whose reviewer was removed by
// hand does not.
func TestVerifyKnowsLegacyChainReviewedPayments(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	v, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	b := moduletest.HandEdit(t, w.testBook.Book, withIncome(Module()), `DROP TRIGGER voucher_posted_no_update`, `UPDATE voucher SET reviewer_id = NULL WHERE kind = 'payment'`)
	if got := verifyText(t, b); !strings.Contains(got, v.No()) {
		t.Fatalf("verify after removing the reviewer = %q, want %s named", got, v.No())
	}
	acc, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	// What the earlier version logged when it posted a payment.
	err = acc.Write(func(tx *books.Tx) error {
		return tx.Log("voucher.review", "voucher", v.No()+" "+v.Period.String(),
			map[string]string{"status": "draft"}, map[string]string{"status": "reviewed", "review": "以审批链代替凭证审核：申请 " + a.No})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := verifyText(t, b); got != "" {
		t.Errorf("verify of a legacy chain-reviewed payment = %q, want clean", got)
	}
}

// verifyText is what Verify finds, one problem a line.
func verifyText(t *testing.T, b *books.Book) string {
	t.Helper()
	p, err := b.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(p, "\n")
}
