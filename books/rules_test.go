package books

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// without returns the rules with the one named left out, as a build or a
// refactor that forgot it would.
func (r rules) without(name string) rules {
	var out rules
	for _, x := range r.post {
		if x.Name != name {
			out.post = append(out.post, x)
		}
	}
	for _, x := range r.delete {
		if x.Name != name {
			out.delete = append(out.delete, x)
		}
	}
	for _, x := range r.verify {
		if x.Name != name {
			out.verify = append(out.verify, x)
		}
	}
	return out
}

func (r rules) names() []string {
	var out []string
	for _, x := range r.post {
		out = append(out, "post "+x.Name)
	}
	for _, x := range r.delete {
		out = append(out, "delete "+x.Name)
	}
	for _, x := range r.verify {
		out = append(out, "verify "+x.Name)
	}
	return out
}

// ruleScenario sets up a book, calls drop on the book the rule must act in
// (a scenario that reopens its book calls it on the reopened one), and then
// does what the rule is there for. It returns nil when the rule did its work
// and an error saying what happened instead.
type ruleScenario func(t *testing.T, drop func(*Book)) error

// ruleScenarios names every rule a book runs, each with what goes wrong
// without it.
var ruleScenarios = []struct {
	rule     string
	scenario ruleScenario
}{
	{"post spending.outflow-approved", payExpenseByHand},
	{"post money.no-account-below-zero", payBeforeTheReceipt},
	{"post spending.spendable-and-payments", postedPaymentPays},
	{"delete spending.release-payment", deleteDraftPaymentVoucher},
	{"verify vouchers.four-eyes", verifyFinds("以外的人审核", selfReviewByHand)},
	{"verify attachments.content", verifyFinds("附件", alterAttachment)},
	{"verify log.state", verifyFinds("王审计", promoteAuditorByHand)},
	{"verify log.fingerprints", verifyFinds("日志", forgeFingerprint)},
	{"verify spending.payments", verifyFinds("付款与审批不符", editApproval)},
}

// TestEveryRuleIsNeeded runs each rule's scenario twice: with the book's
// rules it must pass, and with that one rule left out it must fail. A rule
// dropped from rules.go, or a rule added there without a scenario, fails it.
func TestEveryRuleIsNeeded(t *testing.T) {
	var listed []string
	for _, s := range ruleScenarios {
		listed = append(listed, s.rule)
	}
	got := coreRules().names()
	slices.Sort(listed)
	sorted := slices.Sorted(slices.Values(got))
	if !slices.Equal(sorted, listed) {
		t.Fatalf("the book's rules are %q;\nthe scenarios name %q", got, listed)
	}
	for _, s := range ruleScenarios {
		name := s.rule[strings.Index(s.rule, " ")+1:]
		t.Run(s.rule, func(t *testing.T) {
			if err := s.scenario(t, func(*Book) {}); err != nil {
				t.Fatalf("with every rule: %v", err)
			}
			if err := s.scenario(t, func(b *Book) { b.rules = b.rules.without(name) }); err == nil {
				t.Fatalf("without %s the scenario still passes: the rule is not needed or the scenario does not test it", name)
			}
		})
	}
}

// TestRulesRunInTheirListedOrder pins the run order, and that an opened
// book runs exactly these rules.
func TestRulesRunInTheirListedOrder(t *testing.T) {
	want := []string{
		"post money.no-account-below-zero", "post spending.outflow-approved", "post spending.spendable-and-payments",
		"delete spending.release-payment",
		"verify vouchers.four-eyes", "verify attachments.content", "verify log.state", "verify log.fingerprints",
		"verify spending.payments",
	}
	if got := coreRules().names(); !slices.Equal(got, want) {
		t.Errorf("coreRules() = %q, want %q", got, want)
	}
	// The core's tests open books with a stand-in that claims income's
	// tables and runs none of its checks (helpers_test.go).
	if got := newTestBook(t).Checks(); !slices.Equal(got, want) {
		t.Errorf("an opened book runs %q, want %q", got, want)
	}
}

func payExpenseByHand(t *testing.T, drop func(*Book)) error {
	tb := newTestBook(t)
	tb.requireApproval()
	tb.post("2026-03-01", line("收租金", "1002", "阳光小区", "5000", ""), line("收租金", "4301", "阳光小区", "", "5000"))
	v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("保洁费", "5101", "阳光小区", "300", ""), line("保洁费", "1002", "阳光小区", "", "300")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	drop(tb.Book)
	if err := tb.accountant.PostVoucher(v.ID); ErrorCode(err) != Forbidden {
		return fmt.Errorf("an expense paid without an application: PostVoucher = %v, want Forbidden", err)
	}
	return nil
}

// payBeforeTheReceipt back-dates a payment before the receipt that pays
// for it: the month ends in credit, but the bank would be overdrawn on the
// 5th.
func payBeforeTheReceipt(t *testing.T, drop func(*Book)) error {
	tb := newTestBook(t)
	tb.post("2026-03-20", line("公共收益", "1002", "和平小区", "1000", ""), line("", "4901", "和平小区", "", "1000"))
	v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("保洁", "5101", "和平小区", "500", ""), line("保洁", "1002", "和平小区", "", "500")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	drop(tb.Book)
	if err := tb.accountant.PostVoucher(v.ID); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "2026-03-05") {
		return fmt.Errorf("paying on the 5th from a bank that receives on the 20th: PostVoucher = %v, want Invalid naming the day", err)
	}
	return nil
}

// postedPaymentPays posts a payment voucher for the whole approval: the
// application is then 已支付.
func postedPaymentPays(t *testing.T, drop func(*Book)) error {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	v, err := w.accountant.Pay(a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	drop(w.Book)
	if err := w.accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.Application(a.No); got.State != AppPaid {
		return fmt.Errorf("after posting the payment of the whole approval the application is %s, want 已支付", got.StateName())
	}
	return nil
}

// deleteDraftPaymentVoucher links a draft voucher to a payment, as a tool
// might, and deletes the draft: the payment goes with it.
func deleteDraftPaymentVoucher(t *testing.T, drop func(*Book)) error {
	w := newSpendingWorld(t)
	a := w.approved("和平小区", "500", "甲", "公共服务")
	var id int64
	err := w.tx(t.Context(), func(tx *sql.Tx) error {
		v := Voucher{Date: "2026-03-10", Kind: VoucherPayment, SourceRef: a.No, Lines: []Line{
			line("支付", "5101", "和平小区", "500", ""), line("支付", "1002", "和平小区", "", "500")}}
		if err := resolveLines(tx, v.Lines); err != nil {
			return err
		}
		if err := w.accountant.insertVoucher(tx, &v, "2026-03-10 10:00:00", ""); err != nil {
			return err
		}
		id = v.ID
		_, err := tx.Exec(`INSERT INTO payment (application_id, voucher_id, amount_fen, created_at) VALUES (?, ?, 50000, '')`, a.ID, v.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	drop(w.Book)
	if err := w.accountant.DeleteVoucher(id); err != nil {
		return fmt.Errorf("deleting a draft payment voucher: %v", err)
	}
	var n int
	w.db.QueryRow(`SELECT count(*) FROM payment WHERE application_id = ?`, a.ID).Scan(&n)
	if n != 0 {
		return fmt.Errorf("%d payments left after their draft voucher was deleted", n)
	}
	return nil
}

// verifyFinds is a scenario for a verify rule: edit makes a book whose file
// was changed by hand, and Verify must name want.
func verifyFinds(want string, edit func(t *testing.T) *Book) ruleScenario {
	return func(t *testing.T, drop func(*Book)) error {
		b := edit(t)
		drop(b)
		if got := verifyText(t, b); !strings.Contains(got, want) {
			return fmt.Errorf("Verify = %q, want a problem naming %q", got, want)
		}
		return nil
	}
}

func selfReviewByHand(t *testing.T) *Book {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	return handEdit(t, tb, `DROP TRIGGER voucher_posted_no_update`, `UPDATE voucher SET reviewer_id = preparer_id`)
}

func alterAttachment(t *testing.T) *Book {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	att, err := w.committee.Attach(a.No, AttachmentInput{Name: "报价.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	return handEdit(t, w.testBook, fmt.Sprintf(`UPDATE attachment SET data = x'255044462d312e3420616c7465726564' WHERE id = %d`, att[0].ID))
}

func promoteAuditorByHand(t *testing.T) *Book {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddUser("王审计", RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	return handEdit(t, tb, `UPDATE user SET role = 'accountant' WHERE name = '王审计'`)
}

func forgeFingerprint(t *testing.T) *Book {
	tb := newTestBook(t)
	v := tb.post("2026-03-05", line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	v.Lines[0].Debit, v.Lines[1].Credit = yuan("1000"), yuan("1000")
	return handEdit(t, tb,
		`DROP TRIGGER voucher_line_posted_no_update`, `DROP TRIGGER voucher_posted_no_update`,
		`UPDATE voucher_line SET debit_fen = 100000 WHERE debit_fen = 1000`,
		`UPDATE voucher_line SET credit_fen = 100000 WHERE credit_fen = 1000`,
		`UPDATE balance SET debit_fen = 100000 WHERE debit_fen = 1000`,
		`UPDATE balance SET credit_fen = 100000 WHERE credit_fen = 1000`,
		`UPDATE voucher SET total_fen = 100000, fingerprint = '`+fingerprint(v)+`'`)
}

func editApproval(t *testing.T) *Book {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	if _, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"}); err != nil {
		t.Fatal(err)
	}
	return handEdit(t, w.testBook, `UPDATE application SET approved_fen = 50000 WHERE no = '`+a.No+`'`)
}
