package books

// 会民非03表 现金流量表 of 民间非营利组织会计制度, by the direct method: the
// year's cash receipts and payments by activity.
//
// Where each line comes from: the 制度's 编制说明 (三、现金流量表编制说明, read
// as for the balance sheet, statements_npo.go) fills each line "by analysing
// the records of 现金, 银行存款 and" the accounts it names; here every posted
// voucher that moves money (an account the chart marks as cash, bank or other
// money) is analysed against its other lines: each counter-line's amount
// goes to the line its account names in the 编制说明 — money in from 捐赠收入
// to 接受捐赠收到的现金, out to 应付工资 to 支付给员工以及为员工支付的现金, out to
// 固定资产 to 购建固定资产和无形资产所支付的现金, and so on (cashFlowLine).
// Money moved between money accounts is no flow, nor is money booked
// straight against net assets (期初建账), which the note names. The 行次 are the printed
// form's (../shared/reference/statements.md). The year-end carry moves no
// money and is left out.
//
// A voucher that pays an expense and, in the same voucher, books another
// non-cash entry shows both on their lines (the net is right, the gross
// amounts are the entries'); one that moves money between compounds shows,
// in a compound's statement, as other money in or out.

import (
	"fmt"
	"strings"
)

// cashFlowLines are 会民非03表's lines: headings, items, and the subtotals
// each adds up (or, for a net line, inflow total minus outflow total).
var cashFlowLines = []npoLine{
	{item: "一、业务活动产生的现金流量：", heading: true},
	{line: 1, item: "接受捐赠收到的现金", indent: 1},
	{line: 2, item: "收取会费收到的现金", indent: 1},
	{line: 3, item: "提供服务收到的现金", indent: 1},
	{line: 4, item: "销售商品收到的现金", indent: 1},
	{line: 5, item: "政府补助收到的现金", indent: 1},
	{line: 8, item: "收到的其他与业务活动有关的现金", indent: 1},
	{line: 13, item: "现金流入小计", total: true, lines: []int{1, 2, 3, 4, 5, 8}},
	{line: 14, item: "提供捐赠或者资助支付的现金", indent: 1},
	{line: 15, item: "支付给员工以及为员工支付的现金", indent: 1},
	{line: 16, item: "购买商品、接受服务支付的现金", indent: 1},
	{line: 19, item: "支付的其他与业务活动有关的现金", indent: 1},
	{line: 23, item: "现金流出小计", total: true, lines: []int{14, 15, 16, 19}},
	{line: 24, item: "业务活动产生的现金流量净额", total: true, lines: []int{13, -23}},
	{item: "二、投资活动产生的现金流量：", heading: true},
	{line: 25, item: "收回投资所收到的现金", indent: 1},
	{line: 26, item: "取得投资收益所收到的现金", indent: 1},
	{line: 27, item: "处置固定资产和无形资产所收回的现金", indent: 1},
	{line: 30, item: "收到的其他与投资活动有关的现金", indent: 1},
	{line: 34, item: "现金流入小计", total: true, lines: []int{25, 26, 27, 30}},
	{line: 35, item: "购建固定资产和无形资产所支付的现金", indent: 1},
	{line: 36, item: "对外投资所支付的现金", indent: 1},
	{line: 39, item: "支付的其他与投资活动有关的现金", indent: 1},
	{line: 43, item: "现金流出小计", total: true, lines: []int{35, 36, 39}},
	{line: 44, item: "投资活动产生的现金流量净额", total: true, lines: []int{34, -43}},
	{item: "三、筹资活动产生的现金流量：", heading: true},
	{line: 45, item: "借款所收到的现金", indent: 1},
	{line: 48, item: "收到的其他与筹资活动有关的现金", indent: 1},
	{line: 50, item: "现金流入小计", total: true, lines: []int{45, 48}},
	{line: 51, item: "偿还借款所支付的现金", indent: 1},
	{line: 52, item: "偿付利息所支付的现金", indent: 1},
	{line: 55, item: "支付的其他与筹资活动有关的现金", indent: 1},
	{line: 58, item: "现金流出小计", total: true, lines: []int{51, 52, 55}},
	{line: 59, item: "筹资活动产生的现金流量净额", total: true, lines: []int{50, -58}},
	{line: 60, item: "四、汇率变动对现金的影响额"},
	{line: 61, item: "五、现金及现金等价物净增加额", total: true, lines: []int{24, 44, 59, 60}},
}

// cashFlowLine is the line money in (in) or out through an entry on
// account a (a first-level account, or below it) goes to.
func cashFlowLine(c *chart, a *Account, in bool) int {
	top := a
	for p := c.byID[top.ParentID]; p != nil; p = c.byID[p.ParentID] {
		top = p
	}
	code := top.Code
	if in {
		switch code {
		case "4101":
			return 1
		case "4201":
			return 2
		case "4301", "1111", "1121", "2203":
			return 3
		case "4501":
			return 4
		case "4401":
			return 5
		case "1101", "1401", "1402":
			return 25
		case "4601":
			return 26
		case "1501", "1509", "1601":
			return 27
		case "2101", "2501":
			return 45
		}
		return 8
	}
	switch code {
	case "5101":
		// 业务活动成本 paid as help to people is 提供捐赠或者资助.
		for x := a; x != nil && x.ID != top.ID; x = c.byID[x.ParentID] {
			for _, w := range []string{"资助", "帮扶", "慰问", "救助", "捐赠"} {
				if strings.Contains(x.Name, w) {
					return 14
				}
			}
		}
		return 16
	case "2204":
		return 15
	case "2201", "2202", "1141", "1201":
		return 16
	case "1501", "1505", "1506", "1601":
		return 35
	case "1101", "1401", "1402":
		return 36
	case "2101", "2501":
		return 51
	case "5301":
		return 52
	case "2502":
		return 55
	}
	return 19
}

// npoCashFlow builds 会民非03表 for the year to the end of s.At, with its
// check against the money accounts' balances.
func (b *Book) npoCashFlow(d *statementLines, s *Statement) error {
	s.Title, s.FormNo, s.Columns = "现金流量表", "会民非03表", []string{"金额"}
	s.Date = fmt.Sprintf("%d年度", s.At.Year())
	if s.At.Month() < 12 {
		s.Date = fmt.Sprintf("%d年1月至%d月", s.At.Year(), s.At.Month())
	}
	c := d.c
	from := Period(s.At.Year()*100 + 1)
	if err := d.readFlows(b); err != nil {
		return internal("cash flow", err)
	}
	v, direct := d.yearFlows(s.At, s.CompoundID)
	for _, l := range cashFlowLines {
		if len(l.lines) > 0 {
			var x int64
			for _, n := range l.lines {
				if n < 0 {
					x -= v[-n]
				} else {
					x += v[n]
				}
			}
			v[l.line] = x
		}
		sl := StatementLine{Line: l.line, Item: l.item, Indent: l.indent, Total: l.total}
		if !l.heading {
			sl.Amounts = []Money{FromFen(v[l.line])}
		}
		s.Lines = append(s.Lines, sl)
	}
	// 现金及现金等价物净增加额 is what the money accounts gained in the year.
	sums, err := b.rangeSums(c, from, s.At, s.CompoundID)
	if err != nil {
		return internal("cash flow", err)
	}
	var change int64
	for i := range c.list {
		if a := &c.list[i]; a.ParentID == 0 && a.Monetary != "" {
			if x := sums[a.ID]; x != nil {
				change += x.debit - x.credit
			}
		}
	}
	if direct != 0 {
		s.Note = fmt.Sprintf("本年有直接记入净资产的货币资金（如期初建账）合计 %s 元，不列入现金流量", FormatYuan(FromFen(direct)))
	}
	if v[61]+direct != change {
		s.Problems = append(s.Problems, fmt.Sprintf("现金及现金等价物净增加额（第 61 行）%s（加直接记入净资产的 %s）不等于现金、银行存款等货币资金科目本年的增加额 %s",
			FormatYuan(FromFen(v[61])), FormatYuan(FromFen(direct)), FormatYuan(FromFen(change))))
	}
	return nil
}
