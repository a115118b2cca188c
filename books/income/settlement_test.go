package income

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
)

// example is a settlement sheet shipped in testdata/结算单.
func example(name string) string { return filepath.Join("..", "..", "testdata", "结算单", name) }

const (
	groupBuySheet = "沐街优选-2026年3月-团长佣金.csv"
	workshopSheet = "共富工坊-2026年3月-计件结算.xlsx"
)

// feeBook is a test book with an approval-exempt 银行手续费 account, which
// takes the fees a platform keeps.
func feeBook(t *testing.T) *testBook {
	t.Helper()
	tb := newTestBook(t)
	if _, err := tb.accountant.AddAccount("5201", "520102", "银行手续费"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetApprovalExempt("520102", true, "平台和银行扣收的手续费"); err != nil {
		t.Fatal(err)
	}
	return tb
}

// voucherLines writes a voucher's lines as "code compound debit/credit".
func voucherLines(t *testing.T, b *books.Book, p books.Period, no string) string {
	t.Helper()
	v, err := b.VoucherByNo(p, no)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range v.Lines {
		out = append(out, fmt.Sprintf("%s %s %s/%s", l.AccountCode, l.CompoundName, books.PlainYuan(l.Debit), books.PlainYuan(l.Credit)))
	}
	return v.Status + " " + v.Date + ": " + strings.Join(out, ", ")
}

// The two shipped sheets — a GBK CSV of group-buying commission with fees
// and a refund, an .xlsx of workshop piece-work — become a draft per
// compound and month on the right accounts; the same file twice is refused.
func TestShippedSettlementSheetsImport(t *testing.T) {
	tb := feeBook(t)
	res, err := ImportSettlement(tb.cashier, SourceGroupBuy, example(groupBuySheet))
	if err != nil {
		t.Fatalf("group-buying sheet: %s", books.ErrorMessage(err))
	}
	if res.Lines != 8 || len(res.Vouchers) != 2 || books.PlainYuan(res.Commission) != "151.04" || books.PlainYuan(res.Fees) != "7.69" || res.Encoding != books.EncodingGB18030 {
		t.Fatalf("group-buying result %+v", res)
	}
	want := map[string]string{
		// 和平小区 sorts before 阳光小区.
		res.Vouchers[0].VoucherNo: "draft 2026-03-20: 1002 和平小区 27.70/0.00, 520102 和平小区 1.46/0.00, 490101 和平小区 0.00/29.16",
		res.Vouchers[1].VoucherNo: "draft 2026-03-28: 1002 阳光小区 115.65/0.00, 520102 阳光小区 6.23/0.00, 490101 阳光小区 0.00/121.88",
	}
	for no, w := range want {
		if got := voucherLines(t, tb.Book, 202603, no); got != w {
			t.Errorf("%s: %s, want %s", no, got, w)
		}
	}
	if v := res.Vouchers[1]; v.Compound != "阳光小区" || v.Lines != 5 || books.PlainYuan(v.Gross) != "1218.80" {
		t.Errorf("阳光小区's voucher %+v", v)
	}
	if _, err := ImportSettlement(tb.accountant, SourceGroupBuy, example(groupBuySheet)); books.ErrorCode(err) != books.Conflict {
		t.Errorf("the same sheet again: %v", err)
	}

	res, err = ImportSettlement(tb.accountant, SourceWorkshop, example(workshopSheet))
	if err != nil {
		t.Fatalf("workshop sheet: %s", books.ErrorMessage(err))
	}
	if len(res.Vouchers) != 2 || books.PlainYuan(res.Commission) != "665.00" || !res.Fees.IsZero() {
		t.Fatalf("workshop result %+v", res)
	}
	if got := voucherLines(t, tb.Book, 202603, res.Vouchers[1].VoucherNo); got != "draft 2026-03-18: 1002 阳光小区 340.00/0.00, 490102 阳光小区 0.00/340.00" {
		t.Errorf("workshop voucher of 阳光小区 (its first batch dated by a spreadsheet day number): %s", got)
	}
	items, err := IncomeItems(tb.Book, 202603, 202603)
	if err != nil || len(items) != 4 || items[0].Payer == "" {
		t.Errorf("income items: %+v %v", items, err)
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify: %q %v", problems, err)
	}
}

// A sheet with lines that do not map imports nothing and names every line
// with its reason.
func TestSettlementWithBadLinesImportsNothing(t *testing.T) {
	tb := feeBook(t)
	sheet := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(sheet, []byte(strings.Join([]string{
		"结算日期,订单号,自提点,订单金额,团长佣金,平台服务费",
		"2026-03-02,A1,阳光小区,10.00,1.00,0.05",
		"2026-03-02,A1,阳光小区,10.00,1.00,0.05",
		"2026-13-02,A2,阳光小区,10.00,1.00,0.05",
		"2026-03-03,A3,幸福小区,10.00,1.00,0.05",
		"2026-03-04,A4,和平小区,10.00,,0.05",
		"2026-03-05,A5,和平小区,10.00,一元,0.05",
		"2026-03-06,A6,和平小区,10.00,1.00,-0.05",
		"2027-02-01,A7,和平小区,10.00,1.00,0.05",
		"2026-04-01,A8,和平小区,10.00,1.00,2.00",
	}, "\n")+"\n"), 0o644)
	before := voucherCount(t, tb.Book)
	_, err := ImportSettlement(tb.accountant, SourceGroupBuy, sheet)
	var m *books.MultiError
	if !asMulti(err, &m) {
		t.Fatalf("bad sheet: %v", err)
	}
	msg := books.ErrorMessage(err)
	for _, want := range []string{"第 3 行：单号 A1 与第 2 行重复", "第 4 行：日期“2026-13-02”看不懂", "第 5 行：“幸福小区”不是本账簿的小区",
		"第 6 行：缺少佣金", "第 7 行：佣金“一元”", "第 8 行：手续费不能为负数", "第 9 行：日期 2027-02-01 在今天（2027-01-15）之后",
		"第 10 行：和平小区 2026年4月的手续费合计 2.00 大于佣金合计 1.00", "没有导入任何一行"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, msg)
		}
	}
	if voucherCount(t, tb.Book) != before {
		t.Error("a sheet with bad lines imported vouchers")
	}
	var files int
	tb.DB().QueryRow(`SELECT count(*) FROM settlement_file`).Scan(&files)
	if files != 0 {
		t.Error("a refused sheet was recorded")
	}
}

func asMulti(err error, m **books.MultiError) bool {
	e, ok := err.(*books.MultiError)
	if !ok {
		var w interface{ Unwrap() error }
		if w, ok = err.(interface{ Unwrap() error }); ok {
			return asMulti(w.Unwrap(), m)
		}
		return false
	}
	*m = e
	return true
}

func voucherCount(t *testing.T, b *books.Book) int {
	var n int
	b.DB().QueryRow(`SELECT count(*) FROM voucher`).Scan(&n)
	return n
}

// A sheet whose headers are not the mapping's is named for what it lacks; a
// mapping the book keeps reads it; only the 会计 sets one.
func TestSettlementMappingKeptInTheBook(t *testing.T) {
	tb := feeBook(t)
	sheet := filepath.Join(t.TempDir(), "other.csv")
	os.WriteFile(sheet, []byte("日期,单号,站点,佣金\n2026-03-02,B1,和平小区,12.50\n2026-03-09,B2,和平小区,7.50\n"), 0o644)
	if _, err := ImportSettlement(tb.accountant, SourceGroupBuy, sheet); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "“结算日期”") {
		t.Errorf("a sheet of other headers: %v", err)
	}
	src := SettlementSource{Name: "邻里团", Category: CategoryGroupBuy, Date: "日期", Ref: "单号", Compound: "站点", Commission: "佣金"}
	if err := SetSettlementSource(tb.cashier, src); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("a 出纳 set a mapping: %v", err)
	}
	if err := SetSettlementSource(tb.accountant, SettlementSource{Name: "x", Category: "没有的类别", Date: "a", Ref: "b", Compound: "c", Commission: "d"}); books.ErrorCode(err) != books.NotFound {
		t.Errorf("a mapping to an unknown category: %v", err)
	}
	if err := SetSettlementSource(tb.accountant, src); err != nil {
		t.Fatal(err)
	}
	res, err := ImportSettlement(tb.accountant, "邻里团", sheet)
	if err != nil || len(res.Vouchers) != 1 || books.PlainYuan(res.Commission) != "20.00" {
		t.Fatalf("import through the kept mapping: %+v %v", res, err)
	}
	sources, _ := SettlementSources(tb.Book)
	if len(sources) != 3 || sources[2].Name != "邻里团" && sources[0].Name != "邻里团" {
		t.Errorf("sources: %+v", sources)
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify: %q %v", problems, err)
	}
}

// Fees with nowhere to go are refused with what to do; a fee account that
// needs approval is refused by name.
func TestSettlementFeesNeedAnExemptAccount(t *testing.T) {
	tb := newTestBook(t)
	_, err := ImportSettlement(tb.accountant, SourceGroupBuy, example(groupBuySheet))
	if books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "-fee-account") {
		t.Errorf("fees with no 手续费 account: %v", err)
	}
	if _, err := tb.accountant.AddAccount("5201", "520109", "其他费用"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetApprovalExempt("520109", false, "其他费用须经审批"); err != nil {
		t.Fatal(err)
	}
	src := ShippedSources()[0]
	src.FeeAccount = "520109"
	if err := SetSettlementSource(tb.accountant, src); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "不是免审批科目") {
		t.Errorf("a fee account that needs approval: %v", err)
	}
}

// An order is income once: a different file bringing an order imported
// before is refused, naming where it went; deleting the drafts of an import
// lets its file in again; a posted settlement voucher reversed releases its
// orders.
func TestSettlementOrdersAreIncomeOnce(t *testing.T) {
	tb := newTestBook(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("日期,批次号,小区,计件工资,工坊管理费\n"+body), 0o644)
		return p
	}
	first := write("a.csv", "2026-03-02,G1,和平小区,100,10\n2026-03-03,G2,和平小区,100,10\n")
	res, err := ImportSettlement(tb.accountant, SourceWorkshop, first)
	if err != nil {
		t.Fatal(err)
	}
	again := write("b.csv", "2026-03-04,G3,和平小区,100,10\n2026-03-03,G2,和平小区,100,10\n")
	_, err = ImportSettlement(tb.accountant, SourceWorkshop, again)
	if msg := books.ErrorMessage(err); !strings.Contains(msg, "第 3 行：单号 G2 已经导入过") || !strings.Contains(msg, "a.csv") || !strings.Contains(msg, res.Vouchers[0].VoucherNo) {
		t.Errorf("an order imported before, in another file: %v", err)
	}
	// The drafts deleted, the same file comes in again.
	v, _ := tb.VoucherByNo(202603, res.Vouchers[0].VoucherNo)
	if err := tb.accountant.DeleteVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	res, err = ImportSettlement(tb.accountant, SourceWorkshop, first)
	if err != nil {
		t.Fatalf("the file again after its draft was deleted: %v", err)
	}
	// Posted, then reversed: its orders may come in again.
	v, _ = tb.VoucherByNo(202603, res.Vouchers[0].VoucherNo)
	tb.postID(v.ID)
	r, err := tb.accountant.ReverseVoucher(v.ID, "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportSettlement(tb.accountant, SourceWorkshop, again); err == nil {
		t.Fatal("an order of a posted voucher came in again before its reversal was posted")
	}
	tb.postID(r.ID)
	if _, err := ImportSettlement(tb.accountant, SourceWorkshop, again); err != nil {
		t.Errorf("after the reversal: %v", err)
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify: %q %v", problems, err)
	}
}
