package ui

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"

	"fyne.io/fyne/v2/lang"

	"sunbooks/books"
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

// printPDF writes a PDF off the UI goroutine and opens it in the system
// viewer, where the person prints it; the file stays for the record.
func (u *App) printPDF(path string, write func(path string) error) {
	u.runLong(lang.X("print.title", "打印"), func(ctx context.Context, _ progressFunc) (any, error) {
		return nil, write(path)
	}, func(_ any, err error) {
		if err != nil {
			showError(u.win, err)
			return
		}
		u.setHint(fmt.Sprintf(lang.X("print.written", "已生成 PDF：%s"), path))
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

// printTable prints a report table as printouts lays reports out: A4
// landscape, header on every page, page numbers.
func printTable(u *App, t books.Table, path string) error {
	l, err := printouts.Report(u.unitName(), t, printouts.ReportOptions(printouts.Options{}))
	if err != nil {
		return err
	}
	return l.WriteFile(path)
}
