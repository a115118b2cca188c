package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// progressFunc reports how far long work has got, from 0 to 1; a negative
// value means "working, no idea how far".
type progressFunc func(done float64, what string)

// runLong runs work off the UI goroutine behind a dialog with a progress bar
// and a 取消 button, then calls done on the UI goroutine with the result.
// Cancel cancels ctx: the books' long work (import, verify, package export
// and import, consolidation) stops at its next step and saves nothing; the
// result is dropped and the person is told so.
func (u *App) runLong(title string, work func(ctx context.Context, progress progressFunc) (any, error), done func(any, error)) {
	u.runLongWith(title, true, work, done)
}

// runLongWith is runLong; without cancellable it offers no 取消, for work
// that must run to its end once begun (a restore replaces the book file).
func (u *App) runLongWith(title string, cancellable bool, work func(ctx context.Context, progress progressFunc) (any, error), done func(any, error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	fine := widget.NewProgressBar()
	fine.Hide()
	what := widget.NewLabel(lang.X("long.working", "正在处理，请稍候…"))
	var once sync.Once
	var d dialog.Dialog
	cancelled := false
	finish := func(v any, err error) {
		once.Do(func() {
			d.Hide()
			if !cancelled {
				done(v, err)
			}
		})
	}
	cancelBtn := widget.NewButton(lang.X("long.cancel", "取消"), func() {
		cancelled = true
		cancel()
		d.Hide()
		u.setHint(lang.X("long.cancelled", "已取消；账簿中没有保存任何改动。"))
	})
	if !cancellable {
		cancelBtn.Hide()
	}
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(what, bar, fine, cancelBtn), u.win)
	d.Resize(fyne.NewSize(420, 160))
	d.Show()
	progress := func(v float64, s string) {
		fyne.Do(func() {
			if s != "" {
				what.SetText(s)
			}
			if v >= 0 {
				bar.Hide()
				fine.Show()
				fine.SetValue(v)
			}
		})
	}
	u.long.Add(1)
	go func() {
		v, err := work(ctx, progress)
		fyne.Do(func() {
			defer u.long.Done()
			finish(v, err)
		})
	}()
}
