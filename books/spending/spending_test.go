package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
)

func TestSpendingMajorFlowBooksAPI(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "60000", "红星建筑公司", "基础设施")
	if a.State != AppApproved || a.Level != LevelMajor || !a.Approved.Equal(yuan("60000")) || a.ApprovalNo == "" {
		t.Fatalf("after import: state %s level %s approved %s no %q", a.State, a.Level, a.Approved, a.ApprovalNo)
	}
	if _, err := Pay(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("10000"), From: "1002", To: "5101"}); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("pay before filing: %v", err)
	}
	w.deliberateAll(a.No, PhaseFiling, "2026-03-10")
	w.deliberateAll(a.No, PhasePayment, "2026-03-10")
	v, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("10000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatalf("Pay: %v", err)
	}
	if v.Status != books.StatusPosted || v.Kind != books.VoucherPayment || !strings.Contains(v.Lines[0].Memo, a.No) {
		t.Fatalf("voucher %+v", v)
	}
	a, _ = ApplicationByNo(w.Book, a.No)
	if a.State != AppPartlyPaid || !a.Paid.Equal(yuan("10000")) {
		t.Fatalf("state %s paid %s", a.State, a.Paid)
	}
	if _, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("50000"), From: "1002", To: "5101"}); err != nil {
		t.Fatalf("Pay rest: %v", err)
	}
	if err := CloseApplication(w.accountant, a.No, ""); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("close before 实施结果公开: %v", err)
	}
	w.deliberateAll(a.No, PhaseClose, "2026-03-10")
	if err := CloseApplication(w.accountant, a.No, "完工"); err != nil {
		t.Fatalf("Close: %v", err)
	}
	a, _ = ApplicationByNo(w.Book, a.No)
	if a.State != AppClosed {
		t.Fatalf("state %s", a.State)
	}
	var trail []string
	for _, e := range a.Events {
		if e.At == "" || e.User == "" {
			t.Fatalf("event without who or when: %+v", e)
		}
		trail = append(trail, e.Role+":"+e.Action+"→"+AppStateName(e.To))
	}
	want := "业委会:create→草稿 业委会:submit→待党组织审核 社区党组织:review_approve→待街道审批 会计:export→待街道审批 " +
		"街道:street_approve→已批准 会计:pay→部分支付 会计:pay→已支付 会计:close→已结项"
	if got := strings.Join(trail, " "); got != want {
		t.Fatalf("history\n got %s\nwant %s", got, want)
	}
	refs, err := VoucherApplications(w.Book, []int64{v.ID})
	if err != nil || refs[v.ID].No != a.No || refs[v.ID].Level != "重大" || refs[v.ID].Handler != "王业委" {
		t.Fatalf("VoucherApplications = %+v, %v", refs, err)
	}
	if problems, _ := w.Verify(t.Context()); len(problems) > 0 {
		t.Fatalf("Verify: %v", problems)
	}
}

func TestVerifyFindsPaymentsBeyondApproval(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	if _, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"}); err != nil {
		t.Fatal(err)
	}
	if problems, _ := w.Verify(t.Context()); len(problems) > 0 {
		t.Fatalf("clean book: %v", problems)
	}
	if _, err := w.DB().Exec(`UPDATE application SET approved_fen = 50000 WHERE no = ?`, a.No); err != nil {
		t.Fatal(err)
	}
	// The payment check names the application; the seal, the row changed.
	problems, _ := w.Verify(t.Context())
	if len(problems) != 2 || !strings.Contains(problems[0], "支出申请 申-2026-0001（application 1）的内容与封存时不一致") || !strings.Contains(problems[1], a.No) {
		t.Fatalf("Verify = %v", problems)
	}
}
