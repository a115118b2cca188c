package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

// incomeScreenDef is the 收入 screen's place in the shell (app.go's screens).
func incomeScreenDef() screenDef {
	return screenDef{id: "income", title: func() string { return lang.X("screen.income", "收入") },
		kinds: []string{books.KindCommunity},
		build: func(a *App) Screen { return newIncomeScreen(a) }}
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
	roomTable  *dataTable
	roomSel    int
	// roomShown is what the room form said when last filled (typing is
	// told from it).
	roomShown string
	figures   *widget.Label
	figWarn   *widget.Label
	rLocation *widget.Entry
	rCompound *widget.Select
	rArea     *widget.Entry
	rTitle    *widget.Select
	rRecovery *widget.Select
	rUse      *widget.Select
	rTenant   *widget.Entry
	rNote     *widget.Entry
	rSaveBtn  *widget.Button

	// 租约
	leases     []income.Lease
	leaseTable *dataTable
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
	turnTable  *dataTable
	leaseNames []string

	// 应收与收款
	bills      []income.Bill
	billTable  *dataTable
	arrears    []income.Arrears
	arrTable   *dataTable
	cLease     *widget.Select
	cDate      *widget.Entry
	cAmount    *widget.Entry
	billPeriod *widget.Label

	// 其他收入
	items     []income.IncomeEntry
	itemTable *dataTable
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
	planTable *dataTable
	deposits  []income.Deposit
	depTable  *dataTable

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

// unsavedWork names the income forms holding typing not yet saved: the
// room form changed since it was filled, or a figure, name or date typed on
// the lease, turnover, receipt or other-income form (their dates that
// default to today do not count).
func (s *incomeScreen) unsavedWork() []string {
	typed := func(es ...*widget.Entry) bool {
		for _, e := range es {
			if strings.TrimSpace(e.Text) != "" {
				return true
			}
		}
		return false
	}
	var out []string
	if s.roomTyped() != s.roomShown {
		out = append(out, lang.X("unsaved.form.room", "社服用房"))
	}
	if typed(s.lTenant, s.lStart, s.lEnd, s.lRent, s.lRate, s.lThreshold) {
		out = append(out, lang.X("unsaved.form.lease", "租约"))
	}
	if typed(s.tAmount) {
		out = append(out, lang.X("unsaved.form.turnover", "营业额申报"))
	}
	if typed(s.cAmount) {
		out = append(out, lang.X("unsaved.form.receipt", "收款"))
	}
	if typed(s.iPayer, s.iMemo, s.iAmount) {
		out = append(out, lang.X("unsaved.form.income", "其他收入"))
	}
	return out
}
