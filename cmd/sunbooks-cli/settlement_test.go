package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// income import turns a shipped workshop sheet into drafts, once; a sheet
// with a line that does not map imports nothing and names the line.
func TestIncomeImportSettlement(t *testing.T) {
	book := printBook(t, 3)
	sheet := filepath.Join("..", "..", "testdata", "结算单", "共富工坊-2026年3月-计件结算.xlsx")
	code, out, errOut := printCLI(t, "income", "import", "-book", book, "-source", "共富工坊", sheet)
	if code != 0 || !strings.Contains(out, "佣金合计 665.00") || !strings.Contains(out, "生成收入凭证草稿 2 张") {
		t.Fatalf("income import: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := printCLI(t, "income", "import", "-book", book, "-source", "共富工坊", sheet); code != 1 || !strings.Contains(errOut, "已经") {
		t.Errorf("the same sheet again: exit %d %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("日期,批次号,小区,计件工资,工坊管理费\n2026-03-02,X1,和平小区,100,10\n2026-03-03,X2,锦绣花园,100,10\n"), 0o644)
	if code, _, errOut := printCLI(t, "income", "import", "-book", book, "-source", "共富工坊", bad); code != 1 || !strings.Contains(errOut, "第 3 行：“锦绣花园”不是本账簿的小区") {
		t.Errorf("a sheet with a bad line: exit %d %q", code, errOut)
	}
	if code, out, _ := printCLI(t, "income", "sources", "-book", book); code != 0 || !strings.Contains(out, "沐街优选") || !strings.Contains(out, "工坊管理费") {
		t.Errorf("income sources: %q", out)
	}
	if code, out, errOut := printCLI(t, "income", "mapping", "-book", book, "-source", "邻里团", "-category", "团购佣金", "-date", "日期",
		"-ref", "单号", "-compound", "站点", "-commission", "佣金"); code != 0 || !strings.Contains(out, "邻里团") {
		t.Errorf("income mapping: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := printCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("verify: %s", errOut)
	}
}
