package books

import (
	"strings"
	"testing"
)

// statementBook is a book with a year behind it and a quarter of business
// that touches most lines of 会民非01表: trust money in a 银行存款
// sub-account, allowances, a fixed asset and its depreciation, a 固定资产清理
// and an 应付工资 on their other side, restricted income, and income and
// expense not yet carried.
func statementBook(t *testing.T) *testBook {
	tb := newTestBook(t)
	for _, a := range [][3]string{{"1002", "100201", "受托代理资产"}, {"1002", "100202", "基本户"}, {"4101", "410101", "限定性收入"}} {
		if _, err := tb.accountant.AddAccount(a[0], a[1], a[2]); err != nil {
			t.Fatal(err)
		}
	}
	tb.post("2025-03-01", line("开办资金", "100202", "阳光小区", "100000", ""), line("开办资金", "3101", "阳光小区", "", "100000"))
	tb.post("2025-06-01", line("办公费", "5201", "阳光小区", "2000", ""), line("办公费", "100202", "阳光小区", "", "2000"))
	tb.post("2026-01-10", line("服务收费", "1001", "阳光小区", "500", ""), line("服务收费", "4301", "阳光小区", "", "500"))
	tb.post("2026-02-01", line("代收代付", "100201", "阳光小区", "3000", ""), line("代收代付", "2601", "阳光小区", "", "3000"))
	tb.post("2026-02-05", line("买理财", "1101", "阳光小区", "10000", ""), line("买理财", "100202", "阳光小区", "", "10000"))
	tb.post("2026-02-28", line("跌价", "5201", "阳光小区", "200", ""), line("跌价", "1102", "阳光小区", "", "200"))
	tb.post("2026-03-01", line("应收服务费", "1121", "和平小区", "1200", ""), line("应收服务费", "4301", "和平小区", "", "1200"))
	tb.post("2026-03-02", line("坏账准备", "5201", "和平小区", "100", ""), line("坏账准备", "1131", "和平小区", "", "100"))
	tb.post("2026-03-03", line("购置设备", "1501", "阳光小区", "20000", ""), line("购置设备", "2202", "阳光小区", "", "20000"))
	tb.post("2026-03-04", line("折旧", "5101", "阳光小区", "300", ""), line("折旧", "1502", "阳光小区", "", "300"))
	tb.post("2026-03-05", line("残料收入", "100202", "阳光小区", "50", ""), line("残料收入", "1509", "阳光小区", "", "50"))
	tb.post("2026-03-06", line("预支工资", "2204", "阳光小区", "80", ""), line("预支工资", "1001", "阳光小区", "", "80"))
	tb.post("2026-03-07", line("定向捐赠", "100202", "和平小区", "5000", ""), line("定向捐赠", "410101", "和平小区", "", "5000"))
	return tb
}

// amounts reads a statement as "行次 年初数 期末数" lines.
func amounts(s Statement) map[int]string {
	out := map[int]string{}
	for _, l := range s.Lines {
		if l.Line == 0 {
			continue
		}
		var parts []string
		for _, a := range l.Amounts {
			parts = append(parts, PlainYuan(a))
		}
		out[l.Line] = strings.Join(parts, " ")
	}
	return out
}

// Every line of 会民非01表 on a fixed book.
func TestNPOBalanceSheetEveryLine(t *testing.T) {
	tb := statementBook(t)
	s, err := tb.Statement(StatementBalanceSheet, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems: %q", s.Problems)
	}
	want := map[int]string{
		1: "98000.00 93470.00", 2: "0.00 9800.00", 3: "0.00 1100.00", 4: "0.00 0.00", 8: "0.00 0.00", 9: "0.00 0.00",
		15: "0.00 0.00", 18: "0.00 0.00", 20: "98000.00 104370.00",
		21: "0.00 0.00", 24: "0.00 0.00", 30: "0.00 0.00",
		31: "0.00 20000.00", 32: "0.00 300.00", 33: "0.00 19700.00", 34: "0.00 0.00", 35: "0.00 0.00", 38: "0.00 -50.00", 40: "0.00 19650.00",
		41: "0.00 0.00", 51: "0.00 3000.00", 60: "98000.00 127020.00",
		61: "0.00 0.00", 62: "0.00 20000.00", 63: "0.00 -80.00", 65: "0.00 0.00", 66: "0.00 0.00", 71: "0.00 0.00", 72: "0.00 0.00",
		74: "0.00 0.00", 78: "0.00 0.00", 80: "0.00 19920.00",
		81: "0.00 0.00", 84: "0.00 0.00", 88: "0.00 0.00", 90: "0.00 0.00", 91: "0.00 3000.00", 100: "0.00 22920.00",
		101: "98000.00 99100.00", 105: "0.00 5000.00", 110: "98000.00 104100.00", 120: "98000.00 127020.00",
	}
	got := amounts(s)
	if len(got) != len(want) {
		t.Errorf("%d numbered lines, want %d", len(got), len(want))
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if s.FormNo != "会民非01表" || s.Date != "2026年3月31日" || s.Lines[s.Right].Item != "流动负债：" {
		t.Errorf("form %q, date %q, right half from %q", s.FormNo, s.Date, s.Lines[s.Right].Item)
	}
	// One compound: 和平小区 holds the receivable, its allowance and the
	// restricted gift.
	p, err := tb.Statement(StatementBalanceSheet, 202603, tb.compoundID("和平小区"))
	if err != nil {
		t.Fatal(err)
	}
	if g := amounts(p); g[1] != "0.00 5000.00" || g[3] != "0.00 1100.00" || g[105] != "0.00 5000.00" || g[101] != "0.00 1100.00" || g[60] != g[120] || len(p.Problems) > 0 {
		t.Errorf("和平小区: 1 %q, 3 %q, 101 %q, 105 %q, 60 %q, 120 %q, problems %q", g[1], g[3], g[101], g[105], g[60], g[120], p.Problems)
	}
	tab := s.Table()
	if strings.Join(tab.Keys, ",") != "line,item,col1,col2" || tab.Rows[1][0] != "1" || tab.Rows[1][1] != "货币资金" || tab.Rows[1][3] != "93470.00" {
		t.Errorf("table %q, first line %q", tab.Keys, tab.Rows[1])
	}
}

// The checks run with every statement and say what does not tie out.
func TestBalanceSheetChecksCanFail(t *testing.T) {
	for _, tc := range []struct {
		name, edit, want string
	}{
		{"a kept balance changed by hand", `UPDATE balance SET debit_fen = debit_fen + 100 WHERE period = 202601 AND account_id = (SELECT id FROM account WHERE code = '1001')`,
			"期末数：资产总计（第 60 行）98,002.00 不等于负债和净资产总计（第 120 行）98,001.00"},
		{"a balance outside every month", `INSERT INTO balance (account_id, compound_id, period, debit_fen, credit_fen) SELECT a.id, c.id, 202513, 700, 0 FROM account a, compound c WHERE a.code = '1001' AND c.name = '阳光小区'`,
			"第 1 行“货币资金”的年初数 98,007.00 与 2025 年末资产负债表的期末数 98,000.00 不符"},
	} {
		tb := newTestBook(t)
		tb.post("2025-03-01", line("开办资金", "1002", "阳光小区", "98000", ""), line("开办资金", "3101", "阳光小区", "", "98000"))
		tb.post("2026-01-10", line("收费", "1001", "阳光小区", "1", ""), line("收费", "4301", "阳光小区", "", "1"))
		if _, err := tb.DB().Exec(tc.edit); err != nil {
			t.Fatal(err)
		}
		s, err := tb.Statement(StatementBalanceSheet, 202601, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(s.Problems, "\n"), tc.want) {
			t.Errorf("%s: problems %q, want %q", tc.name, s.Problems, tc.want)
		}
	}
}

func (tb *testBook) compoundID(name string) int64 {
	tb.t.Helper()
	var id int64
	if err := tb.DB().QueryRow(`SELECT id FROM compound WHERE name = ?`, name).Scan(&id); err != nil {
		tb.t.Fatal(err)
	}
	return id
}

// Every line of 会民非02表 on the fixed book: March's and the year's income
// and expense, restricted income in its own column.
func TestNPOActivitiesEveryLine(t *testing.T) {
	tb := statementBook(t)
	s, err := tb.Statement(StatementActivities, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) > 0 || s.Note != "" {
		t.Errorf("problems %q, note %q", s.Problems, s.Note)
	}
	z := "0.00 0.00 0.00 0.00 0.00 0.00"
	want := map[int]string{
		1: "0.00 5000.00 5000.00 0.00 5000.00 5000.00", 2: z, 3: "1200.00 0.00 1200.00 1700.00 0.00 1700.00", 4: z, 5: z, 6: z, 9: z,
		11: "1200.00 5000.00 6200.00 1700.00 5000.00 6700.00",
		12: "300.00 0.00 300.00 300.00 0.00 300.00", 21: "100.00 0.00 100.00 300.00 0.00 300.00", 24: z, 28: z,
		35: "400.00 0.00 400.00 600.00 0.00 600.00", 40: z,
		45: "800.00 5000.00 5800.00 1100.00 5000.00 6100.00",
	}
	got := amounts(s)
	if len(got) != len(want) {
		t.Errorf("%d numbered lines, want %d: %v", len(got), len(want), got)
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if s.FormNo != "会民非02表" || s.Date != "2026年3月" || len(s.Columns) != 6 {
		t.Errorf("form %q, date %q, columns %q", s.FormNo, s.Date, s.Columns)
	}
	if tab := s.Table(); strings.Join(tab.Keys, ",") != "line,item,col1,col2,col3,col4,col5,col6" {
		t.Errorf("keys %q", tab.Keys)
	}
}

// 业务活动表's parts of 业务活动成本, its note on entries straight into net
// assets, and its check against the balance sheet, which can fail.
func TestActivitiesPartsNoteAndCheck(t *testing.T) {
	tb := newTestBook(t)
	for _, a := range [][3]string{{"5101", "510101", "保洁费"}, {"5101", "510102", "绿化养护"}} {
		if _, err := tb.accountant.AddAccount(a[0], a[1], a[2]); err != nil {
			t.Fatal(err)
		}
	}
	tb.post("2026-01-02", line("期初建账", "1002", "阳光小区", "5000", ""), line("期初建账", "3101", "阳光小区", "", "5000"))
	tb.post("2026-01-05", line("保洁", "510101", "阳光小区", "120", ""), line("保洁", "1002", "阳光小区", "", "120"))
	tb.post("2026-02-05", line("绿化", "510102", "阳光小区", "80", ""), line("绿化", "1002", "阳光小区", "", "80"))
	s, err := tb.Statement(StatementActivities, 202602, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := amounts(s)
	if got[12] != "80.00 0.00 80.00 200.00 0.00 200.00" || got[13] != "0.00 0.00 0.00 120.00 0.00 120.00" || got[14] != "80.00 0.00 80.00 80.00 0.00 80.00" {
		t.Errorf("12 %q, 13 %q, 14 %q", got[12], got[13], got[14])
	}
	if !strings.Contains(s.Note, "5,000.00") || len(s.Problems) > 0 {
		t.Errorf("note %q, problems %q", s.Note, s.Problems)
	}
	if _, err := tb.DB().Exec(`UPDATE balance SET credit_fen = credit_fen + 100 WHERE period = 202601 AND account_id = (SELECT id FROM account WHERE code = '3101')`); err != nil {
		t.Fatal(err)
	}
	s, _ = tb.Statement(StatementActivities, 202602, 0)
	if w := "本年累计净资产变动额 -200.00（加直接记入净资产的 5,000.00）不等于资产负债表净资产合计的变动 4,801.00"; !strings.Contains(strings.Join(s.Problems, "\n"), w) {
		t.Errorf("problems %q, want %q", s.Problems, w)
	}
}

// Every line of 会民非03表 on the fixed book, the year to March: each money
// entry on the line its counter-account names.
func TestNPOCashFlowEveryLine(t *testing.T) {
	tb := statementBook(t)
	s, err := tb.Statement(StatementCashFlow, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems %q", s.Problems)
	}
	want := map[int]string{
		1: "5000.00", 2: "0.00", 3: "500.00", 4: "0.00", 5: "0.00", 8: "3000.00", 13: "8500.00",
		14: "0.00", 15: "80.00", 16: "0.00", 19: "0.00", 23: "80.00", 24: "8420.00",
		25: "0.00", 26: "0.00", 27: "50.00", 30: "0.00", 34: "50.00", 35: "0.00", 36: "10000.00", 39: "0.00", 43: "10000.00", 44: "-9950.00",
		45: "0.00", 48: "0.00", 50: "0.00", 51: "0.00", 52: "0.00", 55: "0.00", 58: "0.00", 59: "0.00", 60: "0.00", 61: "-1530.00",
	}
	got := amounts(s)
	if len(got) != len(want) {
		t.Errorf("%d numbered lines, want %d", len(got), len(want))
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if s.FormNo != "会民非03表" || s.Date != "2026年1月至3月" {
		t.Errorf("form %q, date %q", s.FormNo, s.Date)
	}
	// The check: a kept balance of a money account changed by hand.
	if _, err := tb.DB().Exec(`UPDATE balance SET debit_fen = debit_fen + 100 WHERE period = 202601 AND account_id = (SELECT id FROM account WHERE code = '1001')`); err != nil {
		t.Fatal(err)
	}
	s, _ = tb.Statement(StatementCashFlow, 202603, 0)
	if w := "现金及现金等价物净增加额（第 61 行）-1,530.00（加直接记入净资产的 0.00）不等于现金、银行存款等货币资金科目本年的增加额 -1,529.00"; !strings.Contains(strings.Join(s.Problems, "\n"), w) {
		t.Errorf("problems %q, want %q", s.Problems, w)
	}
}

// The year-end carry takes restricted income to 限定性净资产 (第六十一条): after
// it, the balance sheet shows the restricted gift in line 105 and the
// statements still tie out.
func TestCarryTakesRestrictedIncomeToRestrictedNetAssets(t *testing.T) {
	tb := statementBook(t)
	v, err := tb.accountant.CarryYearEnd(2026)
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(v.ID)
	var restricted bool
	for _, l := range v.Lines {
		restricted = restricted || (l.AccountCode == "3102" && l.Credit.Equal(yuan("5000")))
	}
	if !restricted {
		t.Errorf("carry lines %+v: no credit of 5,000.00 to 3102", v.Lines)
	}
	for _, kind := range []string{StatementBalanceSheet, StatementActivities, StatementCashFlow} {
		s, err := tb.Statement(kind, 202612, 0)
		if err != nil || len(s.Problems) > 0 {
			t.Errorf("%s after the carry: %q %v", kind, s.Problems, err)
		}
		if g := amounts(s); kind == StatementBalanceSheet && (g[105] != "0.00 5000.00" || g[101] != "98000.00 99100.00") {
			t.Errorf("after the carry: 101 %q, 105 %q", g[101], g[105])
		}
	}
}
