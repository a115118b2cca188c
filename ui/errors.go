package ui

import (
	"errors"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

// errorText is what a person reads for err: the Chinese sentence books
// attached to it, or for an internal error its cause and place, with the
// details written to the open book's error log (books.ExplainError), so raw
// Go or SQLite text never reaches the screen.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return books.ExplainError(openBookPath(), err)
}

// bookPath is the path of the book the app has open, for the error log.
var bookPath struct {
	sync.Mutex
	path string
}

func setOpenBookPath(p string) {
	bookPath.Lock()
	bookPath.path = p
	bookPath.Unlock()
}

func openBookPath() string {
	bookPath.Lock()
	defer bookPath.Unlock()
	return bookPath.path
}

// showError shows a refusal or failure in a dialog over w.
func showError(w fyne.Window, err error) {
	if err == nil {
		return
	}
	title := lang.X("error.title", "操作未完成")
	if books.ErrorCode(err) == books.Internal {
		title = lang.X("error.internal", "程序出错")
	}
	showMessage(w, title, errorText(err), theme.ErrorIcon())
}

// showInfo shows a short message in a dialog over w.
func showInfo(w fyne.Window, title, msg string) {
	showMessage(w, title, msg, theme.InfoIcon())
}

func showMessage(w fyne.Window, title, msg string, icon fyne.Resource) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	// A wrapped label has no width of its own; give long Chinese sentences
	// room to read as one or two lines.
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(440, 0))
	body := container.NewBorder(nil, nil, widget.NewIcon(icon), nil, container.NewStack(width, l))
	var d dialog.Dialog
	ok := newKeyButton(lang.X("dialog.ok", "确定"), func() { d.Hide() })
	ok.onEscape = ok.OnTapped
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(body, container.NewCenter(ok)), w)
	showFocused(w, d, ok)
}

// askConfirm asks before an action that cannot be undone (记账, say): confirm
// runs only when the person presses the confirming button or Enter; Escape
// or 取消 leaves everything as it was.
func askConfirm(w fyne.Window, title, msg, okLabel string, confirm func()) {
	ask(w, title, msg, okLabel, confirm, false)
}

// askDrop asks before something typed is thrown away; the keyboard starts on
// 取消, so a hurried Enter keeps the typing.
func askDrop(w fyne.Window, title, msg, dropLabel string, drop func()) {
	ask(w, title, msg, dropLabel, drop, true)
}

func ask(w fyne.Window, title, msg, okLabel string, confirm func(), keyOnCancel bool) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(440, 0))
	body := container.NewBorder(nil, nil, widget.NewIcon(theme.QuestionIcon()), nil, container.NewStack(width, l))
	var d dialog.Dialog
	cancel := newKeyButton(lang.X("dialog.cancel", "取消"), func() { d.Hide() })
	ok := newKeyButton(okLabel, func() {
		d.Hide()
		confirm()
	})
	ok.Importance = widget.HighImportance
	ok.onEscape = cancel.OnTapped
	cancel.onEscape = cancel.OnTapped
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(body, container.NewCenter(container.NewHBox(cancel, ok))), w)
	if keyOnCancel {
		showFocused(w, d, cancel)
	} else {
		showFocused(w, d, ok)
	}
}

// showFocused shows d with the keyboard on button b, so Enter answers it at
// once, and gives the keyboard back to where it was when d closes: after a
// refusal the person goes on typing in the cell they were in.
func showFocused(w fyne.Window, d dialog.Dialog, b *keyButton) {
	prev := w.Canvas().Focused()
	d.SetOnClosed(func() {
		if prev != nil {
			w.Canvas().Focus(prev)
		}
	})
	d.Show()
	w.Canvas().Focus(b)
}

// keyButton is a dialog button that answers Enter as well as Space, and
// Escape with onEscape (Fyne's buttons answer Space only).
type keyButton struct {
	widget.Button
	onEscape func()
}

func newKeyButton(label string, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey answers Enter and Space with the button's action, Escape with
// onEscape.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if b.OnTapped != nil {
			b.OnTapped()
		}
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
		}
	}
}

// asBooksError finds the books error in err's chain (for its line number).
func asBooksError(err error) (*books.Error, bool) {
	var e *books.Error
	ok := errors.As(err, &e)
	return e, ok
}
