package printouts

import (
	"strings"

	"sunbooks/books"
	"sunbooks/books/exchange"
)

// Report lays out any of the book's reports (科目余额表, 明细账, 总账, 日记账,
// 小区收支明细, consolidations …) from its books.Table: A4 landscape unless
// the options say otherwise, title and subtitle, the unit, a ruled table
// whose header repeats on every page, amounts right-aligned with thousands
// separators, 合计 rows in bold, and 第 x 页 共 y 页.
func Report(unit string, t books.Table, o Options) (*Layout, error) {
	return theFace.report(unit, t, o, nil)
}

// Consolidation lays out the street's consolidated report (街道汇总表) like
// any report, followed by which communities it covers and which months of
// the range lack a package, so a gap is never mistaken for a zero.
func Consolidation(c exchange.Consolidation, o Options) (*Layout, error) {
	t := c.Table()
	var notes []string
	if len(c.Communities) == 0 {
		notes = append(notes, "汇总范围：尚未导入任何社区的数据包")
	}
	for _, m := range c.Missing {
		if !strings.Contains(t.Subtitle, m) {
			notes = append(notes, "缺少数据包："+m)
		}
	}
	return theFace.report(c.Street, t, o, notes)
}

// TrialBalance lays out the 科目余额表.
func TrialBalance(unit string, tb books.TrialBalance, o Options) (*Layout, error) {
	return Report(unit, tb.Table(), o)
}

// DetailLedger lays out a 明细账 or 日记账.
func DetailLedger(unit string, d books.DetailLedger, o Options) (*Layout, error) {
	return Report(unit, d.Table(), o)
}

// ReportOptions is the default for reports: A4 landscape.
func ReportOptions(o Options) Options {
	if o.Paper == "" && !o.Landscape {
		o.Landscape = true
	}
	return o
}

func (f *face) report(unit string, t books.Table, o Options, notes []string) (*Layout, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	if len(t.Header) == 0 {
		return nil, books.Errorf(books.Invalid, "报表“%s”没有列，无法打印", t.Title)
	}
	l, err := newLayout(o, t.Title, unit)
	if err != nil {
		return nil, err
	}
	s := scale(l)
	fl := newFlow(l, f, 12*s, 12*s, 15*s)
	fl.startSection()
	body := 8.5 * s
	lh := lineHeight(body)

	fl.text(fl.left, fl.y, fl.width(), 9*s, t.Title, 18*s, Center, black, true)
	fl.y += 9.5 * s
	cx := (fl.left + fl.right) / 2
	tw := f.width(t.Title, 18*s) / 2
	fl.hline(cx-tw-4*s, cx+tw+4*s, fl.y, 0.5*s, black)
	fl.hline(cx-tw-4*s, cx+tw+4*s, fl.y+0.9*s, 0.25*s, black)
	fl.y += 2.5 * s
	if t.Subtitle != "" {
		fl.para(strings.TrimSpace(t.Subtitle), body*1.1, Center, black)
	}
	fl.text(fl.left, fl.y, fl.width(), lh, "编制单位："+unit, body, Left, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "单位：元", body, Right, black, false)
	fl.y += lh + 1*s

	tab := reportTable(f, fl, t, body, s)
	fl.head = func(fl *flow) {
		fl.text(fl.left, fl.y, fl.width(), lh, unit+" "+t.Title+"（续）　"+strings.TrimSpace(t.Subtitle), body, Left, dim, false)
		fl.y += lh + 1*s
	}
	fl.headH = lh + 1*s
	fl.table = tab
	fl.tableHeader(tab)
	if len(t.Rows) == 0 {
		fl.row(tab, []cell{{Text: "（无数据）", Span: len(tab.cols), Align: Center}})
	}
	for _, r := range t.Rows {
		cells := make([]cell, len(tab.cols))
		total := false
		for i := range cells {
			v := ""
			if i < len(r) {
				v = r[i]
			}
			if isTotal(v) {
				total = true
			}
			if i < len(t.Kinds) && t.Kinds[i] == books.MoneyColumn {
				v = reportMoney(v, t.Header[i])
			}
			cells[i] = cell{Text: v}
		}
		if total {
			for i := range cells {
				cells[i].Bold = true
			}
		}
		fl.row(tab, cells)
	}
	fl.table = nil
	if len(notes) > 0 {
		fl.y += 2 * s
		for _, n := range notes {
			fl.para(n, body, Left, black)
		}
	}
	fl.footer(unit+" · "+t.Title, 8*s, l.H-10*s)
	return l, nil
}

// isTotal reports whether a cell marks a total row.
func isTotal(v string) bool {
	switch strings.TrimSpace(v) {
	case "合计", "总计", "本月合计", "本年累计", "本日合计", "期初余额", "承前页":
		return true
	}
	return false
}

// reportMoney writes a plain amount with separators; zero stays blank except
// in a balance column, where 0.00 is an answer.
func reportMoney(v, header string) string {
	if strings.TrimSpace(v) == "" {
		return ""
	}
	m, err := books.ParseMoney(v)
	if err != nil {
		return v
	}
	if m.IsZero() && !strings.Contains(header, "余额") {
		return ""
	}
	return books.FormatYuan(m)
}

// reportTable sizes columns to their content: money columns as wide as their
// widest amount, short text columns to fit, and the widest text column (a
// 摘要 or a name) takes the rest and wraps.
func reportTable(f *face, fl *flow, t books.Table, body, s float64) *table {
	pad := 1.2 * s
	n := len(t.Header)
	need := make([]float64, n)
	for i, h := range t.Header {
		need[i] = f.width(h, body) + 2*pad
	}
	for _, r := range t.Rows {
		for i := 0; i < n && i < len(r); i++ {
			v := r[i]
			if i < len(t.Kinds) && t.Kinds[i] == books.MoneyColumn {
				v = reportMoney(v, t.Header[i])
			}
			need[i] = max(need[i], f.width(v, body)+2*pad)
		}
	}
	// The widest text column is the flexible one.
	flex, flexW := -1, 0.0
	for i := range n {
		if (i >= len(t.Kinds) || t.Kinds[i] == books.Text) && need[i] > flexW {
			flex, flexW = i, need[i]
		}
	}
	cols := make([]column, n)
	fixed := 0.0
	for i, h := range t.Header {
		a := Left
		if i < len(t.Kinds) && t.Kinds[i] == books.MoneyColumn {
			a = Right
		} else if need[i] <= 24*s {
			a = Center
		}
		w := need[i]
		if i != flex {
			w = min(w, 45*s)
			fixed += w
		}
		cols[i] = column{Title: h, W: w, Align: a}
	}
	if flex >= 0 {
		// As wide as its longest text, at least 40 mm, at most what is left.
		cols[flex].W = max(min(need[flex], fl.width()-fixed), min(40*s, fl.width()-fixed), 20*s)
		cols[flex].Align = Left
	}
	total := 0.0
	for _, c := range cols {
		total += c.W
	}
	if total > fl.width() {
		// Too wide for the paper: shrink every column in proportion; the text wraps.
		k := fl.width() / total
		for i := range cols {
			cols[i].W *= k
		}
	} else if spare := fl.width() - total; spare > 0 {
		// Share the spare width among the other columns, so amounts breathe.
		others := n
		if flex >= 0 {
			others--
		}
		for i := range cols {
			if i != flex && others > 0 {
				cols[i].W += spare / float64(others)
			} else if others == 0 {
				cols[i].W += spare
			}
		}
	}
	return &table{x: fl.left, pt: body, pad: pad, vpad: 1.1 * s, lw: 0.2 * s, cols: cols}
}
