package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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

// findPDFToPPM finds poppler's pdftoppm, which turns the notice's PDF into
// page images for the preview; tests replace it to check the fallback.
var findPDFToPPM = func() (string, error) { return exec.LookPath("pdftoppm") }

// previewDPI is the resolution of the preview's page images: an A4 page is
// about 690 pixels wide, readable without scrolling sideways.
const previewDPI = 84

// noticeScreen is 公示: the monthly 财务公开 notice previewed as the PDF will
// look, compound by compound, with month, compound, paper and orientation,
// and 打印 / 保存 PDF.
type noticeScreen struct {
	u           *App
	month       *widget.Select
	compound    *widget.Select
	paper       *widget.Select
	landscape   *widget.Check
	status      *widget.Label
	pages       *fyne.Container
	scroll      *container.Scroll
	periods     []books.Period
	compoundIDs []int64
	// gen numbers the previews, so a slow rendering that finishes after a
	// newer one was asked for is dropped.
	gen int
	// previewed is called after each preview is shown (tests wait on it).
	previewed func()
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
	s.pages = container.NewVBox()
	s.scroll = container.NewScroll(container.NewCenter(s.pages))
	printBtn := widget.NewButton(lang.X("notice.print", "打印"), s.print)
	printBtn.Importance = widget.HighImportance
	saveBtn := widget.NewButton(lang.X("notice.save", "保存 PDF…"), func() {
		u.saveFileDialog(s.fileName(), func(path string) { s.savePDF(path, nil) })
	})
	bar := container.NewHBox(
		widget.NewLabel(lang.X("notice.month", "月份：")), container.NewGridWrap(fyne.NewSize(130, s.month.MinSize().Height), s.month),
		widget.NewLabel(lang.X("notice.compound", "小区：")), container.NewGridWrap(fyne.NewSize(210, s.compound.MinSize().Height), s.compound),
		widget.NewLabel(lang.X("notice.paper", "纸张：")), s.paper, s.landscape,
		widget.NewButton(lang.X("notice.refresh", "刷新预览"), s.preview), printBtn, saveBtn)
	s.content = container.NewBorder(container.NewVBox(bar, s.status), nil, nil, nil, s.scroll)
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

// writeNotice builds the month's notice and writes its PDF to path; it runs
// off the UI goroutine.
// writeNotice writes the notice PDF to path and returns the notice and its
// number of pages.
func writeNotice(b *books.Book, p books.Period, compound int64, o printouts.Options, path string) (notice.Notice, int, error) {
	n, err := notice.Of(b, p, compound)
	if err != nil {
		return n, 0, err
	}
	l, err := printouts.Notice(n, o)
	if err != nil {
		return n, 0, err
	}
	return n, len(l.Pages), l.WriteFile(path)
}

// previewPages is how many pages the preview shows: the board's sheets of a
// month fit, and a book with thousands of items a month is not kept waiting
// for images of pages nobody scrolls to (printing gives all of them). Tests
// lower it.
var previewPages = 12

type noticePreview struct {
	notice notice.Notice
	pages  int             // pages of the PDF
	images []fyne.Resource // the first previewPages pages; none when pdftoppm is missing
	noTool bool
}

// preview renders the notice off the UI goroutine: the PDF is written and
// turned into page images with pdftoppm; without pdftoppm (a Windows PC)
// the notice's rows are laid out like the printout instead.
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
		res, err := renderNotice(b, p, comp, o)
		fyne.Do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText(errorText(err))
				s.pages.Objects = nil
				s.pages.Refresh()
			} else {
				s.show(res)
			}
			if s.previewed != nil {
				s.previewed()
			}
		})
	}()
}

func renderNotice(b *books.Book, p books.Period, comp int64, o printouts.Options) (noticePreview, error) {
	var res noticePreview
	dir, err := os.MkdirTemp("", "sunbooks-notice-")
	if err != nil {
		return res, books.Errorf(books.Internal, "无法建立临时目录")
	}
	// The images are read into memory, so nothing is left in the temp folder.
	defer os.RemoveAll(dir)
	pdf := filepath.Join(dir, "notice.pdf")
	if res.notice, res.pages, err = writeNotice(b, p, comp, o, pdf); err != nil {
		return res, err
	}
	tool, err := findPDFToPPM()
	if err != nil {
		res.noTool = true
		return res, nil
	}
	if err := exec.Command(tool, "-r", strconv.Itoa(previewDPI), "-png", "-l", strconv.Itoa(previewPages), pdf, filepath.Join(dir, "page")).Run(); err != nil {
		res.noTool = true
		return res, nil
	}
	images, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	// page-1.png … page-10.png: order by the number, not the text.
	sort.Slice(images, func(i, j int) bool { return pageNum(images[i]) < pageNum(images[j]) })
	for _, path := range images {
		data, err := os.ReadFile(path)
		if err != nil {
			res.noTool = true
			return res, nil
		}
		res.images = append(res.images, fyne.NewStaticResource(filepath.Base(path), data))
	}
	return res, nil
}

func pageNum(path string) int {
	base := strings.TrimSuffix(filepath.Base(path), ".png")
	n, _ := strconv.Atoi(base[strings.LastIndex(base, "-")+1:])
	return n
}

func (s *noticeScreen) show(res noticePreview) {
	s.pages.Objects = nil
	n := res.notice
	summary := fmt.Sprintf(lang.X("notice.summary", "%s %s财务公开：%d 个小区，公示期 %s 至 %s"), n.Community, n.Period.Chinese(), len(n.Compounds), n.PostFrom, n.PostTo)
	if w := n.Warning(); w != "" {
		// Said before anything is printed: the board would show 未结账.
		summary = "⚠ " + w + "\n" + summary
	}
	if res.noTool {
		s.status.SetText(summary + "\n" + lang.X("notice.notool", "本机没有 pdftoppm，无法显示 PDF 的页面图像；下面按打印版式列出公示内容。打印或保存 PDF 不受影响。"))
		for _, c := range n.Compounds {
			s.pages.Add(noticeSheet(n, c))
		}
	} else {
		status := summary + fmt.Sprintf(lang.X("notice.pages", "，共 %d 页（与打印的 PDF 相同）"), res.pages)
		if res.pages > len(res.images) {
			status += fmt.Sprintf(lang.X("notice.firstpages", "；预览显示前 %d 页，打印或保存 PDF 得到全部页"), len(res.images))
		}
		s.status.SetText(status)
		for _, r := range res.images {
			img := canvas.NewImageFromResource(r)
			img.FillMode = canvas.ImageFillOriginal
			img.ScaleMode = canvas.ImageScaleSmooth
			border := canvas.NewRectangle(color.Gray{Y: 0xc0})
			s.pages.Add(container.NewStack(border, container.NewPadded(img)))
		}
	}
	s.pages.Refresh()
	s.scroll.ScrollToTop()
}

// noticeSheet lays one compound's notice out like the printout, for PCs
// without pdftoppm.
func noticeSheet(n notice.Notice, c notice.Compound) fyne.CanvasObject {
	title := canvas.NewText(n.Community+"财务公开榜", color.NRGBA{R: 0xc0, G: 0x10, B: 0x10, A: 0xff})
	title.TextSize = 26
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.Alignment = fyne.TextAlignCenter
	sub := widget.NewLabelWithStyle(c.Compound+" 公共收益收支公示（"+n.Period.Chinese()+"）", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	rule := canvas.NewRectangle(color.NRGBA{R: 0xc0, G: 0x10, B: 0x10, A: 0xff})
	rule.SetMinSize(fyne.NewSize(0, 3))
	info := widget.NewLabel(fmt.Sprintf("街道：%s　　社区：%s　　小区：%s　　公示期：%s 至 %s", n.Street, n.Community, c.Compound, n.PostFrom, n.PostTo))

	heads := []string{"上月结余（期初）", "本月收入", "本月支出"}
	figs := []books.Money{c.Opening, c.Income, c.Expense}
	if !c.Other.IsZero() {
		heads, figs = append(heads, "其他净资产变动"), append(figs, c.Other)
	}
	heads, figs = append(heads, "本月结余（期末）"), append(figs, c.Closing)
	fr := make([]float32, len(heads)+1)
	fr[0] = 0.16
	for i := range heads {
		fr[i+1] = 0.84 / float32(len(heads))
	}
	row := func(cells ...fyne.CanvasObject) fyne.CanvasObject { return container.New(colLayout{fr: fr}, cells...) }
	hc := []fyne.CanvasObject{bold("项目")}
	fc := []fyne.CanvasObject{widget.NewLabel("金额（元）")}
	cc := []fyne.CanvasObject{widget.NewLabel("人民币大写")}
	for i, h := range heads {
		hc = append(hc, bold(h))
		fc = append(fc, widget.NewLabelWithStyle(books.FormatYuan(figs[i]), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
		capital := widget.NewLabelWithStyle(books.Capital(figs[i]), fyne.TextAlignCenter, fyne.TextStyle{})
		capital.Wrapping = fyne.TextWrapWord
		cc = append(cc, capital)
	}
	summary := container.NewVBox(row(hc...), row(fc...), row(cc...))

	ifr := []float32{0.05, 0.07, 0.08, 0.30, 0.07, 0.12, 0.11, 0.11, 0.09}
	irow := func(cells ...fyne.CanvasObject) fyne.CanvasObject { return container.New(colLayout{fr: ifr}, cells...) }
	items := container.NewVBox(irow(bold("序号"), bold("日期"), bold("凭证号"), bold("事项"), bold("事项等级"), bold("审批编号"),
		boldRight("收入（元）"), boldRight("支出（元）"), bold("经办人")), widget.NewSeparator())
	right := func(m books.Money) fyne.CanvasObject {
		t := ""
		if !m.IsZero() {
			t = books.FormatYuan(m)
		}
		return widget.NewLabelWithStyle(t, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	for _, it := range c.Items {
		approval := it.ApprovalText(" ")
		memo := widget.NewLabel(it.Memo)
		memo.Wrapping = fyne.TextWrapWord
		date := it.Date
		if len(date) == 10 {
			date = date[5:]
		}
		items.Add(irow(widget.NewLabel(strconv.Itoa(it.Seq)), widget.NewLabel(date), widget.NewLabel(it.VoucherNo), memo,
			widget.NewLabel(it.Level), widget.NewLabel(approval), right(it.Income), right(it.Expense), widget.NewLabel(it.Handler)))
	}
	if len(c.Items) == 0 {
		items.Add(widget.NewLabelWithStyle("本月无收支事项", fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	items.Add(widget.NewSeparator())
	items.Add(irow(bold(""), bold(""), bold(""), bold("本月合计"), bold(""), bold(""),
		boldRight(books.FormatYuan(c.Income)), boldRight(books.FormatYuan(c.Expense)), bold("")))

	phone := func(p string) string {
		if strings.TrimSpace(p) == "" {
			return "____________"
		}
		return p
	}
	seal := func(who string) fyne.CanvasObject {
		box := canvas.NewRectangle(color.Transparent)
		box.StrokeColor = color.Gray{Y: 0x80}
		box.StrokeWidth = 1
		box.SetMinSize(fyne.NewSize(0, 90))
		return container.NewStack(box, container.NewBorder(bold(who), widget.NewLabelWithStyle("年　　月　　日", fyne.TextAlignTrailing, fyne.TextStyle{}), nil, nil))
	}
	sign := container.NewGridWithColumns(3, seal("社区党组织（盖章）"), seal("居务监督委员会（盖章）"), seal("会计（签字）"))
	phones := widget.NewLabel("监督电话：社区 " + phone(n.PhoneCommunity) + "　　街道 " + phone(n.PhoneStreet))

	sheet := container.NewVBox(title, sub, rule, info, summary, widget.NewSeparator(), bold("收支明细"), items, sign, phones)
	paper := canvas.NewRectangle(color.White)
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = color.Gray{Y: 0xa0}
	frame.StrokeWidth = 1
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(900, 0))
	return container.NewPadded(container.NewStack(paper, frame, width, container.NewPadded(sheet)))
}

// print writes the notice's PDF and opens it in the system viewer.
func (s *noticeScreen) print() {
	p, comp, o, ok := s.choice()
	if !ok {
		return
	}
	b := s.u.book
	s.u.printPDF(s.fileName(), func(path string) error {
		_, _, err := writeNotice(b, p, comp, o, path)
		return err
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
		_, _, err := writeNotice(b, p, comp, o, path)
		return nil, err
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
