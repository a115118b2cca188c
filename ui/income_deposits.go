package ui

// The 季度缴存 tab: the quarterly deposit of each compound's money to the street special account.

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

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
			return voucherName(d.VoucherPeriod, d.VoucherNo), false
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
