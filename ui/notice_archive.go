package ui

// 公示 › 公示档案, and 发布 on the preview: the notices published, searched by
// month, compound and item text; each opened or saved as the exact PDF.

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/notice"
	"sunbooks/printouts"
)

// noticeArchive is the 公示档案 tab.
type noticeArchive struct {
	u        *App
	month    *widget.Select
	compound *widget.Select
	text     *widget.Entry
	head     *widget.Label
	table    *dataTable
	list     []books.Publication
	periods  []books.Period // the month picker's, after 全部月份
	content  fyne.CanvasObject
}

func newNoticeArchive(u *App) *noticeArchive {
	a := &noticeArchive{u: u}
	a.month = newChoice(nil, func(string) { a.load() })
	a.compound = newChoice(nil, func(string) { a.load() })
	a.text = widget.NewEntry()
	a.text.SetPlaceHolder(lang.X("archive.text.ph", "事项中的字，如 燃气管线"))
	a.text.OnSubmitted = func(string) { a.load() }
	a.head = widget.NewLabel("")
	a.head.Wrapping = fyne.TextWrapWord
	a.table = newDataTable([]column{
		{lang.X("archive.no", "公示编号"), 120, false},
		{lang.X("archive.month", "月份"), 80, false},
		{lang.X("archive.scope", "范围"), 100, false},
		{lang.X("archive.version", "版本"), 45, false},
		{lang.X("archive.by", "发布人"), 70, false},
		{lang.X("archive.at", "发布时间"), 140, false},
		{lang.X("archive.post", "公示期"), 170, false},
		{lang.X("archive.state", "状态"), 150, false},
		{lang.X("archive.matches", "相符的事项"), 220, false},
	}, func() int { return len(a.list) }, a.cell, a.open)
	openBtn := widget.NewButton(lang.X("archive.open", "打开 PDF"), func() { a.open(a.table.selRow) })
	saveBtn := widget.NewButton(lang.X("archive.save", "保存 PDF…"), a.save)
	bar := container.NewHBox(
		widget.NewLabel(lang.X("notice.month", "月份：")), container.NewGridWrap(fyne.NewSize(130, a.month.MinSize().Height), a.month),
		widget.NewLabel(lang.X("notice.compound", "小区：")), container.NewGridWrap(fyne.NewSize(150, a.compound.MinSize().Height), a.compound),
		widget.NewLabel(lang.X("archive.textlabel", "事项：")), container.NewGridWrap(fyne.NewSize(200, a.text.MinSize().Height), a.text),
		widget.NewButton(lang.X("archive.search", "查找"), a.load), openBtn, saveBtn)
	a.content = container.NewBorder(container.NewVBox(bar, a.head), nil, nil, nil, a.table)
	return a
}

func (a *noticeArchive) cell(row, col int) (string, bool) {
	p := a.list[row]
	switch col {
	case 0:
		return p.No, false
	case 1:
		return p.Period.Chinese(), false
	case 2:
		return p.Scope(), false
	case 3:
		return fmt.Sprint(p.Version), false
	case 4:
		return p.PublishedBy, false
	case 5:
		return p.PublishedAt, false
	case 6:
		return fmt.Sprintf(lang.X("archive.postrange", "%s 至 %s"), p.PostFrom, p.PostTo), false
	case 7:
		if p.ReplacedBy != "" {
			return fmt.Sprintf(lang.X("archive.replaced", "已被 %s 替代"), p.ReplacedBy), true
		}
		return lang.X("archive.current", "现行"), false
	case 8:
		var m []string
		for _, it := range p.Matches {
			m = append(m, it.Compound+" "+it.Memo)
		}
		return strings.Join(m, lang.X("archive.sep", "；")), false
	}
	return "", false
}

// reload fills the pickers and lists what they choose.
func (a *noticeArchive) reload(periods []books.Period, compounds []string) {
	months := []string{lang.X("archive.allmonths", "全部月份")}
	a.periods = periods
	for _, p := range periods {
		months = append(months, p.Chinese())
	}
	names := append([]string{lang.X("archive.allcompounds", "全部小区")}, compounds...)
	for _, w := range []*widget.Select{a.month, a.compound} {
		saved := w.OnChanged
		w.OnChanged = nil
		if w == a.month {
			w.Options = months
		} else {
			w.Options = names
		}
		if w.SelectedIndex() < 0 || w.SelectedIndex() >= len(w.Options) {
			w.SetSelectedIndex(0)
		}
		w.OnChanged = saved
	}
	a.load()
}

// filter is what the pickers and the text ask for.
func (a *noticeArchive) filter() books.PublicationFilter {
	var f books.PublicationFilter
	if i := a.month.SelectedIndex(); i > 0 && i <= len(a.periods) {
		f.Period = a.periods[i-1]
	}
	if a.compound.SelectedIndex() > 0 {
		f.Compound = a.compound.Selected
	}
	f.Text = strings.TrimSpace(a.text.Text)
	return f
}

func (a *noticeArchive) load() {
	f := a.filter()
	list, err := a.u.book.Publications(f)
	if err != nil {
		showError(a.u.win, err)
		return
	}
	a.list = list
	a.table.UnselectAll()
	a.table.Refresh()
	switch {
	case len(list) > 0:
		a.head.SetText(fmt.Sprintf(lang.X("archive.count", "共 %d 份发布的公示；双击一行打开当时发布的 PDF 原件"), len(list)))
	case f != books.PublicationFilter{}:
		a.head.SetText(lang.X("archive.none", "没有符合条件的公示"))
	default:
		a.head.SetText(lang.X("archive.empty", "还没有发布过公示：在“预览与打印”中选好已结账的月份，点“发布…”"))
	}
}

// selected is the publication of row, if any.
func (a *noticeArchive) selected(row int) (books.Publication, bool) {
	if row < 0 || row >= len(a.list) {
		showInfo(a.u.win, lang.X("archive.title", "公示档案"), lang.X("archive.pick", "请先在列表中选一份公示"))
		return books.Publication{}, false
	}
	return a.list[row], true
}

// open writes the published PDF into 打印件 and opens it.
func (a *noticeArchive) open(row int) {
	p, ok := a.selected(row)
	if !ok {
		return
	}
	b := a.u.book
	a.u.printPDF(p.No+".pdf", func(path string) error {
		pdf, err := b.PublicationPDF(p.No)
		if err != nil {
			return err
		}
		return books.WriteFileAtomic(path, pdf)
	})
}

func (a *noticeArchive) save() {
	p, ok := a.selected(a.table.selRow)
	if !ok {
		return
	}
	a.u.saveFileDialog(p.No+".pdf", func(path string) {
		pdf, err := a.u.book.PublicationPDF(p.No)
		if err == nil {
			err = books.WriteFileAtomic(path, pdf)
		}
		if err != nil {
			showError(a.u.win, err)
			return
		}
		a.u.setHint(fmt.Sprintf(lang.X("archive.saved", "已保存发布的公示 %s：%s"), p.No, path))
	})
}

// askPublish says what publishing the chosen notice does — its number and
// version — and asks for the reason a month published before needs.
func (s *noticeScreen) askPublish() {
	p, comp, _, ok := s.choice()
	if !ok {
		return
	}
	stamp, err := s.u.book.NextNoticeStamp(p, comp)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	msg := fmt.Sprintf(lang.X("publish.msg", "发布 %s %s的公示，编号 %s，第 %d 版。\n发布后 PDF 原件存入公示档案，不能修改或删除。"),
		p.Chinese(), s.compound.Selected, stamp.No, stamp.Version)
	info := widget.NewLabel(msg)
	info.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem("", info)}
	reason := widget.NewEntry()
	if stamp.Version > 1 {
		reason.SetPlaceHolder(fmt.Sprintf(lang.X("publish.reason.ph", "已发布过 %s，再次发布须说明原因"), stamp.Replaces))
		items = append(items, widget.NewFormItem(lang.X("publish.reason", "原因"), reason))
	}
	d := dialog.NewForm(lang.X("publish.title", "发布公示"), lang.X("publish.ok", "发布"), lang.X("dialog.cancel", "取消"), items, func(yes bool) {
		if yes {
			s.publish(reason.Text, nil)
		}
	}, s.u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// publish publishes the chosen notice off the UI goroutine; done (tests) is
// called with the result after the person is told.
func (s *noticeScreen) publish(reason string, done func(books.Publication, error)) {
	p, comp, o, ok := s.choice()
	if !ok {
		return
	}
	b, sess := s.u.book, s.u.sess
	s.u.runLong(lang.X("publish.title", "发布公示"), func(ctx context.Context, _ progressFunc) (any, error) {
		n, err := notice.Of(b, p, comp)
		if err != nil {
			return nil, err
		}
		return notice.Publish(sess, n, comp, reason, func(n notice.Notice) ([]byte, int, error) {
			l, err := printouts.Notice(n, o)
			if err != nil {
				return nil, 0, err
			}
			pdf, err := l.PDF()
			return pdf, len(l.Pages), err
		})
	}, func(v any, err error) {
		var pub books.Publication
		if err != nil {
			showError(s.u.win, err)
		} else {
			pub = v.(books.Publication)
			s.u.setHint(fmt.Sprintf(lang.X("publish.done", "已发布 %s（%s %s，第 %d 版，共 %d 页），已存入公示档案"), pub.No, pub.Period.Chinese(), pub.Scope(), pub.Version, pub.Pages))
			s.archive.load()
		}
		if done != nil {
			done(pub, err)
		}
	})
}
