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

// vouchersScreenDef is the 凭证 screen's place in the shell (app.go's screens).
func vouchersScreenDef() screenDef {
	return screenDef{id: "vouchers", title: func() string { return lang.X("screen.vouchers", "凭证") },
		kinds: []string{books.KindCommunity},
		build: func(a *App) Screen { return newVouchersScreen(a) },
		menu:  vouchersMenu}
}

// vouchersMenu is the 凭证 menu: Ctrl+N starts a voucher from any screen.
func vouchersMenu(a *App) *fyne.Menu {
	if !a.can(books.RoleAccountant, books.RoleCashier) {
		return nil
	}
	it := menuItem(lang.X("menu.newvoucher", "填制凭证"), fyne.KeyN, func() {
		if s, ok := a.Show("vouchers").(*vouchersScreen); ok {
			s.startNew()
		}
	})
	return fyne.NewMenu(lang.X("menu.vouchers", "凭证"), it)
}

// vouchersScreen is 凭证: the filtered list of the book's vouchers, read a
// page at a time, and the entry form.
type vouchersScreen struct {
	u        *App
	tabs     *container.AppTabs
	listTab  *container.TabItem
	entryTab *container.TabItem
	entry    *voucherEntry

	scope    *widget.Select
	status   *widget.Select
	account  *widget.Entry
	compound *widget.Select
	text     *widget.Entry
	count    *widget.Label
	table    *dataTable
	rows     *pager[books.VoucherSummary]
	filter   books.VoucherFilter
	selected int

	openBtn, reviewBtn, postBtn, batchReview, batchPost *widget.Button
	scopeMonths                                         []books.Period
	compoundIDs                                         []int64
	content                                             fyne.CanvasObject
}

var statusChoices = []string{"", books.StatusDraft, books.StatusReviewed, books.StatusPosted}

func newVouchersScreen(u *App) *vouchersScreen {
	s := &vouchersScreen{u: u, selected: -1}
	s.entry = newVoucherEntry(u)
	s.entry.onChanged = s.reloadList

	s.scope = widget.NewSelect([]string{lang.X("vouchers.scope.period", "本期"), lang.X("vouchers.scope.year", "本年"), lang.X("vouchers.scope.all", "全部期间")},
		func(string) { s.apply() })
	s.status = widget.NewSelect([]string{lang.X("vouchers.status.all", "全部状态"), books.StatusName(books.StatusDraft),
		books.StatusName(books.StatusReviewed), books.StatusName(books.StatusPosted)}, func(string) { s.apply() })
	s.account = widget.NewEntry()
	s.account.SetPlaceHolder(lang.X("vouchers.account", "科目代码或拼音"))
	s.account.OnSubmitted = func(string) { s.apply() }
	s.compound = widget.NewSelect(nil, func(string) { s.apply() })
	s.text = widget.NewEntry()
	s.text.SetPlaceHolder(lang.X("vouchers.text", "摘要或凭证号"))
	s.text.OnSubmitted = func(string) { s.apply() }
	s.count = widget.NewLabel("")

	cols := []column{
		{lang.X("vouchers.col.period", "期间"), 80, false},
		{lang.X("vouchers.col.no", "凭证号"), 80, false},
		{lang.X("vouchers.col.date", "日期"), 95, false},
		{lang.X("vouchers.col.memo", "摘要"), 300, false},
		{lang.X("vouchers.col.total", "金额"), 120, true},
		{lang.X("vouchers.col.status", "状态"), 70, false},
		{lang.X("vouchers.col.preparer", "制单"), 70, false},
		{lang.X("vouchers.col.reviewer", "审核"), 70, false},
		{lang.X("vouchers.col.poster", "记账"), 70, false},
		{lang.X("vouchers.col.lines", "行数"), 50, true},
	}
	s.rows = newPager(100, func(off, lim int) ([]books.VoucherSummary, error) {
		f := s.filter
		f.Offset, f.Limit = off, lim
		return u.book.Vouchers(f)
	}, func(err error) { showError(u.win, err) })
	s.table = newDataTable(cols, func() int { return s.rows.total }, s.cell, s.open)
	s.table.OnSelected = func(id widget.TableCellID) { s.selected = id.Row; s.updateButtons() }

	s.openBtn = widget.NewButton(lang.X("vouchers.open", "打开"), func() { s.open(s.selected) })
	s.reviewBtn = widget.NewButton(lang.X("vouchers.review", "审核"), func() { s.act(u.sess.ReviewVoucher) })
	s.postBtn = widget.NewButton(lang.X("vouchers.post", "记账"), s.askPost)
	newBtn := widget.NewButton(lang.X("vouchers.new", "填制凭证"), s.startNew)
	newBtn.Importance = widget.HighImportance
	newBtn.Hidden = !u.can(books.RoleAccountant, books.RoleCashier)

	filters := container.NewHBox(s.scope, s.status, container.NewGridWrap(fyne.NewSize(130, s.account.MinSize().Height), s.account),
		s.compound, container.NewGridWrap(fyne.NewSize(160, s.text.MinSize().Height), s.text),
		widget.NewButton(lang.X("vouchers.search", "查询"), s.apply), s.count)
	s.batchReview = widget.NewButton(lang.X("vouchers.batchreview", "成批审核"), func() {
		s.batch(books.StatusDraft, lang.X("vouchers.batchreview", "成批审核"), u.sess.ReviewVoucher)
	})
	s.batchPost = widget.NewButton(lang.X("vouchers.batchpost", "成批记账"), s.askBatchPost)
	s.batchReview.Hidden = !u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty)
	s.batchPost.Hidden = !u.can(books.RoleAccountant, books.RoleCashier)
	// A role that may never review or post (审计, 业委会) is not shown
	// those buttons greyed out, as if they might one day work.
	s.reviewBtn.Hidden = s.batchReview.Hidden
	s.postBtn.Hidden = s.batchPost.Hidden
	actions := container.NewHBox(newBtn, s.openBtn, s.reviewBtn, s.postBtn, widget.NewSeparator(), s.batchReview, s.batchPost)
	list := container.NewBorder(container.NewVBox(filters, actions), nil, nil, nil, s.table)
	s.listTab = container.NewTabItem(lang.X("vouchers.tab.list", "凭证列表"), list)
	entryTitle := lang.X("vouchers.tab.entry", "填制凭证")
	if !u.can(books.RoleAccountant, books.RoleCashier) {
		// Who cannot make vouchers reads them there.
		entryTitle = lang.X("vouchers.tab.view", "查看凭证")
	}
	s.entryTab = container.NewTabItem(entryTitle, s.entry.content)
	s.tabs = container.NewAppTabs(s.listTab, s.entryTab)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == s.entryTab && s.entry.rows == nil {
			s.entry.newVoucher()
		}
	}
	s.content = s.tabs
	return s
}

// Content is the screen's widget tree.
func (s *vouchersScreen) Content() fyne.CanvasObject { return s.content }

// Reload reads the compounds and the list again for the working period.
func (s *vouchersScreen) Reload() {
	cs, err := s.u.book.Compounds(true)
	if err != nil {
		showError(s.u.win, err)
	}
	opts := []string{lang.X("vouchers.compound.all", "全部小区")}
	s.compoundIDs = []int64{0}
	for _, c := range cs {
		opts = append(opts, c.Name)
		s.compoundIDs = append(s.compoundIDs, c.ID)
	}
	s.compound.Options = opts
	if s.compound.SelectedIndex() < 0 {
		s.compound.SetSelectedIndex(0)
	}
	// 本期, 本年, 全部期间, then each month, newest first.
	scope := s.scope.Selected
	s.scopeMonths = nil
	s.scope.Options = s.scope.Options[:3]
	states := s.u.Periods()
	for i := len(states) - 1; i >= 0; i-- {
		s.scopeMonths = append(s.scopeMonths, states[i].Period)
		s.scope.Options = append(s.scope.Options, states[i].Period.Chinese())
	}
	s.scope.Selected = scope
	if s.scope.SelectedIndex() < 0 {
		s.scope.SetSelectedIndex(0)
	}
	if s.status.SelectedIndex() < 0 {
		s.status.SetSelectedIndex(0)
	}
	s.apply()
}

// apply reads the filters and reloads the list.
func (s *vouchersScreen) apply() {
	if s.status.SelectedIndex() < 0 || s.scope.SelectedIndex() < 0 || s.compound.SelectedIndex() < 0 {
		return // still being set up
	}
	f := books.VoucherFilter{Text: strings.TrimSpace(s.text.Text), Status: statusChoices[s.status.SelectedIndex()]}
	switch s.scope.SelectedIndex() {
	case 0:
		f.From, f.To = s.u.period, s.u.period
	case 1:
		y := s.u.period.Year()
		f.From, f.To = books.Period(y*100+1), books.Period(y*100+12)
	case 2:
	default:
		if i := s.scope.SelectedIndex() - 3; i < len(s.scopeMonths) {
			f.From, f.To = s.scopeMonths[i], s.scopeMonths[i]
		}
	}
	if i := s.compound.SelectedIndex(); i > 0 {
		f.CompoundID = s.compoundIDs[i]
	}
	if t := strings.TrimSpace(s.account.Text); t != "" {
		f.AccountCode = s.accountCode(t)
	}
	s.filter = f
	s.reloadList()
}

// accountCode turns what was typed in the account filter (a code, a name or
// pinyin initials) into a code; the filter includes the account's children.
func (s *vouchersScreen) accountCode(t string) string {
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

func (s *vouchersScreen) reloadList() {
	n, err := s.u.book.CountVouchers(s.filter)
	if err != nil {
		showError(s.u.win, err)
	}
	s.rows.reset(n)
	s.count.SetText(fmt.Sprintf(lang.X("vouchers.count", "共 %d 张"), n))
	s.selected = -1
	s.table.UnselectAll()
	s.table.Refresh()
	s.updateButtons()
}

func (s *vouchersScreen) cell(row, col int) (string, bool) {
	v, ok := s.rows.row(row)
	if !ok {
		return "", false
	}
	red := v.Kind == books.VoucherReversal
	switch col {
	case 0:
		return v.Period.String(), false
	case 1:
		return v.No, red
	case 2:
		return v.Date, false
	case 3:
		return v.Memo, red
	case 4:
		return books.FormatYuan(v.Total), red || v.Total.IsNegative()
	case 5:
		if v.Migrated() {
			return books.StatusName(v.Status) + lang.X("vouchers.migrated", "（迁移）"), false
		}
		return books.StatusName(v.Status), v.Status == books.StatusDraft
	case 6:
		return v.Preparer, false
	case 7:
		return v.Reviewer, false
	case 8:
		return v.Poster, false
	case 9:
		return fmt.Sprint(v.Lines), false
	}
	return "", false
}

func (s *vouchersScreen) updateButtons() {
	v, ok := s.rows.row(s.selected)
	enable(s.openBtn, ok)
	// Review is another person's check: the preparer is not offered it.
	enable(s.reviewBtn, ok && v.Status == books.StatusDraft && v.Preparer != s.u.sess.User().Name &&
		s.u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty))
	enable(s.postBtn, ok && v.Status == books.StatusReviewed && s.u.can(books.RoleAccountant, books.RoleCashier))
}

// typedKey answers keys typed with nothing focused: on the list ↑↓ choose
// a voucher and Enter opens it; on the form PgUp/PgDn walk the vouchers.
func (s *vouchersScreen) typedKey(k *fyne.KeyEvent) bool {
	if s.tabs.Selected() == s.entryTab {
		return s.entry.pageKey(k)
	}
	row := s.selected
	switch {
	case k.Name == fyne.KeyDown:
		row++
	case k.Name == fyne.KeyUp:
		row--
	case isEnter(k) && s.selected >= 0:
		s.open(s.selected)
		return true
	default:
		return false
	}
	if row >= 0 && row < s.rows.total {
		id := widget.TableCellID{Row: row, Col: 0}
		s.table.Select(id)
		s.table.ScrollTo(id)
	}
	return true
}

// startNew shows the entry form with a new voucher, the cursor in the first
// memo (the form must be on screen before it can take the focus).
func (s *vouchersScreen) startNew() {
	s.tabs.Select(s.entryTab)
	s.entry.leave(s.entry.newVoucher)
}

// open shows the voucher of a row in the entry form.
func (s *vouchersScreen) open(row int) {
	v, ok := s.rows.row(row)
	if !ok {
		return
	}
	s.openVoucher(v.ID)
}

// openVoucher shows a voucher by id (the ledgers drill down to it).
func (s *vouchersScreen) openVoucher(id int64) {
	s.entry.leave(func() {
		s.entry.edit(id)
		s.tabs.Select(s.entryTab)
	})
}

func (s *vouchersScreen) act(f func(int64) error) {
	v, ok := s.rows.row(s.selected)
	if !ok {
		return
	}
	if err := f(v.ID); err != nil {
		showError(s.u.win, err)
		return
	}
	row := s.selected
	s.reloadList()
	s.u.changed()
	if row < s.rows.total {
		s.table.Select(widget.TableCellID{Row: row, Col: 0})
	}
}

// askPost posts the chosen voucher once the person confirms: a posted
// voucher can no longer be changed or deleted, only reversed.
func (s *vouchersScreen) askPost() {
	v, ok := s.rows.row(s.selected)
	if !ok {
		return
	}
	askConfirm(s.u.win, lang.X("vouchers.post", "记账"),
		fmt.Sprintf(lang.X("vouchers.post.ask", "将凭证 %s 记账？\n记账后不能再修改或删除，只能红字冲销。"), voucherName(v.Period, v.No)),
		lang.X("vouchers.post", "记账"), func() { s.act(s.u.sess.PostVoucher) })
}

// askBatchPost says how many reviewed vouchers the filter holds and posts
// them once the person confirms.
func (s *vouchersScreen) askBatchPost() {
	title := lang.X("vouchers.batchpost", "成批记账")
	f := s.filter
	f.Status = books.StatusReviewed
	n, err := s.u.book.CountVouchers(f)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	if n == 0 {
		showInfo(s.u.win, title, lang.X("vouchers.batchpost.none", "当前筛选下没有已审核、待记账的凭证。"))
		return
	}
	askConfirm(s.u.win, title,
		fmt.Sprintf(lang.X("vouchers.batchpost.ask", "将当前筛选下 %d 张已审核凭证全部记账？\n记账后不能再修改或删除，只能红字冲销。"), n),
		title, func() { s.batch(books.StatusReviewed, title, s.u.sess.PostVoucher) })
}

// batch reviews or posts every voucher the filter shows in the given state,
// off the UI goroutine with progress and cancel. A voucher the book refuses
// (one's own for review, say) is skipped and named in the result.
func (s *vouchersScreen) batch(status, title string, act func(int64) error) {
	f := s.filter
	f.Status = status
	b := s.u.book
	type result struct {
		done    int
		refused []string
	}
	s.u.runLong(title, func(ctx context.Context, progress progressFunc) (any, error) {
		var ids []int64
		var nos []string
		for off := 0; ; off += 500 {
			f.Offset, f.Limit = off, 500
			page, err := b.Vouchers(f)
			if err != nil {
				return nil, err
			}
			for _, v := range page {
				ids = append(ids, v.ID)
				nos = append(nos, voucherName(v.Period, v.No))
			}
			if len(page) < 500 {
				break
			}
		}
		var r result
		for i, id := range ids {
			if ctx.Err() != nil {
				break
			}
			progress(float64(i)/float64(len(ids)), fmt.Sprintf(lang.X("vouchers.batch.at", "%s（%d/%d）"), nos[i], i+1, len(ids)))
			if err := act(id); err != nil {
				r.refused = append(r.refused, errorText(err))
				continue
			}
			r.done++
		}
		return r, nil
	}, func(v any, err error) {
		s.reloadList()
		s.u.changed()
		if err != nil {
			showError(s.u.win, err)
			return
		}
		r := v.(result)
		msg := fmt.Sprintf(lang.X("vouchers.batch.done", "%s：完成 %d 张。"), title, r.done)
		if len(r.refused) > 0 {
			shown := r.refused
			if len(shown) > 10 {
				shown = shown[:10]
			}
			msg += fmt.Sprintf(lang.X("vouchers.batch.refused", "%d 张没有办理：\n%s"), len(r.refused), strings.Join(shown, "\n"))
		}
		showInfo(s.u.win, title, msg)
	})
}
