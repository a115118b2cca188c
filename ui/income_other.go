package ui

// The 其他收入 tab: group-buying, workshop and other income.

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
			return voucherName(e.VoucherPeriod, e.VoucherNo), false
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
	settle := widget.NewButton(lang.X("income.item.settle", "导入结算单…"), s.askSettlement)
	form := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.item.form", "登记其他收入（社区团购佣金、共富工坊、补助等；生成草稿收款凭证）")),
		form2(
			widget.NewFormItem(lang.X("income.item.date", "日期"), s.iDate),
			widget.NewFormItem(lang.X("income.item.compound", "小区"), s.iCompound),
			widget.NewFormItem(lang.X("income.item.category", "类别"), s.iCategory),
			widget.NewFormItem(lang.X("income.item.payer", "付款方"), s.iPayer),
			widget.NewFormItem(lang.X("income.item.memo", "说明"), s.iMemo),
			widget.NewFormItem(lang.X("income.item.amount.f", "金额（元）"), s.iAmount),
		), container.NewHBox(add, settle))
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
	if s.done(err, fmt.Sprintf(lang.X("income.item.added", "已登记%s %s 元（凭证 %s，草稿）"), e.Category, books.FormatYuan(amount), voucherNameOn(e.Date, e.VoucherNo))) {
		for _, x := range []*widget.Entry{s.iPayer, s.iMemo, s.iAmount} {
			x.SetText("")
		}
	}
}
