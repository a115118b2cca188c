package printouts

import (
	"strings"
	"testing"

	"sunbooks/books"
)

// sampleStatement is a two-sided balance sheet with one failed check.
func sampleStatement() books.Statement {
	line := func(no int, item string, indent int, total bool, ys, end string) books.StatementLine {
		return books.StatementLine{Line: no, Item: item, Indent: indent, Total: total, Amounts: []books.Money{yuan(ys), yuan(end)}}
	}
	return books.Statement{
		Kind: books.StatementBalanceSheet, Title: "资产负债表", FormNo: "会民非01表", Unit: "城关街道阳光社区", Date: "2026年3月31日",
		At: 202603, CompoundName: "阳光小区", Columns: []string{"年初数", "期末数"}, Right: 4,
		Lines: []books.StatementLine{
			{Item: "流动资产：", Indent: 0},
			line(1, "货币资金", 1, false, "98000", "93470"),
			line(20, "流动资产合计", 0, true, "98000", "93470"),
			line(60, "资产总计", 0, true, "98000", "93470"),
			{Item: "净资产：", Indent: 0},
			line(101, "非限定性净资产", 1, false, "98000", "93470"),
			line(120, "负债和净资产总计", 0, true, "98000", "93471"),
		},
		Problems: []string{"期末数：资产总计（第 60 行）93,470.00 不等于负债和净资产总计（第 120 行）93,471.00"},
	}
}

// The statement prints as its official form: number, title, unit, date,
// both halves with their 行次, the failed check, the sign-off line.
func TestStatementPDFIsTheForm(t *testing.T) {
	l, err := Statement(sampleStatement(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, l, "statement.pdf")
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	text := pageText(t, path, 1)
	for _, want := range []string{
		"会民非01表", "资产负债表", "编制单位：城关街道阳光社区（阳光小区）", "2026年3月31日", "单位：元",
		"资产", "行次", "年初数", "期末数", "负债和净资产", "货币资金", "98,000.00", "93,470.00", "非限定性净资产", "101", "120",
		"校验未通过：期末数：资产总计（第 60 行）93,470.00 不等于负债和净资产总计（第 120 行）93,471.00",
		"单位负责人：", "会计：", "制表：", "第 1 页 共 1 页",
	} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("statement text lacks %q:\n%s", want, text)
		}
	}
}
