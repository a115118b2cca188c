package ui

// The payment panel: paying an approved application and closing it (结项).

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// payPanel pays an approved application and closes it (结项).
type payPanel struct {
	u        *App
	summary  *widget.Label
	payments []spending.Payment
	table    *dataTable
	amount   *widget.Entry
	date     *widget.Entry
	from     *widget.Select
	fromCode []string
	// to is the expense (or payable) account debited, typed by code, name
	// or 助记码 with the voucher entry's completion; toHint says where its
	// default came from, or that there is none and a choice is needed.
	to      *cellEntry
	toCands []candidate
	toHint  *widget.Label
	suggest *suggestBox
	// shown is the application the form was last filled for: its account
	// choice is kept while the same application is shown again.
	shown   string
	memo    *widget.Entry
	payBtn  *widget.Button
	payBox  *fyne.Container
	content fyne.CanvasObject
}

func newPayPanel(u *App) *payPanel {
	p := &payPanel{u: u}
	p.summary = widget.NewLabel("")
	p.summary.TextStyle = fyne.TextStyle{Bold: true}
	cols := []column{
		{lang.X("spending.p.voucher", "凭证号"), 90, false},
		{lang.X("spending.p.period", "期间"), 80, false},
		{lang.X("spending.p.date", "日期"), 95, false},
		{lang.X("spending.p.amount", "金额"), 120, true},
		{lang.X("spending.p.state", "状态"), 90, false},
	}
	p.table = newDataTable(cols, func() int { return len(p.payments) }, func(row, col int) (string, bool) {
		x := p.payments[row]
		switch col {
		case 0:
			return voucherName(x.Period, x.VoucherNo), x.Reversed
		case 1:
			return x.Period.String(), false
		case 2:
			return x.Date, false
		case 3:
			return books.FormatYuan(x.Amount), x.Reversed
		case 4:
			switch {
			case x.Reversed:
				return lang.X("spending.p.reversed", "已冲销"), true
			case x.Status == books.StatusDraft:
				return lang.X("spending.p.draft", "待审核"), true
			case x.Status == books.StatusReviewed:
				return lang.X("spending.p.reviewed", "待记账"), true
			}
			return lang.X("spending.p.posted", "已记账"), false
		}
		return "", false
	}, nil)
	p.amount = widget.NewEntry()
	p.date = widget.NewEntry()
	p.from = newChoice(nil, nil)
	p.suggest = newSuggestBox()
	p.to = newCell()
	p.to.SetPlaceHolder(lang.X("spending.p.to.ph", "输入科目代码、名称或拼音首字母（如 glfy），从列表中选择"))
	// Six suggestions fit below the field at 1280×720; typing narrows them.
	const shown = 6
	p.to.onFocus = func() {
		if strings.TrimSpace(p.to.Text) == "" {
			p.suggest.show(p.to, matches(p.toCands, "", shown), p.pickTo)
		}
	}
	completeFrom(p.to, u.win.Canvas(), p.suggest, shown, func() []candidate { return p.toCands }, p.pickTo, func(text string) {
		p.toHint.Importance = widget.DangerImportance
		p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.nomatch", "找不到科目“%s”，请输入代码、名称或拼音首字母后从列表中选择"), text))
	})
	p.toHint = widget.NewLabel("")
	p.toHint.Wrapping = fyne.TextWrapWord
	p.memo = widget.NewEntry()
	p.memo.SetPlaceHolder(lang.X("spending.p.memo.ph", "默认：支付 申请编号 事项（收款人）"))
	p.payBtn = widget.NewButton(lang.X("spending.p.pay", "付款"), nil)
	p.payBtn.Importance = widget.HighImportance
	// Debit before credit, as on the voucher; the expense account is the
	// one to think about, the bank account rarely changes.
	form := widget.NewForm(
		widget.NewFormItem(lang.X("spending.p.amount.f", "付款金额（元）"), p.amount),
		widget.NewFormItem(lang.X("spending.p.date", "日期"), p.date),
		widget.NewFormItem(lang.X("spending.p.to", "支出科目（借）"), container.NewVBox(p.to, p.toHint)),
		widget.NewFormItem(lang.X("spending.p.from", "付款账户（贷）"), p.from),
		widget.NewFormItem(lang.X("spending.p.memo", "摘要"), p.memo),
	)
	hint := widget.NewLabel(lang.X("spending.p.hint", "付款生成付款凭证，由制单人以外的人在“凭证”中审核、记账后才计入已付。付款累计（含待记账）不能超过批准金额，小区资金不能为负。"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	// The form comes before the record of payments made, so at 1280×720 the
	// 付款 button is in view without scrolling.
	p.payBox = container.NewVBox(widget.NewSeparator(), bold(lang.X("spending.p.new", "付款")), form, container.NewHBox(p.payBtn), hint)
	p.content = container.NewVBox(p.summary, p.payBox, widget.NewSeparator(),
		bold(lang.X("spending.p.records", "付款记录")), tall(140, p.table))
	return p
}

// pickTo takes an expense account from the completion list.
func (p *payPanel) pickTo(x candidate) {
	p.to.SetText(x.label)
	p.suggest.hide()
	p.toHint.Importance = widget.LowImportance
	p.toHint.SetText("")
}

// loadAccounts offers the money accounts to pay from and the expense and
// payable accounts to pay to (leaves only).
func (p *payPanel) loadAccounts() {
	accts, err := p.u.book.Accounts()
	if err != nil {
		showError(p.u.win, err)
		return
	}
	p.fromCode = nil
	var from, to []books.Account
	for _, a := range accts {
		if !a.Leaf || !a.Active {
			continue
		}
		switch {
		case a.Monetary != "":
			p.fromCode = append(p.fromCode, a.Code)
			from = append(from, a)
		case a.Class == books.ClassExpense || a.Class == books.ClassLiability:
			to = append(to, a)
		}
	}
	var names []string
	for _, a := range from {
		names = append(names, a.FullName())
	}
	p.from.Options = names
	p.from.Refresh()
	if p.from.SelectedIndex() < 0 {
		for i, c := range p.fromCode {
			if strings.HasPrefix(c, "1002") || strings.HasPrefix(c, "102") {
				p.from.SetSelectedIndex(i)
				break
			}
		}
	}
	// The parents come along so a child reads 5101 业务活动成本—维修费 and is
	// found by its parent's 助记码, as in the voucher entry.
	byID := map[int64]bool{}
	for _, a := range to {
		byID[a.ID] = true
	}
	p.toCands = nil
	for _, c := range accountCandidates(accts, books.AccountAliases(p.u.info.Chart)) {
		if byID[c.id] {
			p.toCands = append(p.toCands, c)
		}
	}
}

// defaultTo fills the expense account for an application: the account the
// book's last payment of the same category was debited to; none, and a
// plain request to choose, when there is no such payment. Applications and
// procedures name no account, so there is nothing earlier to go by, and an
// arbitrary first expense account would be a silent misposting.
func (p *payPanel) defaultTo(a spending.Application) {
	p.to.SetText("")
	p.toHint.Importance = widget.WarningImportance
	p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.none", "本账簿尚无“%s”类支出的付款记录，请选择支出科目。"), a.Category))
	code, err := spending.LastPaymentAccount(p.u.book, a.Category)
	if err != nil || code == "" {
		return
	}
	for _, c := range p.toCands {
		if c.code == code {
			p.to.SetText(c.label)
			p.toHint.Importance = widget.LowImportance
			p.toHint.SetText(fmt.Sprintf(lang.X("spending.p.to.last", "按本账簿上次“%s”类支出付款所用的科目预填，请核对。"), a.Category))
			return
		}
	}
}

// load shows an application's payments; payable offers the form.
func (p *payPanel) load(a spending.Application, payable bool) {
	p.payments = a.Payments
	p.table.Refresh()
	left := a.Approved.Sub(a.Paid).Sub(a.Pending)
	switch {
	case a.Approved.IsZero():
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.notapproved", "申请金额 %s 元；尚未批准，不能付款（%s）"), books.FormatYuan(a.Amount), a.StateName()))
	case a.Pending.IsPositive():
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.sum.pending", "批准金额 %s 元　已付 %s 元　待审核/待记账 %s 元　未付 %s 元"),
			books.FormatYuan(a.Approved), books.FormatYuan(a.Paid), books.FormatYuan(a.Pending), books.FormatYuan(left)))
	default:
		p.summary.SetText(fmt.Sprintf(lang.X("spending.p.sum", "批准金额 %s 元　已付 %s 元　未付 %s 元"), books.FormatYuan(a.Approved), books.FormatYuan(a.Paid), books.FormatYuan(left)))
	}
	p.suggest.hide()
	if payable {
		p.loadAccounts()
		if a.No != p.shown {
			p.defaultTo(a)
		}
		p.amount.SetText(books.FormatYuan(left))
		if strings.TrimSpace(p.date.Text) == "" {
			p.date.SetText(todayDate())
		}
		p.shown = a.No
	} else {
		p.shown = ""
	}
	p.payBox.Hidden = !payable
	p.payBox.Refresh()
}

// toAccount is the expense account chosen: its code and how it reads.
func (p *payPanel) toAccount() (candidate, bool) {
	return resolve(p.toCands, p.to.Text)
}

// input reads the payment.
func (p *payPanel) input() (spending.PayInput, error) {
	amount, err := parseAmount(lang.X("spending.p.amount.f", "付款金额（元）"), p.amount.Text)
	if err != nil {
		return spending.PayInput{}, err
	}
	in := spending.PayInput{Date: strings.TrimSpace(p.date.Text), Amount: amount, Memo: p.memo.Text}
	if i := p.from.SelectedIndex(); i >= 0 {
		in.From = p.fromCode[i]
	} else {
		return in, books.Errorf(books.Invalid, "请选择付款账户（银行存款或现金）")
	}
	x, ok := p.toAccount()
	switch {
	case strings.TrimSpace(p.to.Text) == "":
		return in, books.Errorf(books.Invalid, "请选择支出科目（借方）：输入科目代码、名称或拼音首字母后从列表中选择")
	case !ok:
		return in, books.Errorf(books.Invalid, "支出科目“%s”不是唯一的末级费用或应付科目，请从列表中选择", strings.TrimSpace(p.to.Text))
	}
	p.to.SetText(x.label)
	in.To = x.code
	return in, nil
}
