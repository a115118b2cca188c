package ui

// The deliberation panel of an application: its steps, their records and scanned minutes.

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// delibPanel shows an application's deliberation steps and records, and
// takes a new step record with its scanned minutes.
type delibPanel struct {
	u        *App
	steps    *widget.Label
	records  []spending.Deliberation
	table    *dataTable
	atts     []spending.Attachment
	attList  *dataTable
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

// newDelibPanel builds the panel's widgets in the order they appear on the
// screen; it is long on purpose, one short block per field and button.
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
