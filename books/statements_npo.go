package books

import (
	"fmt"
	"strings"
)

// The statements of 民间非营利组织会计制度 (财会〔2004〕7号).
//
// Where each line comes from: the 制度's 第五部分 会计报表编制说明 (read in the
// full text published as zhaoyh603/zhaoyh603.github.io docs/zd/mfkj/0.md),
// item by item: 货币资金 = 现金 + 银行存款 + 其他货币资金 less their 受托代理资产
// sub-accounts, which 受托代理资产 adds; each valuation allowance (1102, 1131,
// 1202, 1421, 1502) is deducted from its asset; 固定资产清理 and the
// liabilities 应付工资 and 应交税金 show a balance on the other side with −.
// The 行次 are those of the printed 会民非01表, as reproduced alike by the
// civil-affairs annual-inspection forms (A1500/cam) and other public copies
// of the form (see ../shared/reference/statements.md); checked line by line
// against both on 2026-12-07.
//
// Lines the 制度 fills "by analysis" (一年内到期的长期债权投资, 一年内到期的长期
// 负债, 其他长期负债) need facts a ledger does not hold (when a debt falls
// due) and stay empty; 其他流动资产 and 其他流动负债 take first-level accounts a
// book added beyond the chart, so nothing falls off the statement. The
// allowance 1421 is deducted from 长期股权投资 whole: the chart does not split
// it between equity and debt investments.

// npoLine is one line of a form: its 行次 and item, and what fills it —
// accounts (each with its sub-accounts) and other lines added (or, given
// negative, subtracted).
type npoLine struct {
	line     int
	item     string
	indent   int
	heading  bool
	total    bool
	accounts []string
	lines    []int
	// contra shows an allowance's balance as the positive amount the form
	// subtracts (减：累计折旧).
	contra bool
}

// npoBalanceLeft and npoBalanceRight are 会民非01表's two halves.
var npoBalanceLeft = []npoLine{
	{item: "流动资产：", heading: true},
	{line: 1, item: "货币资金", indent: 1, accounts: []string{"1001", "1002", "1009"}},
	{line: 2, item: "短期投资", indent: 1, accounts: []string{"1101", "1102"}},
	{line: 3, item: "应收款项", indent: 1, accounts: []string{"1111", "1121", "1122", "1131"}},
	{line: 4, item: "预付账款", indent: 1, accounts: []string{"1141"}},
	{line: 8, item: "存货", indent: 1, accounts: []string{"1201", "1202"}},
	{line: 9, item: "待摊费用", indent: 1, accounts: []string{"1301"}},
	{line: 15, item: "一年内到期的长期债权投资", indent: 1},
	{line: 18, item: "其他流动资产", indent: 1},
	{line: 20, item: "流动资产合计", total: true, lines: []int{1, 2, 3, 4, 8, 9, 15, 18}},
	{item: "长期投资：", heading: true},
	{line: 21, item: "长期股权投资", indent: 1, accounts: []string{"1401", "1421"}},
	{line: 24, item: "长期债权投资", indent: 1, accounts: []string{"1402"}, lines: []int{-15}},
	{line: 30, item: "长期投资合计", total: true, lines: []int{21, 24}},
	{item: "固定资产：", heading: true},
	{line: 31, item: "固定资产原价", indent: 1, accounts: []string{"1501"}},
	{line: 32, item: "减：累计折旧", indent: 1, accounts: []string{"1502"}, contra: true},
	{line: 33, item: "固定资产净值", indent: 1, lines: []int{31, -32}},
	{line: 34, item: "在建工程", indent: 1, accounts: []string{"1505"}},
	{line: 35, item: "文物文化资产", indent: 1, accounts: []string{"1506"}},
	{line: 38, item: "固定资产清理", indent: 1, accounts: []string{"1509"}},
	{line: 40, item: "固定资产合计", total: true, lines: []int{33, 34, 35, 38}},
	{item: "无形资产：", heading: true},
	{line: 41, item: "无形资产", indent: 1, accounts: []string{"1601"}},
	{item: "受托代理资产：", heading: true},
	{line: 51, item: "受托代理资产", indent: 1, accounts: []string{"1701"}},
	{line: 60, item: "资产总计", total: true, lines: []int{20, 30, 40, 41, 51}},
}

var npoBalanceRight = []npoLine{
	{item: "流动负债：", heading: true},
	{line: 61, item: "短期借款", indent: 1, accounts: []string{"2101"}},
	{line: 62, item: "应付款项", indent: 1, accounts: []string{"2201", "2202", "2209"}},
	{line: 63, item: "应付工资", indent: 1, accounts: []string{"2204"}},
	{line: 65, item: "应交税金", indent: 1, accounts: []string{"2206"}},
	{line: 66, item: "预收账款", indent: 1, accounts: []string{"2203"}},
	{line: 71, item: "预提费用", indent: 1, accounts: []string{"2301"}},
	{line: 72, item: "预计负债", indent: 1, accounts: []string{"2401"}},
	{line: 74, item: "一年内到期的长期负债", indent: 1},
	{line: 78, item: "其他流动负债", indent: 1},
	{line: 80, item: "流动负债合计", total: true, lines: []int{61, 62, 63, 65, 66, 71, 72, 74, 78}},
	{item: "长期负债：", heading: true},
	{line: 81, item: "长期借款", indent: 1, accounts: []string{"2501"}},
	{line: 84, item: "长期应付款", indent: 1, accounts: []string{"2502"}},
	{line: 88, item: "其他长期负债", indent: 1},
	{line: 90, item: "长期负债合计", total: true, lines: []int{81, 84, 88}},
	{item: "受托代理负债：", heading: true},
	{line: 91, item: "受托代理负债", indent: 1, accounts: []string{"2601"}},
	{line: 100, item: "负债合计", total: true, lines: []int{80, 90, 91}},
	{item: "净资产：", heading: true},
	{line: 101, item: "非限定性净资产", indent: 1, accounts: []string{"3101"}},
	{line: 105, item: "限定性净资产", indent: 1, accounts: []string{"3102"}},
	{line: 110, item: "净资产合计", total: true, lines: []int{101, 105}},
	{line: 120, item: "负债和净资产总计", total: true, lines: []int{100, 110}},
}

// npoBalanceValues fills the balance sheet's lines in fen, in the form's
// order: a line on the left is its accounts' debit balance, one on the
// right their credit balance, plus the lines it adds; bal reads an
// account's balance, debit − credit, its sub-accounts included.
func npoBalanceValues(c *chart, bal func(a *Account) int64) map[int]int64 {
	named := map[string]bool{}
	for _, l := range append(append([]npoLine{}, npoBalanceLeft...), npoBalanceRight...) {
		for _, code := range l.accounts {
			named[code] = true
		}
	}
	var trust, unrestricted, restricted, otherAssets, otherLiabilities, otherNet int64
	for i := range c.list {
		a := &c.list[i]
		p := c.byID[a.ParentID]
		switch {
		// 受托代理 money kept in 现金, 银行存款 or 其他货币资金 sub-accounts
		// is 受托代理资产, not 货币资金.
		case p != nil && p.ParentID == 0 && (p.Code == "1001" || p.Code == "1002" || p.Code == "1009") && strings.Contains(a.Name, "受托代理"):
			trust += bal(a)
		// Income and expense not yet carried into net assets (the book
		// carries them at the year's end) are net assets already:
		// restricted income (a 限定性收入 sub-account) in 限定性净资产, the
		// rest in 非限定性净资产.
		case (a.Class == ClassIncome || a.Class == ClassExpense) && a.ParentID == 0:
			unrestricted -= bal(a)
		case a.Class == ClassIncome && isRestricted(a.Name) && !restrictedAbove(c, a):
			restricted -= bal(a)
		// First-level accounts a book added beyond the chart.
		case a.ParentID == 0 && !named[a.Code] && a.Class == ClassAsset:
			otherAssets += bal(a)
		case a.ParentID == 0 && !named[a.Code] && a.Class == ClassLiability:
			otherLiabilities -= bal(a)
		case a.ParentID == 0 && !named[a.Code] && a.Class == ClassNetAsset:
			otherNet -= bal(a)
		}
	}
	extra := map[int]int64{1: -trust, 51: trust, 18: otherAssets, 78: otherLiabilities, 101: unrestricted - restricted + otherNet, 105: restricted}
	return formValues(c, npoBalanceLeft, npoBalanceRight, bal, extra)
}

// isRestricted tells a 限定性收入 sub-account from a 非限定性收入 one.
func isRestricted(name string) bool {
	return strings.Contains(name, "限定性") && !strings.Contains(name, "非限定性")
}

// restrictedAbove reports whether an account above a is already counted as
// restricted.
func restrictedAbove(c *chart, a *Account) bool {
	for p := c.byID[a.ParentID]; p != nil; p = c.byID[p.ParentID] {
		if isRestricted(p.Name) {
			return true
		}
	}
	return false
}

// npoBalanceSheet builds 会民非01表 at the end of s.At, with its checks.
func (b *Book) npoBalanceSheet(s *Statement) error {
	s.Title, s.FormNo, s.Date, s.Columns = "资产负债表", "会民非01表", monthEnd(s.At), []string{"年初数", "期末数"}
	c, err := b.loadChart()
	if err != nil {
		return err
	}
	year := Period(s.At.Year()*100 + 1)
	sums, err := b.rangeSums(c, year, s.At, s.CompoundID)
	if err != nil {
		return internal("balance sheet", err)
	}
	get := func(a *Account, end bool) int64 {
		x := sums[a.ID]
		if x == nil {
			return 0
		}
		if end {
			return x.open + x.debit - x.credit
		}
		return x.open
	}
	ys := npoBalanceValues(c, func(a *Account) int64 { return get(a, false) })
	end := npoBalanceValues(c, func(a *Account) int64 { return get(a, true) })
	add := func(lines []npoLine) {
		for _, l := range lines {
			sl := StatementLine{Line: l.line, Item: l.item, Indent: l.indent, Total: l.total}
			if !l.heading {
				sl.Amounts = []Money{FromFen(ys[l.line]), FromFen(end[l.line])}
			}
			s.Lines = append(s.Lines, sl)
		}
	}
	add(npoBalanceLeft)
	s.Right = len(s.Lines)
	add(npoBalanceRight)
	for col, v := range []map[int]int64{ys, end} {
		if v[60] != v[120] {
			s.Problems = append(s.Problems, fmt.Sprintf("%s：资产总计（第 60 行）%s 不等于负债和净资产总计（第 120 行）%s", s.Columns[col], FormatYuan(FromFen(v[60])), FormatYuan(FromFen(v[120]))))
		}
	}
	// 年初数 is last year's 期末数, line by line.
	prev := Period((s.At.Year()-1)*100 + 12)
	psums, err := b.rangeSums(c, Period((s.At.Year()-1)*100+1), prev, s.CompoundID)
	if err != nil {
		return internal("balance sheet", err)
	}
	last := npoBalanceValues(c, func(a *Account) int64 {
		if x := psums[a.ID]; x != nil {
			return x.open + x.debit - x.credit
		}
		return 0
	})
	for _, l := range append(append([]npoLine{}, npoBalanceLeft...), npoBalanceRight...) {
		if !l.heading && last[l.line] != ys[l.line] {
			s.Problems = append(s.Problems, fmt.Sprintf("第 %d 行“%s”的年初数 %s 与 %d 年末资产负债表的期末数 %s 不符", l.line, l.item,
				FormatYuan(FromFen(ys[l.line])), s.At.Year()-1, FormatYuan(FromFen(last[l.line]))))
		}
	}
	return nil
}
