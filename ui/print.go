package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/printouts"
)

// openFile opens a file in the system's viewer; tests replace it.
var openFile = func(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("cmd", "/c", "start", "", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	return cmd.Start()
}

// printDirName is the folder beside the book where 打印 keeps its PDFs, so
// printouts can be found again and travel with the book's folder.
const printDirName = "打印件"

// printTarget is where a printout called name (审批单-申-2026-0001.pdf; a
// folder in name is ignored) is written: in 打印件 beside the book, stamped
// with the time (审批单-申-2026-0001-20260315-093012.pdf) so an earlier print
// is never overwritten. When that folder cannot be made or written, it is
// the temp folder, and fallback says so.
func printTarget(book, name string, now time.Time) (path string, fallback bool) {
	stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	file := func(dir string) string {
		stamp := now.Format("20060102-150405")
		p := filepath.Join(dir, spending.SafeFileName(stem+"-"+stamp, "application/pdf"))
		// Two prints within a second keep both.
		for i := 2; fileExists(p); i++ {
			p = filepath.Join(dir, spending.SafeFileName(fmt.Sprintf("%s-%s-%d", stem, stamp, i), "application/pdf"))
		}
		return p
	}
	if book != "" {
		dir := filepath.Join(filepath.Dir(book), printDirName)
		if writableDir(dir) {
			return file(dir), false
		}
	}
	return file(os.TempDir()), true
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writableDir makes dir if it is missing and reports whether a file can be
// written in it (a read-only share or a locked-down office PC may refuse).
func writableDir(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// printPDF writes a printout off the UI goroutine into 打印件 beside the book
// (see printTarget; only the file name of name counts) and opens it in the
// system viewer, where the person prints it; the file stays for the record,
// and the status line says where.
func (u *App) printPDF(name string, write func(path string) error) {
	path, fallback := printTarget(u.book.Path(), name, time.Now())
	u.runLong(lang.X("print.title", "打印"), func(ctx context.Context, _ progressFunc) (any, error) {
		return nil, write(path)
	}, func(_ any, err error) {
		if err != nil {
			os.Remove(path) // no half-written printout left to be found later
			showError(u.win, err)
			return
		}
		u.setHint(fmt.Sprintf(lang.X("print.written", "已生成 PDF：%s"), path))
		if fallback {
			showInfo(u.win, lang.X("print.title", "打印"), fmt.Sprintf(lang.X("print.fallback",
				"账簿所在文件夹不能写入，无法在其中建立“%s”文件夹；PDF 已暂存在临时文件夹：\n%s\n需要留存时请另行保存。"), printDirName, path))
		}
		if err := openFile(path); err != nil {
			showInfo(u.win, lang.X("print.title", "打印"),
				fmt.Sprintf(lang.X("print.noviewer", "PDF 已保存在 %s，但没有找到打开它的程序；请用 PDF 阅读器打开后打印。"), path))
		}
	})
}

// layoutFunc lays a printout out; it runs off the UI goroutine.
type layoutFunc func() (*printouts.Layout, error)

// printLayout lays a printout out and prints it (see printPDF).
func (u *App) printLayout(name string, lay layoutFunc) {
	u.printPDF(name, func(path string) error {
		l, err := lay()
		if err != nil {
			return err
		}
		return l.WriteFile(path)
	})
}

// previewLayout lays a printout out off the UI goroutine and shows it in the
// preview (showPreview).
func (u *App) previewLayout(title, name string, lay layoutFunc) {
	u.runLong(lang.X("preview.title", "预览"), func(context.Context, progressFunc) (any, error) {
		return lay()
	}, func(v any, err error) {
		if err != nil {
			showError(u.win, err)
			return
		}
		u.showPreview(title, name, v.(*printouts.Layout))
	})
}

// showPreview shows a printout's pages as they print — drawn from the layout
// the PDF is written from — in a dialog nearly the window's size, with 打印
// and 保存 PDF of that same layout.
func (u *App) showPreview(title, name string, l *printouts.Layout) *docView {
	doc := newDocView()
	var d dialog.Dialog
	printBtn := widget.NewButton(lang.X("preview.print", "打印"), func() {
		u.printPDF(name, l.WriteFile)
	})
	printBtn.Importance = widget.HighImportance
	saveBtn := widget.NewButton(lang.X("preview.save", "保存 PDF…"), func() {
		u.saveFileDialog(name, func(path string) { u.saveLayout(l, path, nil) })
	})
	closeBtn := widget.NewButton(lang.X("preview.close", "关闭"), func() { d.Hide() })
	bar := container.NewHBox(layout.NewSpacer(), printBtn, saveBtn, closeBtn)
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, bar, nil, nil, doc), u.win)
	size := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.92, 600), max(size.Height*0.92, 400)))
	d.Show()
	doc.SetLayout(l)
	u.previewShown = doc
	return doc
}

// saveLayout writes a laid-out printout as a PDF at path off the UI
// goroutine; done (tests) is called with the result after the person is told.
func (u *App) saveLayout(l *printouts.Layout, path string, done func(error)) {
	if !strings.HasSuffix(strings.ToLower(path), ".pdf") {
		path += ".pdf"
	}
	u.runLong(lang.X("notice.saving", "保存 PDF"), func(context.Context, progressFunc) (any, error) {
		return nil, l.WriteFile(path)
	}, func(_ any, err error) {
		if err != nil {
			showError(u.win, err)
		} else {
			u.setHint(fmt.Sprintf(lang.X("preview.saved", "已保存为 %s"), path))
		}
		if done != nil {
			done(err)
		}
	})
}

// voucherLayout lays a voucher out as the printed 记账凭证.
func voucherLayout(u *App, v books.Voucher) layoutFunc {
	community := u.info.Community
	return func() (*printouts.Layout, error) {
		return printouts.Vouchers(community, []books.Voucher{v}, printouts.Options{})
	}
}

// statementLayout lays a statutory statement out in its official form.
func statementLayout(st books.Statement) layoutFunc {
	return func() (*printouts.Layout, error) { return printouts.Statement(st, printouts.Options{}) }
}

// tableLayout lays a report table out as printouts lays reports: A4
// landscape, header on every page, page numbers. whole, when set, gives the
// whole report where the screen shows a page of it.
func tableLayout(u *App, t books.Table, whole func() (books.Table, error)) layoutFunc {
	unit := u.unitName()
	return func() (*printouts.Layout, error) {
		if whole != nil {
			w, err := whole()
			if err != nil {
				return nil, err
			}
			t = w
		}
		return printouts.Report(unit, t, printouts.ReportOptions(printouts.Options{}))
	}
}

// voucherName is how a voucher is named on screen: its month and number
// (2026年12月 记-0020), as on the printed voucher; a number is never shown
// without its month.
func voucherName(p books.Period, no string) string {
	if p == 0 {
		return no
	}
	return p.Chinese() + " " + no
}

// voucherNameOn names the voucher numbered no dated date (YYYY-MM-DD).
func voucherNameOn(date, no string) string {
	p, _ := books.PeriodOf(date)
	return voucherName(p, no)
}
