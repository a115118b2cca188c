package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
)

// What is imported into a live month is a draft, checked like any voucher:
// money out of a compound needs an approved application. The test book's
// today is 2027-01-15; its first live voucher, in December, starts it.
func TestImportedExpenseInALiveMonthNeedsAnApplication(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-12-05", line("收费", "1002", "阳光小区", "300000", ""), line("", "4901", "阳光小区", "", "300000"))
	tb.requireApproval()
	jan := writeImport(t, "jan.csv", books.ImportHeader, "2027-01-10,J1,5101,业务活动成本,阳光小区,1000.00,,付款",
		"2027-01-10,J1,1002,银行存款,阳光小区,,1000.00,付款")
	res, err := tb.accountant.ImportFile(t.Context(), jan, books.ImportOptions{})
	if err != nil {
		t.Fatalf("import as drafts: %s", books.ErrorMessage(err))
	}
	v, err := tb.VoucherByNo(res.From, "记-0001")
	if err != nil || v.Status != books.StatusDraft {
		t.Fatalf("imported into a live month: %+v %v, want a draft", v, err)
	}
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(v.ID); books.ErrorCode(err) != books.Forbidden || !strings.Contains(books.ErrorMessage(err), "审批") {
		t.Errorf("an imported expense with no application: %v, want refused", err)
	}
}
