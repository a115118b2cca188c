package ui

import (
	"fyne.io/fyne/v2/lang"
)

// unsavedVoucher reports whether a voucher is being typed and not saved.
func (u *App) unsavedVoucher() bool {
	for _, s := range u.screens {
		if vs, ok := s.screen.(*vouchersScreen); ok && vs.entry.unsaved() {
			return true
		}
	}
	return false
}

// leave runs next at once, or, with the voucher on the form typed and not
// saved, once the person agrees to drop it: a new voucher (Ctrl+N, the menu,
// the button), the next or previous one, or one opened from the list or a
// ledger never replaces typing without a question.
func (e *voucherEntry) leave(next func()) {
	if !e.unsaved() {
		next()
		return
	}
	askDrop(e.u.win, lang.X("unsaved.title", "凭证未保存"),
		lang.X("unsaved.ask", "填制中的凭证还没有保存（Ctrl+S 保存）。放弃它并继续吗？"),
		lang.X("unsaved.drop", "放弃凭证"), next)
}

// leaveVoucher runs next at once, or, with a voucher typed and not saved,
// once the person agrees to drop it: signing out or closing the window
// otherwise loses the typing without a word.
func (u *App) leaveVoucher(next func()) {
	if !u.unsavedVoucher() {
		next()
		return
	}
	askDrop(u.win, lang.X("unsaved.title", "凭证未保存"),
		lang.X("unsaved.ask", "填制中的凭证还没有保存（Ctrl+S 保存）。放弃它并继续吗？"),
		lang.X("unsaved.drop", "放弃凭证"), next)
}
