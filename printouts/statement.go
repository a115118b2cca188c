package printouts

import (
	"strconv"
	"strings"

	"sunbooks/books"
)

// Statement lays out a statutory statement in its official form on A4
// portrait: the form's number at the top right, the title, 编制单位, the date
// and 单位：元, the ruled table — the balance sheet's two halves side by side
// (资产 | 负债和净资产), each with 行次 and its amount columns — then the
// checks that failed, if any, and the sign-off line (单位负责人, 会计, 制表).
func Statement(s books.Statement, o Options) (*Layout, error) {
	return theFace.statement(s, o)
}

func (f *face) statement(s books.Statement, o Options) (*Layout, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	l, err := newLayout(o, s.Title, s.Unit)
	if err != nil {
		return nil, err
	}
	sc := scale(l)
	fl := newFlow(l, f, 15*sc, 12*sc, 15*sc)
	fl.startSection()
	body := 8.5 * sc
	lh := lineHeight(body)

	if s.FormNo != "" {
		fl.text(fl.left, fl.y, fl.width(), lh, s.FormNo, body, Right, black, false)
		fl.y += lh
	}
	fl.text(fl.left, fl.y, fl.width(), 9*sc, s.Title, 18*sc, Center, black, true)
	fl.y += 11 * sc
	unit := "编制单位：" + s.Unit
	if s.CompoundName != "" {
		unit += "（" + s.CompoundName + "）"
	}
	fl.text(fl.left, fl.y, fl.width(), lh, unit, body, Left, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, s.Date, body, Center, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "单位：元", body, Right, black, false)
	fl.y += lh + 1*sc

	halves := [][]books.StatementLine{s.Lines}
	titles := []string{"项目"}
	if s.Right > 0 && s.Right < len(s.Lines) {
		halves = [][]books.StatementLine{s.Lines[:s.Right], s.Lines[s.Right:]}
		titles = []string{"资产", "负债和净资产"}
		if strings.Contains(s.Title, "资产负债表") {
			for _, l := range s.Lines[s.Right:] {
				if strings.HasPrefix(l.Item, "负债和") {
					titles[1] = l.Item[:len(l.Item)-len("总计")]
				}
			}
		}
	}
	// Each half: item, 行次, then the amount columns; the item takes what
	// the amounts leave.
	amountW, lineW := 19*sc, 10*sc
	itemW := fl.width()/float64(len(halves)) - lineW - amountW*float64(len(s.Columns))
	var cols []column
	for _, title := range titles {
		cols = append(cols, column{Title: title, W: itemW, Align: Left}, column{Title: "行次", W: lineW, Align: Center})
		for _, c := range s.Columns {
			cols = append(cols, column{Title: c, W: amountW, Align: Right})
		}
	}
	tab := &table{cols: cols, x: fl.left, pt: body, pad: 1.2 * sc, vpad: 0.9 * sc, lw: 0.2 * sc}
	fl.head = func(fl *flow) {
		fl.text(fl.left, fl.y, fl.width(), lh, s.Unit+" "+s.Title+"（续）　"+s.Date, body, Left, dim, false)
		fl.y += lh + 1*sc
	}
	fl.headH = lh + 1*sc
	fl.table = tab
	fl.tableHeader(tab)
	rows := 0
	for _, h := range halves {
		rows = max(rows, len(h))
	}
	for i := range rows {
		var cells []cell
		for _, h := range halves {
			if i >= len(h) {
				cells = append(cells, cell{}, cell{})
				for range s.Columns {
					cells = append(cells, cell{})
				}
				continue
			}
			ln := h[i]
			no := ""
			if ln.Line > 0 {
				no = strconv.Itoa(ln.Line)
			}
			cells = append(cells, cell{Text: strings.Repeat("　", ln.Indent) + ln.Item, Bold: ln.Total}, cell{Text: no})
			for c := range s.Columns {
				v := ""
				if c < len(ln.Amounts) && !ln.Amounts[c].IsZero() {
					v = books.FormatYuan(ln.Amounts[c])
				}
				cells = append(cells, cell{Text: v, Bold: ln.Total})
			}
		}
		fl.row(tab, cells)
	}
	fl.table = nil
	fl.y += 2 * sc
	if s.Note != "" {
		fl.para("注："+s.Note, body, Left, dim)
	}
	for _, p := range s.Problems {
		fl.para("校验未通过："+p, body, Left, red)
	}
	fl.ensure(lh * 2)
	fl.y += lh
	fl.text(fl.left, fl.y, fl.width(), lh, "单位负责人：", body, Left, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "会计：", body, Center, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "制表：　　　　　　", body, Right, black, false)
	fl.footer(s.Unit+" · "+s.Title+" · "+s.Date, 8*sc, l.H-10*sc)
	return l, nil
}
