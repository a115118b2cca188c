package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
	"sunbooks/books/spending"
)

// homeScreenDef is the 首页 screen's place in the shell (app.go's screens).
func homeScreenDef() screenDef {
	return screenDef{id: "home", title: func() string { return lang.X("screen.home", "首页") },
		kinds: []string{books.KindCommunity},
		build: func(a *App) Screen { return newDashboard(a) }}
}

// dashboard is 首页: each compound's fund balance and this month's income
// and expense, what waits on the signed-in user, months not closed, arrears,
// and twelve months of income and expense per compound.
type dashboard struct {
	u        *App
	funds    *fyne.Container
	todo     *fyne.Container
	open     *fyne.Container
	arrears  *fyne.Container
	chartSel *widget.Select
	chart    *barChart
	chartIDs []int64
	content  fyne.CanvasObject
}

func newDashboard(u *App) *dashboard {
	d := &dashboard{u: u}
	d.funds = container.NewVBox()
	d.todo = container.NewVBox()
	d.open = container.NewVBox()
	d.arrears = container.NewVBox()
	d.chart = newBarChart()
	d.chartSel = widget.NewSelect(nil, func(string) { d.loadChart() })
	card := func(title string, body fyne.CanvasObject) fyne.CanvasObject {
		return widget.NewCard("", "", container.NewBorder(bold(title), nil, nil, nil, body))
	}
	// Three cards side by side; the lists scroll inside their cards, so a
	// long list never pushes the chart (or the status bar) off the screen.
	right := container.NewVBox(bold(lang.X("home.open", "未结账的月份")), d.open,
		bold(lang.X("home.arrears", "租金欠款")), d.arrears)
	top := container.NewGridWithColumns(3,
		card(lang.X("home.funds", "各小区资金"), d.funds),
		card(lang.X("home.todo", "待我处理"), container.NewVScroll(d.todo)),
		widget.NewCard("", "", container.NewVScroll(right)),
	)
	chartCard := widget.NewCard("", "", container.NewBorder(
		container.NewHBox(bold(lang.X("home.chart", "近 12 个月收支")), d.chartSel, legend()), nil, nil, nil, d.chart))
	d.content = container.NewBorder(top, nil, nil, nil, chartCard)
	return d
}

// Content is the screen's widget tree.
func (d *dashboard) Content() fyne.CanvasObject { return d.content }

// Reload reads the figures for the working month.
func (d *dashboard) Reload() {
	b, p := d.u.book, d.u.period
	d.funds.Objects = nil
	rep, err := b.CompoundReport(p, p, 0)
	if err != nil {
		showError(d.u.win, err)
		return
	}
	grid := container.New(colLayout{fr: []float32{0.28, 0.24, 0.24, 0.24}},
		bold(lang.X("home.compound", "小区")), boldRight(lang.X("home.balance", "资金余额")),
		boldRight(fmt.Sprintf(lang.X("home.income", "%d月收入"), p.Month())), boldRight(fmt.Sprintf(lang.X("home.expense", "%d月支出"), p.Month())))
	d.funds.Add(grid)
	for _, f := range rep.Compounds {
		if f.Compound.Archived {
			continue
		}
		bal := widget.NewLabelWithStyle(books.FormatYuan(f.Closing), fyne.TextAlignTrailing, fyne.TextStyle{})
		if f.Closing.IsNegative() {
			bal.Importance = widget.DangerImportance
		}
		d.funds.Add(container.New(colLayout{fr: []float32{0.28, 0.24, 0.24, 0.24}}, widget.NewLabel(f.Compound.Name), bal,
			widget.NewLabelWithStyle(books.FormatYuan(f.TotalIncome), fyne.TextAlignTrailing, fyne.TextStyle{}),
			widget.NewLabelWithStyle(books.FormatYuan(f.TotalExpense), fyne.TextAlignTrailing, fyne.TextStyle{})))
	}
	d.funds.Refresh()
	d.loadTodo()
	d.loadOpen()
	d.loadArrears()

	d.chartIDs = nil
	var names []string
	for _, f := range rep.Compounds {
		d.chartIDs = append(d.chartIDs, f.Compound.ID)
		names = append(names, f.Compound.Name)
	}
	d.chartSel.Options = names
	if d.chartSel.SelectedIndex() < 0 && len(names) > 0 {
		d.chartSel.SetSelectedIndex(0) // loads the chart
	} else {
		d.loadChart()
	}
}

// loadTodo lists what waits on the signed-in user: vouchers to review or
// post, applications at the user's step.
func (d *dashboard) loadTodo() {
	b, u := d.u.book, d.u
	d.todo.Objects = nil
	// A tap on an item opens its screen; a long item wraps rather than
	// widen the page or lose its end.
	add := func(text string, open func()) {
		item := newTableCell(func(widget.TableCellID) { open() }, nil)
		item.label.Importance = widget.HighImportance
		item.label.Truncation = fyne.TextTruncateOff
		item.label.Wrapping = fyne.TextWrapWord
		item.label.SetText(text)
		d.todo.Add(item)
	}
	toVouchers := func() { u.Show("vouchers") }
	if u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty) {
		if n := d.othersDrafts(); n > 0 {
			add(fmt.Sprintf(lang.X("home.todo.review", "待审核凭证 %d 张"), n), toVouchers)
		}
	}
	if u.can(books.RoleAccountant, books.RoleCashier) {
		if n, err := b.CountVouchers(books.VoucherFilter{Status: books.StatusReviewed}); err == nil && n > 0 {
			add(fmt.Sprintf(lang.X("home.todo.post", "待记账凭证 %d 张"), n), toVouchers)
		}
	}
	if apps, err := spending.Applications(b, spending.AppFilter{WaitingFor: u.role(), Limit: 100}); err == nil && len(apps) > 0 && u.role() != books.RoleAuditor {
		for i, a := range apps {
			if i == 5 {
				add(fmt.Sprintf(lang.X("home.todo.more", "…… 共 %d 件支出申请"), len(apps)), func() { u.Show("spending") })
				break
			}
			add(fmt.Sprintf("%s %s %s %s元（%s）", a.No, a.Compound, a.Title, books.FormatYuan(a.Amount), a.StateName()), func() { u.Show("spending") })
		}
	}
	if len(d.todo.Objects) == 0 {
		d.todo.Add(widget.NewLabel(lang.X("home.todo.none", "没有等待您处理的事项")))
	}
	d.todo.Refresh()
}

// othersDrafts counts the drafts someone else made: one's own vouchers wait
// on another person's review, not on one's own. Drafts are the few of the
// open months, so reading them is cheap.
func (d *dashboard) othersDrafts() int {
	me := d.u.sess.User().Name
	n := 0
	for off := 0; ; off += 500 {
		page, err := d.u.book.Vouchers(books.VoucherFilter{Status: books.StatusDraft, Offset: off, Limit: 500})
		if err != nil {
			return n
		}
		for _, v := range page {
			if v.Preparer != me {
				n++
			}
		}
		if len(page) < 500 {
			return n
		}
	}
}

func (d *dashboard) loadOpen() {
	d.open.Objects = nil
	ps := d.u.Periods()
	// Months without a voucher are folded into one line: a book opened in
	// March shows the rest of the year as empty months, not as work.
	var empty []books.Period
	flush := func() {
		switch len(empty) {
		case 0:
			return
		case 1:
			d.open.Add(widget.NewLabel(empty[0].Chinese() + lang.X("home.open.empty", "：没有凭证")))
		default:
			d.open.Add(widget.NewLabel(fmt.Sprintf(lang.X("home.open.emptyrange", "%s—%s：没有凭证"), empty[0].Chinese(), empty[len(empty)-1].Chinese())))
		}
		empty = nil
	}
	for _, p := range ps {
		if p.Closed {
			continue
		}
		if p.Drafts+p.Posted == 0 {
			empty = append(empty, p.Period)
			continue
		}
		flush()
		text := p.Period.Chinese()
		if p.Drafts > 0 {
			text += fmt.Sprintf(lang.X("home.open.drafts", "：%d 张凭证未记账"), p.Drafts)
		} else {
			text += fmt.Sprintf(lang.X("home.open.posted", "：已记账 %d 张，可以结账"), p.Posted)
		}
		d.open.Add(widget.NewLabel(text))
	}
	flush()
	if len(d.open.Objects) == 0 {
		d.open.Add(widget.NewLabel(lang.X("home.open.none", "所有月份都已结账")))
	}
	d.open.Refresh()
}

func (d *dashboard) loadArrears() {
	d.arrears.Objects = nil
	as, err := income.AllArrears(d.u.book, true)
	if err != nil {
		showError(d.u.win, err)
		return
	}
	for i, a := range as {
		if i == 6 {
			d.arrears.Add(widget.NewLabel(fmt.Sprintf(lang.X("home.arrears.more", "…… 共 %d 户欠款"), len(as))))
			break
		}
		text := fmt.Sprintf(lang.X("home.arrears.line", "%s %s：欠 %s 元（最早 %s 到期）"),
			a.Lease.CompoundName, a.Lease.Tenant, books.FormatYuan(a.Owed), a.OldestDue)
		if a.Pending.IsPositive() {
			text += fmt.Sprintf(lang.X("home.arrears.pending", "，另有待记账收款 %s 元"), books.FormatYuan(a.Pending))
		}
		l := widget.NewLabel(text)
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		d.arrears.Add(l)
	}
	if len(d.arrears.Objects) == 0 {
		d.arrears.Add(widget.NewLabel(lang.X("home.arrears.none", "没有欠款")))
	}
	d.arrears.Refresh()
}

// loadChart reads twelve months of the chosen compound's income and expense.
func (d *dashboard) loadChart() {
	i := d.chartSel.SelectedIndex()
	if i < 0 || i >= len(d.chartIDs) {
		return
	}
	var bars []monthBars
	p := d.u.period
	for k := 0; k < 11; k++ {
		p = p.Prev()
	}
	for k := 0; k < 12; k, p = k+1, p.Next() {
		rep, err := d.u.book.CompoundReport(p, p, d.chartIDs[i])
		if err != nil {
			showError(d.u.win, err)
			return
		}
		mb := monthBars{label: fmt.Sprintf("%d月", p.Month()), income: books.FromFen(0), expense: books.FromFen(0)}
		if p.Month() == 1 {
			mb.label = fmt.Sprintf("%d年1月", p.Year())
		}
		for _, f := range rep.Compounds {
			mb.income = mb.income.Add(f.TotalIncome)
			mb.expense = mb.expense.Add(f.TotalExpense)
		}
		bars = append(bars, mb)
	}
	d.chart.set(bars)
}

var (
	incomeColor  = color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}
	expenseColor = color.NRGBA{R: 0xfb, G: 0x8c, B: 0x00, A: 0xff}
)

func legend() fyne.CanvasObject {
	sw := func(c color.Color) fyne.CanvasObject {
		r := canvas.NewRectangle(c)
		r.SetMinSize(fyne.NewSize(14, 14))
		return container.NewCenter(r)
	}
	return container.NewHBox(sw(incomeColor), widget.NewLabel(lang.X("home.legend.income", "收入")),
		sw(expenseColor), widget.NewLabel(lang.X("home.legend.expense", "支出")))
}

type monthBars struct {
	label           string
	income, expense books.Money
}

// barChart draws paired income and expense bars per month.
type barChart struct {
	widget.BaseWidget
	bars []monthBars
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) set(b []monthBars) {
	c.bars = b
	c.Refresh()
}

// CreateRenderer draws the chart.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	r.rebuild()
	return r
}

type barRenderer struct {
	c    *barChart
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *barRenderer) rebuild() {
	r.objs = nil
	fg := theme.Color(theme.ColorNameForeground)
	for _, b := range r.c.bars {
		in := canvas.NewRectangle(incomeColor)
		ex := canvas.NewRectangle(expenseColor)
		lbl := canvas.NewText(b.label, fg)
		lbl.TextSize = theme.TextSize() - 2
		lbl.Alignment = fyne.TextAlignCenter
		// Both figures stand above the pair, income over expense, each in
		// its bar's colour, so neighbouring labels never overlap.
		inT := canvas.NewText(shortYuan(b.income), incomeColor)
		inT.TextSize = theme.TextSize() - 4
		inT.Alignment = fyne.TextAlignCenter
		exT := canvas.NewText(shortYuan(b.expense), expenseColor)
		exT.TextSize = theme.TextSize() - 4
		exT.Alignment = fyne.TextAlignCenter
		r.objs = append(r.objs, in, ex, lbl, inT, exT)
	}
	axis := canvas.NewLine(fg)
	r.objs = append(r.objs, axis)
}

// shortYuan writes an amount for a bar's top: 12,345 (no fen).
func shortYuan(m books.Money) string {
	if m.IsZero() {
		return ""
	}
	s := books.FormatYuan(m.Round(0))
	return s[:len(s)-3]
}

func (r *barRenderer) Layout(size fyne.Size) {
	r.size = size
	n := len(r.c.bars)
	if n == 0 {
		return
	}
	maxFen := int64(1)
	for _, b := range r.c.bars {
		for _, m := range []books.Money{b.income, b.expense} {
			if f, _ := books.ToFen(m); f > maxFen {
				maxFen = f
			}
		}
	}
	labelH := float32(20)
	top := float32(28)
	plotH := size.Height - labelH - top
	slot := size.Width / float32(n)
	bw := slot * 0.3
	// Pixels only: the bar's share of the tallest, from whole fen.
	height := func(m books.Money) float32 {
		f, _ := books.ToFen(m)
		if f < 0 {
			f = 0
		}
		return plotH * float32(f) / float32(maxFen)
	}
	for i, b := range r.c.bars {
		x := slot * float32(i)
		in, ex, lbl, inT, exT := r.objs[i*5], r.objs[i*5+1], r.objs[i*5+2], r.objs[i*5+3], r.objs[i*5+4]
		hi, he := height(b.income), height(b.expense)
		in.Move(fyne.NewPos(x+slot*0.15, top+plotH-hi))
		in.Resize(fyne.NewSize(bw, hi))
		ex.Move(fyne.NewPos(x+slot*0.15+bw, top+plotH-he))
		ex.Resize(fyne.NewSize(bw, he))
		lbl.Move(fyne.NewPos(x, top+plotH+2))
		lbl.Resize(fyne.NewSize(slot, labelH))
		y := top + plotH - max(hi, he)
		inT.Move(fyne.NewPos(x, y-26))
		inT.Resize(fyne.NewSize(slot, 12))
		exT.Move(fyne.NewPos(x, y-13))
		exT.Resize(fyne.NewSize(slot, 12))
	}
	axis := r.objs[len(r.objs)-1].(*canvas.Line)
	axis.Position1 = fyne.NewPos(0, top+plotH)
	axis.Position2 = fyne.NewPos(size.Width, top+plotH)
}

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(400, 180) }

func (r *barRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.size)
	canvas.Refresh(r.c)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *barRenderer) Destroy() {}
