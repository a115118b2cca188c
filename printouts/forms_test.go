package printouts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func voucher(n int, memo, amt string, lines int) books.Voucher {
	v := books.Voucher{ID: int64(n), Period: 202603, Word: "记", Number: n, Date: "2026-03-15", Attachments: 2, Status: books.StatusPosted,
		Preparer: "张会计", Reviewer: "李出纳", Poster: "张会计"}
	total := decimal.Zero
	for i := 1; i < lines; i++ {
		v.Lines = append(v.Lines, books.Line{Seq: i, Memo: memo, AccountCode: "5101", AccountName: "业务活动成本", CompoundName: "阳光小区", Debit: yuan(amt), Credit: decimal.Zero})
		total = total.Add(yuan(amt))
	}
	v.Lines = append(v.Lines, books.Line{Seq: lines, Memo: memo, AccountCode: "1002", AccountName: "银行存款", CompoundName: "阳光小区", Debit: decimal.Zero, Credit: total})
	return v
}

func TestVouchersTwoToAPageWithCapitalTotals(t *testing.T) {
	vs := []books.Voucher{voucher(1, "更换单元门禁", "1234.50", 2), voucher(2, "支付保洁费用", "10000.07", 2), voucher(3, "购买灭火器", "300", 2)}
	l, err := Vouchers("阳光社区", vs, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) != 2 {
		t.Fatalf("3 vouchers on %d pages, want 2 (two to a page)", len(l.Pages))
	}
	checkNoOverlap(t, l)
	first := l.Text()[0]
	for _, want := range []string{"记 账 凭 证", "记字第 0001 号", "记字第 0002 号", "2026 年 03 月 15 日", "单位：阳光社区",
		"合计：人民币（大写）壹仟贰佰叁拾肆元伍角整", "合计：人民币（大写）壹万元零柒分", "1,234.50", "10,000.07", "制单：张会计", "审核：李出纳", "附\n单\n据\n2\n张"} {
		if !strings.Contains(first, want) {
			t.Errorf("first page lacks %q:\n%s", want, first)
		}
	}
	path := writePDF(t, l, "v.pdf")
	if n := pdfPages(t, path); n != 2 {
		t.Errorf("PDF pages = %d", n)
	}
	if text := pageText(t, path, 2); !strings.Contains(text, "记字第0003号") || !strings.Contains(text, "叁佰元整") {
		t.Errorf("second page:\n%s", text)
	}
}

func TestVoucherWithManyLinesContinuesOnTheNextHalf(t *testing.T) {
	v := voucher(7, "分摊3月公共水电费", "100", 14)
	l, err := Vouchers("阳光社区", []books.Voucher{v}, fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkNoOverlap(t, l)
	all := strings.Join(l.Text(), "")
	if !strings.Contains(all, "记字第 0007 号（1/") || !strings.Contains(all, "（转下页）") {
		t.Errorf("continuation not marked:\n%s", all)
	}
	if strings.Count(all, "合计：人民币") != 1 || !strings.Contains(all, "壹仟叁佰元整") {
		t.Errorf("the total must appear once, on the last part")
	}
	if got := strings.Count(all, "5101 业务活动成本"); got != 13 {
		t.Errorf("printed %d of 13 expense lines", got)
	}
}

func TestVoucherMarksDraftsAndRedInk(t *testing.T) {
	v := voucher(4, "冲销记-0001", "-50", 2)
	v.Kind, v.Status = books.VoucherReversal, books.StatusReviewed
	l, err := Vouchers("阳光社区", []books.Voucher{v}, fixed)
	if err != nil {
		t.Fatal(err)
	}
	var redAmount, status, kind bool
	for _, b := range l.Pages[0].Boxes {
		if b.Kind != Text {
			continue
		}
		redAmount = redAmount || b.Text == "-50.00" && b.Color == red
		status = status || b.Text == "已审核" && b.Color == red
		kind = kind || b.Text == "红字冲销"
	}
	if !redAmount || !status || !kind {
		t.Errorf("red-ink amount %v, status mark %v, reversal mark %v; want all", redAmount, status, kind)
	}
	if _, err := Vouchers("阳光社区", nil, fixed); books.ErrorCode(err) != books.NotFound {
		t.Errorf("no vouchers: err = %v", err)
	}
}

func sampleApplication() spending.Application {
	return spending.Application{
		No: "申-2026-0001", Compound: "阳光小区", Title: "更换3号楼单元门禁系统", Purpose: "门禁损坏，居民反映强烈", Category: "基础设施",
		Amount: yuan("8600"), Payee: "临沭安防工程有限公司", ApplicantBody: "业委会", ApplicantPerson: "王业委", Date: "2026-03-02",
		State: "paid", Level: "general", Approved: yuan("8600"), ApprovalNo: "批-2026-0007", Paper: true, Paid: yuan("8600"),
		Deliberations: []spending.Deliberation{
			{Step: "社区党组织提议", Date: "2026-03-03", Form: "支委会", Passed: true},
			{Step: "两委联席会议决定", Date: "2026-03-04", Form: "现场会议", Expected: 9, Present: 8, VotesFor: 7, VotesAbstain: 1, Voted: true, Passed: true},
		},
		Steps: []spending.StepStatus{{ProcedureStep: spending.ProcedureStep{Name: "实施结果公开"}}},
		Events: []spending.AppEvent{
			{At: "2026-03-02 09:00:00", User: "王业委", Role: "业委会", Action: "submit"},
			{At: "2026-03-05 10:00:00", User: "赵书记", Role: "社区党组织", Action: "review_approve", Opinion: "同意，按程序报街道审批"},
			{At: "2026-03-06", User: "孙主任", Role: "街道", Action: "paper_approve", Opinion: "【纸质审批】同意实施"},
		},
		Payments: []spending.Payment{{VoucherNo: "记-0003", Period: 202603, Date: "2026-03-10", Amount: yuan("8600")}},
	}
}

func TestApprovalFormShowsEveryStepAndThePaperMark(t *testing.T) {
	l, err := Approval("阳光社区", sampleApplication(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkNoOverlap(t, l)
	golden(t, "approval_a4.golden", l.Dump())
	path := writePDF(t, l, "app.pdf")
	text := pageText(t, path, 1)
	for _, want := range []string{"支出审批单", "纸质审批", "申-2026-0001", "更换3号楼单元门禁系统", "8,600.00", "捌仟陆佰元整", "批-2026-0007",
		"两委联席会议决定", "9/8", "7/0/1", "实施结果公开", "未记录", "党组织审核通过", "同意，按程序报街道审批", "赵书记（社区党组织）",
		"记-0003", "已付合计", "业委会（盖章）", "社区党组织（盖章）", "街道党工委（盖章）"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("approval form lacks %q:\n%s", want, text)
		}
	}
}

func TestReportRepeatsHeaderAndKeepsAmountsWhole(t *testing.T) {
	tab := books.Table{Title: "明细账", Subtitle: "1002 银行存款　2026年3月 — 2026年3月",
		Header: []string{"日期", "凭证号", "摘要", "科目", "小区", "借方", "贷方", "借或贷", "余额"},
		Kinds:  []books.ColumnKind{books.Text, books.Text, books.Text, books.Text, books.Text, books.MoneyColumn, books.MoneyColumn, books.Text, books.MoneyColumn}}
	for i := 1; i <= 120; i++ {
		tab.Rows = append(tab.Rows, []string{"2026-03-05", fmt.Sprintf("记-%04d", i), strings.Repeat("收到停车费", 1+i%9), "1002", "阳光小区", "1234567.89", "0.00", "借", "99999999.99"})
	}
	tab.Rows = append(tab.Rows, []string{"2026-03-31", "", "本月合计", "", "", "148148146.80", "0.00", "借", "99999999.99"})
	l, err := Report("阳光社区", tab, ReportOptions(fixed))
	if err != nil {
		t.Fatal(err)
	}
	if l.W < l.H {
		t.Errorf("reports default to landscape, got %vx%v", l.W, l.H)
	}
	if len(l.Pages) < 3 {
		t.Fatalf("120 rows on %d pages", len(l.Pages))
	}
	checkNoOverlap(t, l)
	for i, txt := range l.Text() {
		if !strings.Contains(txt, "借或贷") || !strings.Contains(txt, pageNo(i+1, len(l.Pages))) {
			t.Errorf("page %d lacks the header or its number", i+1)
		}
		if strings.Contains(txt, "1,234,567.8\n") {
			t.Errorf("page %d: an amount was broken across lines", i+1)
		}
	}
	var boldTotal bool
	for _, b := range l.Pages[len(l.Pages)-1].Boxes {
		boldTotal = boldTotal || b.Text == "148,148,146.80" && b.Bold && b.Align == Right
	}
	if !boldTotal {
		t.Errorf("the 本月合计 row is not bold and right-aligned")
	}
}
