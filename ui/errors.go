package ui

import (
	"errors"
	"image/color"
	"log"

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
// attached to it. Internal errors keep their details in the log only, so raw
// Go or SQLite text never reaches the screen.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	if books.ErrorCode(err) == books.Internal {
		log.Printf("internal error: %v", err)
	}
	return books.ErrorMessage(err)
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
	dialog.NewCustom(title, lang.X("dialog.ok", "确定"), body, w).Show()
}

// asBooksError finds the books error in err's chain (for its line number).
func asBooksError(err error) (*books.Error, bool) {
	var e *books.Error
	ok := errors.As(err, &e)
	return e, ok
}
