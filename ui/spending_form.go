package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
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

// fileDir is the folder the file dialogs open in: the last one used, at
// first the book's own folder, where exchange files usually sit.
var fileDir string

func startIn(d *dialog.FileDialog, book string) {
	// A list shows long Chinese file names whole (审批决定-阳光社区-申-…),
	// where the icon grid cuts them to five characters.
	d.SetView(dialog.ListView)
	dir := fileDir
	if dir == "" && book != "" {
		dir = filepath.Dir(book)
	}
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}

// jsonFiles are the request and decision files exchanged with the street:
// the open dialog lists only them, not every scan and PDF in the folder.
var jsonFiles = []string{".json", ".JSON"}

// openFileDialog asks for a file to read; exts limits the choice (".pdf").
func (u *App) openFileDialog(exts []string, fn func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		fileDir = filepath.Dir(path)
		fn(path)
	}, u.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	startIn(d, u.book.Path())
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// saveFileDialog asks where to write a file named name by default.
func (u *App) saveFileDialog(name string, fn func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		fileDir = filepath.Dir(path)
		fn(path)
	}, u.win)
	d.SetFileName(name)
	startIn(d, u.book.Path())
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// openBytes writes a file kept in the book to a temporary folder and opens it
// in the system viewer (scanned minutes, a paper approval).
func (u *App) openBytes(name string, data []byte) {
	dir, err := os.MkdirTemp("", "sunbooks-att-")
	if err != nil {
		showError(u.win, books.Errorf(books.Internal, "无法建立临时目录"))
		return
	}
	path := filepath.Join(dir, spending.SafeFileName(name, ""))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		showError(u.win, books.Errorf(books.Internal, "无法写入 %s", path))
		return
	}
	if err := openFile(path); err != nil {
		showInfo(u.win, lang.X("spending.att", "附件"), fmt.Sprintf(lang.X("spending.att.saved", "附件已保存在 %s"), path))
	}
}

// tall gives a table a height inside a scrolling form, without fixing its
// width (a fixed width would hold the split panes apart).
func tall(h float32, o fyne.CanvasObject) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(1, h))
	return container.NewStack(r, o)
}

// fileSize reads a file's size as people say it: a small scan is never
// "0.0 KB".
func fileSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// ---- 申请单 ----

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
}

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
	f.amount.SetText(books.PlainYuan(a.Amount))
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

// ---- 议事记录 ----

// delibPanel shows an application's deliberation steps and records, and
// takes a new step record with its scanned minutes.
type delibPanel struct {
	u        *App
	steps    *widget.Label
	records  []spending.Deliberation
	table    *widget.Table
	atts     []spending.Attachment
	attList  *widget.Table
	onOpen   func(spending.Attachment)
	step     *widget.Select
	date     *widget.Entry
	form     *widget.SelectEntry
	expected *widget.Entry
	present  *widget.Entry
	votesFor *widget.Entry
	against  *widget.Entry
	abstain  *widget.Entry
	outcome  *widget.Select
	note     *widget.Entry
	files    []string
	fileList *widget.Label
	// voteHint says what the chosen step needs: the attendance and votes of
	// a vote step, or the outcome of any other.
	voteHint *widget.Label
	vote     map[string]bool
	// addBox offers 新增议事记录…, which opens the form (fields) in a dialog
	// sized to the window, so no field is squeezed beside the records.
	addBox    *fyne.Container
	nextLabel *widget.Label
	fields    fyne.CanvasObject
	dlg       *dialog.CustomDialog
	recordBtn *widget.Button
	content   fyne.CanvasObject
}

var meetingForms = []string{"现场会议", "视频会议", "书面征求意见", "公告张贴", "报送文件"}

func newDelibPanel(u *App) *delibPanel {
	p := &delibPanel{u: u}
	p.steps = widget.NewLabel("")
	p.steps.Wrapping = fyne.TextWrapWord
	cols := []column{
		{lang.X("spending.d.step", "步骤"), 140, false},
		{lang.X("spending.d.date", "日期"), 95, false},
		{lang.X("spending.d.form", "会议形式"), 95, false},
		{lang.X("spending.d.attend", "应到/实到"), 80, false},
		{lang.X("spending.d.votes", "赞成/反对/弃权"), 110, false},
		{lang.X("spending.d.outcome", "结果"), 60, false},
		{lang.X("spending.d.note", "说明"), 150, false},
		{lang.X("spending.d.atts", "附件"), 45, true},
		{lang.X("spending.d.by", "记录人"), 70, false},
	}
	p.table = newDataTable(cols, func() int { return len(p.records) }, func(row, col int) (string, bool) {
		d := p.records[row]
		switch col {
		case 0:
			return d.Step, false
		case 1:
			return d.Date, false
		case 2:
			return d.Form, false
		case 3:
			if d.Voted {
				return fmt.Sprintf("%d/%d", d.Expected, d.Present), false
			}
		case 4:
			if d.Voted {
				return fmt.Sprintf("%d/%d/%d", d.VotesFor, d.VotesAgainst, d.VotesAbstain), false
			}
		case 5:
			return d.OutcomeName(), !d.Passed
		case 6:
			return d.Note, false
		case 7:
			return fmt.Sprint(len(d.Attachments)), false
		case 8:
			return d.RecordedBy, false
		}
		return "", false
	}, nil)
	attCols := []column{
		{lang.X("spending.a.name", "附件"), 260, false},
		{lang.X("spending.a.size", "大小"), 80, true},
		{lang.X("spending.a.by", "添加人"), 80, false},
		{lang.X("spending.a.at", "时间"), 150, false},
	}
	p.attList = newDataTable(attCols, func() int { return len(p.atts) }, func(row, col int) (string, bool) {
		a := p.atts[row]
		switch col {
		case 0:
			return a.Name, false
		case 1:
			return fileSize(a.Size), false
		case 2:
			return a.AddedBy, false
		case 3:
			return a.AddedAt, false
		}
		return "", false
	}, func(row int) {
		if row < len(p.atts) && p.onOpen != nil {
			p.onOpen(p.atts[row])
		}
	})

	p.step = newChoice(nil, func(string) { p.showVoteHint() })
	p.date = widget.NewEntry()
	p.date.SetPlaceHolder("2026-03-15")
	p.form = widget.NewSelectEntry(meetingForms)
	p.form.SetText(meetingForms[0])
	num := func() *widget.Entry { e := widget.NewEntry(); e.SetPlaceHolder("0"); return e }
	p.expected, p.present, p.votesFor, p.against, p.abstain = num(), num(), num(), num(), num()
	p.outcome = newChoice([]string{lang.X("spending.d.passed", "通过"), lang.X("spending.d.failed", "未通过")}, nil)
	p.outcome.SetSelectedIndex(0)
	p.note = widget.NewMultiLineEntry()
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SetMinRowsVisible(6)
	p.note.SetPlaceHolder(lang.X("spending.d.note.ph", "会议结论或说明"))
	p.fileList = widget.NewLabel(lang.X("spending.d.nofiles", "未选附件"))
	p.fileList.Wrapping = fyne.TextWrapWord
	p.voteHint = widget.NewLabel("")
	p.voteHint.Wrapping = fyne.TextWrapWord
	p.voteHint.Importance = widget.LowImportance
	addFile := widget.NewButton(lang.X("spending.d.addfile", "添加附件…"), func() {
		u.openFileDialog([]string{".pdf", ".jpg", ".jpeg", ".png", ".PDF", ".JPG", ".JPEG", ".PNG"}, p.addFile)
	})
	clearFiles := widget.NewButton(lang.X("spending.d.clearfiles", "清除"), func() { p.files = nil; p.showFiles() })
	p.recordBtn = widget.NewButton(lang.X("spending.d.record", "记录议事"), nil)
	p.recordBtn.Importance = widget.HighImportance

	// Short fields two to a row, read and tabbed row by row (日期, 会议形式,
	// 应到, 实到, …); the step, the minutes and the scans across the width.
	short := pairGrid([]labelled{
		{lang.X("spending.d.date", "日期"), p.date},
		{lang.X("spending.d.form", "会议形式"), p.form},
		{lang.X("spending.d.expected.f", "应到人数"), p.expected},
		{lang.X("spending.d.present.f", "实到人数"), p.present},
		{lang.X("spending.d.for.f", "赞成票"), p.votesFor},
		{lang.X("spending.d.against.f", "反对票"), p.against},
		{lang.X("spending.d.abstain.f", "弃权票"), p.abstain},
		{lang.X("spending.d.outcome.nonvote", "结果（非表决步骤）"), p.outcome},
	})
	rule := widget.NewLabel(lang.X("spending.d.rule", "表决规则：") + spending.VoteRule)
	rule.Importance = widget.LowImportance
	rule.Wrapping = fyne.TextWrapWord
	p.fields = container.NewVBox(
		widget.NewForm(widget.NewFormItem(lang.X("spending.d.step", "步骤"), p.step)),
		p.voteHint,
		short,
		widget.NewForm(
			widget.NewFormItem(lang.X("spending.d.note.f", "会议纪要与说明"), p.note),
			widget.NewFormItem(lang.X("spending.d.minutes", "会议记录扫描件"),
				container.NewBorder(nil, nil, container.NewHBox(addFile, clearFiles), nil, p.fileList)),
		),
		rule)
	p.nextLabel = widget.NewLabel("")
	p.nextLabel.Wrapping = fyne.TextWrapWord
	open := widget.NewButton(lang.X("spending.d.add.open", "新增议事记录…"), p.openForm)
	open.Importance = widget.HighImportance
	p.addBox = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, open, nil, p.nextLabel))
	recTable := tall(170, p.table)
	attTable := tall(110, p.attList)
	p.content = container.NewVBox(bold(lang.X("spending.d.steps", "本事项的议事程序")), p.steps,
		bold(lang.X("spending.d.records", "议事记录")), recTable,
		bold(lang.X("spending.d.attlist", "附件（双击打开）")), attTable, p.addBox)
	return p
}

// labelled is a field and its label.
type labelled struct {
	label string
	field fyne.CanvasObject
}

// pairGrid lays fields out two to a row, each with its label on the left;
// the labels of a column share one width so the fields line up.
func pairGrid(items []labelled) fyne.CanvasObject {
	var widths [2]float32
	labels := make([]*widget.Label, len(items))
	for i, it := range items {
		labels[i] = widget.NewLabel(it.label)
		labels[i].Alignment = fyne.TextAlignTrailing
		widths[i%2] = max(widths[i%2], labels[i].MinSize().Width)
	}
	grid := container.NewGridWithColumns(2)
	for i, it := range items {
		room := canvas.NewRectangle(color.Transparent)
		room.SetMinSize(fyne.NewSize(widths[i%2], 1))
		grid.Add(container.NewBorder(nil, nil, container.NewStack(room, labels[i]), nil, it.field))
	}
	return grid
}

// openForm shows the form for a new step record in a dialog sized to the
// window: at 1280×720 every field reads whole, and a smaller window scrolls
// the form rather than squeezing it.
func (p *delibPanel) openForm() {
	if p.dlg == nil {
		cancel := newKeyButton(lang.X("dialog.cancel", "取消"), func() { p.dlg.Hide() })
		cancel.onEscape = cancel.OnTapped
		p.dlg = dialog.NewCustomWithoutButtons(lang.X("spending.d.add", "新增议事记录"), container.NewVScroll(p.fields), p.u.win)
		p.dlg.SetButtons([]fyne.CanvasObject{cancel, p.recordBtn})
	}
	win := p.u.win.Canvas().Size()
	// As tall as the form needs (with the title and buttons), never taller
	// than the window allows.
	h := p.fields.MinSize().Height + 4*theme.Padding() + 2*p.recordBtn.MinSize().Height + 40
	p.dlg.Resize(fyne.NewSize(min(960, win.Width*0.85), min(h, win.Height*0.92)))
	p.dlg.Show()
	// The date is today's until typed over: typing replaces it.
	p.u.win.Canvas().Focus(p.date)
	p.date.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// showVoteHint says what the chosen step needs.
func (p *delibPanel) showVoteHint() {
	switch vote, ok := p.vote[p.step.Selected]; {
	case !ok:
		p.voteHint.SetText("")
	case vote:
		p.voteHint.SetText(lang.X("spending.d.hint.vote", "表决步骤：填写应到、实到人数和票数，结果按表决规则判定。"))
	default:
		p.voteHint.SetText(lang.X("spending.d.hint.nonvote", "非表决步骤：选择结果；人数和票数可不填。"))
	}
}

func (p *delibPanel) addFile(path string) {
	p.files = append(p.files, path)
	p.showFiles()
}

func (p *delibPanel) showFiles() {
	if len(p.files) == 0 {
		p.fileList.SetText(lang.X("spending.d.nofiles", "未选附件"))
		return
	}
	var names []string
	for _, f := range p.files {
		names = append(names, filepath.Base(f))
	}
	p.fileList.SetText(strings.Join(names, "、"))
}

// load shows an application's steps and records; editable offers the form.
func (p *delibPanel) load(a spending.Application, editable bool) {
	var lines []string
	next := ""
	var names []string
	p.vote = map[string]bool{}
	for _, st := range a.Steps {
		p.vote[st.Name] = st.Vote
		mark := lang.X("spending.d.todo", "○ 未记录")
		switch {
		case st.Passed:
			mark = fmt.Sprintf(lang.X("spending.d.done", "✔ 已通过（%s）"), st.Date)
		case st.Recorded:
			mark = fmt.Sprintf(lang.X("spending.d.notpassed", "✘ 未通过（%s）"), st.Date)
		}
		kind := ""
		if st.Vote {
			kind = lang.X("spending.d.vote", "，表决")
		}
		lines = append(lines, fmt.Sprintf("%d. %s（%s%s）　%s", st.Seq, st.Name, spending.PhaseName(st.Phase), kind, mark))
		names = append(names, st.Name)
		if next == "" && !st.Passed {
			next = st.Name
		}
	}
	if len(lines) == 0 {
		lines = append(lines, lang.X("spending.d.nosteps", "（没有议事步骤）"))
	}
	p.steps.SetText(strings.Join(lines, "\n"))
	p.records = a.Deliberations
	p.table.Refresh()
	p.atts = a.Attachments
	p.attList.Refresh()
	p.step.Options = names
	p.step.ClearSelected()
	if next != "" {
		p.step.SetSelected(next)
	}
	if strings.TrimSpace(p.date.Text) == "" {
		p.date.SetText(todayDate())
	}
	if next != "" {
		p.nextLabel.SetText(fmt.Sprintf(lang.X("spending.d.next", "下一步：%s"), next))
	} else {
		p.nextLabel.SetText(lang.X("spending.d.alldone", "各步骤均已通过；如需补记，可新增议事记录。"))
	}
	p.showVoteHint()
	p.addBox.Hidden = !editable
	p.addBox.Refresh()
	if !editable && p.dlg != nil {
		p.dlg.Hide()
	}
}

// input reads the new record.
func (p *delibPanel) input() (spending.DeliberationInput, error) {
	in := spending.DeliberationInput{Step: p.step.Selected, Date: strings.TrimSpace(p.date.Text), Form: p.form.Text, Note: p.note.Text,
		Failed: p.outcome.SelectedIndex() == 1}
	if in.Step == "" {
		return in, books.Errorf(books.Invalid, "请选择要记录的议事步骤")
	}
	var err error
	for _, f := range []struct {
		what string
		e    *widget.Entry
		n    *int
	}{{"应到人数", p.expected, &in.Expected}, {"实到人数", p.present, &in.Present}, {"赞成票", p.votesFor, &in.For},
		{"反对票", p.against, &in.Against}, {"弃权票", p.abstain, &in.Abstain}} {
		if *f.n, err = parseCount(f.what, f.e.Text); err != nil {
			return in, err
		}
	}
	for _, path := range p.files {
		att, err := spending.ReadAttachmentFile(path)
		if err != nil {
			return in, err
		}
		in.Attachments = append(in.Attachments, att)
	}
	return in, nil
}

// recorded clears the form after a record was kept.
func (p *delibPanel) recorded() {
	for _, e := range []*widget.Entry{p.expected, p.present, p.votesFor, p.against, p.abstain, p.note} {
		e.SetText("")
	}
	p.outcome.SetSelectedIndex(0)
	p.files = nil
	p.showFiles()
	if p.dlg != nil {
		p.dlg.Hide()
	}
}

// ---- 审批链 ----

// chainPanel shows the approval chain 业委会申请 → 社区党组织审核 → 街道党工委
// 审批 with each decision's person, time and opinion, and the full history.
type chainPanel struct {
	stages  *fyne.Container
	events  []spending.AppEvent
	table   *widget.Table
	content fyne.CanvasObject
}

func newChainPanel() *chainPanel {
	p := &chainPanel{stages: container.NewVBox()}
	cols := []column{
		{lang.X("spending.c.at", "时间"), 150, false},
		{lang.X("spending.c.version", "版本"), 45, true},
		{lang.X("spending.c.user", "操作人"), 80, false},
		{lang.X("spending.c.role", "角色"), 90, false},
		{lang.X("spending.c.action", "操作"), 120, false},
		{lang.X("spending.c.state", "状态"), 190, false},
		{lang.X("spending.c.opinion", "意见"), 320, false},
	}
	p.table = newDataTable(cols, func() int { return len(p.events) }, func(row, col int) (string, bool) {
		e := p.events[row]
		switch col {
		case 0:
			return e.At, false
		case 1:
			return fmt.Sprint(e.Version), false
		case 2:
			return e.User, false
		case 3:
			return e.Role, false
		case 4:
			return e.ActionName(), strings.HasSuffix(e.Action, "reject") || strings.HasSuffix(e.Action, "return")
		case 5:
			if e.From == e.To {
				return spending.AppStateName(e.To), false
			}
			return spending.AppStateName(e.From) + " → " + spending.AppStateName(e.To), false
		case 6:
			return e.Opinion, false
		}
		return "", false
	}, nil)
	p.content = container.NewBorder(container.NewVBox(bold(lang.X("spending.c.chain", "审批链")), p.stages,
		bold(lang.X("spending.c.history", "全部经过"))), nil, nil, nil, p.table)
	return p
}

// load shows the chain of an application.
func (p *chainPanel) load(a spending.Application) {
	p.events = a.Events
	p.table.Refresh()
	p.stages.Objects = nil
	stage := func(title string, e *spending.AppEvent, waiting bool, extra string) {
		text := "○ " + title + lang.X("spending.c.notyet", "：尚未进行")
		imp := widget.LowImportance
		switch {
		case e != nil:
			text = fmt.Sprintf("%s %s：%s　%s（%s）　%s", chainMark(e.Action), title, e.ActionName(), e.User, e.Role, e.At)
			if e.Opinion != "" {
				text += fmt.Sprintf(lang.X("spending.c.op", "\n　　意见：%s"), e.Opinion)
			}
			imp = widget.MediumImportance
			if strings.HasSuffix(e.Action, "reject") || strings.HasSuffix(e.Action, "return") {
				imp = widget.DangerImportance
			}
		case waiting:
			text = "… " + title + lang.X("spending.c.waiting", "：等待中")
			imp = widget.WarningImportance
		}
		if extra != "" {
			text += "\n　　" + extra
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		p.stages.Add(l)
	}
	var apply, review, street *spending.AppEvent
	for i := range a.Events {
		e := &a.Events[i]
		switch {
		case e.Action == "submit" || e.Action == "resubmit":
			apply, review, street = e, nil, nil
		case strings.HasPrefix(e.Action, "review_"):
			review = e
		case strings.HasPrefix(e.Action, "street_") || strings.HasPrefix(e.Action, "paper_"):
			street = e
		}
	}
	streetExtra := ""
	for _, d := range a.Decisions {
		if d.Version != a.Version {
			continue
		}
		streetExtra = fmt.Sprintf(lang.X("spending.c.decision", "%s　审批编号 %s　批准金额 %s 元"), d.DecisionName(), orDash(d.ApprovalNo), books.FormatYuan(d.Approved))
		if d.Signer != "" {
			streetExtra += fmt.Sprintf(lang.X("spending.c.signer", "　签名指纹 %s"), d.Signer)
		}
	}
	stage(lang.X("spending.c.apply", "业委会申请"), apply, a.State == spending.AppDraft || a.State == spending.AppReturned, "")
	stage(lang.X("spending.c.review", "社区党组织审核"), review, a.State == spending.AppPartyReview, "")
	stage(lang.X("spending.c.street", "街道党工委审批"), street, a.State == spending.AppStreetReview, streetExtra)
	p.stages.Refresh()
}

func chainMark(action string) string {
	switch {
	case strings.HasSuffix(action, "reject"):
		return "✘"
	case strings.HasSuffix(action, "return"):
		return "↩"
	}
	return "✔"
}

// ---- 付款 ----

// payPanel pays an approved application and closes it (结项).
type payPanel struct {
	u        *App
	summary  *widget.Label
	payments []spending.Payment
	table    *widget.Table
	amount   *widget.Entry
	date     *widget.Entry
	from     *widget.Select
	fromCode []string
	// to is the expense (or payable) account debited, typed by code, name
	// or 助记码 with the voucher entry's completion; toHint says where its
	// default came from, or that there is none and a choice is needed.
	to      *cellEntry
	toCands []candidate
	toHint  *widget.Label
	suggest *suggestBox
	// shown is the application the form was last filled for: its account
	// choice is kept while the same application is shown again.
	shown   string
	memo    *widget.Entry
	payBtn  *widget.Button
	payBox  *fyne.Container
	content fyne.CanvasObject
}

func newPayPanel(u *App) *payPanel {
	p := &payPanel{u: u}
	p.summary = widget.NewLabel("")
	p.summary.TextStyle = fyne.TextStyle{Bold: true}
	cols := []column{
		{lang.X("spending.p.voucher", "凭证号"), 90, false},
		{lang.X("spending.p.period", "期间"), 80, false},
		{lang.X("spending.p.date", "日期"), 95, false},
		{lang.X("spending.p.amount", "金额"), 120, true},
		{lang.X("spending.p.state", "状态"), 90, false},
	}
	p.table = newDataTable(cols, func() int { return len(p.payments) }, func(row, col int) (string, bool) {
		x := p.payments[row]
		switch col {
		case 0:
			return x.VoucherNo, x.Reversed
		case 1:
			return x.Period.String(), false
		case 2:
			return x.Date, false
		case 3:
			return books.FormatYuan(x.Amount), x.Reversed
		case 4:
			switch {
			case x.Reversed:
				return lang.X("spending.p.reversed", "已冲销"), true
			case x.Status == books.StatusDraft:
				return lang.X("spending.p.draft", "待审核"), true
			case x.Status == books.StatusReviewed:
				return lang.X("spending.p.reviewed", "待记账"), true
			}
			return lang.X("spending.p.posted", "已记账"), false
		}
		return "", false
	}, nil)
	p.amount = widget.NewEntry()
	p.date = widget.NewEntry()
	p.from = newChoice(nil, nil)
	p.suggest = newSuggestBox()
	p.to = newCell()
	p.to.SetPlaceHolder(lang.X("spending.p.to.ph", "输入科目代码、名称或拼音首字母（如 glfy），从列表中选择"))
	// Six suggestions fit below the field at 1280×720; typing narrows them.
	const shown = 6
	p.to.onFocus = func() {
		if strings.TrimSpace(p.to.Text) == "" {
			p.suggest.show(p.to, matches(p.toCands, "", shown), p.pickTo)
		}
	}
	completeFrom(p.to, u.win.Canvas(), p.suggest, shown, func() []candidate { return p.toCands }, p.pickTo, func(text string) {
		p.toHint.Importance = widget.DangerImportance
		p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.nomatch", "找不到科目“%s”，请输入代码、名称或拼音首字母后从列表中选择"), text))
	})
	p.toHint = widget.NewLabel("")
	p.toHint.Wrapping = fyne.TextWrapWord
	p.memo = widget.NewEntry()
	p.memo.SetPlaceHolder(lang.X("spending.p.memo.ph", "默认：支付 申请编号 事项（收款人）"))
	p.payBtn = widget.NewButton(lang.X("spending.p.pay", "付款"), nil)
	p.payBtn.Importance = widget.HighImportance
	// Debit before credit, as on the voucher; the expense account is the
	// one to think about, the bank account rarely changes.
	form := widget.NewForm(
		widget.NewFormItem(lang.X("spending.p.amount.f", "付款金额（元）"), p.amount),
		widget.NewFormItem(lang.X("spending.p.date", "日期"), p.date),
		widget.NewFormItem(lang.X("spending.p.to", "支出科目（借）"), container.NewVBox(p.to, p.toHint)),
		widget.NewFormItem(lang.X("spending.p.from", "付款账户（贷）"), p.from),
		widget.NewFormItem(lang.X("spending.p.memo", "摘要"), p.memo),
	)
	hint := widget.NewLabel(lang.X("spending.p.hint", "付款生成付款凭证，由制单人以外的人在“凭证”中审核、记账后才计入已付。付款累计（含待记账）不能超过批准金额，小区资金不能为负。"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	// The form comes before the record of payments made, so at 1280×720 the
	// 付款 button is in view without scrolling.
	p.payBox = container.NewVBox(widget.NewSeparator(), bold(lang.X("spending.p.new", "付款")), form, container.NewHBox(p.payBtn), hint)
	p.content = container.NewVBox(p.summary, p.payBox, widget.NewSeparator(),
		bold(lang.X("spending.p.records", "付款记录")), tall(140, p.table))
	return p
}

// pickTo takes an expense account from the completion list.
func (p *payPanel) pickTo(x candidate) {
	p.to.SetText(x.label)
	p.suggest.hide()
	p.toHint.Importance = widget.LowImportance
	p.toHint.SetText("")
}

// loadAccounts offers the money accounts to pay from and the expense and
// payable accounts to pay to (leaves only).
func (p *payPanel) loadAccounts() {
	accts, err := p.u.book.Accounts()
	if err != nil {
		showError(p.u.win, err)
		return
	}
	p.fromCode = nil
	var from, to []books.Account
	for _, a := range accts {
		if !a.Leaf || !a.Active {
			continue
		}
		switch {
		case a.Monetary != "":
			p.fromCode = append(p.fromCode, a.Code)
			from = append(from, a)
		case a.Class == books.ClassExpense || a.Class == books.ClassLiability:
			to = append(to, a)
		}
	}
	var names []string
	for _, a := range from {
		names = append(names, a.FullName())
	}
	p.from.Options = names
	p.from.Refresh()
	if p.from.SelectedIndex() < 0 {
		for i, c := range p.fromCode {
			if strings.HasPrefix(c, "1002") || strings.HasPrefix(c, "102") {
				p.from.SetSelectedIndex(i)
				break
			}
		}
	}
	// The parents come along so a child reads 5101 业务活动成本—维修费 and is
	// found by its parent's 助记码, as in the voucher entry.
	byID := map[int64]bool{}
	for _, a := range to {
		byID[a.ID] = true
	}
	p.toCands = nil
	for _, c := range accountCandidates(accts) {
		if byID[c.id] {
			p.toCands = append(p.toCands, c)
		}
	}
}

// defaultTo fills the expense account for an application: the account the
// book's last payment of the same category was debited to; none, and a
// plain request to choose, when there is no such payment. Applications and
// procedures name no account, so there is nothing earlier to go by, and an
// arbitrary first expense account would be a silent misposting.
func (p *payPanel) defaultTo(a spending.Application) {
	p.to.SetText("")
	p.toHint.Importance = widget.WarningImportance
	p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.none", "本账簿尚无“%s”类支出的付款记录，请选择支出科目。"), a.Category))
	code, err := spending.LastPaymentAccount(p.u.book, a.Category)
	if err != nil || code == "" {
		return
	}
	for _, c := range p.toCands {
		if c.code == code {
			p.to.SetText(c.label)
			p.toHint.Importance = widget.LowImportance
			p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.last", "按本账簿上次“%s”类支出付款所用的科目预填，请核对。"), a.Category))
			return
		}
	}
}

// load shows an application's payments; payable offers the form.
func (p *payPanel) load(a spending.Application, payable bool) {
	p.payments = a.Payments
	p.table.Refresh()
	left := a.Approved.Sub(a.Paid).Sub(a.Pending)
	switch {
	case a.Approved.IsZero():
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.notapproved", "申请金额 %s 元；尚未批准，不能付款（%s）"), books.FormatYuan(a.Amount), a.StateName()))
	case a.Pending.IsPositive():
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.sum.pending", "批准金额 %s 元　已付 %s 元　待审核/待记账 %s 元　未付 %s 元"),
			books.FormatYuan(a.Approved), books.FormatYuan(a.Paid), books.FormatYuan(a.Pending), books.FormatYuan(left)))
	default:
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.sum", "批准金额 %s 元　已付 %s 元　未付 %s 元"), books.FormatYuan(a.Approved), books.FormatYuan(a.Paid), books.FormatYuan(left)))
	}
	p.suggest.hide()
	if payable {
		p.loadAccounts()
		if a.No != p.shown {
			p.defaultTo(a)
		}
		p.amount.SetText(books.PlainYuan(left))
		if strings.TrimSpace(p.date.Text) == "" {
			p.date.SetText(todayDate())
		}
		p.shown = a.No
	} else {
		p.shown = ""
	}
	p.payBox.Hidden = !payable
	p.payBox.Refresh()
}

// toAccount is the expense account chosen: its code and how it reads.
func (p *payPanel) toAccount() (candidate, bool) {
	return resolve(p.toCands, p.to.Text)
}

// input reads the payment.
func (p *payPanel) input() (spending.PayInput, error) {
	amount, err := parseAmount(lang.X("spending.p.amount.f", "付款金额（元）"), p.amount.Text)
	if err != nil {
		return spending.PayInput{}, err
	}
	in := spending.PayInput{Date: strings.TrimSpace(p.date.Text), Amount: amount, Memo: p.memo.Text}
	if i := p.from.SelectedIndex(); i >= 0 {
		in.From = p.fromCode[i]
	} else {
		return in, books.Errorf(books.Invalid, "请选择付款账户（银行存款或现金）")
	}
	x, ok := p.toAccount()
	switch {
	case strings.TrimSpace(p.to.Text) == "":
		return in, books.Errorf(books.Invalid, "请选择支出科目（借方）：输入科目代码、名称或拼音首字母后从列表中选择")
	case !ok:
		return in, books.Errorf(books.Invalid, "支出科目“%s”不是唯一的末级费用或应付科目，请从列表中选择", strings.TrimSpace(p.to.Text))
	}
	p.to.SetText(x.label)
	in.To = x.code
	return in, nil
}
