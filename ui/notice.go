package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/notice"
	"sunbooks/printouts"
)

// noticeScreenDef is the 公示 screen's place in the shell (app.go's screens).
func noticeScreenDef() screenDef {
	return screenDef{id: "notice", title: func() string { return lang.X("screen.notice", "公示") },
		kinds: []string{books.KindCommunity},
		build: func(a *App) Screen { return newNoticeScreen(a) }}
}

// noticeScreen is 公示: the monthly 财务公开 notice previewed as the PDF will
// look, compound by compound, with month, compound, paper and orientation,
// and 打印 / 保存 PDF / 发布; and the archive of the notices published.
type noticeScreen struct {
	u           *App
	month       *widget.Select
	compound    *widget.Select
	paper       *widget.Select
	landscape   *widget.Check
	status      *widget.Label
	doc         *docView
	periods     []books.Period
	compoundIDs []int64
	// gen numbers the previews, so a slow rendering that finishes after a
	// newer one was asked for is dropped.
	gen int
	// previewed is called after each preview is shown (tests wait on it).
	previewed func()
	archive   *noticeArchive
	publishB  *widget.Button
	tabs      *container.AppTabs
	content   fyne.CanvasObject
}

func newNoticeScreen(u *App) *noticeScreen {
	s := &noticeScreen{u: u}
	s.month = newChoice(nil, func(string) { s.preview() })
	s.compound = newChoice(nil, func(string) { s.preview() })
	s.paper = newChoice([]string{"A4", "A3"}, func(string) { s.preview() })
	s.landscape = widget.NewCheck(lang.X("notice.landscape", "横向"), func(bool) { s.preview() })
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.doc = newDocView()
	printBtn := widget.NewButton(lang.X("notice.print", "打印"), s.print)
	printBtn.Importance = widget.HighImportance
	saveBtn := widget.NewButton(lang.X("notice.save", "保存 PDF…"), func() {
		u.saveFileDialog(s.fileName(), func(path string) { s.savePDF(path, nil) })
	})
	publishBtn := widget.NewButton(lang.X("notice.publish", "发布…"), s.askPublish)
	publishBtn.Hidden = !u.can(books.RoleAccountant, books.RoleParty)
	s.publishB = publishBtn
	bar := container.NewHBox(
		widget.NewLabel(lang.X("notice.month", "月份：")), container.NewGridWrap(fyne.NewSize(130, s.month.MinSize().Height), s.month),
		widget.NewLabel(lang.X("notice.compound", "小区：")), container.NewGridWrap(fyne.NewSize(210, s.compound.MinSize().Height), s.compound),
		widget.NewLabel(lang.X("notice.paper", "纸张：")), s.paper, s.landscape,
		widget.NewButton(lang.X("notice.refresh", "刷新预览"), s.preview), printBtn, saveBtn, publishBtn)
	s.archive = newNoticeArchive(u)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("notice.tab.preview", "预览与打印"), container.NewBorder(container.NewVBox(bar, s.status), nil, nil, nil, s.doc)),
		container.NewTabItem(lang.X("notice.tab.archive", "公示档案"), s.archive.content))
	s.content = s.tabs
	return s
}

// Content is the screen's widget tree.
func (s *noticeScreen) Content() fyne.CanvasObject { return s.content }

// Reload fills the pickers (the working month first) and previews.
func (s *noticeScreen) Reload() {
	ps := s.u.Periods() // kept by the shell: reading them costs ~100 ms on a big book
	s.periods = nil
	var names []string
	for _, p := range ps {
		s.periods = append(s.periods, p.Period)
		names = append(names, p.Period.Chinese())
	}
	cs, err := s.u.book.Compounds(true)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.compoundIDs = []int64{0}
	cnames := []string{lang.X("notice.allcompounds", "全部小区（每个小区一张）")}
	for _, c := range cs {
		s.compoundIDs = append(s.compoundIDs, c.ID)
		cnames = append(cnames, c.Name)
	}
	s.archive.reload(s.periods, cnames[1:])
	// Set the pickers quietly, then preview once.
	quiet := []*widget.Select{s.month, s.compound, s.paper}
	saved := make([]func(string), len(quiet))
	for i, w := range quiet {
		saved[i], w.OnChanged = w.OnChanged, nil
	}
	s.month.Options = names
	s.compound.Options = cnames
	if s.month.SelectedIndex() < 0 {
		for i, p := range s.periods {
			if p == s.u.period {
				s.month.SetSelectedIndex(i)
			}
		}
	}
	if s.compound.SelectedIndex() < 0 {
		s.compound.SetSelectedIndex(0)
	}
	if s.paper.SelectedIndex() < 0 {
		s.paper.SetSelectedIndex(0)
	}
	for i, w := range quiet {
		w.OnChanged = saved[i]
	}
	s.preview()
}

// choice is what the pickers say.
func (s *noticeScreen) choice() (books.Period, int64, printouts.Options, bool) {
	mi, ci := s.month.SelectedIndex(), s.compound.SelectedIndex()
	if mi < 0 || ci < 0 || mi >= len(s.periods) || ci >= len(s.compoundIDs) {
		return 0, 0, printouts.Options{}, false
	}
	o := printouts.Options{Paper: s.paper.Selected, Landscape: s.landscape.Checked}
	return s.periods[mi], s.compoundIDs[ci], o, true
}

func (s *noticeScreen) fileName() string {
	p, _, _, _ := s.choice()
	name := fmt.Sprintf("%s%s财务公开榜", s.u.info.Community, p.Chinese())
	if i := s.compound.SelectedIndex(); i > 0 {
		name += "-" + s.compound.Selected
	}
	return name + ".pdf"
}

// writeNotice writes the month's notice PDF to path; it runs off the UI
// goroutine.
func writeNotice(b *books.Book, p books.Period, compound int64, o printouts.Options, path string) error {
	res, err := layOutNotice(b, p, compound, o)
	if err != nil {
		return err
	}
	return res.layout.WriteFile(path)
}

// noticePreview is a month's notice and the layout its PDF is drawn from.
type noticePreview struct {
	notice notice.Notice
	layout *printouts.Layout
}

// preview lays the notice out off the UI goroutine and draws the layout —
// the one the PDF is written from — page by page.
func (s *noticeScreen) preview() {
	p, comp, o, ok := s.choice()
	if !ok {
		return
	}
	s.gen++
	gen := s.gen
	b := s.u.book
	s.status.SetText(lang.X("notice.rendering", "正在生成预览…"))
	s.u.reading.Add(1)
	go func() {
		// Done once the result is handed to the UI goroutine (fyne.Do does
		// not wait), so closeBook never waits on the UI goroutine itself.
		defer s.u.reading.Done()
		res, err := layOutNotice(b, p, comp, o)
		fyne.Do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText(errorText(err))
				s.doc.SetLayout(nil)
			} else {
				s.show(res)
			}
			if s.previewed != nil {
				s.previewed()
			}
		})
	}()
}

func layOutNotice(b *books.Book, p books.Period, comp int64, o printouts.Options) (noticePreview, error) {
	var res noticePreview
	var err error
	if res.notice, err = notice.Of(b, p, comp); err != nil {
		return res, err
	}
	res.layout, err = printouts.Notice(res.notice, o)
	return res, err
}

func (s *noticeScreen) show(res noticePreview) {
	n := res.notice
	summary := fmt.Sprintf(lang.X("notice.summary", "%s %s财务公开：%d 个小区，公示期 %s 至 %s"), n.Community, n.Period.Chinese(), len(n.Compounds), n.PostFrom, n.PostTo)
	if w := n.Warning(); w != "" {
		// Said before anything is printed: the board would show 未结账.
		summary = "⚠ " + w + "\n" + summary
	}
	s.status.SetText(summary + fmt.Sprintf(lang.X("notice.pages", "，共 %d 页（与打印的 PDF 相同）"), len(res.layout.Pages)))
	s.doc.SetLayout(res.layout)
}

// print writes the notice's PDF and opens it in the system viewer.
func (s *noticeScreen) print() {
	p, comp, o, ok := s.choice()
	if !ok {
		return
	}
	b := s.u.book
	s.u.printPDF(s.fileName(), func(path string) error {
		return writeNotice(b, p, comp, o, path)
	})
}

// savePDF writes the notice's PDF to path off the UI goroutine; done (tests)
// is called with the result after the person is told.
func (s *noticeScreen) savePDF(path string, done func(error)) {
	p, comp, o, ok := s.choice()
	if !ok {
		return
	}
	if !strings.HasSuffix(strings.ToLower(path), ".pdf") {
		path += ".pdf"
	}
	b := s.u.book
	s.u.runLong(lang.X("notice.saving", "保存 PDF"), func(ctx context.Context, _ progressFunc) (any, error) {
		return nil, writeNotice(b, p, comp, o, path)
	}, func(_ any, err error) {
		if err != nil {
			showError(s.u.win, err)
		} else {
			s.u.setHint(fmt.Sprintf(lang.X("notice.saved", "公示已保存为 %s"), path))
		}
		if done != nil {
			done(err)
		}
	})
}
