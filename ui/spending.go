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
	"sunbooks/printouts"
)

// spendingScreenDef is the 支出审批 screen's place in the shell (app.go's screens).
func spendingScreenDef() screenDef {
	return screenDef{id: "spending", title: func() string { return lang.X("screen.spending", "支出审批") },
		build: func(a *App) Screen { return newSpendingScreen(a) }}
}

// spendingScreen is 支出审批. In a community book: the applications by
// state (or waiting on the signed-in role), the application form with its
// level and warnings, the deliberation records, the approval chain and the
// payments, with the buttons the role and the state allow. In a street
// book: the imported approval requests, decided with an opinion into a
// signed decision file.
type spendingScreen struct {
	u      *App
	street bool

	filter *widget.Select
	search *widget.Entry
	count  *widget.Label
	split  *container.Split
	table  *dataTable
	apps   []spending.Application
	reqs   []spending.StreetRequest

	// cur is the application shown (loaded in full); nil for a new one.
	cur    *spending.Application
	curReq *spending.StreetRequest

	header    *widget.Label
	tabs      *container.AppTabs
	form      *appForm
	delib     *delibPanel
	chain     *chainPanel
	pay       *payPanel
	opinion   *widget.Entry
	amount    *widget.Entry // street: the amount approved
	amountBox *fyne.Container
	actions   *fyne.Container
	// result is the outcome of the last file import: the signature check
	// (✔ 签名有效：城关街道 (指纹 …)) or the refusal, in plain words.
	result  *widget.Label
	detail  *fyne.Container
	empty   *fyne.Container
	content fyne.CanvasObject
}

// filter choices of a community book: 待我处理, 全部, then each state.
const (
	filterWaiting = 0
	filterAll     = 1
)

// newSpendingScreen builds the screen's widgets in the order they appear;
// it is long on purpose, one short block per list, filter and action.
func newSpendingScreen(u *App) *spendingScreen {
	s := &spendingScreen{u: u, street: u.info.Kind == books.KindStreet}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.X("spending.search", "编号、事项或收款人"))
	s.search.OnSubmitted = func(string) { s.reloadList() }
	s.count = widget.NewLabel("")
	s.header = widget.NewLabel("")
	s.header.TextStyle = fyne.TextStyle{Bold: true}
	s.header.Wrapping = fyne.TextWrapWord
	s.opinion = widget.NewEntry()
	s.opinion.SetPlaceHolder(lang.X("spending.opinion", "意见（退回、驳回、撤回须写明）"))
	s.amount = widget.NewEntry()
	s.amount.SetPlaceHolder(lang.X("spending.approved.ph", "默认为申请金额"))
	s.actions = container.NewHBox()
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.result.Hidden = true

	s.form = newAppForm(u)
	s.delib = newDelibPanel(u)
	s.delib.onOpen = s.openAttachment
	s.delib.recordBtn.OnTapped = s.deliberate
	s.chain = newChainPanel()
	s.pay = newPayPanel(u)
	s.pay.payBtn.OnTapped = s.payNow

	var top fyne.CanvasObject
	if s.street {
		s.filter = newChoice([]string{lang.X("spending.street.pending", "待审批"), lang.X("spending.street.all", "全部")}, func(string) { s.reloadList() })
		importBtn := widget.NewButton(lang.X("spending.street.import", "导入审批申请…"), func() {
			u.openFileDialog(jsonFiles, func(path string) { s.importRequests([]string{path}, nil) })
		})
		folderBtn := widget.NewButton(lang.X("spending.street.folder", "导入文件夹中的全部申请…"), func() {
			u.folderDialog(func(dir string) { s.importRequests(packageFiles(dir), nil) })
		})
		folderBtn.Hidden = !u.can(books.RoleStreet)
		importBtn.Importance = widget.HighImportance
		importBtn.Hidden = !u.can(books.RoleStreet)
		top = container.NewHBox(s.filter, importBtn, folderBtn, s.count)
		s.table = newDataTable([]column{
			{lang.X("spending.col.community", "社区"), 80, false},
			{lang.X("spending.col.no", "编号"), 105, false},
			{lang.X("spending.col.version", "版本"), 40, true},
			{lang.X("spending.col.title", "事项"), 110, false},
			{lang.X("spending.col.amount", "金额"), 95, true},
			{lang.X("spending.col.level", "等级"), 40, false},
			{lang.X("spending.col.state", "状态"), 75, false},
		}, func() int { return len(s.reqs) }, s.reqCell, nil)
	} else {
		opts := []string{lang.X("spending.filter.waiting", "待我处理"), lang.X("spending.filter.all", "全部")}
		for _, st := range spending.AppStates {
			opts = append(opts, spending.AppStateName(st))
		}
		s.filter = newChoice(opts, func(string) { s.reloadList() })
		newBtn := widget.NewButton(lang.X("spending.new", "新建申请"), func() { s.leaveForm(s.newApplication) })
		newBtn.Importance = widget.HighImportance
		newBtn.Hidden = !u.can(books.RoleCommittee)
		importBtn := widget.NewButton(lang.X("spending.decision.import", "导入街道审批决定…"), func() {
			u.openFileDialog(jsonFiles, s.importDecisionFile)
		})
		importBtn.Hidden = !u.can(books.RoleAccountant)
		top = container.NewHBox(container.NewGridWrap(fyne.NewSize(130, s.filter.MinSize().Height), s.filter),
			container.NewGridWrap(fyne.NewSize(180, s.search.MinSize().Height), s.search),
			widget.NewButton(lang.X("spending.query", "查询"), s.reloadList), newBtn, importBtn, s.count)
		s.table = newDataTable([]column{
			{lang.X("spending.col.no", "编号"), 105, false},
			{lang.X("spending.col.compound", "小区"), 70, false},
			{lang.X("spending.col.title", "事项"), 100, false},
			{lang.X("spending.col.amount", "金额"), 85, true},
			{lang.X("spending.col.level", "等级"), 40, false},
			// room for the longest state, 部分支付（纸质）
			{lang.X("spending.col.state", "状态"), 128, false},
		}, func() int { return len(s.apps) }, s.appCell, nil)
	}
	s.table.OnSelected = func(id widget.TableCellID) { s.selectRow(id.Row) }

	// Both ways: a wide form scrolls sideways instead of pushing the list
	// out of the split.
	scroll := func(o fyne.CanvasObject) fyne.CanvasObject { return container.NewScroll(o) }
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("spending.tab.form", "申请单"), scroll(s.form.content)),
		container.NewTabItem(lang.X("spending.tab.delib", "议事记录"), scroll(s.delib.content)),
		container.NewTabItem(lang.X("spending.tab.chain", "审批链"), s.chain.content),
	)
	if !s.street {
		s.tabs.Append(container.NewTabItem(lang.X("spending.tab.pay", "付款"), scroll(s.pay.content)))
	}
	// The completion list belongs to the 付款 tab alone.
	s.tabs.OnSelected = func(*container.TabItem) { s.pay.suggest.hide() }
	opinionRow := container.NewBorder(nil, nil, widget.NewLabel(lang.X("spending.opinion.label", "意见：")), nil, s.opinion)
	if s.street {
		s.amountBox = container.NewHBox(widget.NewLabel(lang.X("spending.approved.label", "批准金额（元）：")),
			container.NewGridWrap(fyne.NewSize(130, s.amount.MinSize().Height), s.amount))
		opinionRow = container.NewBorder(nil, nil, widget.NewLabel(lang.X("spending.opinion.label", "意见：")), s.amountBox, s.opinion)
	}
	bottom := container.NewVBox(widget.NewSeparator(), opinionRow, container.NewHScroll(s.actions))
	s.detail = container.NewBorder(s.header, bottom, nil, nil, s.tabs)
	hint := lang.X("spending.empty", "请在左侧选择一份申请，或点击“新建申请”。")
	if !u.can(books.RoleCommittee) {
		// Only the 业委会 is offered 新建申请.
		hint = lang.X("spending.empty.pick", "请在左侧选择一份申请。")
	}
	if s.street {
		hint = lang.X("spending.street.empty", "请在左侧选择一份导入的审批申请，或点击“导入审批申请…”。")
	}
	s.empty = container.NewCenter(widget.NewLabel(hint))
	// The expense account's completion list is drawn over the whole pane,
	// so it may reach down over the opinion and the buttons.
	right := container.NewStack(s.empty, s.detail, s.pay.suggest.layer)
	s.detail.Hide()
	s.split = container.NewHSplit(s.table, right)
	s.split.Offset = listOnlyOffset
	s.content = container.NewBorder(container.NewVBox(top, s.result), nil, nil, nil, s.split)
	return s
}

// Content is the screen's widget tree.
func (s *spendingScreen) Content() fyne.CanvasObject { return s.content }

// Reload reads the list again and the application shown.
func (s *spendingScreen) Reload() {
	if !s.street {
		s.form.loadCompounds()
	}
	if s.filter.SelectedIndex() < 0 {
		i := filterAll
		if s.street {
			i = 0
		} else if n, err := spending.CountApplications(s.u.book, spending.AppFilter{WaitingFor: s.u.role()}); err == nil && n > 0 && s.u.role() != books.RoleAuditor {
			i = filterWaiting
		}
		s.filter.SetSelectedIndex(i) // reloads the list
	} else {
		s.reloadList()
	}
	s.refreshDetail()
}

func (s *spendingScreen) reloadList() {
	if s.filter.SelectedIndex() < 0 {
		return
	}
	if s.street {
		rs, err := spending.StreetRequests(s.u.book, s.filter.SelectedIndex() == 0)
		if err != nil {
			showError(s.u.win, err)
			return
		}
		s.reqs = rs
		s.count.SetText(fmt.Sprintf(lang.X("spending.count", "共 %d 件"), len(rs)))
	} else {
		f := spending.AppFilter{Text: s.search.Text, Limit: 1000}
		switch i := s.filter.SelectedIndex(); {
		case i == filterWaiting:
			f.WaitingFor = s.u.role()
			if f.WaitingFor == books.RoleAuditor || f.WaitingFor == "" {
				f.States = []string{"none"}
			}
		case i > filterAll:
			f.States = []string{spending.AppStates[i-2]}
		}
		as, err := spending.Applications(s.u.book, f)
		if err != nil {
			showError(s.u.win, err)
			return
		}
		s.apps = as
		s.count.SetText(fmt.Sprintf(lang.X("spending.count", "共 %d 件"), len(as)))
	}
	s.table.UnselectAll()
	s.table.Refresh()
}

func (s *spendingScreen) appCell(row, col int) (string, bool) {
	if row >= len(s.apps) {
		return "", false
	}
	a := s.apps[row]
	switch col {
	case 0:
		return a.No, false
	case 1:
		return a.Compound, false
	case 2:
		return a.Title, false
	case 3:
		return books.FormatYuan(a.Amount), false
	case 4:
		return a.LevelName(), a.Level == spending.LevelMajor
	case 5:
		name := a.StateName()
		if a.Paper && a.Approved.IsPositive() {
			name += lang.X("spending.paper.short", "（纸质）")
		}
		return name, a.State == spending.AppReturned || a.State == spending.AppRejected
	}
	return "", false
}

func (s *spendingScreen) reqCell(row, col int) (string, bool) {
	if row >= len(s.reqs) {
		return "", false
	}
	r := s.reqs[row]
	switch col {
	case 0:
		return r.Community, false
	case 1:
		return r.AppNo, false
	case 2:
		return fmt.Sprint(r.Version), false
	case 3:
		return r.App.Title, false
	case 4:
		return books.FormatYuan(r.App.Amount), false
	case 5:
		return r.App.LevelName(), r.App.Level == spending.LevelMajor
	case 6:
		return r.StateName(), r.State == "reject" || r.State == "return"
	}
	return "", false
}

// selectRow shows the application (or request) of a row.
func (s *spendingScreen) selectRow(row int) {
	if s.street {
		if row < 0 || row >= len(s.reqs) {
			return
		}
		r := s.reqs[row]
		s.showRequest(&r)
		return
	}
	if row < 0 || row >= len(s.apps) {
		return
	}
	no := s.apps[row].No
	s.leaveForm(func() { s.open(no) })
}

// leaveForm runs next at once, or, with an application typed on the form and
// not saved or an opinion typed on the one shown and not yet given, once the
// person agrees to drop it.
func (s *spendingScreen) leaveForm(next func()) {
	work := s.unsavedWork()
	switch {
	case len(work) == 0:
		next()
	case s.detail.Visible() && s.form.unsaved() && len(work) == 1:
		askDrop(s.u.win, lang.X("spending.unsaved.title", "申请未保存"),
			lang.X("spending.unsaved.ask", "申请单上填写的内容还没有保存（保存草稿或保存修改）。放弃这些内容并继续吗？"),
			lang.X("spending.unsaved.drop", "放弃填写"), next)
	default:
		askDropWork(s.u.win, work, next)
	}
}

// open shows an application by its number.
func (s *spendingScreen) open(no string) {
	a, err := spending.ApplicationByNo(s.u.book, no)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.cur = &a
	s.result.Hide()
	s.opinion.SetText("")
	s.refreshDetail()
}

// newApplication clears the form for a new application (业委会).
func (s *spendingScreen) newApplication() {
	s.cur = nil
	s.form.loadCompounds()
	s.form.clear()
	s.form.setEditable(true)
	s.header.SetText(lang.X("spending.new.header", "新建支出申请"))
	s.delib.load(spending.Application{}, false)
	s.chain.load(spending.Application{})
	s.pay.load(spending.Application{}, false)
	s.setActions(s.button(lang.X("spending.save", "保存草稿"), widget.HighImportance, s.save))
	s.tabs.SelectIndex(0)
	s.showDetail(true)
	s.u.win.Canvas().Focus(s.form.title)
}

// The list's share of the width: with an application shown, the form,
// deliberation and payment take the larger side (the list's cells then end
// in "…", and the form shows them whole); with none, the list has the room.
const (
	listOnlyOffset   = 0.74
	listDetailOffset = 0.49
)

func (s *spendingScreen) showDetail(on bool) {
	offset := listOnlyOffset
	if on {
		offset = listDetailOffset
	}
	if s.split.Offset != offset {
		s.split.SetOffset(offset)
	}
	s.detail.Hidden, s.empty.Hidden = !on, on
	s.detail.Refresh()
	s.empty.Refresh()
}

// refreshDetail shows the current application and the buttons its state
// and the user's role allow.
func (s *spendingScreen) refreshDetail() {
	if s.street {
		if s.curReq != nil {
			if r, err := spending.FindStreetRequest(s.u.book, s.curReq.CommunityCode, s.curReq.AppNo); err == nil {
				s.showRequest(&r)
			}
		}
		return
	}
	if s.cur == nil {
		return
	}
	a, err := spending.ApplicationByNo(s.u.book, s.cur.No)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.cur = &a
	me := s.u.sess.User().Name
	mine := a.CreatedBy == me
	editable := s.u.can(books.RoleCommittee) && mine && (a.State == spending.AppDraft || a.State == spending.AppReturned)
	s.header.SetText(fmt.Sprintf("%s　%s　%s　%s 元　%s事项　【%s】", a.No, a.Compound, a.Title, books.FormatYuan(a.Amount), a.LevelName(), a.StateName()))
	s.form.load(a)
	s.form.setEditable(editable)
	canDeliberate := s.u.can(books.RoleAccountant, books.RoleParty) && a.State != spending.AppRejected && a.State != spending.AppWithdrawn && a.State != spending.AppClosed
	s.delib.load(a, canDeliberate)
	s.chain.load(a)
	payable := s.u.can(books.RoleAccountant, books.RoleCashier) && (a.State == spending.AppApproved || a.State == spending.AppPartlyPaid)
	s.pay.load(a, payable)

	var btns []fyne.CanvasObject
	add := func(on bool, label string, imp widget.Importance, f func()) {
		if on {
			btns = append(btns, s.button(label, imp, f))
		}
	}
	st := a.State
	early := st == spending.AppDraft || st == spending.AppReturned
	add(editable, lang.X("spending.update", "保存修改"), widget.MediumImportance, s.save)
	add(editable, lang.X("spending.submit", "提交"), widget.HighImportance, s.submit)
	add(s.u.can(books.RoleCommittee) && mine && (early || st == spending.AppPartyReview), lang.X("spending.withdraw", "撤回"), widget.MediumImportance, s.withdraw)
	party := s.u.can(books.RoleParty) && st == spending.AppPartyReview
	add(party && a.SplitWarning != "" && a.SplitAckBy == "", lang.X("spending.ack", "确认拆分提示"), widget.WarningImportance, s.acknowledge)
	add(party, lang.X("spending.review.approve", "审核通过"), widget.HighImportance, func() { s.review("approve") })
	add(party, lang.X("spending.review.return", "退回"), widget.MediumImportance, func() { s.review("return") })
	add(party, lang.X("spending.review.reject", "驳回"), widget.DangerImportance, func() { s.review("reject") })
	add(s.u.can(books.RoleCommittee, books.RoleParty, books.RoleAccountant) && (early || st == spending.AppPartyReview) && a.Level != spending.LevelMajor,
		lang.X("spending.raise", "提高等级…"), widget.MediumImportance, s.raiseDialog)
	street := st == spending.AppStreetReview
	add(street && s.u.can(books.RoleAccountant, books.RoleParty), lang.X("spending.request.export", "导出审批申请…"), widget.HighImportance, s.exportRequestDialog)
	add(street && s.u.can(books.RoleAccountant), lang.X("spending.decision.import.short", "导入审批决定…"), widget.MediumImportance, func() {
		s.u.openFileDialog(jsonFiles, s.importDecisionFile)
	})
	add(street && s.u.can(books.RoleAccountant), lang.X("spending.paper", "纸质审批…"), widget.MediumImportance, s.paperDialog)
	add(payable, lang.X("spending.pay.go", "去付款"), widget.MediumImportance, func() { s.tabs.SelectIndex(3) })
	add(s.u.can(books.RoleAccountant) && (st == spending.AppPaid || st == spending.AppPartlyPaid), lang.X("spending.close", "结项"), widget.MediumImportance, s.closeApp)
	add(true, lang.X("spending.preview", "预览审批单"), widget.LowImportance, s.previewApproval)
	add(true, lang.X("spending.print", "打印审批单"), widget.LowImportance, s.printApproval)
	s.setActions(btns...)
	s.showDetail(true)
}

func (s *spendingScreen) button(label string, imp widget.Importance, f func()) *widget.Button {
	b := widget.NewButton(label, f)
	b.Importance = imp
	return b
}

func (s *spendingScreen) setActions(btns ...fyne.CanvasObject) {
	s.actions.Objects = btns
	s.actions.Refresh()
}

// done reports the outcome of an action on the current application.
func (s *spendingScreen) done(err error, hint string) bool {
	if err != nil {
		showError(s.u.win, err)
		return false
	}
	s.u.setHint(hint)
	s.u.changed()
	s.opinion.SetText("")
	s.reloadList()
	s.refreshDetail()
	return true
}

func (s *spendingScreen) save() {
	in, err := s.form.input()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	var a spending.Application
	if s.cur == nil {
		a, err = spending.Apply(s.u.sess, in)
	} else {
		a, err = spending.UpdateApplication(s.u.sess, s.cur.No, in)
	}
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.cur = &a
	s.done(nil, fmt.Sprintf(lang.X("spending.saved", "申请 %s 已保存（%s事项）"), a.No, a.LevelName()))
}

// submit saves what is typed and sends it to the 社区党组织.
func (s *spendingScreen) submit() {
	if s.cur == nil {
		return
	}
	in, err := s.form.input()
	if err == nil {
		_, err = spending.UpdateApplication(s.u.sess, s.cur.No, in)
	}
	if err != nil {
		showError(s.u.win, err)
		return
	}
	a, err := spending.Submit(s.u.sess, s.cur.No, s.opinion.Text)
	if s.done(err, fmt.Sprintf(lang.X("spending.submitted", "申请 %s 已提交社区党组织审核"), s.cur.No)) && a.SplitWarning != "" {
		showInfo(s.u.win, lang.X("spending.split.title", "拆分支付提示"), a.SplitWarning)
	}
}

// withdraw, reject and close end an application for good: each is asked
// first, naming the application.
func (s *spendingScreen) withdraw() {
	no := s.cur.No
	askConfirm(s.u.win, lang.X("spending.withdraw", "撤回"),
		fmt.Sprintf(lang.X("spending.withdraw.ask", "撤回申请 %s？撤回后申请不再办理。"), no),
		lang.X("spending.withdraw", "撤回"), func() {
			s.done(spending.Withdraw(s.u.sess, no, s.opinion.Text), fmt.Sprintf(lang.X("spending.withdrawn", "申请 %s 已撤回"), no))
		})
}

func (s *spendingScreen) acknowledge() {
	no := s.cur.No
	s.done(spending.AcknowledgeSplit(s.u.sess, no, s.opinion.Text), fmt.Sprintf(lang.X("spending.acked", "申请 %s 的拆分支付提示已确认"), no))
}

func (s *spendingScreen) review(decision string) {
	no := s.cur.No
	hint := map[string]string{
		"approve": lang.X("spending.reviewed.approve", "申请 %s 党组织审核通过，待街道审批"),
		"return":  lang.X("spending.reviewed.return", "申请 %s 已退回申请人修改"),
		"reject":  lang.X("spending.reviewed.reject", "申请 %s 已驳回"),
	}[decision]
	act := func() { s.done(spending.Review(s.u.sess, no, decision, s.opinion.Text), fmt.Sprintf(hint, no)) }
	if decision != "reject" {
		act()
		return
	}
	askConfirm(s.u.win, lang.X("spending.review.reject", "驳回"),
		fmt.Sprintf(lang.X("spending.reject.ask", "驳回申请 %s？驳回后申请终止，不能再提交。"), no),
		lang.X("spending.review.reject", "驳回"), act)
}

// raiseDialog asks for the higher level and the reason.
func (s *spendingScreen) raiseDialog() {
	a := s.cur
	var opts []string
	var codes []string
	for _, l := range spending.Levels {
		if l != a.Level && (a.Level == spending.LevelMinor || l == spending.LevelMajor) {
			opts = append(opts, spending.LevelName(l))
			codes = append(codes, l)
		}
	}
	level := newChoice(opts, nil)
	level.SetSelectedIndex(len(opts) - 1)
	reason := widget.NewEntry()
	reason.SetText(s.opinion.Text)
	dialog.ShowForm(lang.X("spending.raise.title", "提高事项等级"), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("spending.raise.to", "提高为"), level), widget.NewFormItem(lang.X("spending.raise.why", "理由"), reason)},
		func(ok bool) {
			if ok && level.SelectedIndex() >= 0 {
				s.raise(codes[level.SelectedIndex()], reason.Text)
			}
		}, s.u.win)
}

func (s *spendingScreen) raise(level, reason string) {
	no := s.cur.No
	s.done(spending.RaiseLevel(s.u.sess, no, level, reason), fmt.Sprintf(lang.X("spending.raised", "申请 %s 已提高为%s事项"), no, spending.LevelName(level)))
}

// deliberate records the step typed in the 议事记录 tab.
func (s *spendingScreen) deliberate() {
	if s.cur == nil {
		return
	}
	in, err := s.delib.input()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	d, err := spending.Deliberate(s.u.sess, s.cur.No, in)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.delib.recorded()
	s.done(nil, fmt.Sprintf(lang.X("spending.deliberated", "已记录“%s”：%s"), d.Step, d.OutcomeName()))
}

func (s *spendingScreen) openAttachment(att spending.Attachment) {
	if s.street {
		if s.curReq == nil {
			return
		}
		a, data, err := spending.StreetRequestFile(s.u.book, s.curReq.ID, att.ID)
		if err != nil {
			showError(s.u.win, err)
			return
		}
		s.u.openBytes(a.Name, data)
		return
	}
	a, data, err := spending.AttachmentData(s.u.book, att.ID)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.u.openBytes(a.Name, data)
}

// payNow pays the current application from the 付款 tab.
func (s *spendingScreen) payNow() {
	s.pay.suggest.hide()
	in, err := s.pay.input()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	// The payment voucher waits for a second person's review: the person
	// checks payee, amount and accounts before it is made.
	no, payee := s.cur.No, s.cur.Payee
	askConfirm(s.u.win, lang.X("spending.pay.title", "付款"),
		fmt.Sprintf(lang.X("spending.pay.ask", "向 %s 付款 %s 元（%s）？\n借：%s\n贷：%s\n生成付款凭证，由制单人以外的人审核、记账后才计入已付。"),
			payee, books.FormatYuan(in.Amount), no, s.pay.to.Text, s.pay.from.Selected),
		lang.X("spending.pay.title", "付款"), func() {
			v, err := spending.Pay(s.u.sess, no, in)
			if err != nil {
				showError(s.u.win, err)
				return
			}
			s.pay.memo.SetText("")
			s.done(nil, fmt.Sprintf(lang.X("spending.paid", "已生成付款凭证 %s %s（%s 元），待审核：请另一人在“凭证”中审核，记账后计入已付"),
				v.Period.Chinese(), v.No(), books.FormatYuan(in.Amount)))
		})
}

func (s *spendingScreen) closeApp() {
	no := s.cur.No
	askConfirm(s.u.win, lang.X("spending.close", "结项"),
		fmt.Sprintf(lang.X("spending.close.ask", "申请 %s 结项？结项后不能再付款。"), no),
		lang.X("spending.close", "结项"), func() {
			s.done(spending.CloseApplication(s.u.sess, no, s.opinion.Text), fmt.Sprintf(lang.X("spending.closed", "申请 %s 已结项"), no))
		})
}

// approvalForm is the shown application's approval form (审批单): its file
// name and layout; ok is false when none is shown.
func (s *spendingScreen) approvalForm() (name string, lay layoutFunc, ok bool) {
	var a spending.Application
	community := s.u.info.Community
	switch {
	case s.street && s.curReq != nil:
		a, community = s.curReq.App, s.curReq.Community
	case s.cur != nil:
		a = *s.cur
	default:
		return "", nil, false
	}
	name = fmt.Sprintf("审批单-%s.pdf", a.No)
	if s.street {
		// Communities number their applications alike.
		name = fmt.Sprintf("审批单-%s-%s.pdf", community, a.No)
	}
	return name, func() (*printouts.Layout, error) { return printouts.Approval(community, a, printouts.Options{}) }, true
}

// printApproval prints the application as the approval form (审批单).
func (s *spendingScreen) printApproval() {
	if name, lay, ok := s.approvalForm(); ok {
		s.u.printLayout(name, lay)
	}
}

// previewApproval shows the approval form as it prints.
func (s *spendingScreen) previewApproval() {
	if name, lay, ok := s.approvalForm(); ok {
		s.u.previewLayout(strings.TrimSuffix(name, ".pdf")+" "+lang.X("preview.suffix", "打印预览"), name, lay)
	}
}

func (s *spendingScreen) unsavedWork() []string {
	var out []string
	if s.detail.Visible() && s.form.unsaved() {
		out = append(out, lang.X("unsaved.form.application", "支出申请"))
	}
	if s.cur != nil && strings.TrimSpace(s.opinion.Text) != "" {
		out = append(out, fmt.Sprintf(lang.X("unsaved.form.opinion", "%s 的意见"), s.cur.No))
	}
	return out
}
