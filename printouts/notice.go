package printouts

import (
	"strconv"
	"strings"

	"sunbooks/books"
	"sunbooks/books/notice"
)

// Notice lays out the monthly 财务公开 notice: one sheet (one or more pages,
// numbered together) per compound of n, each ready to hang on that
// compound's board.
func Notice(n notice.Notice, o Options) (*Layout, error) {
	return theFace.notice(n, o)
}

func (f *face) notice(n notice.Notice, o Options) (*Layout, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	l, err := newLayout(o, n.Community+n.Period.Chinese()+"财务公开榜", n.Community)
	if err != nil {
		return nil, err
	}
	if len(n.Compounds) == 0 {
		return nil, books.Errorf(books.NotFound, "%s没有小区，无法生成公示", n.Community)
	}
	for _, c := range n.Compounds {
		if err := noticeSheet(l, f, n, c); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// scale grows type and spacing with the paper: 1 on A4, √2 on A3.
func scale(l *Layout) float64 { return min(l.W, l.H) / 210 }

// noticeSheet lays one compound's sheet of the notice out from the top of
// the page to the bottom; it is long on purpose, one block per part of the
// printed sheet, in page order.
func noticeSheet(l *Layout, f *face, n notice.Notice, c notice.Compound) error {
	s := scale(l)
	margin := 14 * s
	fl := newFlow(l, f, margin, 12*s, 16*s)
	fl.startSection()
	body := 9 * s

	// Title block: the board's heading in red, a double red rule.
	title := n.Community + "财务公开榜"
	fl.paraB(title, 24*s, Center, red, true)
	fl.y += 0.5 * s
	sub := c.Compound + " 公共收益收支公示（" + n.Period.Chinese() + "）"
	if !n.Closed {
		// Until the month is closed its figures may still change: the
		// board says so.
		sub += "　未结账"
	}
	fl.paraB(sub, 14*s, Center, black, true)
	fl.y += 1 * s
	fl.hline(fl.left, fl.right, fl.y, 0.9*s, red)
	fl.hline(fl.left, fl.right, fl.y+1.3*s, 0.3*s, red)
	fl.y += 3.5 * s

	lh := lineHeight(body)
	info := "街道：" + n.Street + "　　社区：" + n.Community + "　　小区：" + c.Compound
	post := "公示期：" + cnDate(n.PostFrom) + " 至 " + cnDate(n.PostTo)
	if f.width(info, body)+f.width(post, body)+8*s <= fl.width() {
		fl.text(fl.left, fl.y, fl.width(), lh, info, body, Left, black, false)
		fl.text(fl.left, fl.y, fl.width(), lh, post, body, Right, black, false)
		fl.y += lh
	} else {
		fl.para(info, body, Left, black)
		fl.para(post, body, Left, black)
	}
	fl.y += 1.5 * s

	// Summary: the four figures, in figures and in capitals.
	heads := []string{"上月结余（期初）", "本月收入", "本月支出"}
	figs := []books.Money{c.Opening, c.Income, c.Expense}
	if !c.Other.IsZero() {
		heads, figs = append(heads, "其他净资产变动"), append(figs, c.Other)
	}
	heads, figs = append(heads, "本月结余（期末）"), append(figs, c.Closing)
	lab := 22 * s
	sum := &table{x: fl.left, pt: body, pad: 1.5 * s, vpad: 1.2 * s, lw: 0.25 * s, cols: []column{{"", lab, Center}}}
	for _, h := range heads {
		sum.cols = append(sum.cols, column{h, (fl.width() - lab) / float64(len(heads)), Center})
	}
	hc := []cell{{Text: "项目"}}
	fc := []cell{{Text: "金额（元）"}}
	cc := []cell{{Text: "人民币大写"}}
	for i, h := range heads {
		hc = append(hc, cell{Text: h})
		fc = append(fc, cell{Text: books.FormatYuan(figs[i]), Bold: true})
		cc = append(cc, cell{Text: books.Capital(figs[i])})
	}
	fl.fill(sum.x, fl.y, sum.width(), fl.rowHeight(sum, hc), gray)
	for i := range hc {
		hc[i].Bold = true
	}
	fl.row(sum, hc)
	fl.row(sum, fc)
	fl.row(sum, cc)
	eq := "期初余额 " + books.FormatYuan(c.Opening) + " ＋ 本月收入 " + books.FormatYuan(c.Income) + " － 本月支出 " + books.FormatYuan(c.Expense)
	if !c.Other.IsZero() {
		eq += " ＋ 其他变动 " + books.FormatYuan(c.Other)
	}
	eq += " ＝ 期末余额 " + books.FormatYuan(c.Closing)
	fl.y += 1 * s
	fl.para(eq, body*0.9, Left, dim)
	fl.y += 2 * s

	// Items.
	fl.para("收支明细", body*1.15, Left, black)
	fl.y += 0.5 * s
	items := noticeTable(fl, s, body)
	fl.head = func(fl *flow) {
		h := lineHeight(body)
		fl.text(fl.left, fl.y, fl.width(), h, n.Community+" "+c.Compound+" "+n.Period.Chinese()+"公共收益收支公示（续）", body, Left, red, false)
		fl.y += h
		fl.hline(fl.left, fl.right, fl.y, 0.4*s, red)
		fl.y += 1.5 * s
	}
	fl.headH = lineHeight(body) + 1.5*s
	fl.table = items
	fl.ensure(2 * fl.rowHeight(items, headerCells(items)))
	fl.tableHeader(items)
	if len(c.Items) == 0 {
		fl.row(items, []cell{{Text: "本月无收支事项", Span: len(items.cols), Align: Center}})
	}
	for _, it := range c.Items {
		approval := it.ApprovalText("\n")
		fl.row(items, []cell{
			{Text: strconv.Itoa(it.Seq)},
			{Text: shortDate(it.Date)},
			{Text: it.VoucherNo},
			{Text: it.Memo},
			{Text: it.Level},
			{Text: approval},
			{Text: money(it.Income)},
			{Text: money(it.Expense)},
			{Text: it.Handler},
		})
	}
	fl.row(items, []cell{
		{Text: "本月合计", Span: 6, Align: Center, Bold: true},
		{Text: books.FormatYuan(c.Income), Bold: true},
		{Text: books.FormatYuan(c.Expense), Bold: true},
		{Text: ""},
	})
	fl.table = nil
	fl.y += 3 * s

	signOff(fl, s, body, n)
	fl.footer(n.Community+" · "+n.Period.Chinese()+"财务公开", 8*s, l.H-11*s)
	if !n.Anchor.IsZero() {
		anchorFooter(fl, n.Anchor.Label(), 8*s, l.H-11*s)
	}
	if n.Published != nil {
		return publishedStamp(fl, n, 8*s)
	}
	return nil
}

// anchorFooter prints the operation-log anchor at the right of every page's
// footer: each page hangs on its own, and whoever keeps any one of them can
// later check the book was not rewritten. The code is never cut short: it
// shrinks to fit its third of the line instead. pt is the footer's size;
// the anchor is set as small as the note on the left, on the same line.
func anchorFooter(fl *flow, label string, pt, y float64) {
	w := fl.width() / 3
	npt := pt * 0.9
	if tw := fl.f.width(label, npt); tw > w {
		npt *= w / tw
	}
	for _, p := range fl.section {
		p.Boxes = append(p.Boxes, Box{Kind: Text, X: fl.right - w, Y: y, W: w, H: lineHeight(pt), Text: label, Size: npt, Align: Right, Color: dim})
	}
}

// noticeTable sizes the item columns for the paper: fixed columns grow with
// the type, 事项 takes what is left.
func noticeTable(fl *flow, s, body float64) *table {
	cols := []column{
		{"序号", 9, Center}, {"日期", 12, Center}, {"凭证号", 15, Center}, {"事项", 0, Left},
		{"事项等级", 16, Center}, {"审批编号", 22, Center}, {"收入（元）", 22, Right}, {"支出（元）", 22, Right}, {"经办人", 14, Center},
	}
	fixed := 0.0
	for i := range cols {
		cols[i].W *= s
		fixed += cols[i].W
	}
	cols[3].W = fl.width() - fixed
	return &table{x: fl.left, pt: body, pad: 1.2 * s, vpad: 1.2 * s, lw: 0.25 * s, cols: cols}
}

// signOff draws the signatures and seals, then the supervision phones; the
// block stays on one page.
func signOff(fl *flow, s, body float64, n notice.Notice) {
	lh := lineHeight(body)
	boxH := 28 * s
	total := boxH + 3*lh + 4*s
	fl.ensure(total)
	w := fl.width() / 3
	for i, who := range []string{"社区党组织（盖章）", "居务监督委员会（盖章）", "会计（签字）"} {
		x := fl.left + float64(i)*w
		fl.rect(x, fl.y, w, boxH, 0.25*s, black)
		fl.text(x+2*s, fl.y+1.5*s, w-4*s, lh, who, body, Left, black, true)
		fl.text(x+2*s, fl.y+boxH-lh-2*s, w-6*s, lh, "年　　月　　日", body, Right, black, false)
	}
	fl.y += boxH + 2*s
	phone := func(p string) string {
		if strings.TrimSpace(p) == "" {
			return "____________"
		}
		return p
	}
	fl.para("监督电话：社区 "+phone(n.PhoneCommunity)+"　　街道 "+phone(n.PhoneStreet), body, Left, black)
	fl.para("居民对公示内容如有疑问，请在公示期内向社区居务监督委员会或街道反映。", body*0.9, Left, dim)
}

// money writes a non-zero amount with separators; zero stays blank, as on a
// hand-written notice.
func money(m books.Money) string {
	if m.IsZero() {
		return ""
	}
	return books.FormatYuan(m)
}

// cnDate writes "2026-04-01" as 2026年4月1日.
func cnDate(d string) string {
	t, err := books.ParseDate(d)
	if err != nil {
		return d
	}
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// shortDate writes "2026-03-05" as 03-05: the month is in the title.
func shortDate(d string) string {
	if len(d) == 10 {
		return d[5:]
	}
	return d
}
