package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

// columns of a voucher line: 摘要, 科目, 小区, 借方, 贷方.
var lineCols = colLayout{fr: []float32{0.27, 0.27, 0.14, 0.16, 0.16}}

// voucherEntry is the 填制凭证 form: one voucher, typed from the keyboard
// the way a 用友 user expects: Enter or Tab to the next cell, the account by
// code, name or pinyin initials, the compound carried down from the line
// above, "=" or Enter on an empty amount takes the balancing figure, Ctrl+S
// saves, and the difference shows while typing.
type voucherEntry struct {
	u *App
	v books.Voucher // as loaded or last saved; ID 0 while new
	// shownText is the form's text as shown from v, to tell typed changes
	// that are not yet saved.
	shownText string

	accounts  []candidate
	compounds []candidate
	lastDate  string

	title     *widget.Label
	no        *widget.Label
	state     *widget.Label
	date      *cellEntry
	attach    *cellEntry
	rows      []*lineRow
	rowsBox   *fyne.Container
	debitSum  *widget.Label
	creditSum *widget.Label
	diff      *widget.Label
	capital   *widget.Label
	people    *widget.Label
	message   *widget.Label
	suggest   *suggestBox

	saveBtn, newBtn, reviewBtn, unreviewBtn, postBtn, reverseBtn, deleteBtn, addBtn, removeBtn, printBtn, previewBtn *widget.Button
	prevBtn, nextBtn                                                                                                 *widget.Button

	content fyne.CanvasObject
	// onChanged is called after the book changed (the list reloads).
	onChanged func()
	// focused is the row the cursor is in, for 增行/删行.
	focused int
}

// lineRow is one line of the voucher being typed.
type lineRow struct {
	memo, account, compound, debit, credit *cellEntry
	box                                    *fyne.Container
}

func (r *lineRow) cells() []*cellEntry {
	return []*cellEntry{r.memo, r.account, r.compound, r.debit, r.credit}
}

// empty reports whether the line has nothing but the memo and compound
// carried down from the line above: such a line is not saved.
func (r *lineRow) empty() bool {
	for _, c := range []*cellEntry{r.account, r.debit, r.credit} {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}

func newVoucherEntry(u *App) *voucherEntry {
	e := &voucherEntry{u: u}
	e.suggest = newSuggestBox()
	e.title = widget.NewLabelWithStyle(lang.X("entry.title", "记 账 凭 证"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	e.no = widget.NewLabel("")
	e.state = widget.NewLabel("")
	e.state.Importance = widget.HighImportance
	e.date = newCell()
	e.date.SetPlaceHolder("2026-03-15")
	e.attach = newCell()
	e.attach.SetPlaceHolder("0")
	for _, c := range []*cellEntry{e.date, e.attach} {
		c := c
		c.onShortcut = e.shortcut
		c.onNav = e.pageKey
		c.onFocus = func() { e.suggest.hide() }
		c.onKey = func(k *fyne.KeyEvent) bool {
			if isEnter(k) {
				e.focusNext(c)
				return true
			}
			return false
		}
	}
	e.rowsBox = container.NewVBox()
	e.debitSum = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	e.creditSum = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	e.diff = widget.NewLabel("")
	e.capital = widget.NewLabel("")
	e.people = widget.NewLabel("")
	e.message = widget.NewLabel("")
	e.message.Importance = widget.DangerImportance
	e.message.Wrapping = fyne.TextWrapWord

	e.newBtn = widget.NewButton(lang.X("entry.new", "新凭证 (Ctrl+N)"), func() { e.leave(e.newVoucher) })
	e.saveBtn = widget.NewButton(lang.X("entry.save", "保存 (Ctrl+S)"), e.save)
	e.saveBtn.Importance = widget.HighImportance
	e.addBtn = widget.NewButton(lang.X("entry.addline", "插入行"), e.insertLine)
	e.removeBtn = widget.NewButton(lang.X("entry.removeline", "删除行"), e.removeLine)
	e.reviewBtn = widget.NewButton(lang.X("entry.review", "审核"), e.review)
	e.unreviewBtn = widget.NewButton(lang.X("entry.unreview", "取消审核"), e.unreview)
	e.postBtn = widget.NewButton(lang.X("entry.post", "记账"), e.post)
	e.reverseBtn = widget.NewButton(lang.X("entry.reverse", "红字冲销"), e.reverse)
	e.deleteBtn = widget.NewButton(lang.X("entry.delete", "删除凭证"), e.deleteVoucher)
	e.deleteBtn.Importance = widget.DangerImportance
	e.printBtn = widget.NewButton(lang.X("entry.print", "打印"), e.print)
	e.previewBtn = widget.NewButton(lang.X("entry.preview", "预览"), e.preview)
	e.prevBtn = widget.NewButton(lang.X("entry.prev", "上一张 (PgUp)"), func() { e.leave(func() { e.step(-1) }) })
	e.nextBtn = widget.NewButton(lang.X("entry.next", "下一张 (PgDn)"), func() { e.leave(func() { e.step(1) }) })

	head := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(lang.X("entry.no", "凭证号")), e.no, e.state),
		container.NewHBox(widget.NewLabel(lang.X("entry.date", "日期")), container.NewGridWrap(fyne.NewSize(120, e.date.MinSize().Height), e.date),
			widget.NewLabel(lang.X("entry.attach", "附件")), container.NewGridWrap(fyne.NewSize(50, e.attach.MinSize().Height), e.attach),
			widget.NewLabel(lang.X("entry.attach.unit", "张"))),
		e.title)
	colHead := container.New(lineCols,
		bold(lang.X("entry.col.memo", "摘要")), bold(lang.X("entry.col.account", "会计科目")),
		bold(lang.X("entry.col.compound", "小区")), boldRight(lang.X("entry.col.debit", "借方金额")),
		boldRight(lang.X("entry.col.credit", "贷方金额")))
	totals := container.New(lineCols, bold(lang.X("entry.total", "合计")), e.capital, widget.NewLabel(""), e.debitSum, e.creditSum)
	buttons := container.NewHBox(e.newBtn, e.saveBtn, e.addBtn, e.removeBtn, widget.NewSeparator(),
		e.reviewBtn, e.unreviewBtn, e.postBtn, e.reverseBtn, e.deleteBtn, widget.NewSeparator(), e.previewBtn, e.printBtn,
		widget.NewSeparator(), e.prevBtn, e.nextBtn)
	help := widget.NewLabel(lang.X("entry.help",
		"Enter/Tab 下一格；科目可输代码、名称或拼音首字母（如 yhck），↑↓ 选择；小区沿用上一行；金额格按 = 或直接回车取平衡数；Ctrl+S 保存。"))
	help.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(head, widget.NewSeparator(), colHead, e.rowsBox, widget.NewSeparator(), totals,
		container.NewHBox(e.diff, e.people), e.message)
	e.content = container.NewBorder(nil, container.NewVBox(buttons, help), nil, nil,
		container.NewStack(container.NewVScroll(form), e.suggest.layer))
	return e
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func boldRight(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// loadChoices reads the accounts that take postings and the live compounds.
func (e *voucherEntry) loadChoices() {
	e.accounts, e.compounds = nil, nil
	accts, err := e.u.book.Accounts()
	if err != nil {
		showError(e.u.win, err)
	}
	e.accounts = accountCandidates(accts, books.AccountAliases(e.u.info.Chart))
	cs, err := e.u.book.Compounds(false)
	if err != nil {
		showError(e.u.win, err)
	}
	for _, c := range cs {
		e.compounds = append(e.compounds, candidate{label: c.Name, name: c.Name, mnem: books.Mnemonic(c.Name), id: c.ID})
	}
}

// accountCandidates are the accounts that take postings (active leaves) as
// completion candidates: a child shown with its parents (100201
// 银行存款—工商银行) and found by its own 助记码 or the parents' and its own
// run together.
func accountCandidates(accts []books.Account, aliases map[string][]string) []candidate {
	byID := map[int64]books.Account{}
	for _, a := range accts {
		byID[a.ID] = a
	}
	mnemonic := func(a books.Account) string {
		if a.Mnemonic != "" {
			return a.Mnemonic
		}
		return books.Mnemonic(a.Name)
	}
	var out []candidate
	for _, a := range accts {
		if !a.Leaf || !a.Active {
			continue
		}
		// A child shows its parents: 100201 银行存款—工商银行.
		name, path := a.Name, mnemonic(a)
		c := candidate{code: a.Code, name: a.Name, mnem: mnemonic(a), id: a.ID}
		for _, al := range aliases[a.Name] {
			c.aliases, c.aliasMnems = append(c.aliases, al), append(c.aliasMnems, books.Mnemonic(al))
		}
		for p, ok := byID[a.ParentID]; ok; p, ok = byID[p.ParentID] {
			name, path = p.Name+"—"+name, mnemonic(p)+path
			for _, al := range aliases[p.Name] {
				c.aliases, c.aliasMnems = append(c.aliases, al), append(c.aliasMnems, books.Mnemonic(al)+c.mnem)
			}
		}
		c.label, c.pathMnem = a.Code+" "+name, path
		out = append(out, c)
	}
	return out
}

// newVoucher clears the form for a new voucher dated in the working month.
func (e *voucherEntry) newVoucher() {
	e.loadChoices()
	e.v = books.Voucher{Date: e.defaultDate()}
	e.show()
	e.u.win.Canvas().Focus(e.rows[0].memo)
}

func (e *voucherEntry) defaultDate() string {
	if e.lastDate != "" {
		if p, err := books.PeriodOf(e.lastDate); err == nil && p == e.u.period {
			return e.lastDate
		}
	}
	today := time.Now().Format("2006-01-02")
	if p, _ := books.PeriodOf(today); p == e.u.period || e.u.period == 0 {
		return today
	}
	return e.u.period.Last()
}

// edit shows a voucher of the book.
func (e *voucherEntry) edit(id int64) {
	v, err := e.u.book.Voucher(id)
	if err != nil {
		showError(e.u.win, err)
		return
	}
	e.loadChoices()
	e.v = v
	e.show()
}

// show fills the form from e.v.
func (e *voucherEntry) show() {
	v := e.v
	e.message.SetText("")
	e.suggest.hide()
	if v.ID == 0 {
		e.no.SetText(lang.X("entry.no.new", "记-（保存时编号）"))
		e.state.SetText(lang.X("entry.state.new", "新凭证"))
	} else {
		e.no.SetText(voucherName(v.Period, v.No()))
		st := books.StatusName(v.Status)
		if v.Kind == books.VoucherReversal {
			st += lang.X("entry.state.reversal", " · 红字冲销 ") + v.SourceRef
		}
		if v.ReversedBy != 0 {
			st += lang.X("entry.state.reversed", " · 已被冲销")
		}
		e.state.SetText(st)
	}
	e.date.SetText(v.Date)
	e.attach.SetText(strconv.Itoa(v.Attachments))
	e.rows = nil
	e.rowsBox.Objects = nil
	for _, l := range v.Lines {
		r := e.addRow(-1)
		r.memo.SetText(l.Memo)
		r.account.SetText(e.accountLabel(l))
		r.compound.SetText(l.CompoundName)
		if !l.Debit.IsZero() {
			r.debit.SetText(books.FormatYuan(l.Debit))
		}
		if !l.Credit.IsZero() {
			r.credit.SetText(books.FormatYuan(l.Credit))
		}
	}
	for len(e.rows) < 2 {
		e.addRow(-1)
	}
	e.rowsBox.Refresh()
	people := fmt.Sprintf(lang.X("entry.people", "制单：%s　审核：%s　记账：%s"), orDash(v.Preparer), orDash(v.Reviewer), orDash(v.Poster))
	if v.Migrated() {
		people += lang.X("entry.migrated", "　迁移：从原系统迁入的历史凭证，未经本系统审核")
	}
	if v.ID == 0 {
		people = fmt.Sprintf(lang.X("entry.people.new", "制单：%s"), e.u.sess.User().Name)
	}
	e.people.SetText(people)
	e.updateTotals()
	e.setEditable()
	e.shownText = e.formText()
}

// formText is everything typed on the form, cell by cell.
func (e *voucherEntry) formText() string {
	var b strings.Builder
	b.WriteString(e.date.Text + "\x00" + e.attach.Text)
	for _, r := range e.rows {
		for _, c := range r.cells() {
			b.WriteString("\x00" + c.Text)
		}
	}
	return b.String()
}

// unsaved reports whether the form holds typing that Ctrl+S has not saved.
func (e *voucherEntry) unsaved() bool {
	return e.rows != nil && !e.saveBtn.Disabled() && e.formText() != e.shownText
}

// accountLabel is how a saved line's account shows: as the completion list
// writes it, or code and name for an account no longer offered.
func (e *voucherEntry) accountLabel(l books.Line) string {
	for _, c := range e.accounts {
		if c.id == l.AccountID {
			return c.label
		}
	}
	return books.Account{Code: l.AccountCode, Name: l.AccountName}.FullName()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// setEditable enables what the voucher's state and the user's role allow.
func (e *voucherEntry) setEditable() {
	maker := e.u.can(books.RoleAccountant, books.RoleCashier)
	editable := maker && e.v.Status != books.StatusReviewed && e.v.Status != books.StatusPosted &&
		(e.v.Kind == "" || e.v.Kind == books.VoucherNormal || e.v.Kind == books.VoucherImport)
	cells := []*cellEntry{e.date, e.attach}
	for _, r := range e.rows {
		cells = append(cells, r.cells()...)
	}
	for _, c := range cells {
		c.setReadOnly(!editable)
	}
	enable(e.saveBtn, editable)
	enable(e.addBtn, editable)
	enable(e.removeBtn, editable)
	enable(e.newBtn, maker)
	// Review is another person's check: the preparer is not offered it.
	enable(e.reviewBtn, e.v.ID != 0 && e.v.Status == books.StatusDraft && e.v.Preparer != e.u.sess.User().Name &&
		e.u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty))
	enable(e.unreviewBtn, e.v.ID != 0 && e.v.Status == books.StatusReviewed && e.u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty))
	enable(e.postBtn, e.v.ID != 0 && e.v.Status == books.StatusReviewed && maker)
	enable(e.reverseBtn, e.v.ID != 0 && e.v.Status == books.StatusPosted && e.v.Kind != books.VoucherReversal && e.v.ReversedBy == 0 && maker)
	enable(e.deleteBtn, e.v.ID != 0 && e.v.Status != books.StatusPosted && maker)
	enable(e.printBtn, e.v.ID != 0)
	enable(e.previewBtn, e.v.ID != 0)
	reviewer := e.u.can(books.RoleAccountant, books.RoleCashier, books.RoleParty)
	for _, b := range []*widget.Button{e.newBtn, e.saveBtn, e.addBtn, e.removeBtn, e.reviewBtn, e.unreviewBtn, e.postBtn, e.reverseBtn, e.deleteBtn, e.printBtn} {
		switch b {
		case e.printBtn:
			b.Hidden = false
		case e.reviewBtn, e.unreviewBtn:
			b.Hidden = !reviewer
		default:
			b.Hidden = !maker
		}
	}
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// addRow inserts a line at index at (-1 appends) and wires its keys.
func (e *voucherEntry) addRow(at int) *lineRow {
	r := &lineRow{memo: newCell(), account: newCell(), compound: newCell(), debit: newCell(), credit: newCell()}
	r.account.SetPlaceHolder(lang.X("entry.account.hint", "代码/名称/拼音"))
	r.box = container.New(lineCols, r.memo, r.account, r.compound, r.debit, r.credit)
	if at < 0 || at >= len(e.rows) {
		e.rows = append(e.rows, r)
	} else {
		e.rows = append(e.rows[:at+1], e.rows[at:]...)
		e.rows[at] = r
	}
	e.rowsBox.Objects = nil
	for _, x := range e.rows {
		e.rowsBox.Add(x.box)
	}
	for _, c := range r.cells() {
		c := c
		c.onShortcut = e.shortcut
		c.onNav = e.pageKey
		c.onFocus = func() {
			e.focused = e.rowIndex(r)
			e.suggest.hideUnless(c)
		}
	}
	r.memo.onKey = func(k *fyne.KeyEvent) bool {
		if isEnter(k) {
			e.focus(r.account)
			return true
		}
		return false
	}
	e.wireCompleting(r, r.account, func() []candidate { return e.accounts })
	e.wireCompleting(r, r.compound, func() []candidate { return e.compounds })
	r.compound.onFocus = func() {
		e.focused = e.rowIndex(r)
		e.suggest.hideUnless(r.compound)
		if r.compound.Text == "" && !r.compound.readOnly {
			if i := e.rowIndex(r); i > 0 {
				r.compound.SetText(e.rows[i-1].compound.Text)
			} else if len(e.compounds) == 1 {
				r.compound.SetText(e.compounds[0].label)
			}
		}
	}
	for _, c := range []*cellEntry{r.debit, r.credit} {
		c := c
		c.OnChanged = func(string) { e.updateTotals() }
		c.onFocus = func() {
			e.focused = e.rowIndex(r)
			e.suggest.hide()
			if !c.readOnly {
				e.offerBalance(r)
			}
		}
		c.onRune = func(ch rune) bool {
			if ch == '=' {
				e.takeBalance(r, c)
				return true
			}
			return false
		}
		c.onBlur = func() {
			if c.readOnly {
				return
			}
			// Show what was typed as the book will: 1234.5 → 1,234.50.
			if m, err := books.ParseMoney(c.Text); err == nil && strings.TrimSpace(c.Text) != "" {
				c.SetText(books.FormatYuan(m))
			}
		}
		c.onKey = func(k *fyne.KeyEvent) bool {
			if !isEnter(k) {
				return false
			}
			if strings.TrimSpace(c.Text) == "" && c.PlaceHolder != "" {
				c.SetText(c.PlaceHolder)
				e.updateTotals()
			}
			if c == r.debit && strings.TrimSpace(c.Text) == "" {
				e.focus(r.credit)
				return true
			}
			e.nextLine(r)
			return true
		}
	}
	return r
}

// totals parses the amounts; bad reports the first unreadable amount.
func (e *voucherEntry) totals() (debit, credit books.Money, bad string) {
	debit, credit = books.FromFen(0), books.FromFen(0)
	for i, r := range e.rows {
		for j, c := range []*cellEntry{r.debit, r.credit} {
			t := strings.TrimSpace(c.Text)
			if t == "" {
				continue
			}
			m, err := books.ParseMoney(t)
			if err != nil {
				if bad == "" {
					bad = fmt.Sprintf(lang.X("entry.badamount", "第 %d 行：%s"), i+1, errorText(err))
				}
				continue
			}
			if j == 0 {
				debit = debit.Add(m)
			} else {
				credit = credit.Add(m)
			}
		}
	}
	return
}

// updateTotals shows the sums, the difference and the amount in capitals.
func (e *voucherEntry) updateTotals() {
	d, c, bad := e.totals()
	e.debitSum.SetText(books.FormatYuan(d))
	e.creditSum.SetText(books.FormatYuan(c))
	switch {
	case bad != "":
		e.diff.SetText(bad)
		e.diff.Importance = widget.DangerImportance
	case d.Equal(c) && d.IsZero():
		e.diff.SetText("")
	case d.Equal(c):
		e.diff.SetText(lang.X("entry.balanced", "借贷平衡"))
		e.diff.Importance = widget.SuccessImportance
	default:
		side := lang.X("entry.diff.debit", "借方多")
		if d.LessThan(c) {
			side = lang.X("entry.diff.credit", "贷方多")
		}
		e.diff.SetText(fmt.Sprintf(lang.X("entry.diff", "差额：%s %s"), side, books.FormatYuan(d.Sub(c).Abs())))
		e.diff.Importance = widget.DangerImportance
	}
	e.diff.Refresh()
	if d.Equal(c) && !d.IsZero() {
		e.capital.SetText(books.Capital(d))
	} else {
		e.capital.SetText("")
	}
}

// collect builds the voucher from the form; blank lines are skipped.
func (e *voucherEntry) collect() (books.Voucher, error) {
	v := books.Voucher{ID: e.v.ID, Date: strings.TrimSpace(e.date.Text)}
	if t := strings.TrimSpace(e.attach.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return v, books.Errorf(books.Invalid, "%s", lang.X("entry.badattach", "附件张数应是 0 或正整数"))
		}
		v.Attachments = n
	}
	n := 0
	for _, r := range e.rows {
		if r.empty() {
			continue
		}
		n++
		l := books.Line{Memo: strings.TrimSpace(r.memo.Text)}
		if a, ok := resolve(e.accounts, r.account.Text); ok {
			l.AccountID, l.AccountCode = a.id, a.code
		} else if t := strings.TrimSpace(r.account.Text); t != "" {
			code, _, _ := strings.Cut(t, " ")
			l.AccountCode = code
		}
		if c, ok := resolve(e.compounds, r.compound.Text); ok {
			l.CompoundID = c.id
		} else {
			l.CompoundName = strings.TrimSpace(r.compound.Text)
		}
		var err error
		if t := strings.TrimSpace(r.debit.Text); t != "" {
			if l.Debit, err = books.ParseMoney(t); err != nil {
				return v, lineError(n, err)
			}
		}
		if t := strings.TrimSpace(r.credit.Text); t != "" {
			if l.Credit, err = books.ParseMoney(t); err != nil {
				return v, lineError(n, err)
			}
		}
		v.Lines = append(v.Lines, l)
	}
	return v, nil
}

func lineError(n int, err error) error {
	e := books.Errorf(books.Invalid, "第 %d 行：%s", n, books.ErrorMessage(err))
	e.Line = n
	return e
}

// save stores the voucher; a refusal is shown in Chinese under the lines and
// the cursor goes to the line it names.
func (e *voucherEntry) save() {
	if e.saveBtn.Disabled() {
		return
	}
	v, err := e.collect()
	if err == nil {
		v, err = e.u.sess.SaveVoucher(v)
	}
	if err != nil {
		e.message.SetText(errorText(err))
		// "已保存 记-0017" from the voucher before must not stand beside
		// this one's refusal.
		e.u.setHint("")
		if be, ok := asBooksError(err); ok && be.Line > 0 {
			e.focusLine(be.Line)
		}
		return
	}
	e.lastDate = v.Date
	e.v = v
	e.show()
	e.message.SetText("")
	e.u.setHint(fmt.Sprintf(lang.X("entry.saved", "已保存凭证 %s %s"), v.Period.Chinese(), v.No()))
	e.changed()
}

func (e *voucherEntry) changed() {
	e.u.changed()
	if e.onChanged != nil {
		e.onChanged()
	}
}

func (e *voucherEntry) insertLine() {
	if e.addBtn.Disabled() {
		return
	}
	at := e.focused
	if at < 0 || at >= len(e.rows) {
		at = len(e.rows)
	}
	r := e.addRow(at)
	if at > 0 {
		r.compound.SetText(e.rows[at-1].compound.Text)
	}
	e.setEditable()
	e.rowsBox.Refresh()
	e.focus(r.memo)
}

func (e *voucherEntry) removeLine() {
	if e.removeBtn.Disabled() || len(e.rows) == 0 {
		return
	}
	at := e.focused
	if at < 0 || at >= len(e.rows) {
		at = len(e.rows) - 1
	}
	e.rows = append(e.rows[:at], e.rows[at+1:]...)
	if len(e.rows) == 0 {
		e.addRow(-1)
	}
	e.rowsBox.Objects = nil
	for _, r := range e.rows {
		e.rowsBox.Add(r.box)
	}
	e.rowsBox.Refresh()
	e.updateTotals()
	e.focus(e.rows[min(at, len(e.rows)-1)].memo)
}
