package ui

// 收入 › 其他收入 › 导入结算单…: a platform's or workshop's settlement sheet,
// read through its source's mapping, becomes draft income vouchers.

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

// settlementFiles are the files a settlement sheet comes in.
var settlementFiles = []string{".csv", ".xlsx"}

// askSettlement asks for the sheet's source, then the file.
func (s *incomeScreen) askSettlement() {
	sources, err := income.SettlementSources(s.u.book)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	var names []string
	for _, src := range sources {
		names = append(names, src.Name)
	}
	pick := widget.NewSelect(names, nil)
	if len(names) > 0 {
		pick.SetSelectedIndex(0)
	}
	hint := widget.NewLabel(lang.X("settle.hint", "按来源的列映射读结算单（.csv 或 .xlsx），每个小区每月生成一张收入凭证草稿；有一行读不了就什么都不导入，并列出原因。"))
	hint.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm(lang.X("settle.title", "导入结算单"), lang.X("settle.choose", "选择文件…"), lang.X("dialog.cancel", "取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("settle.source", "来源"), pick), widget.NewFormItem("", hint)}, func(ok bool) {
			if !ok || pick.Selected == "" {
				return
			}
			source := pick.Selected
			s.u.openFileDialog(settlementFiles, func(path string) { s.importSettlement(source, path, nil) })
		}, s.u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// importSettlement imports path off the UI goroutine; done (tests) is called
// after the person is told.
func (s *incomeScreen) importSettlement(source, path string, done func(income.SettlementResult, error)) {
	sess := s.u.sess
	s.u.runLong(lang.X("settle.title", "导入结算单"), func(ctx context.Context, _ progressFunc) (any, error) {
		return income.ImportSettlement(sess, source, path)
	}, func(v any, err error) {
		res, _ := v.(income.SettlementResult)
		if s.done(err, fmt.Sprintf(lang.X("settle.done", "已导入%s的结算单：%d 行，佣金合计 %s，生成凭证草稿 %d 张"),
			res.Source, res.Lines, books.FormatYuan(res.Commission), len(res.Vouchers))) {
			var b strings.Builder
			for _, v := range res.Vouchers {
				fmt.Fprintf(&b, lang.X("settle.voucher", "%s %s　%s　%d 笔　佣金 %s　手续费 %s\n"), v.Period.Chinese(), v.VoucherNo, v.Compound, v.Lines,
					books.FormatYuan(v.Commission), books.FormatYuan(v.Fees))
			}
			showInfo(s.u.win, lang.X("settle.title", "导入结算单"), fmt.Sprintf(lang.X("settle.result",
				"%s（%s）：%d 行，佣金合计 %s，手续费 %s。\n生成的收入凭证草稿（在“凭证”中审核、记账）：\n%s"),
				res.File, res.Encoding, res.Lines, books.FormatYuan(res.Commission), books.FormatYuan(res.Fees), b.String()))
		}
		if done != nil {
			done(res, err)
		}
	})
}
