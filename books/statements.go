package books

// The statutory statements (会计报表) in the forms the accounting systems
// prescribe: each a list of numbered lines (行次) with amounts in the form's
// columns, and the checks run whenever one is made.

import (
	"fmt"
	"strconv"
)

// Statement kinds, as the CLI names them.
const (
	StatementBalanceSheet = "balance-sheet"
	StatementActivities   = "activities"
	StatementCashFlow     = "cash-flow"
)

// Statement is one statutory statement for a month (and the year to it),
// for the whole community or one compound.
type Statement struct {
	Kind         string
	Title        string // 资产负债表
	FormNo       string // 会民非01表; "" where the system's form is not built yet
	Unit         string // 编制单位: 城关街道阳光社区
	Date         string // as the form dates it: 2026年3月31日
	At           Period
	CompoundID   int64
	CompoundName string
	// Columns are the amount columns in the form's order (年初数, 期末数).
	Columns []string
	Lines   []StatementLine
	// Right is where the form's right half begins (负债和净资产), for
	// printing the two halves side by side; 0 for a one-sided form.
	Right int
	// Problems are the checks that failed, in words; none when it ties out.
	Problems []string
	// Note says how the statement was made where a reader must know it.
	Note string
}

// StatementLine is one line of a statement.
type StatementLine struct {
	Line    int // 行次; 0 for a heading or a line the form does not number
	Item    string
	Indent  int
	Total   bool
	Amounts []Money // one per column; nil for a heading
}

// Amount returns line no's amount in column col, zero when absent.
func (s Statement) Amount(no, col int) Money {
	for _, l := range s.Lines {
		if l.Line == no && col < len(l.Amounts) {
			return l.Amounts[col]
		}
	}
	return FromFen(0)
}

// Table lays the statement out for the screen, CSV and .xlsx: the keys are
// line, item, col1, col2 … — the form's 行次, its item, and its amount
// columns in order. Headings have no 行次 and no amounts.
func (s Statement) Table() Table {
	sub := s.Date
	if s.CompoundName != "" {
		sub += "　" + s.CompoundName
	}
	if s.FormNo != "" {
		sub = s.FormNo + "　" + sub
	}
	t := Table{Title: s.Title, Subtitle: sub, Keys: []string{"line", "item"}, Header: []string{"行次", "项目"}, Kinds: []ColumnKind{Text, Text}}
	for i, c := range s.Columns {
		t.Keys = append(t.Keys, "col"+strconv.Itoa(i+1))
		t.Header = append(t.Header, c)
		t.Kinds = append(t.Kinds, MoneyColumn)
	}
	for _, l := range s.Lines {
		row := []string{"", l.Item}
		if l.Line > 0 {
			row[0] = strconv.Itoa(l.Line)
		}
		for i := range s.Columns {
			v := ""
			if i < len(l.Amounts) {
				v = PlainYuan(l.Amounts[i])
			}
			row = append(row, v)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Statement builds the statement of kind for the month at, for compoundID
// (0: the whole community), and runs its checks.
func (b *Book) Statement(kind string, at Period, compoundID int64) (Statement, error) {
	if !at.Valid() {
		return Statement{}, Errorf(Invalid, "报表的月份 %s 不对：应是 1900 年到 9999 年之间的 1 到 12 月", at)
	}
	c, err := b.loadChart()
	if err != nil {
		return Statement{}, err
	}
	return b.statement(&statementLines{c: c, from: Period(at.Year()*100 + 1), to: at, compound: compoundID}, kind, at, compoundID)
}

// statement builds one statement from what d has read, or reads, of the
// lines.
func (b *Book) statement(d *statementLines, kind string, at Period, compoundID int64) (Statement, error) {
	if !d.covers(at) || d.compound != 0 && d.compound != compoundID {
		return Statement{}, internal("statement", fmt.Errorf("lines read for %s–%s compound %d, not %s compound %d", d.from, d.to, d.compound, at, compoundID))
	}
	info, err := b.Info()
	if err != nil {
		return Statement{}, err
	}
	name, err := b.compoundLabel(compoundID)
	if err != nil {
		return Statement{}, err
	}
	s := Statement{Kind: kind, At: at, CompoundID: compoundID, Unit: info.Street + info.Community}
	if compoundID != 0 {
		s.CompoundName = name
	}
	switch {
	case kind == StatementBalanceSheet && info.Chart == "npo2004":
		err = b.npoBalanceSheet(&s)
	case kind == StatementBalanceSheet && info.Chart == "rural2023":
		err = b.ruralBalanceSheet(&s)
	case kind == StatementBalanceSheet:
		err = b.plainBalanceSheet(&s)
	case kind == StatementActivities && info.Chart == "npo2004":
		err = b.npoActivities(d, &s)
	case kind == StatementActivities && info.Chart == "rural2023":
		err = b.ruralIncome(d, &s)
	case kind == StatementActivities:
		return s, Errorf(Invalid, "“%s”科目体系的业务活动表尚未建立", info.Chart)
	case kind == StatementCashFlow && info.Chart == "npo2004":
		err = b.npoCashFlow(d, &s)
	case kind == StatementCashFlow:
		return s, Errorf(Invalid, "“%s”科目体系没有现金流量表", info.Chart)
	default:
		return s, Errorf(Invalid, "没有名为“%s”的报表（可选 balance-sheet、activities、cash-flow）", kind)
	}
	return s, err
}

// monthEnd is the form's date of a month's last day: 2026年3月31日.
func monthEnd(p Period) string {
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[p.Month()-1]
	if y := p.Year(); p.Month() == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return fmt.Sprintf("%d年%d月%d日", p.Year(), p.Month(), days)
}

// plainBalanceSheet is the balance sheet of a chart whose official form is
// not built yet: its first-level accounts under 资产, 负债 and the equity
// title, as before the forms.
func (b *Book) plainBalanceSheet(s *Statement) error {
	bs, err := b.BalanceSheet(s.At, s.CompoundID)
	if err != nil {
		return err
	}
	s.Title, s.Date, s.Columns = "资产负债表", monthEnd(s.At), []string{"年初数", "期末数"}
	s.Note = "本科目体系的法定报表格式尚未建立，按一级科目列示"
	add := func(heading string, rows []BalanceSheetRow, total BalanceSheetRow) {
		s.Lines = append(s.Lines, StatementLine{Item: heading})
		for _, r := range rows {
			s.Lines = append(s.Lines, StatementLine{Item: r.Code + " " + r.Name, Indent: 1, Amounts: []Money{r.YearStart, r.End}})
		}
		s.Lines = append(s.Lines, StatementLine{Item: total.Name, Total: true, Amounts: []Money{total.YearStart, total.End}})
	}
	add("资产", bs.Assets, bs.TotalAssets)
	s.Right = len(s.Lines)
	add("负债", bs.Liabilities, bs.TotalLiabilities)
	add(bs.EquityTitle, bs.Equity, bs.TotalEquity)
	ys, end := bs.TotalLiabilities.YearStart.Add(bs.TotalEquity.YearStart), bs.TotalLiabilities.End.Add(bs.TotalEquity.End)
	s.Lines = append(s.Lines, StatementLine{Item: "负债和" + bs.EquityTitle + "总计", Total: true, Amounts: []Money{ys, end}})
	for col, name := range s.Columns {
		a, le := bs.TotalAssets.End, end
		if col == 0 {
			a, le = bs.TotalAssets.YearStart, ys
		}
		if !a.Equal(le) {
			s.Problems = append(s.Problems, fmt.Sprintf("%s：资产总计 %s 不等于负债和%s总计 %s", name, FormatYuan(a), bs.EquityTitle, FormatYuan(le)))
		}
	}
	return nil
}
