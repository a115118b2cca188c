package ui

// The 应收、收款与欠款 tab: rent bills, receipts and arrears.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

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
			return voucherName(b.VoucherPeriod, b.VoucherNo), false
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
	if s.done(err, fmt.Sprintf(lang.X("income.recv.done", "已登记 %s 收款 %s 元（凭证 %s，草稿）"), l.Tenant, books.FormatYuan(amount), voucherNameOn(r.Date, r.VoucherNo))) {
		s.cAmount.SetText("")
	}
}
