package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

func init() {
	registerScreen(screenDef{id: "income", order: 50, title: func() string { return lang.X("screen.income", "收入") },
		kinds: []string{books.KindCommunity},
		build: func(a *App) Screen { return newIncomeScreen(a) }})
}

// incomeScreen is 收入: the service rooms register with its figures, leases
// (base rent plus a share of turnover), turnover declarations, billing and
// receipts with arrears, other income, and the quarterly deposits into the
// street special account.
type incomeScreen struct {
	u    *App
	tabs *container.AppTabs

	compoundIDs []int64
	compounds   []string

	// 社服用房
	roomFilter *widget.Select
	rooms      []income.Room
	roomTable  *widget.Table
	roomSel    int
	figures    *widget.Label
	figWarn    *widget.Label
	rLocation  *widget.Entry
	rCompound  *widget.Select
	rArea      *widget.Entry
	rTitle     *widget.Select
	rRecovery  *widget.Select
	rUse       *widget.Select
	rTenant    *widget.Entry
	rNote      *widget.Entry
	rSaveBtn   *widget.Button

	// 租约
	leases     []income.Lease
	leaseTable *widget.Table
	// leaseHint says what 终止租约 does, or why a picked lease has ended.
	leaseHint  *widget.Label
	lRoom      *widget.Select
	lRoomIDs   []int64
	lTenant    *widget.Entry
	lStart     *widget.Entry
	lEnd       *widget.Entry
	lCycle     *widget.Select
	lRent      *widget.Entry
	lRate      *widget.Entry
	lThreshold *widget.Entry
	// 终止租约: the lease picked in the table and the form's entries, kept
	// while the form is open.
	leaseSel     int
	terminateBtn *widget.Button
	endDate      *widget.Entry
	endReason    *widget.Entry

	// 营业额与分成
	tLease     *widget.Select
	tYear      *widget.Entry
	tAmount    *widget.Entry
	tShare     *widget.Label
	turnovers  []income.Turnover
	turnTable  *widget.Table
	leaseNames []string

	// 应收与收款
	bills      []income.Bill
	billTable  *widget.Table
	arrears    []income.Arrears
	arrTable   *widget.Table
	cLease     *widget.Select
	cDate      *widget.Entry
	cAmount    *widget.Entry
	billPeriod *widget.Label

	// 其他收入
	items     []income.IncomeEntry
	itemTable *widget.Table
	iDate     *widget.Entry
	iCompound *widget.Select
	iCategory *widget.Select
	iPayer    *widget.Entry
	iMemo     *widget.Entry
	iAmount   *widget.Entry
	itemsHead *widget.Label

	// 季度缴存
	quarter   *widget.Select
	quarters  []income.Quarter
	plans     []income.DepositPlan
	planTable *widget.Table
	deposits  []income.Deposit
	depTable  *widget.Table

	content fyne.CanvasObject
}

func newIncomeScreen(u *App) *incomeScreen {
	s := &incomeScreen{u: u, roomSel: -1, leaseSel: -1}
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("income.rooms", "社服用房"), s.roomsTab()),
		container.NewTabItem(lang.X("income.leases", "租约"), s.leasesTab()),
		container.NewTabItem(lang.X("income.turnover", "营业额与分成"), s.turnoverTab()),
		container.NewTabItem(lang.X("income.bills", "应收、收款与欠款"), s.billsTab()),
		container.NewTabItem(lang.X("income.other", "其他收入"), s.otherTab()),
		container.NewTabItem(lang.X("income.deposits", "季度缴存"), s.depositsTab()),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.Reload() }
	s.content = s.tabs
	return s
}

// Content is the screen's widget tree.
func (s *incomeScreen) Content() fyne.CanvasObject { return s.content }

// Reload reads what the shown tab lists.
func (s *incomeScreen) Reload() {
	s.loadCompounds()
	switch s.tabs.SelectedIndex() {
	case 0:
		s.loadRooms()
	case 1:
		s.loadLeases()
	case 2:
		s.loadTurnovers()
	case 3:
		s.loadBills()
	case 4:
		s.loadItems()
	case 5:
		s.loadDeposits()
	}
}

func (s *incomeScreen) accountant() bool { return s.u.can(books.RoleAccountant) }

// done reports a change.
func (s *incomeScreen) done(err error, hint string) bool {
	if err != nil {
		showError(s.u.win, err)
		return false
	}
	s.u.setHint(hint)
	s.u.changed()
	s.Reload()
	return true
}

func (s *incomeScreen) loadCompounds() {
	cs, err := s.u.book.Compounds(false)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.compoundIDs, s.compounds = nil, nil
	for _, c := range cs {
		s.compoundIDs = append(s.compoundIDs, c.ID)
		s.compounds = append(s.compounds, c.Name)
	}
	s.rCompound.Options = s.compounds
	s.iCompound.Options = s.compounds
	all := append([]string{lang.X("income.allcompounds", "全部小区")}, s.compounds...)
	s.roomFilter.Options = all
	if s.roomFilter.SelectedIndex() < 0 {
		s.roomFilter.Selected = all[0] // quietly: the tab loads next
	}
	s.roomFilter.Refresh()
}

// form lays out labelled fields in two columns, as paper registers do.
func form2(items ...*widget.FormItem) fyne.CanvasObject {
	half := (len(items) + 1) / 2
	return container.NewGridWithColumns(2, widget.NewForm(items[:half]...), widget.NewForm(items[half:]...))
}

// ---- 社服用房 ----

var (
	roomTitles     = []string{income.TitleClear, income.TitleDisputed, income.TitleConfirmed}
	roomRecoveries = []string{income.RecoveryDone, income.RecoveryPending}
	roomUses       = []string{income.UseVacant, income.UseService, income.UseRented}
)

func (s *incomeScreen) roomsTab() fyne.CanvasObject {
	s.roomFilter = newChoice(nil, func(string) { s.loadRooms() })
	s.figures = widget.NewLabel("")
	s.figures.Wrapping = fyne.TextWrapWord
	s.figures.TextStyle = fyne.TextStyle{Bold: true}
	s.figWarn = widget.NewLabel("")
	s.figWarn.Importance = widget.DangerImportance
	s.figWarn.Wrapping = fyne.TextWrapWord
	s.roomTable = newDataTable([]column{
		{lang.X("income.room.compound", "小区"), 100, false},
		{lang.X("income.room.location", "位置"), 180, false},
		{lang.X("income.room.area", "面积（㎡）"), 90, true},
		{lang.X("income.room.title", "权属"), 70, false},
		{lang.X("income.room.recovery", "回收"), 70, false},
		{lang.X("income.room.use", "用途"), 80, false},
		{lang.X("income.room.tenant", "承租人"), 130, false},
		{lang.X("income.room.note", "备注"), 180, false},
	}, func() int { return len(s.rooms) }, func(row, col int) (string, bool) {
		r := s.rooms[row]
		switch col {
		case 0:
			return r.CompoundName, false
		case 1:
			return r.Location, false
		case 2:
			return r.Area.StringFixed(2), false
		case 3:
			return r.Title, r.Title == income.TitleDisputed
		case 4:
			return r.Recovery, r.Recovery == income.RecoveryPending
		case 5:
			return r.Use, false
		case 6:
			return r.Tenant, false
		case 7:
			return r.Note, false
		}
		return "", false
	}, nil)
	s.roomTable.OnSelected = func(id widget.TableCellID) { s.pickRoom(id.Row) }

	s.rLocation = widget.NewEntry()
	s.rLocation.SetPlaceHolder(lang.X("income.room.location.ph", "例如：3号楼一层东侧"))
	s.rCompound = newChoice(nil, nil)
	s.rArea = widget.NewEntry()
	s.rArea.SetPlaceHolder("120.50")
	s.rTitle = newChoice(roomTitles, nil)
	s.rRecovery = newChoice(roomRecoveries, nil)
	s.rUse = newChoice(roomUses, nil)
	s.rTenant = widget.NewEntry()
	s.rNote = widget.NewEntry()
	s.clearRoom()
	addBtn := widget.NewButton(lang.X("income.room.add", "登记用房"), s.addRoom)
	addBtn.Importance = widget.HighImportance
	s.rSaveBtn = widget.NewButton(lang.X("income.room.save", "保存修改"), s.saveRoom)
	clearBtn := widget.NewButton(lang.X("income.room.clear", "清空"), s.clearRoom)
	form := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.room.form", "登记或修改用房（选中表中一行可修改）")),
		form2(
			widget.NewFormItem(lang.X("income.room.location", "位置"), s.rLocation),
			widget.NewFormItem(lang.X("income.room.compound", "小区"), s.rCompound),
			widget.NewFormItem(lang.X("income.room.area", "面积（㎡）"), s.rArea),
			widget.NewFormItem(lang.X("income.room.title", "权属"), s.rTitle),
			widget.NewFormItem(lang.X("income.room.recovery", "回收"), s.rRecovery),
			widget.NewFormItem(lang.X("income.room.use", "用途"), s.rUse),
			widget.NewFormItem(lang.X("income.room.tenant", "承租人"), s.rTenant),
			widget.NewFormItem(lang.X("income.room.note", "备注"), s.rNote),
		), container.NewHBox(addBtn, s.rSaveBtn, clearBtn))
	form.Hidden = !s.accountant()
	top := container.NewVBox(container.NewHBox(widget.NewLabel(lang.X("income.room.filter", "小区：")),
		// The options arrive after the select is made: room for 全部小区
		// and a long compound name.
		container.NewGridWrap(fyne.NewSize(180, s.roomFilter.MinSize().Height), s.roomFilter)), s.figures, s.figWarn)
	return container.NewBorder(top, form, nil, nil, s.roomTable)
}

func (s *incomeScreen) loadRooms() {
	var id int64
	if i := s.roomFilter.SelectedIndex(); i > 0 && i <= len(s.compoundIDs) {
		id = s.compoundIDs[i-1]
	}
	rs, err := income.Rooms(s.u.book, id)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.rooms = rs
	s.roomSel = -1
	s.roomTable.UnselectAll()
	s.roomTable.Refresh()
	f, err := income.RoomFiguresFor(s.u.book, id)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.figures.SetText(fmt.Sprintf(lang.X("income.room.figures",
		"共 %d 处 %s ㎡；已回收 %d 处 %s ㎡，待回收 %d 处 %s ㎡（权属有争议 %d 处）\n出租 %d 处 %s ㎡　便民服务 %d 处 %s ㎡　空置 %d 处 %s ㎡\n空置率 %s%%（空置面积 / 已回收面积）　便民服务占比 %s%%（政策要求约 %s%%）"),
		f.Rooms, f.Area.StringFixed(2), f.Recovered, f.RecoveredArea.StringFixed(2), f.Pending, f.PendingArea.StringFixed(2), f.Disputed,
		f.Rented, f.RentedArea.StringFixed(2), f.Service, f.ServiceArea.StringFixed(2), f.Vacant, f.VacantArea.StringFixed(2),
		f.VacancyRate.StringFixed(2), f.ServiceShare.StringFixed(2), income.PublicServiceTarget.String()))
	if f.Warning != "" {
		s.figWarn.SetText("⚠ " + f.Warning)
	} else {
		s.figWarn.SetText("")
	}
}

func (s *incomeScreen) clearRoom() {
	s.roomSel = -1
	for _, e := range []*widget.Entry{s.rLocation, s.rArea, s.rTenant, s.rNote} {
		e.SetText("")
	}
	s.rTitle.SetSelected(income.TitleClear)
	s.rRecovery.SetSelected(income.RecoveryDone)
	s.rUse.SetSelected(income.UseVacant)
	if len(s.rCompound.Options) == 1 {
		s.rCompound.SetSelectedIndex(0)
	}
	if s.rSaveBtn != nil {
		s.rSaveBtn.Disable()
	}
}

func (s *incomeScreen) pickRoom(row int) {
	if row < 0 || row >= len(s.rooms) {
		return
	}
	r := s.rooms[row]
	s.roomSel = row
	s.rLocation.SetText(r.Location)
	s.rCompound.SetSelected(r.CompoundName)
	s.rArea.SetText(r.Area.StringFixed(2))
	s.rTitle.SetSelected(r.Title)
	s.rRecovery.SetSelected(r.Recovery)
	s.rUse.SetSelected(r.Use)
	s.rTenant.SetText(r.Tenant)
	s.rNote.SetText(r.Note)
	s.rSaveBtn.Enable()
}

func (s *incomeScreen) roomInput() (income.Room, error) {
	area, err := income.ParseArea(s.rArea.Text)
	if err != nil {
		return income.Room{}, err
	}
	if s.rCompound.Selected == "" {
		return income.Room{}, books.Errorf(books.Invalid, "请选择用房所在的小区")
	}
	return income.Room{Location: s.rLocation.Text, CompoundName: s.rCompound.Selected, Area: area, Title: s.rTitle.Selected,
		Recovery: s.rRecovery.Selected, Use: s.rUse.Selected, Tenant: s.rTenant.Text, Note: s.rNote.Text}, nil
}

func (s *incomeScreen) addRoom() {
	r, err := s.roomInput()
	if err == nil {
		r, err = income.AddRoom(s.u.sess, r)
	}
	if s.done(err, fmt.Sprintf(lang.X("income.room.added", "已登记用房：%s %s"), r.CompoundName, r.Location)) {
		s.clearRoom()
	}
}

func (s *incomeScreen) saveRoom() {
	if s.roomSel < 0 || s.roomSel >= len(s.rooms) {
		return
	}
	r, err := s.roomInput()
	if err == nil {
		r.ID = s.rooms[s.roomSel].ID
		r, err = income.UpdateRoom(s.u.sess, r)
	}
	if s.done(err, fmt.Sprintf(lang.X("income.room.saved", "已修改用房：%s %s"), r.CompoundName, r.Location)) {
		s.clearRoom()
	}
}

// ---- 租约 ----

// currentRent is the base rent step in force today (or the first one).
func currentRent(l income.Lease) books.Money {
	if len(l.Rent) == 0 {
		return books.FromFen(0)
	}
	m := l.Rent[0].Amount
	today := todayDate()
	for _, r := range l.Rent {
		if r.From <= today {
			m = r.Amount
		}
	}
	return m
}

func (s *incomeScreen) leasesTab() fyne.CanvasObject {
	s.leaseTable = newDataTable([]column{
		{lang.X("income.lease.no", "租约"), 70, false},
		{lang.X("income.lease.status", "状态"), 140, false},
		{lang.X("income.lease.tenant", "承租人"), 120, false},
		{lang.X("income.lease.room", "用房"), 120, false},
		{lang.X("income.lease.compound", "小区"), 90, false},
		{lang.X("income.lease.term", "租期"), 190, false},
		{lang.X("income.lease.cycle", "周期"), 50, false},
		{lang.X("income.lease.rent", "保底租金"), 100, true},
		{lang.X("income.lease.share", "分成"), 230, false},
	}, func() int { return len(s.leases) }, func(row, col int) (string, bool) {
		l := s.leases[row]
		switch col {
		case 0:
			return l.No(), false
		case 1:
			return leaseStatus(l), l.TerminatedOn != ""
		case 2:
			return l.Tenant, false
		case 3:
			return l.RoomLocation, false
		case 4:
			return l.CompoundName, false
		case 5:
			return l.Start + " 至 " + l.End, l.End < todayDate()
		case 6:
			return income.CycleName(l.Cycle), false
		case 7:
			return books.FormatYuan(currentRent(l)), false
		case 8:
			if l.ShareRate.IsZero() {
				return lang.X("income.lease.noshare", "无"), false
			}
			return fmt.Sprintf(lang.X("income.lease.sharefmt", "%s%%（超过 %s 元的部分）"), l.ShareRate.String(), books.FormatYuan(l.Threshold)), false
		}
		return "", false
	}, nil)
	s.leaseTable.OnSelected = func(id widget.TableCellID) { s.pickLease(id.Row) }
	s.lRoom = newChoice(nil, nil)
	s.lTenant = widget.NewEntry()
	s.lStart = widget.NewEntry()
	s.lStart.SetPlaceHolder("2026-01-01")
	s.lEnd = widget.NewEntry()
	s.lEnd.SetPlaceHolder("2028-12-31")
	s.lCycle = newChoice([]string{income.CycleName(income.CycleMonthly), income.CycleName(income.CycleQuarterly)}, nil)
	s.lCycle.SetSelectedIndex(0)
	s.lRent = widget.NewEntry()
	s.lRent.SetPlaceHolder(lang.X("income.lease.rent.ph", "3000，或分档：2026-01-01:3000；2027-01-01:3200"))
	s.lRate = widget.NewEntry()
	s.lRate.SetPlaceHolder("5")
	s.lThreshold = widget.NewEntry()
	s.lThreshold.SetPlaceHolder("500000")
	addBtn := widget.NewButton(lang.X("income.lease.add", "登记租约"), s.addLease)
	addBtn.Importance = widget.HighImportance
	s.terminateBtn = widget.NewButton(lang.X("income.lease.terminate", "终止租约…"), s.askTerminate)
	s.terminateBtn.Importance = widget.DangerImportance
	s.terminateBtn.Disable()
	s.terminateBtn.Hidden = !s.accountant()
	s.leaseHint = widget.NewLabel(lang.X("income.lease.terminate.hint", "选中表中一份租约可提前终止"))
	top := container.NewHBox(s.terminateBtn, s.leaseHint)
	top.Hidden = !s.accountant()
	form := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.lease.form", "登记租约（保底租金 + 收益分成）")),
		form2(
			widget.NewFormItem(lang.X("income.lease.room", "用房"), s.lRoom),
			widget.NewFormItem(lang.X("income.lease.tenant", "承租人"), s.lTenant),
			widget.NewFormItem(lang.X("income.lease.start", "开始日期"), s.lStart),
			widget.NewFormItem(lang.X("income.lease.end", "结束日期"), s.lEnd),
			widget.NewFormItem(lang.X("income.lease.cycle.f", "交租周期"), s.lCycle),
			widget.NewFormItem(lang.X("income.lease.rent.f", "每期保底租金（元）"), s.lRent),
			widget.NewFormItem(lang.X("income.lease.rate", "分成比例（%）"), s.lRate),
			widget.NewFormItem(lang.X("income.lease.threshold", "分成门槛：年营业额（元）"), s.lThreshold),
		), container.NewHBox(addBtn))
	form.Hidden = !s.accountant()
	return container.NewBorder(top, form, nil, nil, s.leaseTable)
}

// leaseStatus is the 状态 cell: a terminated lease names its last day and why.
func leaseStatus(l income.Lease) string {
	if l.TerminatedOn != "" {
		return fmt.Sprintf(lang.X("income.lease.terminated.short", "已终止 %s"), l.TerminatedOn)
	}
	switch l.StatusOn(todayDate()) {
	case income.LeaseNotStarted:
		return lang.X("income.lease.notstarted", "未开始")
	case income.LeaseExpired:
		return lang.X("income.lease.expired", "已到期")
	}
	return lang.X("income.lease.active", "履行中")
}

// pickLease offers 终止租约 for a lease still running.
func (s *incomeScreen) pickLease(row int) {
	if row < 0 || row >= len(s.leases) {
		s.leaseSel = -1
		s.leaseHint.SetText(lang.X("income.lease.terminate.hint", "选中表中一份租约可提前终止"))
		s.terminateBtn.Disable()
		return
	}
	s.leaseSel = row
	if l := s.leases[row]; l.TerminatedOn != "" {
		// The table shows the date; the reason is read here.
		s.leaseHint.SetText(fmt.Sprintf(lang.X("income.lease.terminated", "%s 已终止：%s 止（%s）"), l.No(), l.TerminatedOn, l.TerminationReason))
		s.terminateBtn.Disable()
		return
	}
	s.leaseHint.SetText(lang.X("income.lease.terminate.hint", "选中表中一份租约可提前终止"))
	s.terminateBtn.Enable()
}

// askTerminate asks for the last day and the reason, then for a
// confirmation: ending a lease cannot be undone.
func (s *incomeScreen) askTerminate() {
	if s.leaseSel < 0 || s.leaseSel >= len(s.leases) {
		showError(s.u.win, books.Errorf(books.Invalid, "请先在表中选中要终止的租约"))
		return
	}
	l := s.leases[s.leaseSel]
	s.endDate = widget.NewEntry()
	s.endDate.SetText(todayDate())
	s.endReason = widget.NewEntry()
	s.endReason.SetPlaceHolder(lang.X("income.lease.reason.ph", "例如：承租人经营困难，双方协商提前解约"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("income.lease.enddate", "终止日期（最后一天）"), s.endDate),
		widget.NewFormItem(lang.X("income.lease.reason", "终止原因"), s.endReason),
	}
	title := fmt.Sprintf(lang.X("income.lease.terminate.title", "终止租约 %s：%s"), l.No(), l.Tenant)
	d := dialog.NewForm(title, lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		date, reason := strings.TrimSpace(s.endDate.Text), strings.TrimSpace(s.endReason.Text)
		msg := fmt.Sprintf(lang.X("income.lease.terminate.confirm",
			"确定终止租约 %s（%s，%s %s）？\n租期将止于 %s（原定至 %s），此后不再开具租金；最后一期按天折算，已开具的超出部分生成红字冲减凭证。终止后不能撤销。"),
			l.No(), l.Tenant, l.CompoundName, l.RoomLocation, date, l.End)
		askConfirm(s.u.win, lang.X("income.lease.terminate.ask", "终止租约"), msg, lang.X("income.lease.terminate.ok", "确认终止"), func() {
			s.terminate(l, date, reason)
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

func (s *incomeScreen) terminate(l income.Lease, date, reason string) {
	t, err := income.TerminateLease(s.u.sess, l.Number, date, reason)
	hint := fmt.Sprintf(lang.X("income.lease.terminated.hint", "已终止租约 %s：租期止于 %s，最后一期租金 %s 元"), l.No(), date, books.FormatYuan(t.LastCycle.Amount))
	if t.VoucherNo != "" {
		hint += fmt.Sprintf(lang.X("income.lease.credit.hint", "；超出部分 %s 元由红字凭证 %s（草稿）冲减"), books.FormatYuan(t.Credit), t.VoucherNo)
	}
	s.done(err, hint)
}

func (s *incomeScreen) loadLeases() {
	ls, err := income.Leases(s.u.book)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.leases = ls
	s.leaseTable.UnselectAll()
	s.pickLease(-1)
	s.leaseTable.Refresh()
	rooms, err := income.Rooms(s.u.book, 0)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.lRoomIDs = nil
	var names []string
	for _, r := range rooms {
		if r.Recovery != income.RecoveryDone || r.Use == income.UseService {
			continue
		}
		s.lRoomIDs = append(s.lRoomIDs, r.ID)
		name := fmt.Sprintf("%s %s（%s ㎡，%s）", r.CompoundName, r.Location, r.Area.StringFixed(2), r.Use)
		names = append(names, name)
	}
	s.lRoom.Options = names
	s.lRoom.ClearSelected()
}

// parseRent reads "3000" or a schedule "2026-01-01:3000；2027-01-01:3200".
func parseRent(s, start string) ([]income.RentStep, error) {
	s = strings.NewReplacer("；", ";", "，", ";", ",", ";", "：", ":").Replace(strings.TrimSpace(s))
	if s == "" {
		return nil, books.Errorf(books.Invalid, "请填写保底租金")
	}
	var out []income.RentStep
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, amount := start, part
		if f, a, ok := strings.Cut(part, ":"); ok {
			from, amount = strings.TrimSpace(f), a
		}
		m, err := parseAmount(lang.X("income.lease.rent.f", "每期保底租金（元）"), amount)
		if err != nil {
			return nil, err
		}
		out = append(out, income.RentStep{From: from, Amount: m})
	}
	return out, nil
}

func (s *incomeScreen) addLease() {
	i := s.lRoom.SelectedIndex()
	if i < 0 {
		showError(s.u.win, books.Errorf(books.Invalid, "请选择出租的用房（已回收、未用于便民服务的用房）"))
		return
	}
	l := income.Lease{RoomID: s.lRoomIDs[i], Tenant: s.lTenant.Text, Start: strings.TrimSpace(s.lStart.Text), End: strings.TrimSpace(s.lEnd.Text),
		Cycle: []string{income.CycleMonthly, income.CycleQuarterly}[max(s.lCycle.SelectedIndex(), 0)]}
	var err error
	if l.Rent, err = parseRent(s.lRent.Text, l.Start); err != nil {
		showError(s.u.win, err)
		return
	}
	if t := strings.TrimSpace(s.lRate.Text); t != "" {
		if l.ShareRate, err = income.ParseRate(t); err != nil {
			showError(s.u.win, err)
			return
		}
	}
	l.Threshold = books.FromFen(0)
	if t := strings.TrimSpace(s.lThreshold.Text); t != "" {
		if l.Threshold, err = parseAmount(lang.X("income.lease.threshold", "分成门槛：年营业额（元）"), t); err != nil {
			showError(s.u.win, err)
			return
		}
	}
	l, err = income.AddLease(s.u.sess, l)
	if s.done(err, fmt.Sprintf(lang.X("income.lease.added", "已登记租约 %s：%s 承租 %s"), l.No(), l.Tenant, l.RoomLocation)) {
		for _, e := range []*widget.Entry{s.lTenant, s.lStart, s.lEnd, s.lRent, s.lRate, s.lThreshold} {
			e.SetText("")
		}
	}
}

// leaseChoices fills a lease picker with every lease.
func (s *incomeScreen) leaseChoices(sel *widget.Select) {
	ls, err := income.Leases(s.u.book)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.leases = ls
	s.leaseNames = nil
	for _, l := range ls {
		s.leaseNames = append(s.leaseNames, fmt.Sprintf("%s %s（%s %s）", l.No(), l.Tenant, l.CompoundName, l.RoomLocation))
	}
	keep := sel.SelectedIndex()
	sel.Options = s.leaseNames
	sel.Refresh()
	if keep >= 0 && keep < len(s.leaseNames) {
		sel.Selected = s.leaseNames[keep]
		sel.Refresh()
	}
}

// ---- 营业额与分成 ----

func (s *incomeScreen) turnoverTab() fyne.CanvasObject {
	s.tLease = newChoice(nil, func(string) { s.showTurnovers() })
	s.tYear = widget.NewEntry()
	s.tYear.SetText("1")
	s.tAmount = widget.NewEntry()
	s.tAmount.SetPlaceHolder("620000")
	s.tShare = widget.NewLabel("")
	s.tShare.TextStyle = fyne.TextStyle{Bold: true}
	s.turnTable = newDataTable([]column{
		{lang.X("income.turn.year", "租约年度"), 80, false},
		{lang.X("income.turn.range", "起止"), 190, false},
		{lang.X("income.turn.amount", "营业额"), 120, true},
		{lang.X("income.turn.share", "分成"), 110, true},
		{lang.X("income.turn.billed", "应收"), 70, false},
		{lang.X("income.turn.by", "登记"), 240, false},
	}, func() int { return len(s.turnovers) }, func(row, col int) (string, bool) {
		t := s.turnovers[row]
		switch col {
		case 0:
			return fmt.Sprintf(lang.X("income.turn.yearn", "第 %d 年"), t.Year), false
		case 1:
			return t.From + " 至 " + t.To, false
		case 2:
			return books.FormatYuan(t.Amount), false
		case 3:
			return books.FormatYuan(t.Share), false
		case 4:
			if t.Billed {
				return lang.X("income.turn.isbilled", "已开具"), false
			}
			return lang.X("income.turn.notbilled", "未开具"), t.Share.IsPositive()
		case 5:
			return t.DeclaredBy + " " + t.DeclaredAt, false
		}
		return "", false
	}, nil)
	declare := widget.NewButton(lang.X("income.turn.declare", "登记营业额"), s.declare)
	declare.Importance = widget.HighImportance
	bill := widget.NewButton(lang.X("income.turn.bill", "开具该年分成应收"), s.billShare)
	form := container.NewVBox(
		form2(
			widget.NewFormItem(lang.X("income.turn.lease", "租约"), s.tLease),
			widget.NewFormItem(lang.X("income.turn.year.f", "租约年度（第几年）"), s.tYear),
			widget.NewFormItem(lang.X("income.turn.amount.f", "年营业额（元）"), s.tAmount),
		), container.NewHBox(declare, bill), s.tShare)
	declare.Hidden, bill.Hidden = !s.accountant(), !s.accountant()
	return container.NewBorder(form, nil, nil, nil, s.turnTable)
}

func (s *incomeScreen) loadTurnovers() {
	s.leaseChoices(s.tLease)
	if s.tLease.SelectedIndex() < 0 && len(s.leaseNames) > 0 {
		s.tLease.SetSelectedIndex(0)
		return
	}
	s.showTurnovers()
}

func (s *incomeScreen) pickedLease(sel *widget.Select) (income.Lease, bool) {
	i := sel.SelectedIndex()
	if i < 0 || i >= len(s.leases) {
		return income.Lease{}, false
	}
	return s.leases[i], true
}

func (s *incomeScreen) showTurnovers() {
	l, ok := s.pickedLease(s.tLease)
	s.turnovers = nil
	if ok {
		ts, err := income.Turnovers(s.u.book, l.Number)
		if err != nil {
			showError(s.u.win, err)
			return
		}
		s.turnovers = ts
		if l.ShareRate.IsZero() {
			s.tShare.SetText(lang.X("income.turn.noshare", "这份租约没有约定收益分成"))
		} else {
			s.tShare.SetText(fmt.Sprintf(lang.X("income.turn.rule", "分成规则：年营业额超过 %s 元的部分 × %s%%"), books.FormatYuan(l.Threshold), l.ShareRate.String()))
		}
	}
	s.turnTable.Refresh()
}

func (s *incomeScreen) leaseYear() (income.Lease, int, error) {
	l, ok := s.pickedLease(s.tLease)
	if !ok {
		return l, 0, books.Errorf(books.Invalid, "请选择租约")
	}
	y, err := strconv.Atoi(strings.TrimSpace(s.tYear.Text))
	if err != nil || y < 1 {
		return l, 0, books.Errorf(books.Invalid, "租约年度“%s”应是 1、2、3 这样的数字", s.tYear.Text)
	}
	return l, y, nil
}

func (s *incomeScreen) declare() {
	l, y, err := s.leaseYear()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	amount, err := parseAmount(lang.X("income.turn.amount.f", "年营业额（元）"), s.tAmount.Text)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	t, err := income.DeclareTurnover(s.u.sess, l.Number, y, amount)
	if s.done(err, fmt.Sprintf(lang.X("income.turn.declared", "%s 第 %d 年营业额 %s 元，分成 %s 元"), l.No(), y, books.FormatYuan(amount), books.FormatYuan(t.Share))) {
		s.tShare.SetText(fmt.Sprintf(lang.X("income.turn.result", "第 %d 年营业额 %s 元 → 分成 %s 元"), y, books.FormatYuan(amount), books.FormatYuan(t.Share)))
	}
}

func (s *incomeScreen) billShare() {
	l, y, err := s.leaseYear()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	b, err := income.BillShare(s.u.sess, l.Number, y, "")
	s.done(err, fmt.Sprintf(lang.X("income.turn.billed.hint", "已开具 %s 第 %d 年分成应收 %s 元（凭证 %s，草稿）"), l.No(), y, books.FormatYuan(b.Amount), b.VoucherNo))
}

// ---- 应收、收款与欠款 ----

func (s *incomeScreen) billsTab() fyne.CanvasObject {
	s.billPeriod = widget.NewLabel("")
	billMonth := widget.NewButton(lang.X("income.bill.month", "开具本月租金应收"), s.billMonth)
	billMonth.Importance = widget.HighImportance
	billMonth.Hidden = !s.accountant()
	s.billTable = newDataTable([]column{
		{lang.X("income.bill.lease", "租约"), 70, false},
		{lang.X("income.bill.tenant", "承租人"), 120, false},
		{lang.X("income.bill.kind", "类别"), 70, false},
		{lang.X("income.bill.key", "期间"), 80, false},
		{lang.X("income.bill.due", "到期日"), 95, false},
		{lang.X("income.bill.amount", "金额"), 110, true},
		{lang.X("income.bill.voucher", "凭证"), 80, false},
		{lang.X("income.bill.status", "凭证状态"), 80, false},
	}, func() int { return len(s.bills) }, func(row, col int) (string, bool) {
		b := s.bills[row]
		switch col {
		case 0:
			return fmt.Sprintf("租-%04d", b.LeaseNumber), false
		case 1:
			return b.Tenant, false
		case 2:
			if b.Kind == "share" {
				return lang.X("income.bill.share", "收益分成"), false
			}
			return lang.X("income.bill.rent", "保底租金"), false
		case 3:
			return b.Key, false
		case 4:
			return b.DueDate, false
		case 5:
			return books.FormatYuan(b.Amount), false
		case 6:
			return b.VoucherNo, false
		case 7:
			if b.Posted {
				return lang.X("income.posted", "已记账"), false
			}
			return lang.X("income.draft", "草稿"), true
		}
		return "", false
	}, nil)
	s.arrTable = newDataTable([]column{
		{lang.X("income.arr.lease", "租约"), 70, false},
		{lang.X("income.arr.tenant", "承租人"), 120, false},
		{lang.X("income.arr.compound", "小区"), 100, false},
		{lang.X("income.arr.billed", "已开应收"), 110, true},
		{lang.X("income.arr.received", "已收"), 110, true},
		{lang.X("income.arr.owed", "欠款"), 110, true},
		{lang.X("income.arr.pending", "待记账收款"), 100, true},
		{lang.X("income.arr.oldest", "最早未收到期日"), 120, false},
	}, func() int { return len(s.arrears) }, func(row, col int) (string, bool) {
		a := s.arrears[row]
		switch col {
		case 0:
			return a.Lease.No(), false
		case 1:
			return a.Lease.Tenant, false
		case 2:
			return a.Lease.CompoundName, false
		case 3:
			return books.FormatYuan(a.Billed), false
		case 4:
			return books.FormatYuan(a.Received), false
		case 5:
			return books.FormatYuan(a.Owed), a.Owed.IsPositive()
		case 6:
			if a.Pending.IsZero() {
				return "", false
			}
			return books.FormatYuan(a.Pending), false
		case 7:
			return a.OldestDue, a.OldestDue != "" && a.OldestDue < todayDate()
		}
		return "", false
	}, nil)
	s.cLease = newChoice(nil, nil)
	s.cDate = widget.NewEntry()
	s.cAmount = widget.NewEntry()
	recv := widget.NewButton(lang.X("income.recv", "登记收款"), s.receive)
	recv.Importance = widget.HighImportance
	recvBox := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.recv.title", "收到租金或分成（借 银行存款，贷 应收款）")),
		form2(
			widget.NewFormItem(lang.X("income.recv.lease", "租约"), s.cLease),
			widget.NewFormItem(lang.X("income.recv.date", "收款日期"), s.cDate),
			widget.NewFormItem(lang.X("income.recv.amount", "金额（元）"), s.cAmount),
		), container.NewHBox(recv))
	recvBox.Hidden = !s.u.can(books.RoleAccountant, books.RoleCashier)
	top := container.NewHBox(billMonth, s.billPeriod)
	split := container.NewVSplit(
		container.NewBorder(bold(lang.X("income.bills.list", "应收（租金与分成）")), nil, nil, nil, s.billTable),
		container.NewBorder(bold(lang.X("income.arrears.list", "欠款")), recvBox, nil, nil, s.arrTable))
	return container.NewBorder(top, nil, nil, nil, split)
}

func (s *incomeScreen) loadBills() {
	s.billPeriod.SetText(fmt.Sprintf(lang.X("income.bill.period", "（%s 开始的交租周期，尚未开具的）"), s.u.period.Chinese()))
	bs, err := income.Bills(s.u.book, 0)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.bills = bs
	s.billTable.Refresh()
	as, err := income.AllArrears(s.u.book, false)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.arrears = as
	s.arrTable.Refresh()
	s.leaseChoices(s.cLease)
	if strings.TrimSpace(s.cDate.Text) == "" {
		s.cDate.SetText(todayDate())
	}
}

func (s *incomeScreen) billMonth() {
	bs, err := income.BillMonth(s.u.sess, s.u.period, "")
	s.done(err, fmt.Sprintf(lang.X("income.bill.done", "%s 开具租金应收 %d 笔（草稿凭证，审核记账后计入）"), s.u.period.Chinese(), len(bs)))
}

func (s *incomeScreen) receive() {
	l, ok := s.pickedLease(s.cLease)
	if !ok {
		showError(s.u.win, books.Errorf(books.Invalid, "请选择收款的租约"))
		return
	}
	amount, err := parseAmount(lang.X("income.recv.amount", "金额（元）"), s.cAmount.Text)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	r, err := income.ReceiveRent(s.u.sess, l.Number, strings.TrimSpace(s.cDate.Text), amount, "")
	if s.done(err, fmt.Sprintf(lang.X("income.recv.done", "已登记 %s 收款 %s 元（凭证 %s，草稿）"), l.Tenant, books.FormatYuan(amount), r.VoucherNo)) {
		s.cAmount.SetText("")
	}
}

// ---- 其他收入 ----

func (s *incomeScreen) otherTab() fyne.CanvasObject {
	s.itemsHead = widget.NewLabel("")
	s.itemsHead.TextStyle = fyne.TextStyle{Bold: true}
	s.itemTable = newDataTable([]column{
		{lang.X("income.item.date", "日期"), 95, false},
		{lang.X("income.item.compound", "小区"), 100, false},
		{lang.X("income.item.category", "类别"), 110, false},
		{lang.X("income.item.payer", "付款方"), 130, false},
		{lang.X("income.item.memo", "说明"), 200, false},
		{lang.X("income.item.amount", "金额"), 110, true},
		{lang.X("income.item.voucher", "凭证"), 80, false},
	}, func() int { return len(s.items) }, func(row, col int) (string, bool) {
		e := s.items[row]
		switch col {
		case 0:
			return e.Date, false
		case 1:
			return e.CompoundName, false
		case 2:
			return e.Category, false
		case 3:
			return e.Payer, false
		case 4:
			return e.Memo, false
		case 5:
			return books.FormatYuan(e.Amount), false
		case 6:
			return e.VoucherNo, false
		}
		return "", false
	}, nil)
	s.iDate = widget.NewEntry()
	s.iCompound = newChoice(nil, nil)
	s.iCategory = newChoice(nil, nil)
	s.iPayer = widget.NewEntry()
	s.iPayer.SetPlaceHolder(lang.X("income.item.payer.ph", "例如：某某团购平台"))
	s.iMemo = widget.NewEntry()
	s.iAmount = widget.NewEntry()
	add := widget.NewButton(lang.X("income.item.add", "登记收入"), s.addItem)
	add.Importance = widget.HighImportance
	form := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.item.form", "登记其他收入（社区团购佣金、共富工坊、补助等；生成草稿收款凭证）")),
		form2(
			widget.NewFormItem(lang.X("income.item.date", "日期"), s.iDate),
			widget.NewFormItem(lang.X("income.item.compound", "小区"), s.iCompound),
			widget.NewFormItem(lang.X("income.item.category", "类别"), s.iCategory),
			widget.NewFormItem(lang.X("income.item.payer", "付款方"), s.iPayer),
			widget.NewFormItem(lang.X("income.item.memo", "说明"), s.iMemo),
			widget.NewFormItem(lang.X("income.item.amount.f", "金额（元）"), s.iAmount),
		), container.NewHBox(add))
	form.Hidden = !s.u.can(books.RoleAccountant, books.RoleCashier)
	return container.NewBorder(s.itemsHead, form, nil, nil, s.itemTable)
}

func (s *incomeScreen) loadItems() {
	p := s.u.period
	s.itemsHead.SetText(fmt.Sprintf(lang.X("income.item.head", "%s 登记的其他收入"), p.Chinese()))
	es, err := income.IncomeItems(s.u.book, p, p)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.items = es
	s.itemTable.Refresh()
	cats, err := income.IncomeCategories(s.u.book)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	s.iCategory.Options = names
	s.iCategory.Refresh()
	if strings.TrimSpace(s.iDate.Text) == "" {
		s.iDate.SetText(todayDate())
	}
	if s.iCompound.SelectedIndex() < 0 && len(s.compounds) == 1 {
		s.iCompound.SetSelectedIndex(0)
	}
}

func (s *incomeScreen) addItem() {
	amount, err := parseAmount(lang.X("income.item.amount.f", "金额（元）"), s.iAmount.Text)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	if s.iCompound.Selected == "" {
		showError(s.u.win, books.Errorf(books.Invalid, "请选择收入归属的小区"))
		return
	}
	e, err := income.AddIncome(s.u.sess, income.IncomeEntry{Date: strings.TrimSpace(s.iDate.Text), CompoundName: s.iCompound.Selected, Category: s.iCategory.Selected,
		Payer: s.iPayer.Text, Memo: s.iMemo.Text, Amount: amount})
	if s.done(err, fmt.Sprintf(lang.X("income.item.added", "已登记%s %s 元（凭证 %s，草稿）"), e.Category, books.FormatYuan(amount), e.VoucherNo)) {
		for _, x := range []*widget.Entry{s.iPayer, s.iMemo, s.iAmount} {
			x.SetText("")
		}
	}
}

// ---- 季度缴存 ----

func (s *incomeScreen) depositsTab() fyne.CanvasObject {
	s.quarter = newChoice(nil, func(string) { s.loadPlan() })
	s.planTable = newDataTable([]column{
		{lang.X("income.dep.compound", "小区"), 100, false},
		{lang.X("income.dep.fund", "公共收益余额"), 120, true},
		{lang.X("income.dep.deposited", "已在街道专户"), 120, true},
		{lang.X("income.dep.bank", "银行存款"), 120, true},
		{lang.X("income.dep.amount", "本次缴存"), 120, true},
		{lang.X("income.dep.note", "说明"), 420, false},
	}, func() int { return len(s.plans) }, func(row, col int) (string, bool) {
		p := s.plans[row]
		switch col {
		case 0:
			return p.CompoundName, false
		case 1:
			return books.FormatYuan(p.Fund), p.Fund.IsNegative()
		case 2:
			return books.FormatYuan(p.Deposited), false
		case 3:
			return books.FormatYuan(p.Bank), false
		case 4:
			return books.FormatYuan(p.Amount), false
		case 5:
			return p.Note, false
		}
		return "", false
	}, nil)
	s.depTable = newDataTable([]column{
		{lang.X("income.dep.quarter", "季度"), 90, false},
		{lang.X("income.dep.compound", "小区"), 100, false},
		{lang.X("income.dep.amount.made", "缴存金额"), 120, true},
		{lang.X("income.dep.voucher", "凭证"), 80, false},
		{lang.X("income.dep.status", "凭证状态"), 80, false},
	}, func() int { return len(s.deposits) }, func(row, col int) (string, bool) {
		d := s.deposits[row]
		switch col {
		case 0:
			return d.Quarter, false
		case 1:
			return d.CompoundName, false
		case 2:
			return books.FormatYuan(d.Amount), false
		case 3:
			return d.VoucherNo, false
		case 4:
			if d.Posted {
				return lang.X("income.posted", "已记账"), false
			}
			return lang.X("income.draft", "草稿"), true
		}
		return "", false
	}, nil)
	makeBtn := widget.NewButton(lang.X("income.dep.make", "生成缴存凭证"), s.makeDeposits)
	makeBtn.Importance = widget.HighImportance
	makeBtn.Hidden = !s.accountant()
	hint := widget.NewLabel(lang.X("income.dep.hint", "每季度末把各小区的公共收益余额转入街道专户：每个小区一张转账凭证（借 街道专户，贷 银行存款），资金仍归该小区。"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	top := container.NewVBox(container.NewHBox(widget.NewLabel(lang.X("income.dep.q", "季度：")),
		container.NewGridWrap(fyne.NewSize(170, s.quarter.MinSize().Height), s.quarter), makeBtn), hint)
	split := container.NewVSplit(
		container.NewBorder(bold(lang.X("income.dep.plan", "缴存计划（按已记账凭证计算）")), nil, nil, nil, s.planTable),
		container.NewBorder(bold(lang.X("income.dep.made", "已缴存")), nil, nil, nil, s.depTable))
	return container.NewBorder(top, nil, nil, nil, split)
}

func (s *incomeScreen) loadDeposits() {
	p := s.u.period
	cur := income.Quarter{Year: p.Year(), Q: (p.Month()-1)/3 + 1}
	s.quarters = nil
	var names []string
	q := cur
	for range 6 {
		s.quarters = append(s.quarters, q)
		names = append(names, q.Chinese())
		if q.Q == 1 {
			q = income.Quarter{Year: q.Year - 1, Q: 4}
		} else {
			q.Q--
		}
	}
	keep := s.quarter.SelectedIndex()
	s.quarter.Options = names
	if keep < 0 {
		keep = 0
		// The quarter just ended is the one to deposit, unless this month ends one.
		if p.Month()%3 != 0 {
			keep = 1
		}
	}
	s.quarter.SetSelectedIndex(keep) // loads the plan
	ds, err := income.Deposits(s.u.book, "")
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.deposits = ds
	s.depTable.Refresh()
}

func (s *incomeScreen) loadPlan() {
	i := s.quarter.SelectedIndex()
	if i < 0 || i >= len(s.quarters) {
		return
	}
	ps, err := income.PlanDeposits(s.u.book, s.quarters[i])
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.plans = ps
	s.planTable.Refresh()
}

func (s *incomeScreen) makeDeposits() {
	i := s.quarter.SelectedIndex()
	if i < 0 {
		return
	}
	q := s.quarters[i]
	ds, _, err := income.MakeDeposits(s.u.sess, q, "", "")
	s.done(err, fmt.Sprintf(lang.X("income.dep.done", "%s 生成缴存凭证 %d 张（草稿，审核记账后生效）"), q.Chinese(), len(ds)))
}
