package books

// 会民非02表 业务活动表 of 民间非营利组织会计制度: the month's and the year's
// income and expense, each split 非限定性 / 限定性 / 合计.
//
// Where each line comes from: the 制度's 编制说明 (二、业务活动表编制说明, read
// as for the balance sheet, statements_npo.go): each income line is its
// account's amount for the period, split by restriction; 投资收益 a net loss
// with −; 业务活动成本's parts (its sub-accounts) on the lines between 12 and
// 21; every expense is 非限定性; 限定性净资产转为非限定性净资产 is analysed from
// 限定性净资产 and 非限定性净资产 — here, what the period moved out of
// 限定性净资产 by vouchers other than the year-end carry, + in 非限定性 and −
// in 限定性; 净资产变动额 = 收入合计 − 费用合计 + that, per column. The 行次 are
// the printed form's (../shared/reference/statements.md).
//
// A period's amounts leave the year-end carry out: it only moves the year's
// income and expense into net assets.

import (
	"fmt"
)

// npoActivityIncome and npoActivityExpense are the form's income and
// expense lines with their accounts.
var npoActivityIncome = []struct {
	line          int
	item, account string
}{
	{1, "捐赠收入", "4101"}, {2, "会费收入", "4201"}, {3, "提供服务收入", "4301"}, {4, "商品销售收入", "4501"},
	{5, "政府补助收入", "4401"}, {6, "投资收益", "4601"}, {9, "其他收入", "4901"},
}

var npoActivityExpense = []struct {
	line          int
	item, account string
}{
	{12, "业务活动成本", "5101"}, {21, "管理费用", "5201"}, {24, "筹资费用", "5301"}, {28, "其他费用", "5401"},
}

// activityColumns computes one period's lines: for each 行次, non-restricted,
// restricted and total, in fen.
func activityColumns(c *chart, s map[int64]*sums) (map[int][3]int64, []StatementLine) {
	byCode := map[string]*Account{}
	for i := range c.list {
		byCode[c.list[i].Code] = &c.list[i]
	}
	net := func(a *Account) int64 { // credit − debit
		if x := s[a.ID]; x != nil {
			return x.credit - x.debit
		}
		return 0
	}
	v := map[int][3]int64{}
	set := func(line int, unrestricted, restricted int64) {
		v[line] = [3]int64{unrestricted, restricted, unrestricted + restricted}
	}
	var in, out [3]int64
	add := func(t *[3]int64, line int) {
		for i := range t {
			t[i] += v[line][i]
		}
	}
	for _, l := range npoActivityIncome {
		a := byCode[l.account]
		if a == nil {
			set(l.line, 0, 0)
			continue
		}
		var restricted int64
		for i := range c.list {
			ch := &c.list[i]
			if ch.ID != a.ID && isRestricted(ch.Name) && !restrictedAbove(c, ch) && descends(c, ch, a) {
				restricted += net(ch)
			}
		}
		set(l.line, net(a)-restricted, restricted)
		add(&in, l.line)
	}
	// Income accounts a book added beyond the chart count as 其他收入.
	for i := range c.list {
		a := &c.list[i]
		if a.ParentID == 0 && a.Class == ClassIncome && !activityAccount(a.Code) {
			x := v[9]
			set(9, x[0]+net(a), x[1])
			in[0] += net(a)
			in[2] += net(a)
		}
	}
	v[11] = in
	var parts []StatementLine
	for _, l := range npoActivityExpense {
		a := byCode[l.account]
		if a == nil {
			set(l.line, 0, 0)
			continue
		}
		set(l.line, -net(a), 0)
		add(&out, l.line)
		if l.line == 12 {
			// 业务活动成本's parts on the lines between 12 and 21.
			no := 13
			for i := range c.list {
				ch := &c.list[i]
				if ch.ParentID == a.ID {
					line := 0
					if no < 21 {
						line = no
						no++
					}
					parts = append(parts, StatementLine{Line: line, Item: "其中：" + ch.Name, Indent: 2, Amounts: fenMoney(-net(ch), 0, -net(ch))})
				}
			}
		}
	}
	for i := range c.list {
		a := &c.list[i]
		if a.ParentID == 0 && a.Class == ClassExpense && !activityAccount(a.Code) {
			x := v[28]
			set(28, x[0]-net(a), 0)
			out[0] -= net(a)
			out[2] -= net(a)
		}
	}
	v[35] = out
	// What left 限定性净资产 other than by the carry went to 非限定性.
	var released int64
	if a := byCode["3102"]; a != nil {
		released = -net(a)
	}
	v[40] = [3]int64{released, -released, 0}
	for i := range 3 {
		x := v[45]
		x[i] = v[11][i] - v[35][i] + v[40][i]
		v[45] = x
	}
	return v, parts
}

// activityAccount reports whether a first-level income or expense account
// has a line of its own on the form.
func activityAccount(code string) bool {
	for _, l := range npoActivityIncome {
		if l.account == code {
			return true
		}
	}
	for _, l := range npoActivityExpense {
		if l.account == code {
			return true
		}
	}
	return false
}

// descends reports whether a is below top.
func descends(c *chart, a, top *Account) bool {
	for p := c.byID[a.ParentID]; p != nil; p = c.byID[p.ParentID] {
		if p.ID == top.ID {
			return true
		}
	}
	return false
}

func fenMoney(fen ...int64) []Money {
	out := make([]Money, len(fen))
	for i, f := range fen {
		out[i] = FromFen(f)
	}
	return out
}

// npoActivities builds 会民非02表 for the month s.At and the year to it, with
// its check against the balance sheet.
func (b *Book) npoActivities(d *statementLines, s *Statement) error {
	s.Title, s.FormNo = "业务活动表", "会民非02表"
	s.Date = fmt.Sprintf("%d年%d月", s.At.Year(), s.At.Month())
	s.Columns = []string{"本月数 非限定性", "本月数 限定性", "本月数 合计", "本年累计数 非限定性", "本年累计数 限定性", "本年累计数 合计"}
	c := d.c
	if err := d.readSums(b); err != nil {
		return internal("activities", err)
	}
	month := d.activitySums(s.At, s.At, s.CompoundID)
	year := d.activitySums(Period(s.At.Year()*100+1), s.At, s.CompoundID)
	m, parts := activityColumns(c, month)
	y, yparts := activityColumns(c, year)
	line := func(no int, item string, indent int, total bool) StatementLine {
		return StatementLine{Line: no, Item: item, Indent: indent, Total: total,
			Amounts: fenMoney(m[no][0], m[no][1], m[no][2], y[no][0], y[no][1], y[no][2])}
	}
	s.Lines = append(s.Lines, StatementLine{Item: "一、收入"})
	for _, l := range npoActivityIncome {
		s.Lines = append(s.Lines, line(l.line, l.item, 1, false))
	}
	s.Lines = append(s.Lines, line(11, "收入合计", 0, true), StatementLine{Item: "二、费用"})
	for _, l := range npoActivityExpense {
		s.Lines = append(s.Lines, line(l.line, l.item, 1, false))
		if l.line == 12 {
			for i, p := range yparts {
				mp := FromFen(0)
				if i < len(parts) {
					mp = parts[i].Amounts[0]
				}
				p.Amounts = []Money{mp, FromFen(0), mp, p.Amounts[0], FromFen(0), p.Amounts[2]}
				s.Lines = append(s.Lines, p)
			}
		}
	}
	s.Lines = append(s.Lines, line(35, "费用合计", 0, true),
		line(40, "三、限定性净资产转为非限定性净资产", 0, false),
		line(45, "四、净资产变动额（若为净资产减少额，以“－”号填列）", 0, true))

	// 净资产变动额 of the year is the change of 净资产 on the balance sheet,
	// but for what vouchers put straight into net assets (a new book's
	// opening entries, a correction of an earlier year), which the form
	// leaves out and the note names.
	bs := Statement{Kind: StatementBalanceSheet, At: s.At, CompoundID: s.CompoundID}
	if err := b.npoBalanceSheet(&bs); err != nil {
		return err
	}
	var direct int64
	for i := range c.list {
		if a := &c.list[i]; a.ParentID == 0 && a.Class == ClassNetAsset {
			if x := year[a.ID]; x != nil {
				direct += x.credit - x.debit
			}
		}
	}
	if direct != 0 {
		s.Note = fmt.Sprintf("本年有不经收入、费用直接记入净资产的凭证（如期初建账、以前年度调整）合计 %s 元，不计入净资产变动额", FormatYuan(FromFen(direct)))
	}
	change := bs.Amount(110, 1).Sub(bs.Amount(110, 0))
	if got := FromFen(y[45][2] + direct); !got.Equal(change) {
		s.Problems = append(s.Problems, fmt.Sprintf("本年累计净资产变动额 %s（加直接记入净资产的 %s）不等于资产负债表净资产合计的变动 %s（年初 %s，期末 %s）",
			FormatYuan(FromFen(y[45][2])), FormatYuan(FromFen(direct)), FormatYuan(change), FormatYuan(bs.Amount(110, 0)), FormatYuan(bs.Amount(110, 1))))
	}
	return nil
}
