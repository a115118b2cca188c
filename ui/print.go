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

	"fyne.io/fyne/v2/lang"

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

// printVoucher writes a voucher as the printed 记账凭证.
func printVoucher(u *App, v books.Voucher, path string) error {
	l, err := printouts.Vouchers(u.info.Community, []books.Voucher{v}, printouts.Options{})
	if err != nil {
		return err
	}
	return l.WriteFile(path)
}

// printStatement prints a statutory statement in its official form.
func printStatement(st books.Statement, path string) error {
	l, err := printouts.Statement(st, printouts.Options{})
	if err != nil {
		return err
	}
	return l.WriteFile(path)
}

// printTable prints a report table as printouts lays reports out: A4
// landscape, header on every page, page numbers.
func printTable(u *App, t books.Table, path string) error {
	l, err := printouts.Report(u.unitName(), t, printouts.ReportOptions(printouts.Options{}))
	if err != nil {
		return err
	}
	return l.WriteFile(path)
}
