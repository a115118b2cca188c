package spending

import (
	"strings"
	"testing"
	"time"

	"sunbooks/books"
)

// Paper work keeps the date it happened on: never after today, never before
// the application existed.
func TestPaperWorkKeepsItsOwnDate(t *testing.T) {
	w := newSpendingWorld(t) // today is 2026-03-10
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	if _, err := Deliberate(w.party, a.No, DeliberationInput{Step: "两委联席会议决定", Date: "2026-02-27", Form: "现场会议", Expected: 9, Present: 7, For: 6}); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "申请日期") {
		t.Errorf("a deliberation before the application: %v", err)
	}
	if _, err := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "x", Category: "公共服务", Amount: yuan("100"), Payee: "甲", Date: "2026-03-11"}); books.ErrorCode(err) != books.Invalid {
		t.Errorf("an application dated tomorrow: %v", err)
	}
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	scan := AttachmentInput{Name: "审批单.pdf", Data: pdf}
	for _, tt := range []struct{ date, says string }{{"2026-03-11", "今天"}, {"2026-02-28", "申请日期"}} {
		if _, err := RecordPaperDecision(w.accountant, a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕1号", Approver: "孙主任", Date: tt.date, Scan: scan}); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), tt.says) {
			t.Errorf("a paper approval dated %s: %v, want Invalid saying %q", tt.date, err, tt.says)
		}
	}
	// Entered today, dated the day the street signed: both are kept.
	got, err := RecordPaperDecision(w.accountant, a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕1号", Approver: "孙主任", Date: "2026-03-06", Scan: scan})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := w.accountant.Log(books.LogFilter{Text: got.No})
	found := false
	for _, e := range entries {
		if strings.Contains(e.After, "城街审〔2026〕1号") {
			found = true
			if !strings.Contains(e.After, "2026-03-06") || !strings.HasPrefix(e.At, time.Date(2026, 3, 10, 0, 0, 0, 0, time.Local).Format("2006-01-02")) {
				t.Errorf("log entry %+v: want the paper's date inside and today's time as the entry's", e)
			}
		}
	}
	if !found {
		t.Errorf("no log entry of the paper approval among %d", len(entries))
	}
}
