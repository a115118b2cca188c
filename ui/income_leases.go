package ui

// The 租约 tab: leases with base rent steps and a turnover share, and their early end.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

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
