package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

// settingsScreenDef is the 设置 screen's place in the shell (app.go's screens).
func settingsScreenDef() screenDef {
	return screenDef{id: "settings", title: func() string { return lang.X("screen.settings", "设置") },
		build: func(a *App) Screen { return newSettingsScreen(a) }}
}

// settingsScreen is 设置: months (结账), chart of accounts, compounds, users,
// supervision phones, backups and the operation log. Everyone may look;
// changes are offered to the roles the book accepts them from.
type settingsScreen struct {
	u    *App
	tabs *container.AppTabs

	// 期间
	periods     []books.PeriodState
	periodTable *dataTable
	periodSel   int

	// 科目
	accounts    []books.Account
	acctTable   *dataTable
	acctSel     int
	compounds   []books.Compound
	compList    *widget.List
	compSel     int
	users       []books.User
	userList    *widget.List
	failures    map[string]int // failed sign-ins since the last good one, by user
	userSel     int
	phoneComm   *widget.Entry
	phoneStreet *widget.Entry
	noticeDays  *widget.Entry
	// phonesShown is what the 公示与电话 fields said when last read from
	// the book: typing differs from it until saved.
	phonesShown string
	snaps       []books.Snapshot
	snapList    *widget.List
	snapSel     int
	logText     *widget.Entry
	log         *pager[books.LogEntry]
	logTable    *dataTable
	verifyOut   *widget.Label
	anchorIn    *widget.Entry
	policy      *policyTab
	loaders     map[*container.TabItem]func()

	content fyne.CanvasObject
}

func newSettingsScreen(u *App) *settingsScreen {
	s := &settingsScreen{u: u, periodSel: -1, acctSel: -1, compSel: -1, userSel: -1, snapSel: -1}
	s.policy = newPolicyTab(s)
	tabs := []struct {
		title   string
		content fyne.CanvasObject
		load    func()
	}{
		{lang.X("settings.periods", "期间与结账"), s.periodsTab(), s.loadPeriods},
		{lang.X("settings.accounts", "会计科目"), s.accountsTab(), s.loadAccounts},
		{lang.X("settings.compounds", "小区"), s.compoundsTab(), s.loadCompounds},
		{lang.X("settings.users", "用户与角色"), s.usersTab(), s.loadUsers},
		{lang.X("settings.policy", "事项标准与程序"), s.policy.content, s.policy.load},
		{lang.X("settings.phones", "公示与电话"), s.phonesTab(), s.loadPhones},
		{lang.X("settings.backups", "备份与恢复"), s.backupsTab(), s.loadSnapshots},
		{lang.X("settings.log", "操作日志"), s.logTab(), s.loadLog},
	}
	s.tabs = container.NewAppTabs()
	s.loaders = map[*container.TabItem]func(){}
	for _, t := range tabs {
		item := container.NewTabItem(t.title, t.content)
		s.tabs.Append(item)
		s.loaders[item] = t.load
	}
	s.tabs.OnSelected = func(*container.TabItem) { s.Reload() }
	s.content = s.tabs
	return s
}

// Content is the screen's widget tree.
func (s *settingsScreen) Content() fyne.CanvasObject { return s.content }

// Reload reads what the shown tab lists.
func (s *settingsScreen) Reload() {
	if load := s.loaders[s.tabs.Selected()]; load != nil {
		load()
	}
}

// selectTab shows the tab with the given title (tests, drill-downs).
func (s *settingsScreen) selectTab(title string) bool {
	for _, t := range s.tabs.Items {
		if t.Text == title {
			s.tabs.Select(t)
			return true
		}
	}
	return false
}

// done reports a change: the status bar says what happened and the tab reloads.
func (s *settingsScreen) done(err error, what string) bool {
	if err != nil {
		showError(s.u.win, err)
		return false
	}
	s.u.setHint(what)
	s.u.changed()
	s.Reload()
	return true
}

// ask shows a small form and runs ok with the entries' texts.
func (s *settingsScreen) ask(title string, labels []string, values []string, ok func(v []string)) {
	entries := make([]*widget.Entry, len(labels))
	var items []*widget.FormItem
	for i, l := range labels {
		entries[i] = widget.NewEntry()
		if i < len(values) {
			entries[i].SetText(values[i])
		}
		items = append(items, widget.NewFormItem(l, entries[i]))
	}
	d := dialog.NewForm(title, lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), items, func(yes bool) {
		if !yes {
			return
		}
		v := make([]string, len(entries))
		for i, e := range entries {
			v[i] = strings.TrimSpace(e.Text)
		}
		ok(v)
	}, s.u.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

func (s *settingsScreen) manager() bool {
	if s.u.info.Kind == books.KindStreet {
		return s.u.can(books.RoleStreet)
	}
	return s.u.can(books.RoleAccountant)
}

func onlyIf(on bool, b *widget.Button) *widget.Button {
	b.Hidden = !on
	return b
}

// ---- 期间与结账 ----

func (s *settingsScreen) periodsTab() fyne.CanvasObject {
	cols := []column{
		{lang.X("settings.period.month", "月份"), 120, false},
		{lang.X("settings.period.state", "状态"), 100, false},
		{lang.X("settings.period.posted", "已记账"), 80, true},
		{lang.X("settings.period.drafts", "未记账"), 80, true},
		{lang.X("settings.period.closedby", "结账人"), 100, false},
		{lang.X("settings.period.closedat", "结账时间"), 170, false},
	}
	s.periodTable = newDataTable(cols, func() int { return len(s.periods) }, func(row, col int) (string, bool) {
		p := s.periods[row]
		switch col {
		case 0:
			return p.Period.Chinese(), false
		case 1:
			if p.Closed {
				return lang.X("settings.period.closed", "已结账"), false
			}
			return lang.X("settings.period.open", "未结账"), true
		case 2:
			return fmt.Sprint(p.Posted), false
		case 3:
			return fmt.Sprint(p.Drafts), p.Drafts > 0
		case 4:
			return p.ClosedBy, false
		case 5:
			return p.ClosedAt, false
		}
		return "", false
	}, nil)
	s.periodTable.OnSelected = func(id widget.TableCellID) { s.periodSel = id.Row }
	acc := s.u.can(books.RoleAccountant)
	closeBtn := onlyIf(acc, widget.NewButton(lang.X("settings.period.close", "结账"), func() {
		p, ok := s.pickedPeriod()
		if !ok {
			return
		}
		askConfirm(s.u.win, lang.X("settings.period.close", "结账"), fmt.Sprintf(lang.X("settings.period.close.ask", "结账 %s？结账后该月不能再录入或修改凭证。"), p.Chinese()),
			lang.X("settings.period.close", "结账"), func() {
				s.done(s.u.sess.ClosePeriod(p), fmt.Sprintf(lang.X("settings.period.closed.hint", "%s 已结账"), p.Chinese()))
			})
	}))
	reopenBtn := onlyIf(acc, widget.NewButton(lang.X("settings.period.reopen", "反结账"), func() {
		p, ok := s.pickedPeriod()
		if !ok {
			return
		}
		s.ask(fmt.Sprintf(lang.X("settings.period.reopen.title", "反结账 %s"), p.Chinese()), []string{lang.X("settings.period.reason", "原因（记入操作日志）")}, nil, func(v []string) {
			s.done(s.u.sess.ReopenPeriod(p, v[0]), fmt.Sprintf(lang.X("settings.period.reopened", "%s 已反结账"), p.Chinese()))
		})
	}))
	carryBtn := onlyIf(acc, widget.NewButton(lang.X("settings.period.carry", "年末结转…"), func() {
		s.ask(lang.X("settings.period.carry.title", "年末结转"), []string{lang.X("settings.period.year", "年度")}, []string{fmt.Sprint(s.u.period.Year())}, func(v []string) {
			var y int
			fmt.Sscan(v[0], &y)
			cv, err := s.u.sess.CarryYearEnd(y)
			s.done(err, fmt.Sprintf(lang.X("settings.period.carried", "已生成年末结转凭证 %s，审核、记账后再结 12 月"), cv.No()))
		})
	}))
	help := widget.NewLabel(lang.X("settings.period.help", "结账按月份顺序进行：该月凭证须全部记账、试算平衡。反结账从最后结账的月份倒着进行，并须写明原因。"))
	help.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHBox(closeBtn, reopenBtn, carryBtn), help), nil, nil, nil, s.periodTable)
}

func (s *settingsScreen) pickedPeriod() (books.Period, bool) {
	if s.periodSel < 0 || s.periodSel >= len(s.periods) {
		showInfo(s.u.win, lang.X("settings.pick", "请先选择"), lang.X("settings.pick.period", "请先在表中点选一个月份"))
		return 0, false
	}
	return s.periods[s.periodSel].Period, true
}

func (s *settingsScreen) loadPeriods() {
	ps := s.u.Periods()
	s.periods = ps
	s.periodSel = -1
	s.periodTable.UnselectAll()
	s.periodTable.Refresh()
	// Months close in order: the first open one is the one to close next,
	// chosen already so 结账 needs no hunting in the table.
	for i, p := range ps {
		if !p.Closed {
			s.periodTable.Select(widget.TableCellID{Row: i, Col: 0})
			s.periodTable.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			break
		}
	}
}

// ---- 会计科目 ----

func (s *settingsScreen) accountsTab() fyne.CanvasObject {
	cols := []column{
		{lang.X("settings.acct.code", "代码"), 100, false},
		{lang.X("settings.acct.name", "名称"), 220, false},
		{lang.X("settings.acct.class", "类别"), 70, false},
		{lang.X("settings.acct.dir", "方向"), 50, false},
		{lang.X("settings.acct.mnemonic", "助记码"), 90, false},
		{lang.X("settings.acct.state", "状态"), 70, false},
		{lang.X("settings.acct.exempt", "付款审批"), 90, false},
	}
	s.acctTable = newDataTable(cols, func() int { return len(s.accounts) }, func(row, col int) (string, bool) {
		a := s.accounts[row]
		switch col {
		case 0:
			return a.Code, false
		case 1:
			return strings.Repeat("　", a.Level-1) + a.Name, false
		case 2:
			return books.ClassName(a.Class), false
		case 3:
			return a.DirectionName(), false
		case 4:
			return a.Mnemonic, false
		case 5:
			if a.Active {
				return lang.X("settings.active", "使用中"), false
			}
			return lang.X("settings.disabled", "已停用"), true
		case 6:
			if a.ApprovalExempt {
				return lang.X("settings.acct.exempt.yes", "免审批"), true
			}
		}
		return "", false
	}, nil)
	s.acctTable.OnSelected = func(id widget.TableCellID) { s.acctSel = id.Row }
	acc := s.u.can(books.RoleAccountant)
	add := onlyIf(acc, widget.NewButton(lang.X("settings.acct.add", "增加下级科目"), func() {
		a, ok := s.pickedAccount()
		if !ok {
			return
		}
		s.ask(fmt.Sprintf(lang.X("settings.acct.add.title", "在 %s 下增加科目"), a.FullName()),
			[]string{lang.X("settings.acct.code", "代码"), lang.X("settings.acct.name", "名称")}, []string{a.Code + "01", ""}, func(v []string) {
				_, err := s.u.sess.AddAccount(a.Code, v[0], v[1])
				s.done(err, fmt.Sprintf(lang.X("settings.acct.added", "已增加科目 %s %s"), v[0], v[1]))
			})
	}))
	rename := onlyIf(acc, widget.NewButton(lang.X("settings.acct.rename", "改名"), func() {
		a, ok := s.pickedAccount()
		if !ok {
			return
		}
		s.ask(fmt.Sprintf(lang.X("settings.acct.rename.title", "科目 %s 改名"), a.Code), []string{lang.X("settings.acct.name", "名称")}, []string{a.Name}, func(v []string) {
			s.done(s.u.sess.RenameAccount(a.Code, v[0]), fmt.Sprintf(lang.X("settings.acct.renamed", "科目 %s 已改名为 %s"), a.Code, v[0]))
		})
	}))
	toggle := onlyIf(acc, widget.NewButton(lang.X("settings.acct.toggle", "停用/启用"), func() {
		a, ok := s.pickedAccount()
		if !ok {
			return
		}
		what := lang.X("settings.acct.enabled", "科目 %s 已启用")
		if a.Active {
			what = lang.X("settings.acct.disabled", "科目 %s 已停用")
		}
		s.done(s.u.sess.SetAccountActive(a.Code, !a.Active), fmt.Sprintf(what, a.FullName()))
	}))
	// Money leaves a compound only through an approved application, except on
	// the expense accounts marked here (bank charges the bank deducts).
	exempt := onlyIf(acc, widget.NewButton(lang.X("settings.acct.exempt.toggle", "免审批/取消"), func() {
		a, ok := s.pickedAccount()
		if !ok {
			return
		}
		if a.ApprovalExempt {
			s.done(s.u.sess.SetApprovalExempt(a.Code, false, ""), fmt.Sprintf(lang.X("settings.acct.exempt.off", "科目 %s 的付款须经审批"), a.FullName()))
			return
		}
		s.ask(fmt.Sprintf(lang.X("settings.acct.exempt.title", "科目 %s 设为免审批"), a.FullName()),
			[]string{lang.X("settings.acct.exempt.reason", "原因（如：银行自动扣收的手续费）")}, []string{""}, func(v []string) {
				s.done(s.u.sess.SetApprovalExempt(a.Code, true, v[0]), fmt.Sprintf(lang.X("settings.acct.exempt.on", "科目 %s 已设为免审批"), a.FullName()))
			})
	}))
	return container.NewBorder(container.NewHBox(add, rename, toggle, exempt), nil, nil, nil, s.acctTable)
}

func (s *settingsScreen) pickedAccount() (books.Account, bool) {
	if s.acctSel < 0 || s.acctSel >= len(s.accounts) {
		showInfo(s.u.win, lang.X("settings.pick", "请先选择"), lang.X("settings.pick.account", "请先在表中点选一个科目"))
		return books.Account{}, false
	}
	return s.accounts[s.acctSel], true
}

func (s *settingsScreen) loadAccounts() {
	as, err := s.u.book.Accounts()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.accounts = as
	s.acctSel = -1
	s.acctTable.UnselectAll()
	s.acctTable.Refresh()
}

// ---- 小区 ----

func (s *settingsScreen) compoundsTab() fyne.CanvasObject {
	s.compList = widget.NewList(func() int { return len(s.compounds) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := s.compounds[id]
			t := c.Name
			if c.Archived {
				t += lang.X("settings.comp.archived", "（已归档）")
			}
			o.(*widget.Label).SetText(t)
		})
	s.compList.OnSelected = func(id widget.ListItemID) { s.compSel = id }
	acc := s.u.can(books.RoleAccountant)
	add := onlyIf(acc, widget.NewButton(lang.X("settings.comp.add", "增加小区"), func() {
		s.ask(lang.X("settings.comp.add", "增加小区"), []string{lang.X("settings.comp.name", "名称")}, nil, func(v []string) {
			_, err := s.u.sess.AddCompound(v[0])
			s.done(err, fmt.Sprintf(lang.X("settings.comp.added", "已增加小区 %s"), v[0]))
		})
	}))
	rename := onlyIf(acc, widget.NewButton(lang.X("settings.comp.rename", "改名"), func() {
		c, ok := s.pickedCompound()
		if !ok {
			return
		}
		s.ask(fmt.Sprintf(lang.X("settings.comp.rename.title", "小区“%s”改名"), c.Name), []string{lang.X("settings.comp.name", "名称")}, []string{c.Name}, func(v []string) {
			s.done(s.u.sess.RenameCompound(c.Name, v[0]), fmt.Sprintf(lang.X("settings.comp.renamed", "小区已改名为 %s"), v[0]))
		})
	}))
	archive := onlyIf(acc, widget.NewButton(lang.X("settings.comp.archive", "归档/恢复"), func() {
		c, ok := s.pickedCompound()
		if !ok {
			return
		}
		s.done(s.u.sess.ArchiveCompound(c.Name, !c.Archived), fmt.Sprintf(lang.X("settings.comp.archived.hint", "小区 %s 已更改"), c.Name))
	}))
	help := widget.NewLabel(lang.X("settings.comp.help", "每行凭证都记到一个小区，各小区的资金分开核算；归档的小区不再出现在凭证录入中，历史数据保留。"))
	help.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHBox(add, rename, archive), help), nil, nil, nil, s.compList)
}

func (s *settingsScreen) pickedCompound() (books.Compound, bool) {
	if s.compSel < 0 || s.compSel >= len(s.compounds) {
		showInfo(s.u.win, lang.X("settings.pick", "请先选择"), lang.X("settings.pick.compound", "请先在列表中点选一个小区"))
		return books.Compound{}, false
	}
	return s.compounds[s.compSel], true
}

func (s *settingsScreen) loadCompounds() {
	cs, err := s.u.book.Compounds(true)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.compounds = cs
	s.compSel = -1
	s.compList.UnselectAll()
	s.compList.Refresh()
}

// ---- 用户与角色 ----

func (s *settingsScreen) usersTab() fyne.CanvasObject {
	s.userList = widget.NewList(func() int { return len(s.users) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			us := s.users[id]
			t := fmt.Sprintf("%s　%s", us.Name, us.Role.Name())
			if !us.Active {
				t += lang.X("settings.user.inactive", "（已停用）")
			}
			if n := s.failures[us.Name]; n > 0 {
				t += fmt.Sprintf(lang.X("settings.user.failures", "　自上次成功登录以来 %d 次登录失败"), n)
			}
			o.(*widget.Label).SetText(t)
		})
	s.userList.OnSelected = func(id widget.ListItemID) { s.userSel = id }
	mgr := s.manager()
	add := onlyIf(mgr, widget.NewButton(lang.X("settings.user.add", "增加用户"), s.addUser))
	pw := widget.NewButton(lang.X("settings.user.password", "修改密码"), func() {
		name := s.u.sess.User().Name
		if us, ok := s.pickedUser(false); ok && mgr {
			name = us.Name
		}
		p := widget.NewPasswordEntry()
		dialog.ShowForm(fmt.Sprintf(lang.X("settings.user.password.title", "修改 %s 的密码"), name), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"),
			[]*widget.FormItem{widget.NewFormItem(lang.X("settings.user.newpassword", "新密码（至少 6 位）"), p)}, func(yes bool) {
				if yes {
					s.done(s.u.sess.SetPassword(name, p.Text), fmt.Sprintf(lang.X("settings.user.password.done", "%s 的密码已修改"), name))
				}
			}, s.u.win)
	})
	toggle := onlyIf(mgr, widget.NewButton(lang.X("settings.user.toggle", "停用/启用"), func() {
		us, ok := s.pickedUser(true)
		if !ok {
			return
		}
		s.done(s.u.sess.SetUserActive(us.Name, !us.Active), fmt.Sprintf(lang.X("settings.user.toggled", "用户 %s 已更改"), us.Name))
	}))
	help := widget.NewLabel(lang.X("settings.user.help", "会计：填制、记账、结账与设置；出纳：填制、审核、记账与付款；业委会：提出支出申请；社区党组织：审核；审计：只读查看一切。"))
	help.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHBox(add, pw, toggle), help), nil, nil, nil, s.userList)
}

func (s *settingsScreen) addUser() {
	name, p := widget.NewEntry(), widget.NewPasswordEntry()
	var roles []books.Role
	var names []string
	for _, r := range books.Roles {
		if (s.u.info.Kind == books.KindStreet) == (r == books.RoleStreet) || r == books.RoleAuditor {
			roles = append(roles, r)
			names = append(names, r.Name())
		}
	}
	role := widget.NewSelect(names, nil)
	role.SetSelectedIndex(0)
	dialog.ShowForm(lang.X("settings.user.add", "增加用户"), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), []*widget.FormItem{
		widget.NewFormItem(lang.X("settings.user.name", "姓名"), name),
		widget.NewFormItem(lang.X("settings.user.role", "角色"), role),
		widget.NewFormItem(lang.X("settings.user.password.initial", "初始密码"), p),
	}, func(yes bool) {
		if yes && role.SelectedIndex() >= 0 {
			_, err := s.u.sess.AddUser(name.Text, roles[role.SelectedIndex()], p.Text)
			s.done(err, fmt.Sprintf(lang.X("settings.user.added", "已增加用户 %s"), name.Text))
		}
	}, s.u.win)
}

func (s *settingsScreen) pickedUser(must bool) (books.User, bool) {
	if s.userSel < 0 || s.userSel >= len(s.users) {
		if must {
			showInfo(s.u.win, lang.X("settings.pick", "请先选择"), lang.X("settings.pick.user", "请先在列表中点选一个用户"))
		}
		return books.User{}, false
	}
	return s.users[s.userSel], true
}

func (s *settingsScreen) loadUsers() {
	us, err := s.u.sess.Users()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.users = us
	s.failures = s.u.book.SignInFailures()
	s.userSel = -1
	s.userList.UnselectAll()
	s.userList.Refresh()
}

// ---- 公示与电话 ----

func (s *settingsScreen) phonesTab() fyne.CanvasObject {
	s.phoneComm, s.phoneStreet, s.noticeDays = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.phonesShown = s.phonesTyped()
	save := onlyIf(s.u.can(books.RoleAccountant), widget.NewButton(lang.X("settings.phones.save", "保存"), func() {
		for _, kv := range [][2]string{{books.SettingPhoneCommunity, s.phoneComm.Text}, {books.SettingPhoneStreet, s.phoneStreet.Text}, {books.SettingNoticeDays, s.noticeDays.Text}} {
			if err := s.u.sess.SetSetting(kv[0], kv[1]); err != nil {
				showError(s.u.win, err)
				return
			}
		}
		s.phonesShown = s.phonesTyped()
		s.done(nil, lang.X("settings.phones.saved", "公示设置已保存"))
	}))
	if !s.u.can(books.RoleAccountant) {
		s.phoneComm.Disable()
		s.phoneStreet.Disable()
		s.noticeDays.Disable()
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("settings.phones.community", "社区监督电话"), s.phoneComm),
		widget.NewFormItem(lang.X("settings.phones.street", "街道监督电话"), s.phoneStreet),
		widget.NewFormItem(lang.X("settings.phones.days", "公示天数"), s.noticeDays),
	)
	help := widget.NewLabel(lang.X("settings.phones.help", "这些内容印在每月的财务公开公示上。"))
	return container.NewVBox(form, container.NewHBox(save), help, widget.NewSeparator(), languagePicker(s.u))
}

func (s *settingsScreen) loadPhones() {
	// Typing not yet saved stays on the fields when the tab is shown again.
	if s.phonesTyped() != s.phonesShown {
		return
	}
	b := s.u.book
	s.phoneComm.SetText(b.Setting(books.SettingPhoneCommunity, ""))
	s.phoneStreet.SetText(b.Setting(books.SettingPhoneStreet, ""))
	s.noticeDays.SetText(b.Setting(books.SettingNoticeDays, fmt.Sprint(books.DefaultNoticeDays)))
	s.phonesShown = s.phonesTyped()
}

// phonesTyped is what the 公示与电话 fields say now.
func (s *settingsScreen) phonesTyped() string {
	return s.phoneComm.Text + "\x00" + s.phoneStreet.Text + "\x00" + s.noticeDays.Text
}

// unsavedWork names 公示与电话 when its fields hold typing not saved.
func (s *settingsScreen) unsavedWork() []string {
	if s.phonesTyped() != s.phonesShown {
		return []string{lang.X("unsaved.form.phones", "公示与电话")}
	}
	return nil
}

// ---- 备份与恢复 ----

func (s *settingsScreen) backupsTab() fyne.CanvasObject {
	s.snapList = widget.NewList(func() int { return len(s.snaps) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			sn := s.snaps[id]
			text := fmt.Sprintf("%s　%s　%d KB", sn.Time.Format("2006-01-02 15:04:05"), sn.Name, sn.Size/1024)
			if !sn.Restorable {
				text += lang.X("settings.backup.broken", "　（文件不完整，不能恢复）")
			}
			o.(*widget.Label).SetText(text)
		})
	s.snapList.OnSelected = func(id widget.ListItemID) { s.snapSel = id }
	maker := s.u.can(books.RoleAccountant, books.RoleCashier)
	backup := onlyIf(maker, widget.NewButton(lang.X("settings.backup.make", "立即备份"), s.backup))
	restore := onlyIf(s.u.can(books.RoleAccountant), widget.NewButton(lang.X("settings.backup.restore", "从所选备份恢复…"), s.restore))
	help := widget.NewLabel(fmt.Sprintf(lang.X("settings.backup.help", "备份保存在 %s，保留最近 30 份；结账、迁移前也会自动备份。恢复前会先备份当前账簿，可以撤销。"), s.u.book.BackupDir()))
	help.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHBox(backup, restore), help), nil, nil, nil, s.snapList)
}

func (s *settingsScreen) backup() {
	sess := s.u.sess
	s.u.runLong(lang.X("settings.backup.make", "立即备份"), func(ctx context.Context, _ progressFunc) (any, error) {
		return sess.Backup()
	}, func(v any, err error) {
		if err == nil {
			s.done(nil, fmt.Sprintf(lang.X("settings.backup.done", "已备份到 %s"), v))
		} else {
			showError(s.u.win, err)
		}
	})
}

// restore closes the book, replaces it with the chosen backup and asks the
// person to sign in again: the restored book may have other users.
func (s *settingsScreen) restore() {
	if s.snapSel < 0 || s.snapSel >= len(s.snaps) {
		showInfo(s.u.win, lang.X("settings.pick", "请先选择"), lang.X("settings.pick.backup", "请先在列表中点选一份备份"))
		return
	}
	sn := s.snaps[s.snapSel]
	askConfirm(s.u.win, lang.X("settings.backup.restore", "从所选备份恢复…"),
		fmt.Sprintf(lang.X("settings.backup.restore.ask", "用 %s 替换当前账簿？当前账簿会先备份。"), sn.Name),
		lang.X("settings.backup.restore.ok", "恢复"), func() {
			u := s.u
			sess, path := u.sess, u.book.Path()
			// The session closes the book for the restore; the screens let go
			// of it first.
			u.book, u.sess, u.screens, u.current = nil, nil, nil, -1
			u.win.SetMainMenu(nil)
			u.runLongWith(lang.X("settings.backup.restoring", "正在恢复"), false, func(ctx context.Context, _ progressFunc) (any, error) {
				return sess.Restore(ctx, sn.Path)
			}, func(_ any, err error) {
				sess.Book().Close() // already closed unless refused before closing
				if oerr := u.openBook(path); oerr != nil {
					u.showStart(errorText(oerr))
					return
				}
				if err != nil {
					u.showLogin(errorText(err))
					return
				}
				u.showLogin(fmt.Sprintf(lang.X("settings.backup.restored", "已从 %s 恢复账簿，请重新登录。"), sn.Name))
			})
		})
}

func (s *settingsScreen) loadSnapshots() {
	sn, err := s.u.book.Snapshots()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.snaps = sn
	s.snapSel = -1
	s.snapList.UnselectAll()
	s.snapList.Refresh()
}

// ---- 操作日志 ----

func (s *settingsScreen) logTab() fyne.CanvasObject {
	s.logText = widget.NewEntry()
	s.logText.SetPlaceHolder(lang.X("settings.log.search", "查找：操作、用户、凭证号……"))
	s.logText.OnSubmitted = func(string) { s.loadLog() }
	s.log = newPager(200, func(off, lim int) ([]books.LogEntry, error) {
		return s.u.sess.Log(books.LogFilter{Text: s.logText.Text, Offset: off, Limit: lim})
	}, func(err error) { showError(s.u.win, err) })
	cols := []column{
		{lang.X("settings.log.id", "序号"), 60, true},
		{lang.X("settings.log.at", "时间"), 150, false},
		{lang.X("settings.log.user", "用户"), 80, false},
		{lang.X("settings.log.role", "角色"), 90, false},
		{lang.X("settings.log.action", "操作"), 130, false},
		{lang.X("settings.log.entity", "对象"), 150, false},
		{lang.X("settings.log.before", "修改前"), 260, false},
		{lang.X("settings.log.after", "修改后"), 260, false},
	}
	s.logTable = newDataTable(cols, func() int { return s.log.total }, func(row, col int) (string, bool) {
		e, ok := s.log.row(row)
		if !ok {
			return "", false
		}
		return []string{fmt.Sprint(e.ID), e.At, e.User, e.Role, logActionName(e.Action), e.EntityID,
			books.DescribeLogJSON(e.Before), books.DescribeLogJSON(e.After)}[col], false
	}, func(row int) {
		if e, ok := s.log.row(row); ok {
			showInfo(s.u.win, fmt.Sprintf(lang.X("settings.log.entry", "日志 %d"), e.ID),
				fmt.Sprintf("%s　%s（%s）　%s（%s）%s\n\n%s\n%s\n\n%s\n%s\n\n%s\n%s\n%s\n\nhash %s", e.At, e.User, e.Role, logActionName(e.Action), e.Action, e.EntityID,
					lang.X("settings.log.before", "修改前"), books.DescribeLogJSON(e.Before), lang.X("settings.log.after", "修改后"), books.DescribeLogJSON(e.After),
					lang.X("settings.log.raw", "原文（存入账簿的记录）"), e.Before, e.After, e.Hash))
		}
	})
	s.verifyOut = widget.NewLabel("")
	s.verifyOut.Wrapping = fyne.TextWrapWord
	verify := widget.NewButton(lang.X("settings.log.verify", "校验账簿"), s.verify)
	export := widget.NewButton(lang.X("settings.log.export", "导出…"), s.exportLogDialog)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewButton(lang.X("settings.log.find", "查找"), s.loadLog), export, verify), s.logText)
	// An anchor copied from a posted notice or the paper ledger is checked
	// with the rest when 校验账簿 runs.
	s.anchorIn = widget.NewEntry()
	s.anchorIn.SetPlaceHolder(lang.X("settings.log.anchor.hint", "可不填；如 128:3F2A-09C1-77DE-B450，校验账簿时一并核对"))
	s.anchorIn.OnSubmitted = func(string) { s.verify() }
	anchor := container.NewBorder(nil, nil, widget.NewLabel(lang.X("settings.log.anchor", "记下的日志锚点")), nil, s.anchorIn)
	return container.NewBorder(container.NewVBox(bar, anchor, s.verifyOut), nil, nil, nil, s.logTable)
}

// exportLogDialog asks where to write the whole log as .xlsx.
func (s *settingsScreen) exportLogDialog() {
	s.u.saveFileDialog(lang.X("settings.log.file", "操作日志")+".xlsx", func(path string) { s.exportLog(path, nil) })
}

// exportLog writes every log entry, with its number and chain hash, as
// .xlsx off the UI goroutine; done (tests) is called with the result after
// the person is told.
func (s *settingsScreen) exportLog(path string, done func(error)) {
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		path += ".xlsx"
	}
	sess := s.u.sess
	s.u.runLong(lang.X("settings.log.export", "导出…"), func(ctx context.Context, _ progressFunc) (any, error) {
		entries, err := sess.LogEntries("", "")
		if err != nil {
			return nil, err
		}
		return len(entries), books.LogTable(entries).WriteXLSX(path)
	}, func(n any, err error) {
		if err != nil {
			showError(s.u.win, err)
		} else {
			s.u.setHint(fmt.Sprintf(lang.X("settings.log.exported", "已导出操作日志 %d 条到 %s（每条带序号和链哈希）"), n, path))
		}
		if done != nil {
			done(err)
		}
	})
}

// verifyResult is what the background verify found.
type verifyResult struct {
	problems []string
	checked  string // the anchor checked and found matching, or ""
	head     books.LogAnchor
}

func (s *settingsScreen) loadLog() {
	s.log.resetOpen()
	s.logTable.Refresh()
}

// verify checks the whole book off the UI goroutine and says plainly what it
// found.
func (s *settingsScreen) verify() {
	b := s.u.book
	var seq int64
	var code string
	if text := strings.TrimSpace(s.anchorIn.Text); text != "" {
		var err error
		if seq, code, err = books.ParseAnchor(text); err != nil {
			s.verifyOut.Importance = widget.DangerImportance
			s.verifyOut.SetText(books.ErrorMessage(err))
			return
		}
	}
	s.u.runLong(lang.X("settings.log.verify", "校验账簿"), func(ctx context.Context, _ progressFunc) (any, error) {
		var r verifyResult
		var err error
		if r.problems, err = b.Verify(ctx); err != nil {
			return nil, err
		}
		if seq > 0 {
			err := b.VerifyAnchor(seq, code)
			switch books.ErrorCode(err) {
			case "":
				r.checked = books.LogAnchor{Seq: seq, Hash: code}.Code()
			case books.Tampered:
				r.problems = append(r.problems, books.ErrorMessage(err))
			default:
				return nil, err
			}
		}
		r.head, err = b.LogAnchor()
		return r, err
	}, func(v any, err error) {
		if err != nil {
			showError(s.u.win, err)
			return
		}
		r, _ := v.(verifyResult)
		if len(r.problems) == 0 {
			text := lang.X("settings.log.verify.ok", "校验通过：数据库完整，操作日志链条无断裂，已记账凭证借贷平衡且未被改动，余额与明细一致。")
			if r.checked != "" {
				text += "\n" + fmt.Sprintf(lang.X("settings.log.anchor.ok", "日志锚点相符：日志第 %d 条 · %s"), seq, r.checked)
			}
			if !r.head.IsZero() {
				text += "\n" + fmt.Sprintf(lang.X("settings.log.anchor.head", "当前日志锚点（可抄入纸质账簿）：日志第 %d 条 · %s"), r.head.Seq, r.head.Code())
			}
			s.verifyOut.Importance = widget.SuccessImportance
			s.verifyOut.SetText(text)
			return
		}
		s.verifyOut.Importance = widget.DangerImportance
		s.verifyOut.SetText(fmt.Sprintf(lang.X("settings.log.verify.bad", "校验发现 %d 个问题：\n%s"), len(r.problems), strings.Join(r.problems, "\n")))
	})
}
