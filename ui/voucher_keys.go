package ui

// The voucher entry's keyboard: completing accounts and compounds, moving between cells and vouchers, taking the balancing amount.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"sunbooks/books"
)

// wireCompleting makes a cell of a voucher line complete from a list.
func (e *voucherEntry) wireCompleting(r *lineRow, c *cellEntry, list func() []candidate) {
	completeFrom(c, e.u.win.Canvas(), e.suggest, 8, list, func(x candidate) {
		c.SetText(x.label)
		e.suggest.hide()
		e.focusNext(c)
	}, func(text string) {
		e.message.SetText(fmt.Sprintf(lang.X("entry.nomatch", "第 %d 行：找不到“%s”，请输入代码、名称或拼音首字母后从列表中选择"), e.rowIndex(r)+1, text))
	})
}

// completeFrom makes a cell complete from a list shown in sb: typing shows
// the n best matches, ↑↓ walk them, Enter takes the highlighted one (pick), leaving the
// cell settles a unique match, and Enter on text that matches nothing is
// told to noMatch. The voucher's account and compound cells use it, and so
// does the payment's expense account, so both find accounts alike.
func completeFrom(c *cellEntry, cv fyne.Canvas, sb *suggestBox, n int, list func() []candidate, pick func(candidate), noMatch func(text string)) {
	c.OnChanged = func(s string) {
		if c.readOnly || cv.Focused() != c {
			return
		}
		if x, ok := resolve(list(), s); ok && x.label == strings.TrimSpace(s) {
			sb.hide()
			return
		}
		sb.show(c, matches(list(), s, n), pick)
	}
	c.onKey = func(k *fyne.KeyEvent) bool {
		mine := sb.visible() && sb.cell == c
		switch {
		case k.Name == fyne.KeyDown && mine:
			sb.move(1)
			return true
		case k.Name == fyne.KeyUp && mine:
			sb.move(-1)
			return true
		case k.Name == fyne.KeyEscape && mine:
			sb.hide()
			return true
		case isEnter(k):
			if x, ok := sb.selected(); ok && mine && strings.TrimSpace(c.Text) != "" {
				pick(x)
				return true
			}
			if x, ok := resolve(list(), c.Text); ok {
				pick(x)
				return true
			}
			if strings.TrimSpace(c.Text) == "" {
				sb.show(c, matches(list(), "", n), pick)
				return true
			}
			noMatch(c.Text)
			return true
		}
		return false
	}
	c.onBlur = func() {
		if c.readOnly {
			return
		}
		if x, ok := resolve(list(), c.Text); ok {
			c.SetText(x.label)
		}
	}
}

func (e *voucherEntry) rowIndex(r *lineRow) int {
	for i, x := range e.rows {
		if x == r {
			return i
		}
	}
	return -1
}

func (e *voucherEntry) focus(c *cellEntry) {
	e.u.win.Canvas().Focus(c)
}

// focusNext moves to the cell after c in typing order.
func (e *voucherEntry) focusNext(c *cellEntry) {
	order := []*cellEntry{e.date, e.attach}
	for _, r := range e.rows {
		order = append(order, r.cells()...)
	}
	for i, x := range order {
		if x == c && i+1 < len(order) {
			e.focus(order[i+1])
			return
		}
	}
}

// nextLine moves to the memo of the line after r, adding a line with the
// same memo and compound when r is the last.
func (e *voucherEntry) nextLine(r *lineRow) {
	i := e.rowIndex(r)
	if i+1 >= len(e.rows) {
		n := e.addRow(-1)
		n.memo.SetText(r.memo.Text)
		n.compound.SetText(r.compound.Text)
		e.rowsBox.Refresh()
		e.focus(n.memo)
		return
	}
	next := e.rows[i+1]
	if next.memo.Text == "" && next.empty() {
		next.memo.SetText(r.memo.Text)
	}
	e.focus(next.memo)
}

// offerBalance puts the balancing amount as the placeholder of the empty
// side that would balance the voucher: Enter or "=" takes it.
func (e *voucherEntry) offerBalance(r *lineRow) {
	r.debit.SetPlaceHolder("")
	r.credit.SetPlaceHolder("")
	if strings.TrimSpace(r.debit.Text) != "" || strings.TrimSpace(r.credit.Text) != "" {
		return
	}
	d, c, bad := e.totals()
	if bad != "" || d.Equal(c) {
		return
	}
	if d.GreaterThan(c) {
		r.credit.SetPlaceHolder(books.FormatYuan(d.Sub(c)))
	} else {
		r.debit.SetPlaceHolder(books.FormatYuan(c.Sub(d)))
	}
}

// takeBalance fills the balancing amount on the side that balances, whichever
// amount cell "=" was pressed in.
func (e *voucherEntry) takeBalance(r *lineRow, in *cellEntry) {
	in.SetText("")
	other := r.credit
	if in == r.credit {
		other = r.debit
	}
	saved := other.Text
	other.SetText("")
	d, c, bad := e.totals()
	other.SetText(saved)
	if bad != "" || d.Equal(c) {
		return
	}
	if d.GreaterThan(c) {
		r.debit.SetText("")
		r.credit.SetText(books.FormatYuan(d.Sub(c)))
		e.focus(r.credit)
	} else {
		r.credit.SetText("")
		r.debit.SetText(books.FormatYuan(c.Sub(d)))
		e.focus(r.debit)
	}
	e.updateTotals()
}

// pageKey turns PgUp/PgDn in any cell into the previous or next voucher.
func (e *voucherEntry) pageKey(k *fyne.KeyEvent) bool {
	switch k.Name {
	case fyne.KeyPageUp:
		e.leave(func() { e.step(-1) })
	case fyne.KeyPageDown:
		e.leave(func() { e.step(1) })
	default:
		return false
	}
	return true
}

// step shows the voucher before (-1) or after (+1) the shown one in number
// order, crossing into the neighbouring months; from a new voucher, the last
// one of the working month.
func (e *voucherEntry) step(dir int) {
	b := e.u.book
	v := e.v
	if v.ID != 0 {
		if n, err := b.VoucherByNo(v.Period, books.VoucherNo(v.Word, v.Number+dir)); err == nil {
			e.edit(n.ID)
			return
		}
	}
	p := v.Period
	if v.ID == 0 {
		p, dir = e.u.period, -1
		if e.tryMonth(p, dir) {
			return
		}
	}
	for i := 0; i < 120; i++ {
		if dir < 0 {
			p = p.Prev()
		} else {
			p = p.Next()
		}
		if e.tryMonth(p, dir) {
			return
		}
		if len(e.u.states) > 0 && (p < e.u.states[0].Period || p > e.u.states[len(e.u.states)-1].Period) {
			break
		}
	}
	e.u.setHint(lang.X("entry.noneighbour", "前后没有更多凭证了"))
}

// tryMonth shows the first (dir > 0) or last (dir < 0) voucher of month p.
func (e *voucherEntry) tryMonth(p books.Period, dir int) bool {
	f := books.VoucherFilter{From: p, To: p, Limit: 1}
	n, err := e.u.book.CountVouchers(f)
	if err != nil || n == 0 {
		return false
	}
	if dir < 0 {
		f.Offset = n - 1
	}
	vs, err := e.u.book.Vouchers(f)
	if err != nil || len(vs) == 0 {
		return false
	}
	e.edit(vs[0].ID)
	return true
}

func (e *voucherEntry) shortcut(s fyne.Shortcut) bool {
	switch {
	case isCtrl(s, fyne.KeyS):
		e.save()
	case isCtrl(s, fyne.KeyN):
		e.leave(e.newVoucher)
	case isCtrl(s, fyne.KeyDelete):
		e.removeLine()
	case isCtrl(s, fyne.KeyInsert):
		e.insertLine()
	default:
		return false
	}
	return true
}

// focusLine puts the cursor on the n-th non-blank line.
func (e *voucherEntry) focusLine(n int) {
	k := 0
	for _, r := range e.rows {
		if r.empty() {
			continue
		}
		k++
		if k == n {
			e.focus(r.memo)
			return
		}
	}
}
