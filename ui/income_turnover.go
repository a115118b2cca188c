package ui

// The 营业额与分成 tab: declared turnover per lease year and the share billed from it.

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

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
		// Declared, the figure is in the table and the line above: the
		// field is free for the next one.
		s.tAmount.SetText("")
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
