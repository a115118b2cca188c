package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// newChoice is a picker that asks in Chinese until something is chosen.
func newChoice(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = lang.X("spending.choose", "请选择")
	return s
}

// todayDate is the date new records default to.
func todayDate() string { return time.Now().Format("2006-01-02") }

// parseCount reads a head count or a vote count; empty is zero.
func parseCount(what, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, books.Errorf(books.Invalid, "%s“%s”应是不小于 0 的整数", what, s)
	}
	return n, nil
}

// parseAmount reads a yuan amount typed in a form field; the refusal names
// the field.
func parseAmount(what, s string) (books.Money, error) {
	m, err := books.ParseMoney(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	if err != nil {
		return m, books.Errorf(books.Invalid, "%s“%s”不是有效的金额（例如 1234.50）", what, s)
	}
	return m, nil
}

// tall gives a table a height inside a scrolling form, without fixing its
// width (a fixed width would hold the split panes apart).
func tall(h float32, o fyne.CanvasObject) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(1, h))
	return container.NewStack(r, o)
}

// appForm is the application form: what the 业委会 fills in, the matter level
// it gets (live, from the street's thresholds) and the warnings on it.
type appForm struct {
	u         *App
	compound  *widget.Select
	title     *widget.Entry
	purpose   *widget.Entry
	category  *widget.SelectEntry
	amount    *widget.Entry
	payee     *widget.Entry
	body      *widget.Entry
	date      *widget.Entry
	applicant *widget.Label
	level     *widget.Label
	raise     *widget.Select
	reason    *widget.Entry
	warnings  *widget.Label
	// edit is the form of entries; view shows the same application as text,
	// readable, to everyone who may not change it.
	edit    *widget.Form
	view    *widget.Form
	ro      map[string]*widget.Label
	content fyne.CanvasObject
	// shown is what the entries said when the form was last filled (filled
	// set), to tell typing from what was loaded.
	shown  string
	filled bool
}

// typed is what the form's entries say now.
func (f *appForm) typed() string {
	return strings.Join([]string{f.compound.Selected, f.title.Text, f.purpose.Text, f.category.Text, f.amount.Text,
		f.payee.Text, f.body.Text, f.date.Text, f.raise.Selected, f.reason.Text}, "\x00")
}

// unsaved reports whether something was typed on the editable form since it
// was filled.
func (f *appForm) unsaved() bool { return f.filled && !f.edit.Hidden && f.typed() != f.shown }

func newAppForm(u *App) *appForm {
	f := &appForm{u: u}
	f.compound = newChoice(nil, nil)
	f.title = widget.NewEntry()
	f.title.SetPlaceHolder(lang.X("spending.title.ph", "例如：更换 3 号楼路灯"))
	f.purpose = widget.NewMultiLineEntry()
	f.purpose.SetMinRowsVisible(2)
	f.category = widget.NewSelectEntry(spending.Categories)
	f.amount = widget.NewEntry()
	f.amount.SetPlaceHolder("0.00")
	f.payee = widget.NewEntry()
	f.body = widget.NewEntry()
	f.body.SetText("业委会")
	f.date = widget.NewEntry()
	f.date.SetText(todayDate())
	f.applicant = widget.NewLabel("")
	f.level = widget.NewLabel("")
	f.level.Wrapping = fyne.TextWrapWord
	f.level.TextStyle = fyne.TextStyle{Bold: true}
	f.raise = newChoice([]string{lang.X("spending.raise.none", "不提高"), spending.LevelName(spending.LevelGeneral), spending.LevelName(spending.LevelMajor)}, nil)
	f.raise.SetSelectedIndex(0)
	f.reason = widget.NewEntry()
	f.reason.SetPlaceHolder(lang.X("spending.raise.reason", "提高等级的理由"))
	f.warnings = widget.NewLabel("")
	f.warnings.Wrapping = fyne.TextWrapWord
	f.warnings.Importance = widget.DangerImportance
	relevel := func(string) { f.showLevel(nil) }
	f.amount.OnChanged, f.category.OnChanged, f.date.OnChanged = relevel, relevel, relevel

	f.edit = widget.NewForm(
		widget.NewFormItem(lang.X("spending.f.compound", "小区（用谁的钱）"), f.compound),
		widget.NewFormItem(lang.X("spending.f.title", "申请事项"), f.title),
		widget.NewFormItem(lang.X("spending.f.purpose", "用途说明"), f.purpose),
		widget.NewFormItem(lang.X("spending.f.category", "支出类别"), f.category),
		widget.NewFormItem(lang.X("spending.f.amount", "申请金额（元）"), f.amount),
		widget.NewFormItem(lang.X("spending.f.payee", "收款人"), f.payee),
		widget.NewFormItem(lang.X("spending.f.body", "申请单位"), f.body),
		widget.NewFormItem(lang.X("spending.f.date", "申请日期"), f.date),
		widget.NewFormItem(lang.X("spending.f.applicant", "经办人"), f.applicant),
		widget.NewFormItem(lang.X("spending.f.raise", "提高事项等级"), container.NewBorder(nil, nil, f.raise, nil, f.reason)),
	)
	f.ro = map[string]*widget.Label{}
	f.view = widget.NewForm()
	for _, k := range []struct{ key, label string }{
		{"compound", lang.X("spending.f.compound", "小区（用谁的钱）")}, {"title", lang.X("spending.f.title", "申请事项")},
		{"purpose", lang.X("spending.f.purpose", "用途说明")}, {"category", lang.X("spending.f.category", "支出类别")},
		{"amount", lang.X("spending.f.amount", "申请金额（元）")}, {"payee", lang.X("spending.f.payee", "收款人")},
		{"body", lang.X("spending.f.body", "申请单位")}, {"date", lang.X("spending.f.date", "申请日期")},
		{"applicant", lang.X("spending.f.applicant", "经办人")}, {"approved", lang.X("spending.f.approved", "批准")},
	} {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		f.ro[k.key] = l
		f.view.Append(k.label, l)
	}
	f.view.Hide()
	f.content = container.NewVBox(f.edit, f.view, f.level, f.warnings)
	return f
}

// loadCompounds fills the compound picker with the compounds still in use.
func (f *appForm) loadCompounds() {
	cs, err := f.u.book.Compounds(false)
	if err != nil {
		showError(f.u.win, err)
		return
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	f.compound.Options = names
	f.compound.Refresh()
}

// clear starts a new application.
func (f *appForm) clear() {
	f.compound.ClearSelected()
	if len(f.compound.Options) == 1 {
		f.compound.SetSelectedIndex(0)
	}
	for _, e := range []*widget.Entry{f.title, f.purpose, f.amount, f.payee, f.reason} {
		e.SetText("")
	}
	f.category.SetText("")
	f.body.SetText("业委会")
	f.date.SetText(todayDate())
	f.applicant.SetText(f.u.sess.User().Name)
	f.raise.SetSelectedIndex(0)
	f.warnings.SetText("")
	f.showLevel(nil)
	f.shown, f.filled = f.typed(), true
}

// load shows an application.
func (f *appForm) load(a spending.Application) {
	if !slices.Contains(f.compound.Options, a.Compound) {
		// an archived compound, or a street book that keeps none
		f.compound.Options = append(f.compound.Options, a.Compound)
	}
	f.compound.SetSelected(a.Compound)
	f.title.SetText(a.Title)
	f.purpose.SetText(a.Purpose)
	f.category.SetText(a.Category)
	f.amount.SetText(books.FormatYuan(a.Amount))
	f.payee.SetText(a.Payee)
	f.body.SetText(a.ApplicantBody)
	f.date.SetText(a.Date)
	f.applicant.SetText(a.ApplicantPerson)
	f.ro["compound"].SetText(a.Compound)
	f.ro["title"].SetText(a.Title)
	f.ro["purpose"].SetText(orDash(a.Purpose))
	f.ro["category"].SetText(a.Category)
	f.ro["amount"].SetText(fmt.Sprintf("%s 元（%s）", books.FormatYuan(a.Amount), books.Capital(a.Amount)))
	f.ro["payee"].SetText(a.Payee)
	f.ro["body"].SetText(a.ApplicantBody)
	f.ro["date"].SetText(a.Date)
	f.ro["applicant"].SetText(a.ApplicantPerson)
	approved := "—"
	if a.Approved.IsPositive() {
		approved = fmt.Sprintf(lang.X("spending.f.approvedfmt", "%s 元，审批编号 %s"), books.FormatYuan(a.Approved), orDash(a.ApprovalNo))
		if a.Paper {
			approved += lang.X("spending.f.paper", "（纸质审批）")
		}
	}
	f.ro["approved"].SetText(approved)
	f.raise.SetSelectedIndex(0)
	f.reason.SetText("")
	if a.Level != a.ComputedLevel {
		f.raise.SetSelected(spending.LevelName(a.Level))
		f.reason.SetText(a.LevelReason)
	}
	f.showLevel(&a)
	var w []string
	if a.SplitWarning != "" {
		if a.SplitAckBy != "" {
			w = append(w, fmt.Sprintf(lang.X("spending.split.acked", "⚠ %s\n　已由%s于 %s 确认：%s"), a.SplitWarning, a.SplitAckBy, a.SplitAckAt, a.SplitAckNote))
		} else {
			w = append(w, fmt.Sprintf(lang.X("spending.split.open", "⚠ %s\n　须由社区党组织审核人确认后才能审核通过。"), a.SplitWarning))
		}
	}
	if a.Paper {
		w = append(w, lang.X("spending.paper.mark", "本申请为纸质审批（街道在纸质审批单上批准，扫描件已附）。"))
	}
	f.warnings.SetText(strings.Join(w, "\n"))
	f.shown, f.filled = f.typed(), true
}

// showLevel writes the matter level: the stored one of an application, or
// the one the street's thresholds give what is typed.
func (f *appForm) showLevel(a *spending.Application) {
	if a != nil {
		text := fmt.Sprintf(lang.X("spending.level.stored", "事项等级：%s事项"), a.LevelName())
		if a.Level != a.ComputedLevel {
			text += fmt.Sprintf(lang.X("spending.level.raised", "（按标准为%s事项，已提高：%s）"), spending.LevelName(a.ComputedLevel), a.LevelReason)
		}
		f.level.SetText(text)
		return
	}
	amount, err := parseAmount("", f.amount.Text)
	if err != nil || !amount.IsPositive() {
		f.level.SetText(lang.X("spending.level.none", "事项等级：填写金额和类别后显示"))
		return
	}
	pol, err := spending.PolicyAt(f.u.book, strings.TrimSpace(f.date.Text))
	if err != nil {
		pol = spending.DefaultPolicy()
	}
	l := pol.LevelOf(amount, f.category.Text)
	text := fmt.Sprintf(lang.X("spending.level.live", "事项等级：%s事项（标准：%s）"), spending.LevelName(l), pol.Describe())
	if proc, err := spending.ProcedureVersion(f.u.book, 0); err == nil {
		text += "\n" + fmt.Sprintf(lang.X("spending.level.steps", "议事程序：%s"), proc.Describe(l))
	}
	f.level.SetText(text)
}

// input reads the form.
func (f *appForm) input() (spending.ApplyInput, error) {
	amount, err := parseAmount(lang.X("spending.f.amount", "申请金额（元）"), f.amount.Text)
	if err != nil {
		return spending.ApplyInput{}, err
	}
	in := spending.ApplyInput{Compound: f.compound.Selected, Title: f.title.Text, Purpose: f.purpose.Text, Category: f.category.Text,
		Amount: amount, Payee: f.payee.Text, ApplicantBody: f.body.Text, Date: strings.TrimSpace(f.date.Text)}
	if i := f.raise.SelectedIndex(); i > 0 {
		in.Level = []string{"", spending.LevelGeneral, spending.LevelMajor}[i]
		in.LevelReason = f.reason.Text
	}
	return in, nil
}

func (f *appForm) setEditable(on bool) {
	f.edit.Hidden, f.view.Hidden = !on, on
	f.edit.Refresh()
	f.view.Refresh()
	for _, e := range []*widget.Entry{f.title, f.purpose, f.amount, f.payee, f.body, f.date, f.reason} {
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
	if on {
		f.compound.Enable()
		f.category.Enable()
		f.raise.Enable()
	} else {
		f.compound.Disable()
		f.category.Disable()
		f.raise.Disable()
	}
}
