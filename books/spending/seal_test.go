package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/moduletest"
)

// A request the street received, decided by hand in its book's file, is
// named by Verify and not decided on by the program.
func TestARequestDecidedByHandIsNamedAndRefused(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	req, err := ExportRequest(w.accountant, a.No)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportRequest(w.director, req); err != nil {
		t.Fatal(err)
	}
	street := moduletest.HandEdit(t, w.street, withIncome(Module()), `UPDATE street_request SET opinion = '已电话同意'`)
	p, err := street.Verify(t.Context())
	if err != nil || !strings.Contains(strings.Join(p, "\n"), "收到的审批申请（street_request 1）的内容与封存时不一致") {
		t.Errorf("Verify = %q, %v", p, err)
	}
	director, err := street.Login("孙主任", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StreetDecide(director, "", a.No, "approve", "同意", books.FromFen(0)); books.ErrorCode(err) != books.Tampered {
		t.Errorf("deciding a request edited by hand: %v, want Tampered", err)
	}
}
