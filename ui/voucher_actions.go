package ui

// What the voucher entry does to a saved voucher: review, post, reverse, delete, print.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// act runs a books action on the shown voucher and shows the result.
func (e *voucherEntry) act(done string, f func(id int64) error) {
	if err := f(e.v.ID); err != nil {
		showError(e.u.win, err)
		return
	}
	e.edit(e.v.ID)
	e.u.setHint(fmt.Sprintf(done, voucherName(e.v.Period, e.v.No())))
	e.changed()
}

func (e *voucherEntry) review() {
	e.act(lang.X("entry.reviewed", "已审核凭证 %s"), e.u.sess.ReviewVoucher)
}

func (e *voucherEntry) unreview() {
	e.act(lang.X("entry.unreviewed", "已取消审核 %s"), e.u.sess.UnreviewVoucher)
}

// post asks first: a posted voucher can no longer be changed or deleted,
// only reversed.
func (e *voucherEntry) post() {
	askConfirm(e.u.win, lang.X("entry.post", "记账"),
		fmt.Sprintf(lang.X("vouchers.post.ask", "将凭证 %s 记账？\n记账后不能再修改或删除，只能红字冲销。"), voucherName(e.v.Period, e.v.No())),
		lang.X("entry.post", "记账"), func() { e.act(lang.X("entry.posted", "已记账 %s"), e.u.sess.PostVoucher) })
}

// reverse asks for the reversal's date and makes the red-ink voucher.
func (e *voucherEntry) reverse() {
	date := widget.NewEntry()
	date.SetText(e.defaultDate())
	if date.Text < e.v.Date {
		date.SetText(e.v.Date)
	}
	dialog.ShowForm(lang.X("entry.reverse.title", "红字冲销"), lang.X("entry.reverse.ok", "生成冲销凭证"), lang.X("dialog.cancel", "取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("entry.reverse.date", "冲销日期"), date)}, func(ok bool) {
			if !ok {
				return
			}
			rv, err := e.u.sess.ReverseVoucher(e.v.ID, strings.TrimSpace(date.Text))
			if err != nil {
				showError(e.u.win, err)
				return
			}
			e.v = rv
			e.loadChoices()
			e.show()
			e.u.setHint(fmt.Sprintf(lang.X("entry.reversed", "已生成冲销凭证 %s，审核、记账后生效"), voucherName(rv.Period, rv.No())))
			e.changed()
		}, e.u.win)
}

func (e *voucherEntry) deleteVoucher() {
	no := voucherName(e.v.Period, e.v.No())
	askConfirm(e.u.win, lang.X("entry.delete.title", "删除凭证"),
		fmt.Sprintf(lang.X("entry.delete.ask", "确定删除凭证 %s？其后的凭证号会依次前移。"), no),
		lang.X("entry.delete.title", "删除凭证"), func() {
			if err := e.u.sess.DeleteVoucher(e.v.ID); err != nil {
				showError(e.u.win, err)
				return
			}
			e.u.setHint(fmt.Sprintf(lang.X("entry.deleted", "已删除凭证 %s"), no))
			e.newVoucher()
			e.changed()
		})
}

// print writes the voucher as the printed 记账凭证 and opens it.
func (e *voucherEntry) print() {
	v := e.v
	e.u.printLayout(fmt.Sprintf("凭证-%s-%s.pdf", v.Period, v.No()), voucherLayout(e.u, v))
}

// preview shows the voucher as it prints.
func (e *voucherEntry) preview() {
	v := e.v
	e.u.previewLayout(fmt.Sprintf(lang.X("entry.preview.title", "凭证 %s 打印预览"), voucherName(v.Period, v.No())),
		fmt.Sprintf("凭证-%s-%s.pdf", v.Period, v.No()), voucherLayout(e.u, v))
}
