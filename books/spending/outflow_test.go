package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
)

func TestMoneyLeavesOnlyThroughApprovedApplications(t *testing.T) {
	tb := newTestBook(t)
	tb.requireApproval()
	tb.post("2026-03-01", line("收租金", "1002", "阳光小区", "5000", ""), line("收租金", "4301", "阳光小区", "", "5000"))
	tests := []struct {
		name  string
		lines []books.Line
		want  string // "" when posting is allowed
	}{
		{"expense paid by hand is refused", []books.Line{line("保洁费", "5101", "阳光小区", "300", ""), line("保洁费", "1002", "阳光小区", "", "300")}, "没有经过审批的支出申请"},
		{"payable paid by hand is refused", []books.Line{line("付押金", "2209", "阳光小区", "300", ""), line("付押金", "1002", "阳光小区", "", "300")}, "没有经过审批"},
		{"cash drawn from the bank is no outflow", []books.Line{line("提现", "1001", "阳光小区", "300", ""), line("提现", "1002", "阳光小区", "", "300")}, ""},
		{"income is no outflow", []books.Line{line("补助", "1002", "阳光小区", "100", ""), line("补助", "4401", "阳光小区", "", "100")}, ""},
		{"accrued expense without money is no outflow", []books.Line{line("计提", "5101", "阳光小区", "50", ""), line("计提", "2209", "阳光小区", "", "50")}, ""},
	}
	for _, tt := range tests {
		v, err := tb.accountant.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: tt.lines})
		if err != nil {
			t.Fatalf("%s: save: %v", tt.name, err)
		}
		if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
			t.Fatalf("%s: review: %v", tt.name, err)
		}
		err = tb.accountant.PostVoucher(v.ID)
		if tt.want == "" && err != nil {
			t.Errorf("%s: PostVoucher = %v, want posted", tt.name, err)
		}
		if tt.want != "" && (books.ErrorCode(err) != books.Forbidden || !strings.Contains(books.ErrorMessage(err), tt.want)) {
			t.Errorf("%s: PostVoucher = %v, want Forbidden with %q", tt.name, err, tt.want)
		}
		if err != nil {
			if got, _ := tb.Voucher(v.ID); got.Status != books.StatusReviewed {
				t.Errorf("%s: a refused voucher changed status to %s", tt.name, got.Status)
			}
		}
	}
}

func TestApprovalExemptAccounts(t *testing.T) {
	tb := newTestBook(t)
	tb.requireApproval()
	tb.post("2026-03-01", line("收租金", "1002", "阳光小区", "5000", ""), line("收租金", "4301", "阳光小区", "", "5000"))
	if _, err := tb.accountant.AddAccount("5201", "520101", "银行手续费"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetApprovalExempt("520101", true, ""); books.ErrorCode(err) != books.Invalid {
		t.Errorf("exemption without a reason: %v", err)
	}
	if err := tb.accountant.SetApprovalExempt("1002", true, "x"); books.ErrorCode(err) != books.Invalid {
		t.Errorf("exempting a money account: %v", err)
	}
	if err := tb.cashier.SetApprovalExempt("520101", true, "银行自动扣收"); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("a cashier setting an exemption: %v", err)
	}
	if err := tb.accountant.SetApprovalExempt("520101", true, "银行自动扣收"); err != nil {
		t.Fatal(err)
	}
	tb.post("2026-03-31", line("银行手续费", "520101", "阳光小区", "8", ""), line("银行手续费", "1002", "阳光小区", "", "8"))
	list, _ := tb.ApprovalExempt()
	if len(list) != 1 || list[0].Code != "520101" {
		t.Errorf("ApprovalExempt() = %v", list)
	}
	log, _ := tb.accountant.Log(books.LogFilter{Text: "银行自动扣收"})
	if len(log) != 1 || log[0].Action != "account.exempt" {
		t.Errorf("exemption not logged: %v", log)
	}
	// A child of an exempt account is exempt too.
	if err := tb.accountant.SetApprovalExempt("5301", true, "贷款利息由银行扣收"); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.accountant.AddAccount("5301", "530101", "利息支出"); err != nil {
		t.Fatal(err)
	}
	list, _ = tb.ApprovalExempt()
	if len(list) != 3 || list[2].Code != "530101" {
		t.Errorf("after adding a child of an exempt account, ApprovalExempt() = %v", list)
	}
}
