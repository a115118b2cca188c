package books

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSafeCellBlocksFormulas(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"+86 139", "'+86 139"},
		{"@cmd", "'@cmd"},
		{"-2+3", "'-2+3"},
		{"\t=1", "'\t=1"},
		{"-300.00", "-300.00"},
		{"-5", "-5"},
		{"-5.", "'-5."},
		{"物业用房租金", "物业用房租金"},
		{"", ""},
	}
	for _, c := range cases {
		if got := safeCell(c.in); got != c.want {
			t.Errorf("safeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func testTable() Table {
	return Table{
		Title: "科目余额表", Subtitle: "2026年1月",
		Keys:   []string{"code", "name", "amount"},
		Header: []string{"科目代码", "科目名称", "金额"},
		Kinds:  []ColumnKind{Text, Text, MoneyColumn},
		Rows:   [][]string{{"1002", "银行存款", "1234567.50"}, {"合计", "", "-3.00"}, {"5101", "业务活动成本", "0.00"}},
	}
}

func TestTableCSVUsesKeysAndPlainAmounts(t *testing.T) {
	var buf bytes.Buffer
	if err := testTable().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := "code,name,amount\n1002,银行存款,1234567.50\n合计,,-3.00\n5101,业务活动成本,0.00\n"
	if buf.String() != want {
		t.Errorf("csv = %q, want %q", buf.String(), want)
	}
}

func TestTableTextAlignsWideCharactersAndMoney(t *testing.T) {
	var buf bytes.Buffer
	if err := testTable().WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if lines[0] != "科目余额表" || len(lines) != 6 {
		t.Fatalf("text table:\n%s", buf.String())
	}
	// Amounts end in the same column, with separators; a zero is blank.
	end := displayWidth(lines[3])
	if !strings.HasSuffix(lines[3], "1,234,567.50") || displayWidth(lines[4]) != end || !strings.HasSuffix(lines[4], "-3.00") {
		t.Errorf("money not right-aligned:\n%s", buf.String())
	}
	if strings.Contains(lines[5], "0.00") {
		t.Errorf("zero amount printed: %q", lines[5])
	}
	if displayWidth("银行存款") != 8 {
		t.Errorf("displayWidth(银行存款) = %d, want 8", displayWidth("银行存款"))
	}
}

func TestTableXLSXWritesMoneyAsNumbers(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.xlsx")
	if err := testTable().WriteXLSX(p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "科目余额表" {
		t.Errorf("sheet %q", sheet)
	}
	if v, _ := f.GetCellValue(sheet, "A1"); v != "科目余额表" {
		t.Errorf("A1 = %q", v)
	}
	if typ, _ := f.GetCellType(sheet, "C4"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("money cell C4 is text")
	}
	if v, _ := f.GetCellValue(sheet, "C4"); v != "1,234,567.50" {
		t.Errorf("C4 shows %q, want 1,234,567.50", v)
	}
	if v, _ := f.GetCellValue(sheet, "A4"); v != "1002" {
		t.Errorf("A4 = %q: codes stay text", v)
	}
}
