package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// policyTab is 设置 → 事项标准与程序: the thresholds that set an
// application's level, with their effective dates, and the deliberation
// procedure of each level. The street sets them and sends a signed file; a
// community imports it (or its 会计 enters them by hand).
type policyTab struct {
	s        *settingsScreen
	policies []spending.LevelPolicy
	table    *dataTable
	procs    *widget.Label
	content  fyne.CanvasObject
}

func newPolicyTab(s *settingsScreen) *policyTab {
	p := &policyTab{s: s}
	u := s.u
	p.table = newDataTable([]column{
		{lang.X("policy.from", "生效日期"), 95, false},
		{lang.X("policy.bands", "等级标准（双击看全文）"), 730, false},
		{lang.X("policy.source", "来源"), 90, false},
		{lang.X("policy.by", "录入"), 190, false},
	}, func() int { return len(p.policies) }, func(row, col int) (string, bool) {
		x := p.policies[row]
		return []string{x.EffectiveFrom, x.Describe(), x.Source, strings.TrimSpace(x.CreatedBy + " " + x.CreatedAt)}[col], false
	}, func(row int) {
		if row < len(p.policies) {
			showInfo(s.u.win, lang.X("policy.bands", "等级标准（双击看全文）"), p.policies[row].Describe())
		}
	})
	p.procs = widget.NewLabel("")
	p.procs.Wrapping = fyne.TextWrapWord
	setter := u.can(books.RoleAccountant, books.RoleStreet)
	add := onlyIf(setter, widget.NewButton(lang.X("policy.add", "新增标准…"), p.addPolicy))
	edit := onlyIf(setter, widget.NewButton(lang.X("policy.editproc", "修改议事程序…"), p.editProcedure))
	imp := onlyIf(u.can(books.RoleAccountant) && u.info.Kind == books.KindCommunity,
		widget.NewButton(lang.X("policy.import", "导入街道标准文件…"), p.importFile))
	exp := onlyIf(u.can(books.RoleStreet), widget.NewButton(lang.X("policy.export", "导出标准文件…"), p.exportFile))
	help := widget.NewLabel(lang.X("policy.help", "新标准从生效日期起适用；已经提出的申请保持原来的等级和程序版本。"))
	help.Wrapping = fyne.TextWrapWord
	split := container.NewVSplit(p.table, container.NewVScroll(p.procs))
	split.Offset = 0.45
	p.content = container.NewBorder(container.NewVBox(container.NewHBox(add, edit, imp, exp), help), nil, nil, nil, split)
	return p
}

func (p *policyTab) load() {
	b := p.s.u.book
	ps, err := spending.Policies(b)
	if err != nil {
		showError(p.s.u.win, err)
		return
	}
	if len(ps) == 0 {
		ps = []spending.LevelPolicy{spending.DefaultPolicy()}
	}
	p.policies = ps
	p.table.Refresh()
	proc, err := spending.ProcedureVersion(b, 0)
	if err != nil {
		showError(p.s.u.win, err)
		return
	}
	text := fmt.Sprintf(lang.X("policy.procs", "议事程序（第 %d 版，%s）："), proc.Version, proc.Source)
	for i := len(spending.Levels) - 1; i >= 0; i-- {
		l := spending.Levels[i]
		text += "\n" + spending.LevelName(l) + "：" + proc.Describe(l)
	}
	text += "\n" + lang.X("policy.voterule", "表决规则：") + spending.VoteRule
	p.procs.SetText(text)
}

// addPolicy asks for new thresholds from an effective date.
func (p *policyTab) addPolicy() {
	u := p.s.u
	cur, err := spending.PolicyAt(u.book, u.period.Last())
	if err != nil {
		showError(u.win, err)
		return
	}
	from := widget.NewEntry()
	from.SetText(u.period.Next().First())
	minor, major := widget.NewEntry(), widget.NewEntry()
	minor.SetText(books.FormatYuan(cur.MinorMax))
	major.SetText(books.FormatYuan(cur.MajorMin))
	minorIncl := widget.NewCheck(lang.X("policy.minorincl", "含本数（≤）"), nil)
	minorIncl.SetChecked(cur.MinorMaxIncl)
	majorIncl := widget.NewCheck(lang.X("policy.majorincl", "含本数（≥）"), nil)
	majorIncl.SetChecked(cur.MajorMinIncl)
	cats := widget.NewEntry()
	cats.SetText(strings.Join(cur.MajorCategories, "、"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("policy.from", "生效日期"), from),
		widget.NewFormItem(lang.X("policy.minor", "小微事项上限（元）"), container.NewBorder(nil, nil, nil, minorIncl, minor)),
		widget.NewFormItem(lang.X("policy.major", "重大事项起点（元）"), container.NewBorder(nil, nil, nil, majorIncl, major)),
		widget.NewFormItem(lang.X("policy.cats", "按性质为重大的类别（用、分隔）"), cats),
	}
	d := dialog.NewForm(lang.X("policy.add", "新增标准…"), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		np := spending.LevelPolicy{EffectiveFrom: strings.TrimSpace(from.Text), MinorMaxIncl: minorIncl.Checked, MajorMinIncl: majorIncl.Checked}
		var err error
		if np.MinorMax, err = books.ParseMoney(minor.Text); err != nil {
			showError(u.win, err)
			return
		}
		if np.MajorMin, err = books.ParseMoney(major.Text); err != nil {
			showError(u.win, err)
			return
		}
		for _, c := range strings.FieldsFunc(cats.Text, func(r rune) bool { return r == '、' || r == ',' || r == '，' }) {
			if c = strings.TrimSpace(c); c != "" {
				np.MajorCategories = append(np.MajorCategories, c)
			}
		}
		saved, err := spending.SetPolicy(u.sess, np)
		p.s.done(err, fmt.Sprintf(lang.X("policy.added", "已新增事项等级标准：%s"), saved.Describe()))
	}, u.win)
	d.Resize(fyne.NewSize(620, 0))
	d.Show()
}

// editProcedure edits each level's steps, one per line: the step name, then
// optionally "｜表决" and "｜" with when it is due (付款前, 结项前 …).
func (p *policyTab) editProcedure() {
	u := p.s.u
	proc, err := spending.ProcedureVersion(u.book, 0)
	if err != nil {
		showError(u.win, err)
		return
	}
	var phaseNames []string
	for _, ph := range phases {
		phaseNames = append(phaseNames, spending.PhaseName(ph))
	}
	entries := map[string]*widget.Entry{}
	var items []*widget.FormItem
	for i := len(spending.Levels) - 1; i >= 0; i-- {
		l := spending.Levels[i]
		e := widget.NewMultiLineEntry()
		var lines []string
		for _, st := range proc.Steps[l] {
			line := st.Name + "｜" + spending.PhaseName(st.Phase)
			if st.Vote {
				line += "｜表决" // a keyword parseSteps reads, not a caption
			}
			lines = append(lines, line)
		}
		e.SetText(strings.Join(lines, "\n"))
		e.SetMinRowsVisible(max(len(lines), 3))
		entries[l] = e
		items = append(items, widget.NewFormItem(spending.LevelName(l), e))
	}
	note := widget.NewEntry()
	items = append(items, widget.NewFormItem(lang.X("policy.note", "修改说明"), note))
	hint := fmt.Sprintf(lang.X("policy.prochint", "每行一个步骤：名称｜何时完成（%s）｜表决（需要表决时写）"), strings.Join(phaseNames, "、"))
	items = append([]*widget.FormItem{widget.NewFormItem("", widget.NewLabel(hint))}, items...)
	d := dialog.NewForm(lang.X("policy.editproc", "修改议事程序…"), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		np := spending.Procedure{Note: note.Text, Steps: map[string][]spending.ProcedureStep{}}
		for l, e := range entries {
			steps, err := parseSteps(l, e.Text)
			if err != nil {
				showError(u.win, err)
				return
			}
			np.Steps[l] = steps
		}
		saved, err := spending.SetProcedure(u.sess, np)
		p.s.done(err, fmt.Sprintf(lang.X("policy.procsaved", "议事程序已存为第 %d 版"), saved.Version))
	}, u.win)
	d.Resize(fyne.NewSize(720, 560))
	d.Show()
}

func (p *policyTab) importFile() {
	u := p.s.u
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		data, err := books.ReadSignedFrom(r, r.URI().Name(), books.FileKindPolicy)
		r.Close()
		if err != nil {
			showError(u.win, err)
			return
		}
		added, version, err := spending.ImportPolicy(u.sess, data)
		p.s.done(err, fmt.Sprintf(lang.X("policy.imported", "已导入街道标准：新增 %d 条等级标准，议事程序为第 %d 版"), added, version))
	}, u.win)
}

func (p *policyTab) exportFile() {
	u := p.s.u
	data, err := spending.ExportPolicy(u.sess)
	if err != nil {
		showError(u.win, err)
		return
	}
	u.saveFileDialog(u.info.Street+"-事项标准.json", func(path string) {
		if err := books.WriteFileAtomic(path, data); err != nil {
			showError(u.win, err)
			return
		}
		u.setHint(fmt.Sprintf(lang.X("policy.exported", "已导出标准文件 %s（已签名）"), path))
	})
}

var phases = []string{spending.PhaseReview, spending.PhaseFiling, spending.PhasePayment, spending.PhaseClose}

// parseSteps reads a level's steps as edited: one per line, the name, then
// optionally "｜" with when it is due and "｜表决"; a step with no phase is
// due before the 党组织 review.
func parseSteps(level, text string) ([]spending.ProcedureStep, error) {
	phaseOf := map[string]string{}
	var names []string
	for _, ph := range phases {
		phaseOf[spending.PhaseName(ph)] = ph
		names = append(names, spending.PhaseName(ph))
	}
	var steps []spending.ProcedureStep
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(strings.ReplaceAll(line, "|", "｜"), "｜")
		st := spending.ProcedureStep{Name: strings.TrimSpace(parts[0]), Phase: spending.PhaseReview}
		for _, x := range parts[1:] {
			x = strings.TrimSpace(x)
			switch {
			case x == "表决":
				st.Vote = true
			case phaseOf[x] != "":
				st.Phase = phaseOf[x]
			case x != "":
				e := books.Errorf(books.Invalid, "%s事项第 %d 行：看不懂“%s”（可写：%s、表决）", spending.LevelName(level), n+1, x, strings.Join(names, "、"))
				e.Line = n + 1
				return nil, e
			}
		}
		steps = append(steps, st)
	}
	return steps, nil
}
