package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

// ledgersScreenDef is the 账簿 screen's place in the shell (app.go's screens).
func ledgersScreenDef() screenDef {
	return screenDef{id: "ledgers", title: func() string { return lang.X("screen.ledgers", "账簿") },
		build: func(a *App) Screen { return newLedgersScreen(a) }}
}

// Report kinds of the 账簿 screen, in the order of its picker.
const (
	repTrial = iota
	repGeneral
	repDetail
	repCash
	repBank
	repCompounds
	repBalanceSheet
	repActivities
	repCashFlow
)

// ledgerPage is how many posted lines a page of a detail ledger or journal
// reads: the table scrolls within a page, and the pager walks the pages, so a
// million-line ledger never loads at once.
const ledgerPage = 1000

// ledgersScreen is 账簿: trial balance, general and detail ledgers, journals,
// compound income and expense, balance sheet; period range and compound
// pickers; drill from a ledger line to its voucher; 打印 and 导出 Excel.
type ledgersScreen struct {
	u        *App
	kind     *widget.Select
	from, to *widget.Select
	compound *widget.Select
	account  *widget.Entry
	title    *widget.Label
	pageInfo *widget.Label
	tableBox *fyne.Container
	table    *dataTable
	prevBtn  *widget.Button
	nextBtn  *widget.Button
	printBtn *widget.Button
	content  fyne.CanvasObject

	periods     []books.Period
	compoundIDs []int64
	tab         books.Table // what is shown
	// whole reads the whole report for printing and export: a detail
	// ledger shows a page, but prints and exports every line of the range.
	whole    func() (books.Table, error)
	vouchers []int64  // voucher id per row (ledgers), 0 for none
	codes    []string // account code per row (trial balance, 总账)
	// statement is the statutory statement shown, printed in its form.
	statement *books.Statement
	offset    int          // first posted line of the page (detail ledgers)
	rangeFor  books.Period // the working month the range was defaulted for
	selRow    int          // the chosen row, -1 for none
	total     int          // posted lines in the range (detail ledgers)
}

func newLedgersScreen(u *App) *ledgersScreen {
	s := &ledgersScreen{u: u}
	s.kind = widget.NewSelect([]string{
		lang.X("ledgers.trial", "科目余额表"), lang.X("ledgers.general", "总账"), lang.X("ledgers.detail", "明细账"),
		lang.X("ledgers.cash", "现金日记账"), lang.X("ledgers.bank", "银行存款日记账"),
		lang.X("ledgers.compounds", "小区收支明细"), lang.X("ledgers.balancesheet", "资产负债表"),
		lang.X("ledgers.activities", "业务活动表"), lang.X("ledgers.cashflow", "现金流量表"),
	}, func(string) { s.offset = 0; s.query() })
	s.from = widget.NewSelect(nil, func(string) { s.offset = 0; s.query() })
	s.to = widget.NewSelect(nil, func(string) { s.offset = 0; s.query() })
	s.compound = widget.NewSelect(nil, func(string) { s.offset = 0; s.query() })
	s.account = widget.NewEntry()
	s.account.SetPlaceHolder(lang.X("ledgers.account", "科目：代码/名称/拼音"))
	s.account.OnSubmitted = func(string) {
		// Typing an account means its ledger: from a report without an
		// account, go to the detail ledger.
		if k := s.kind.SelectedIndex(); k != repGeneral && k != repDetail {
			s.setQuietly(func() { s.kind.SetSelectedIndex(repDetail) })
		}
		s.offset = 0
		s.query()
	}
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.pageInfo = widget.NewLabel("")
	s.prevBtn = widget.NewButton(lang.X("ledgers.prev", "上一页"), func() { s.offset -= ledgerPage; s.query() })
	s.nextBtn = widget.NewButton(lang.X("ledgers.next", "下一页"), func() { s.offset += ledgerPage; s.query() })
	s.printBtn = widget.NewButton(lang.X("ledgers.print", "打印"), s.print)
	preview := widget.NewButton(lang.X("ledgers.preview", "预览"), s.preview)
	export := widget.NewButton(lang.X("ledgers.export", "导出 Excel"), s.exportDialog)
	s.tableBox = container.NewStack()
	bar := container.NewHBox(s.kind,
		widget.NewLabel(lang.X("ledgers.from", "从")), s.from, widget.NewLabel(lang.X("ledgers.to", "到")), s.to,
		s.compound, container.NewGridWrap(fyne.NewSize(190, s.account.MinSize().Height), s.account),
		widget.NewButton(lang.X("ledgers.query", "查询"), func() { s.offset = 0; s.query() }), preview, s.printBtn, export)
	pager := container.NewHBox(s.prevBtn, s.nextBtn, s.pageInfo)
	hint := widget.NewLabel(lang.X("ledgers.hint", "双击（或 ↑↓ 选行后回车）明细行查看凭证，科目余额表和总账的科目查看其明细账。"))
	s.content = container.NewBorder(container.NewVBox(bar, s.title), container.NewHBox(pager, hint), nil, nil, s.tableBox)
	return s
}

// Content is the screen's widget tree.
func (s *ledgersScreen) Content() fyne.CanvasObject { return s.content }

// Reload refreshes the pickers and the report for the working period.
func (s *ledgersScreen) Reload() {
	ps := s.u.Periods()
	s.periods = nil
	var names []string
	for _, p := range ps {
		s.periods = append(s.periods, p.Period)
		names = append(names, p.Period.Chinese())
	}
	s.from.Options, s.to.Options = names, names
	cs, err := s.u.book.Compounds(true)
	if err != nil {
		showError(s.u.win, err)
	}
	s.compoundIDs = []int64{0}
	s.compound.Options = []string{lang.X("ledgers.compound.all", "全部小区")}
	for _, c := range cs {
		s.compoundIDs = append(s.compoundIDs, c.ID)
		s.compound.Options = append(s.compound.Options, c.Name)
	}
	s.setQuietly(func() {
		if s.kind.SelectedIndex() < 0 {
			s.kind.SetSelectedIndex(repTrial)
		}
		// The year to date: ledgers are read from January, and a trial
		// balance over it shows the year's activity beside the balances.
		// A range the person chose stays until the working month changes.
		if s.rangeFor != s.u.period || s.from.SelectedIndex() < 0 {
			s.rangeFor = s.u.period
			from := -1
			for i, p := range s.periods {
				if p.Year() == s.u.period.Year() && from < 0 {
					from = i
				}
				if p == s.u.period {
					s.from.SetSelectedIndex(max(from, 0))
					s.to.SetSelectedIndex(i)
				}
			}
		}
		if s.compound.SelectedIndex() < 0 {
			s.compound.SetSelectedIndex(0)
		}
	})
	s.offset = 0
	s.query()
}

// setQuietly sets pickers without each one running the query.
func (s *ledgersScreen) setQuietly(f func()) {
	on := []*widget.Select{s.kind, s.from, s.to, s.compound}
	saved := make([]func(string), len(on))
	for i, w := range on {
		saved[i], w.OnChanged = w.OnChanged, nil
	}
	f()
	for i, w := range on {
		w.OnChanged = saved[i]
	}
}

func (s *ledgersScreen) rangeAndCompound() (from, to books.Period, compound int64, ok bool) {
	fi, ti, ci := s.from.SelectedIndex(), s.to.SelectedIndex(), s.compound.SelectedIndex()
	if fi < 0 || ti < 0 || ci < 0 || s.kind.SelectedIndex() < 0 {
		return 0, 0, 0, false
	}
	return s.periods[fi], s.periods[ti], s.compoundIDs[ci], true
}

// accountCode reads the account picker: a code, a name or pinyin initials.
func (s *ledgersScreen) accountCode() string {
	t := strings.TrimSpace(s.account.Text)
	if t == "" {
		return ""
	}
	accts, err := s.u.book.Accounts()
	if err != nil {
		return t
	}
	var all []candidate
	for _, a := range accts {
		all = append(all, candidate{label: a.FullName(), code: a.Code, name: a.Name, mnem: a.Mnemonic})
	}
	if m := matches(all, t, 1); len(m) == 1 {
		s.account.SetText(m[0].label)
		return m[0].code
	}
	code, _, _ := strings.Cut(t, " ")
	return code
}

// query runs the chosen report and shows it.
func (s *ledgersScreen) query() {
	from, to, comp, ok := s.rangeAndCompound()
	if !ok {
		return
	}
	b := s.u.book
	s.vouchers, s.codes = nil, nil
	s.whole = nil
	s.statement = nil
	paged := false
	var tab books.Table
	var err error
	switch s.kind.SelectedIndex() {
	case repTrial:
		var tb books.TrialBalance
		if tb, err = b.TrialBalance(from, to, comp); err == nil {
			tab = tb.Table()
			for i, r := range tb.Rows {
				s.codes = append(s.codes, r.Account.Code)
				// Children indented under their parent, as on the printed form.
				if r.Account.ParentID != 0 && i < len(tab.Rows) {
					tab.Rows[i][1] = strings.Repeat("　", max(r.Account.Level-1, 1)) + tab.Rows[i][1]
				}
			}
		}
	case repGeneral:
		var gl books.GeneralLedger
		if gl, err = b.GeneralLedger(from, to, comp, s.accountCode()); err == nil {
			tab = gl.Table()
			for _, r := range tab.Rows {
				s.codes = append(s.codes, r[0])
			}
		}
	case repDetail, repCash, repBank:
		paged = true
		q := books.LedgerQuery{CompoundID: comp, From: from, To: to, Offset: s.offset, Limit: ledgerPage}
		switch s.kind.SelectedIndex() {
		case repDetail:
			q.AccountCode = s.accountCode()
			if q.AccountCode == "" {
				s.show(books.Table{Title: lang.X("ledgers.detail", "明细账")}, false)
				s.title.SetText(lang.X("ledgers.pickaccount", "明细账：请先在“科目”中输入科目代码、名称或拼音首字母，按回车"))
				return
			}
		case repCash:
			q.Monetary, q.DailyTotals = "cash", true
		default:
			q.Monetary, q.DailyTotals = "bank", true
		}
		var dl books.DetailLedger
		dl, err = b.DetailLedger(q)
		all := q
		all.Offset, all.Limit = 0, 0
		s.whole = func() (books.Table, error) {
			d, err := b.DetailLedger(all)
			return d.Table(), err
		}
		if err == nil {
			tab = dl.Table()
			s.total = dl.Total
			for _, l := range dl.Lines {
				s.vouchers = append(s.vouchers, l.VoucherID)
			}
		}
	case repCompounds:
		var cr books.CompoundReport
		if cr, err = b.CompoundReport(from, to, comp); err == nil {
			tab = cr.Table()
		}
	case repBalanceSheet, repActivities, repCashFlow:
		kind := map[int]string{repBalanceSheet: books.StatementBalanceSheet, repActivities: books.StatementActivities,
			repCashFlow: books.StatementCashFlow}[s.kind.SelectedIndex()]
		var st books.Statement
		if st, err = b.Statement(kind, to, comp); err == nil {
			tab = st.Table()
			// Items under a heading indented, as on the printed form.
			for i, l := range st.Lines {
				tab.Rows[i][1] = strings.Repeat("　", l.Indent) + tab.Rows[i][1]
			}
			s.statement = &st
		}
	}
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.show(tab, paged)
	if s.statement != nil {
		s.showChecks(*s.statement)
	}
}

// showChecks puts what a statement's checks found under its title: that it
// ties out, or each check that failed.
func (s *ledgersScreen) showChecks(st books.Statement) {
	s.pageInfo.Hidden = false
	defer s.pageInfo.Refresh()
	if len(st.Problems) == 0 {
		s.pageInfo.SetText(lang.X("ledgers.checks.ok", "校验通过：表内各项勾稽相符"))
		if st.Note != "" {
			s.pageInfo.SetText(s.pageInfo.Text + "。" + st.Note)
		}
		return
	}
	s.pageInfo.SetText(lang.X("ledgers.checks.failed", "校验未通过：") + strings.Join(st.Problems, "；"))
}

// show puts a report table on screen.
func (s *ledgersScreen) show(tab books.Table, paged bool) {
	s.tab = tab
	s.title.SetText(strings.TrimSpace(tab.Title + "　" + tab.Subtitle))
	var cols []column
	for i, h := range tab.Header {
		key := ""
		if i < len(tab.Keys) {
			key = tab.Keys[i]
		}
		money := i < len(tab.Kinds) && tab.Kinds[i] == books.MoneyColumn
		cols = append(cols, column{title: h, width: columnWidth(key, money), right: money})
	}
	s.table = newDataTable(cols, func() int { return len(s.tab.Rows) }, func(row, col int) (string, bool) {
		if row >= len(s.tab.Rows) || col >= len(s.tab.Rows[row]) {
			return "", false
		}
		v := s.tab.Rows[row][col]
		if col < len(s.tab.Kinds) && s.tab.Kinds[col] == books.MoneyColumn && v != "" {
			m, err := books.ParseMoney(v)
			if err != nil {
				return v, false
			}
			if m.IsZero() {
				return "", false
			}
			return books.FormatYuan(m), m.IsNegative()
		}
		return v, false
	}, s.drill)
	s.selRow = -1
	s.table.OnSelected = func(id widget.TableCellID) { s.selRow = id.Row }
	s.tableBox.Objects = []fyne.CanvasObject{s.table}
	s.tableBox.Refresh()
	s.prevBtn.Hidden, s.nextBtn.Hidden, s.pageInfo.Hidden = !paged, !paged, !paged
	if paged {
		pages := max((s.total+ledgerPage-1)/ledgerPage, 1)
		s.pageInfo.SetText(fmt.Sprintf(lang.X("ledgers.page", "第 %d / %d 页，共 %d 笔"), s.offset/ledgerPage+1, pages, s.total))
		enable(s.prevBtn, s.offset > 0)
		enable(s.nextBtn, s.offset+ledgerPage < s.total)
	}
	s.prevBtn.Refresh()
	s.nextBtn.Refresh()
	s.pageInfo.Refresh()
}

func columnWidth(key string, money bool) float32 {
	switch {
	case money:
		return 120
	case key == "memo":
		return 260
	case key == "account_name":
		return 170
	case key == "item":
		// A statement's items are long: 一年内到期的长期债权投资.
		return 300
	case key == "date":
		return 95
	case key == "summary", key == "compound":
		return 100
	case key == "direction":
		return 60
	}
	return 90
}

// typedKey answers keys typed with nothing focused: ↑↓ choose a row and
// Enter drills into it, as a double click does.
func (s *ledgersScreen) typedKey(k *fyne.KeyEvent) bool {
	row := s.selRow
	switch {
	case k.Name == fyne.KeyDown:
		row++
	case k.Name == fyne.KeyUp:
		row--
	case isEnter(k) && s.selRow >= 0:
		s.drill(s.selRow)
		return true
	default:
		return false
	}
	if row >= 0 && row < len(s.tab.Rows) {
		id := widget.TableCellID{Row: row, Col: 0}
		s.table.Select(id)
		s.table.ScrollTo(id)
	}
	return true
}

// drill opens what a row stands for: a ledger line's voucher, or the detail
// ledger of a trial balance or general ledger account.
func (s *ledgersScreen) drill(row int) {
	if row < len(s.vouchers) && s.vouchers[row] != 0 {
		if vs, ok := s.u.Show("vouchers").(*vouchersScreen); ok {
			vs.openVoucher(s.vouchers[row])
		}
		return
	}
	if row < len(s.codes) && s.codes[row] != "" && s.codes[row] != "合计" {
		s.account.SetText(s.codes[row])
		s.setQuietly(func() { s.kind.SetSelectedIndex(repDetail) })
		s.offset = 0
		s.query()
	}
}

// exportDialog asks where to write the .xlsx.
func (s *ledgersScreen) exportDialog() {
	s.u.saveFileDialog(s.tab.Title+".xlsx", func(path string) { s.export(path, nil) })
}

// export writes the shown report as .xlsx off the UI goroutine; done (tests)
// is called with the result after the person is told.
func (s *ledgersScreen) export(path string, done func(error)) {
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		path += ".xlsx"
	}
	tab, whole := s.tab, s.whole
	s.u.runLong(lang.X("ledgers.exporting", "导出 Excel"), func(ctx context.Context, _ progressFunc) (any, error) {
		if whole != nil {
			t, err := whole()
			if err != nil {
				return nil, err
			}
			tab = t
		}
		return nil, tab.WriteXLSX(path)
	}, func(_ any, err error) {
		if err != nil {
			showError(s.u.win, err)
		} else {
			s.u.setHint(fmt.Sprintf(lang.X("ledgers.exported", "已导出 %s"), path))
		}
		if done != nil {
			done(err)
		}
	})
}

// printout is the shown report's file name and layout: a statement in its
// official form, any other report as a table (the whole of it, where the
// screen shows a page).
func (s *ledgersScreen) printout() (string, layoutFunc) {
	name := fmt.Sprintf("%s-%s.pdf", s.tab.Title, s.u.period)
	if st := s.statement; st != nil {
		return name, statementLayout(*st)
	}
	return name, tableLayout(s.u, s.tab, s.whole)
}

// print writes the shown report as a PDF and opens it in the system viewer.
func (s *ledgersScreen) print() { s.u.printLayout(s.printout()) }

// preview shows the report as it prints.
func (s *ledgersScreen) preview() {
	name, lay := s.printout()
	s.u.previewLayout(s.tab.Title+" "+lang.X("preview.suffix", "打印预览"), name, lay)
}
