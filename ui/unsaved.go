package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// typingHolder is a screen with forms a person types on and then saves.
type typingHolder interface {
	// unsavedWork names each form on the screen that holds typing not
	// yet saved (凭证, 支出申请, 租约 …); none when all is saved or empty.
	unsavedWork() []string
}

// unsavedWork names the forms, over every screen built so far, that hold
// typing not yet saved.
func (u *App) unsavedWork() []string {
	var out []string
	for _, s := range u.screens {
		if h, ok := s.screen.(typingHolder); ok {
			out = append(out, h.unsavedWork()...)
		}
	}
	return out
}

// unsavedVoucher reports whether a voucher is being typed and not saved.
func (u *App) unsavedVoucher() bool {
	for _, s := range u.screens {
		if vs, ok := s.screen.(*vouchersScreen); ok && vs.entry.unsaved() {
			return true
		}
	}
	return false
}

func (s *vouchersScreen) unsavedWork() []string {
	if s.entry.unsaved() {
		return []string{lang.X("unsaved.form.voucher", "凭证")}
	}
	return nil
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

// leaveApp runs next at once, or, with typing not saved on any screen (a
// voucher, an application, an income form), once the person agrees to drop
// it: signing out, opening another book or closing the window otherwise loses
// the typing without a word. The question names every form that holds some.
func (u *App) leaveApp(next func()) {
	work := u.unsavedWork()
	switch {
	case len(work) == 0:
		next()
	case len(work) == 1 && u.unsavedVoucher():
		askDrop(u.win, lang.X("unsaved.title", "凭证未保存"),
			lang.X("unsaved.ask", "填制中的凭证还没有保存（Ctrl+S 保存）。放弃它并继续吗？"),
			lang.X("unsaved.drop", "放弃凭证"), next)
	default:
		askDropWork(u.win, work, next)
	}
}

// askDropWork asks before next drops the typing on the forms work names.
func askDropWork(w fyne.Window, work []string, next func()) {
	askDrop(w, lang.X("unsaved.any.title", "有填写没有保存"),
		fmt.Sprintf(lang.X("unsaved.any.ask", "这些地方填写的内容还没有保存：%s。放弃这些内容并继续吗？"),
			strings.Join(work, lang.X("unsaved.any.sep", "、"))),
		lang.X("unsaved.any.drop", "放弃填写"), next)
}
