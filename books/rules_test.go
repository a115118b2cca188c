package books

import (
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
	{"post money.no-account-below-zero", payBeforeTheReceipt},
	{"verify vouchers.four-eyes", verifyFinds("以外的人审核", selfReviewByHand)},
	{"verify log.state", verifyFinds("用户“王审计”现在的角色是会计", promoteAuditorByHand)},
	{"verify log.fingerprints", verifyFinds("日志", forgeFingerprint)},
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
		"post money.no-account-below-zero",
		"verify vouchers.four-eyes", "verify log.state", "verify log.fingerprints",
	}
	if got := coreRules().names(); !slices.Equal(got, want) {
		t.Errorf("coreRules() = %q, want %q", got, want)
	}
	// The core's tests open books with a stand-in that claims income's and
	// spending's tables and runs none of their checks (helpers_test.go).
	if got := newTestBook(t).Checks(); !slices.Equal(got, want) {
		t.Errorf("an opened book runs %q, want %q", got, want)
	}
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
