package books

// The statements of 农村集体经济组织会计制度 (财会〔2023〕14号): 资产负债表 and
// 收益及收益分配表.
//
// NOT YET CHECKED AGAINST THE OFFICIAL APPENDIX. The 2023 system's
// statement formats (line items, 行次, filling rules) could not be read in
// any public copy reachable from the build machine (see the README's known
// limits and ../shared/reference/statements.md). These forms are built from
// the chart's structure — every first-level account on a line of its own
// or in a line it belongs to, allowances deducted from their assets, the
// groupings the chart's classes make — with the 行次 numbered here. They are
// kept in the two tables below, which are all that needs correcting once
// the appendix is read.

import "fmt"

// ruralBalanceLeft and ruralBalanceRight are the balance sheet's halves.
var ruralBalanceLeft = []npoLine{
	{item: "流动资产：", heading: true},
	{line: 1, item: "货币资金", indent: 1, accounts: []string{"101", "102"}},
	{line: 2, item: "短期投资", indent: 1, accounts: []string{"111"}},
	{line: 3, item: "应收款项", indent: 1, accounts: []string{"112"}},
	{line: 4, item: "内部往来", indent: 1, accounts: []string{"113"}},
	{line: 5, item: "库存物资", indent: 1, accounts: []string{"121"}},
	{line: 6, item: "消耗性生物资产", indent: 1, accounts: []string{"131"}},
	{line: 7, item: "生产（劳务）成本", indent: 1, accounts: []string{"401"}},
	{line: 8, item: "待处理财产损溢", indent: 1, accounts: []string{"181"}},
	{line: 9, item: "其他流动资产", indent: 1},
	{line: 10, item: "流动资产合计", total: true, lines: []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
	{item: "非流动资产：", heading: true},
	{line: 11, item: "长期投资", indent: 1, accounts: []string{"141"}},
	{line: 12, item: "生产性生物资产原值", indent: 1, accounts: []string{"132"}},
	{line: 13, item: "减：生产性生物资产累计折旧", indent: 1, accounts: []string{"133"}, contra: true},
	{line: 14, item: "生产性生物资产净值", indent: 1, lines: []int{12, -13}},
	{line: 15, item: "公益性生物资产", indent: 1, accounts: []string{"134"}},
	{line: 16, item: "固定资产原值", indent: 1, accounts: []string{"151"}},
	{line: 17, item: "减：累计折旧", indent: 1, accounts: []string{"152"}, contra: true},
	{line: 18, item: "固定资产净值", indent: 1, lines: []int{16, -17}},
	{line: 19, item: "在建工程", indent: 1, accounts: []string{"153"}},
	{line: 20, item: "固定资产清理", indent: 1, accounts: []string{"154"}},
	{line: 21, item: "无形资产原值", indent: 1, accounts: []string{"161"}},
	{line: 22, item: "减：累计摊销", indent: 1, accounts: []string{"162"}, contra: true},
	{line: 23, item: "无形资产净值", indent: 1, lines: []int{21, -22}},
	{line: 24, item: "长期待摊费用", indent: 1, accounts: []string{"171"}},
	{line: 30, item: "非流动资产合计", total: true, lines: []int{11, 14, 15, 18, 19, 20, 23, 24}},
	{line: 40, item: "资产总计", total: true, lines: []int{10, 30}},
}

var ruralBalanceRight = []npoLine{
	{item: "流动负债：", heading: true},
	{line: 41, item: "短期借款", indent: 1, accounts: []string{"201"}},
	{line: 42, item: "应付款项", indent: 1, accounts: []string{"211"}},
	{line: 43, item: "应付工资", indent: 1, accounts: []string{"212"}},
	{line: 44, item: "应付劳务费", indent: 1, accounts: []string{"213"}},
	{line: 45, item: "应交税费", indent: 1, accounts: []string{"214"}},
	{line: 46, item: "其他流动负债", indent: 1},
	{line: 50, item: "流动负债合计", total: true, lines: []int{41, 42, 43, 44, 45, 46}},
	{item: "非流动负债：", heading: true},
	{line: 51, item: "长期借款及应付款", indent: 1, accounts: []string{"221"}},
	{line: 52, item: "一事一议资金", indent: 1, accounts: []string{"231"}},
	{line: 53, item: "专项应付款", indent: 1, accounts: []string{"241"}},
	{line: 55, item: "非流动负债合计", total: true, lines: []int{51, 52, 53}},
	{line: 60, item: "负债合计", total: true, lines: []int{50, 55}},
	{item: "所有者权益：", heading: true},
	{line: 61, item: "资本", indent: 1, accounts: []string{"301"}},
	{line: 62, item: "公积公益金", indent: 1, accounts: []string{"311"}},
	{line: 63, item: "未分配收益", indent: 1, accounts: []string{"321", "322"}},
	{line: 65, item: "所有者权益合计", total: true, lines: []int{61, 62, 63}},
	{line: 70, item: "负债和所有者权益总计", total: true, lines: []int{60, 65}},
}

// formValues fills a two-sided form's lines in fen, in order: a line on
// the left is its accounts' debit balance, one on the right their credit
// balance (a contra line the other way), plus extra and the lines it adds.
func formValues(c *chart, left, right []npoLine, bal func(a *Account) int64, extra map[int]int64) map[int]int64 {
	byCode := map[string]*Account{}
	for i := range c.list {
		byCode[c.list[i].Code] = &c.list[i]
	}
	v := map[int]int64{}
	for _, half := range []struct {
		lines []npoLine
		sign  int64
	}{{left, 1}, {right, -1}} {
		for _, l := range half.lines {
			if l.heading {
				continue
			}
			sign := half.sign
			if l.contra {
				sign = -sign
			}
			x := extra[l.line]
			for _, code := range l.accounts {
				if a := byCode[code]; a != nil {
					x += sign * bal(a)
				}
			}
			for _, n := range l.lines {
				if n < 0 {
					x -= v[-n]
				} else {
					x += v[n]
				}
			}
			v[l.line] = x
		}
	}
	return v
}

// ruralBalanceValues fills the rural balance sheet: income and expense not
// yet carried are 未分配收益 already; first-level accounts a book added
// beyond the chart go to the 其他 lines.
func ruralBalanceValues(c *chart, bal func(a *Account) int64) map[int]int64 {
	named := map[string]bool{}
	for _, l := range append(append([]npoLine{}, ruralBalanceLeft...), ruralBalanceRight...) {
		for _, code := range l.accounts {
			named[code] = true
		}
	}
	extra := map[int]int64{}
	for i := range c.list {
		a := &c.list[i]
		if a.ParentID != 0 || named[a.Code] {
			continue
		}
		switch a.Class {
		case ClassIncome, ClassExpense, ClassNetAsset:
			extra[63] -= bal(a)
		case ClassAsset:
			extra[9] += bal(a)
		case ClassLiability:
			extra[46] -= bal(a)
		}
	}
	return formValues(c, ruralBalanceLeft, ruralBalanceRight, bal, extra)
}

// ruralBalanceSheet builds the rural balance sheet at the end of s.At.
func (b *Book) ruralBalanceSheet(s *Statement) error {
	s.Title, s.Date, s.Columns = "资产负债表", monthEnd(s.At), []string{"年初数", "期末数"}
	s.Note = "本表按《农村集体经济组织会计制度》（2023）的科目结构编制，尚未与其附录的报表格式逐项核对"
	c, err := b.loadChart()
	if err != nil {
		return err
	}
	sums, err := b.rangeSums(c, Period(s.At.Year()*100+1), s.At, s.CompoundID)
	if err != nil {
		return internal("balance sheet", err)
	}
	ys := ruralBalanceValues(c, func(a *Account) int64 {
		if x := sums[a.ID]; x != nil {
			return x.open
		}
		return 0
	})
	end := ruralBalanceValues(c, func(a *Account) int64 {
		if x := sums[a.ID]; x != nil {
			return x.open + x.debit - x.credit
		}
		return 0
	})
	for _, half := range [][]npoLine{ruralBalanceLeft, ruralBalanceRight} {
		if len(s.Lines) > 0 {
			s.Right = len(s.Lines)
		}
		for _, l := range half {
			sl := StatementLine{Line: l.line, Item: l.item, Indent: l.indent, Total: l.total}
			if !l.heading {
				sl.Amounts = fenMoney(ys[l.line], end[l.line])
			}
			s.Lines = append(s.Lines, sl)
		}
	}
	for col, v := range []map[int]int64{ys, end} {
		if v[40] != v[70] {
			s.Problems = append(s.Problems, fmt.Sprintf("%s：资产总计（第 40 行）%s 不等于负债和所有者权益总计（第 70 行）%s", s.Columns[col], FormatYuan(FromFen(v[40])), FormatYuan(FromFen(v[70]))))
		}
	}
	return nil
}

// ruralIncomeLines are the 收益及收益分配表's lines: each income or expense
// account, and the results they add up to.
var ruralIncomeLines = []struct {
	line    int
	item    string
	account string // its amount: income credit − debit, expense debit − credit
	sum     []int  // or the lines it adds (negative: subtracts)
	total   bool
}{
	{line: 1, item: "一、经营收入", account: "501"},
	{line: 2, item: "减：经营支出", account: "511"},
	{line: 3, item: "税金及附加", account: "512"},
	{line: 4, item: "管理费用", account: "513"},
	{line: 5, item: "二、经营收益", sum: []int{1, -2, -3, -4}, total: true},
	{line: 6, item: "加：投资收益", account: "502"},
	{line: 7, item: "补助收入", account: "503"},
	{line: 8, item: "其他收入", account: "504"},
	{line: 9, item: "减：公益支出", account: "514"},
	{line: 10, item: "其他支出", account: "515"},
	{line: 11, item: "三、收益总额", sum: []int{5, 6, 7, 8, -9, -10}, total: true},
	{line: 12, item: "减：所得税费用", account: "521"},
	{line: 13, item: "四、本年收益", sum: []int{11, -12}, total: true},
	{line: 14, item: "加：年初未分配收益"},
	{line: 16, item: "五、可分配收益", sum: []int{13, 14}, total: true},
	{line: 17, item: "减：本年已分配（收益分配科目本年借方）"},
	{line: 20, item: "六、年末未分配收益", sum: []int{16, -17}, total: true},
}

// ruralIncome builds the 收益及收益分配表 for the month s.At and the year to
// it.
func (b *Book) ruralIncome(d *statementLines, s *Statement) error {
	s.Title = "收益及收益分配表"
	s.Date = fmt.Sprintf("%d年%d月", s.At.Year(), s.At.Month())
	s.Columns = []string{"本月数", "本年累计数"}
	s.Note = "本表按《农村集体经济组织会计制度》（2023）的科目结构编制，尚未与其附录的报表格式逐项核对；收益分配各项（年初未分配收益、本年已分配）只在本年累计数中列示"
	c := d.c
	from := Period(s.At.Year()*100 + 1)
	if err := d.readSums(b); err != nil {
		return internal("income statement", err)
	}
	month := d.activitySums(s.At, s.At, s.CompoundID)
	year := d.activitySums(from, s.At, s.CompoundID)
	open, err := b.rangeSums(c, from, s.At, s.CompoundID)
	if err != nil {
		return internal("income statement", err)
	}
	byCode := map[string]*Account{}
	for i := range c.list {
		byCode[c.list[i].Code] = &c.list[i]
	}
	values := func(sums map[int64]*sums, withDistribution bool) map[int]int64 {
		v := map[int]int64{}
		for _, l := range ruralIncomeLines {
			switch {
			case l.account != "":
				if a := byCode[l.account]; a != nil {
					if x := sums[a.ID]; x != nil {
						v[l.line] = x.credit - x.debit
						if a.Class == ClassExpense {
							v[l.line] = -v[l.line]
						}
					}
				}
			case l.line == 14 && withDistribution:
				// What earlier years left undistributed: 本年收益 and
				// 收益分配 at the year's start, and income and expense an
				// earlier year did not carry.
				for i := range c.list {
					a := &c.list[i]
					if a.ParentID == 0 && (a.Code == "321" || a.Code == "322" || a.Class == ClassIncome || a.Class == ClassExpense) && open[a.ID] != nil {
						v[14] -= open[a.ID].open
					}
				}
			case l.line == 17 && withDistribution:
				if a := byCode["322"]; a != nil && sums[a.ID] != nil {
					v[17] = sums[a.ID].debit
				}
			}
			for _, n := range l.sum {
				if n < 0 {
					v[l.line] -= v[-n]
				} else {
					v[l.line] += v[n]
				}
			}
		}
		return v
	}
	m, y := values(month, false), values(year, true)
	for _, l := range ruralIncomeLines {
		s.Lines = append(s.Lines, StatementLine{Line: l.line, Item: l.item, Indent: map[bool]int{true: 0, false: 1}[l.total || l.line == 1], Total: l.total,
			Amounts: fenMoney(m[l.line], y[l.line])})
	}
	// 本年收益 is what income and expense made of the year: the balance
	// sheet's 未分配收益 moved by it and by what vouchers put there directly.
	bs := Statement{At: s.At, CompoundID: s.CompoundID}
	if err := b.ruralBalanceSheet(&bs); err != nil {
		return err
	}
	var direct int64
	for _, code := range []string{"321", "322"} {
		if a := byCode[code]; a != nil && year[a.ID] != nil {
			direct += year[a.ID].credit - year[a.ID].debit
		}
	}
	change := bs.Amount(63, 1).Sub(bs.Amount(63, 0))
	if got := FromFen(y[13] + direct); !got.Equal(change) {
		s.Problems = append(s.Problems, fmt.Sprintf("本年收益 %s（加直接记入收益科目的 %s）不等于资产负债表未分配收益的变动 %s",
			FormatYuan(FromFen(y[13])), FormatYuan(FromFen(direct)), FormatYuan(change)))
	}
	return nil
}
