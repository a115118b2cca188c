package spending

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sunbooks/books/moduletest"

	"sunbooks/books"
	"sunbooks/books/income"
)

var ruleScenarios = []moduletest.Scenario{
	{Check: "post spending.outflow-approved", Run: payExpenseByHand},
	{Check: "post spending.spendable-and-payments", Run: postedPaymentPays},
	{Check: "delete spending.release-payment", Run: deleteDraftPaymentVoucher},
	{Check: "verify attachments.content", Run: moduletest.VerifyFinds("的内容与记录的 SHA-256 不符", alterAttachment)},
	{Check: "verify spending.payments", Run: moduletest.VerifyFinds("付款与审批不符", editApproval)},
}

// TestEverySpendingCheckIsNeeded runs each check's scenario with spending's
// module (it must pass) and with that one check left out (it must fail). A
// check dropped from Module, or added there without a scenario, fails it.
func TestEverySpendingCheckIsNeeded(t *testing.T) {
	moduletest.EveryCheckIsNeeded(t, Module(), ruleScenarios)
}

// TestSpendingChecksRunInTheirListedOrder pins the order.
func TestSpendingChecksRunInTheirListedOrder(t *testing.T) {
	want := []string{
		"post spending.outflow-approved", "post spending.spendable-and-payments",
		"delete spending.release-payment",
		"verify attachments.content", "verify spending.payments",
	}
	if got := moduletest.Names(Module()); !slices.Equal(got, want) {
		t.Errorf("Module() runs %q, want %q", got, want)
	}
}

// A book holding spending's tables is not opened for writing, nor verified,
// by a program that did not load spending's checks: it could post an
// expense no one approved, or pass a hand-edited approval as sound.
func TestBookWithoutSpendingChecksIsRefused(t *testing.T) {
	w := newSpendingWorld(t)
	w.approved("阳光小区", "1000", "甲", "公共服务")
	path := w.Path()
	w.Close()
	if b, err := books.Open(path, income.Module()); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "application") {
		if b != nil {
			b.Close()
		}
		t.Fatalf("opening for writing without spending's checks: %v, want refused naming its tables", err)
	}
	ro, err := books.OpenReadOnly(path, income.Module())
	if err != nil {
		t.Fatalf("reading without spending's checks: %v", err)
	}
	if _, err := ro.Verify(t.Context()); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "application") {
		t.Errorf("verifying without spending's checks: %v, want refused", err)
	}
	ro.Close()
	b, err := books.Open(path, withIncome(Module())...)
	if err != nil {
		t.Fatalf("opening with spending's checks: %v", err)
	}
	defer b.Close()
	if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify with spending's checks: %q %v", problems, err)
	}
}

func payExpenseByHand(t *testing.T, mod books.Module) error {
	tb := newTestBookWith(t, time.Date(2027, 1, 15, 9, 0, 0, 0, time.Local), mod)
	tb.requireApproval()
	tb.post("2026-03-01", line("收租金", "1002", "阳光小区", "5000", ""), line("收租金", "4301", "阳光小区", "", "5000"))
	v, err := tb.accountant.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: []books.Line{line("保洁费", "5101", "阳光小区", "300", ""), line("保洁费", "1002", "阳光小区", "", "300")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(v.ID); books.ErrorCode(err) != books.Forbidden {
		return fmt.Errorf("an expense paid without an application: PostVoucher = %v, want Forbidden", err)
	}
	return nil
}

// postedPaymentPays posts a payment voucher for the whole approval: the
// application is then 已支付.
func postedPaymentPays(t *testing.T, mod books.Module) error {
	w := newSpendingWorldWith(t, mod)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	v, err := Pay(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := ApplicationByNo(w.Book, a.No); got.State != AppPaid {
		return fmt.Errorf("after posting the payment of the whole approval the application is %s, want 已支付", got.StateName())
	}
	return nil
}

// deleteDraftPaymentVoucher links a draft voucher to a payment, as a tool
// might, and deletes the draft: the payment goes with it.
func deleteDraftPaymentVoucher(t *testing.T, mod books.Module) error {
	w := newSpendingWorldWith(t, mod)
	a := w.approved("和平小区", "500", "甲", "公共服务")
	var id int64
	err := w.accountant.Write(func(tx *books.Tx) error {
		v := books.Voucher{Date: "2026-03-10", Kind: books.VoucherPayment, SourceRef: a.No, Lines: []books.Line{
			line("支付", "5101", "和平小区", "500", ""), line("支付", "1002", "和平小区", "", "500")}}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		if err := tx.InsertVoucher(&v, ""); err != nil {
			return err
		}
		id = v.ID
		_, err := tx.Exec(`INSERT INTO payment (application_id, voucher_id, amount_fen, created_at) VALUES (?, ?, 50000, '')`, a.ID, v.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.accountant.DeleteVoucher(id); err != nil {
		return fmt.Errorf("deleting a draft payment voucher: %v", err)
	}
	var n int
	w.DB().QueryRow(`SELECT count(*) FROM payment WHERE application_id = ?`, a.ID).Scan(&n)
	if n != 0 {
		return fmt.Errorf("%d payments left after their draft voucher was deleted", n)
	}
	return nil
}

func alterAttachment(t *testing.T, mod books.Module) *books.Book {
	w := newSpendingWorldWith(t, mod)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	att, err := Attach(w.committee, a.No, AttachmentInput{Name: "报价.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	return moduletest.HandEdit(t, w.testBook.Book, withIncome(mod), fmt.Sprintf(`UPDATE attachment SET data = x'255044462d312e3420616c7465726564' WHERE id = %d`, att[0].ID))
}

func editApproval(t *testing.T, mod books.Module) *books.Book {
	w := newSpendingWorldWith(t, mod)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	if _, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"}); err != nil {
		t.Fatal(err)
	}
	return moduletest.HandEdit(t, w.testBook.Book, withIncome(mod), `UPDATE application SET approved_fen = 50000 WHERE no = '`+a.No+`'`)
}
