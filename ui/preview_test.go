package ui

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/notice"
	"sunbooks/printouts"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite the preview's golden images in testdata")

// pageTexts is the text drawn on each page of a preview (empty for pages
// not drawn).
func pageTexts(d *docView) []string {
	out := make([]string, len(d.pages))
	for i, p := range d.pages {
		var b strings.Builder
		for _, o := range test.WidgetRenderer(p).Objects() {
			if t, ok := o.(*canvas.Text); ok {
				b.WriteString(t.Text)
				b.WriteByte('\n')
			}
		}
		out[i] = b.String()
	}
	return out
}

// On a PC with no PDF converter, the 公示 preview of the demo month shows
// every page the PDF has, its first line item on the first page and its last
// on the last, drawn from the layout the PDF is written from.
func TestNoticePreviewOfTheDemoMonthNeedsNoPDFTool(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		t.Fatal("pdftoppm still found")
	}
	path := filepath.Join(t.TempDir(), "演示.sunbooks")
	b, err := demo.Create(path, demo.Options{Password: "secret1", Today: time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	s := waitPreview(t, u)
	p, comp, o, _ := s.choice()
	n, err := notice.Of(u.book, p, comp)
	if err != nil {
		t.Fatal(err)
	}
	l, err := printouts.Notice(n, o)
	if err != nil {
		t.Fatal(err)
	}
	var items []notice.Item
	for _, c := range n.Compounds {
		items = append(items, c.Items...)
	}
	if len(items) < 2 || len(l.Pages) < 2 {
		t.Fatalf("the demo month %s has %d items on %d pages; the test needs more", p, len(items), len(l.Pages))
	}
	if s.doc.Pages() != len(l.Pages) {
		t.Fatalf("preview has %d pages, the PDF %d", s.doc.Pages(), len(l.Pages))
	}
	assertShows(t, u.win.Canvas(), "第 1 页，共")
	// Every page shows what the PDF prints on it, in the same order.
	want := l.Text()
	for i := range want {
		s.doc.ShowPage(i)
		if got := pageTexts(s.doc)[i]; got != want[i] {
			t.Errorf("page %d shows %q, the PDF prints %q", i+1, got, want[i])
		}
	}
	if got := pageTexts(s.doc)[0]; got != "" {
		t.Errorf("page 1 is still drawn when page %d of %d is in sight", len(want), len(want))
	}
	// The first line item is on the first page, the last on the page the
	// PDF puts it on.
	s.doc.ShowPage(0)
	first, last := items[0], items[len(items)-1]
	texts := pageTexts(s.doc)
	for _, w := range []string{first.VoucherNo, firstRunes(first.Memo, 4), itemAmount(first)} {
		if !strings.Contains(texts[0], w) {
			t.Errorf("page 1 does not show %q of the first item; it shows %q", w, texts[0])
		}
	}
	at := -1
	for i := len(want) - 1; i >= 0 && at < 0; i-- {
		if strings.Contains(want[i], last.VoucherNo) && strings.Contains(want[i], itemAmount(last)) {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("the PDF does not print the last item %s", last.VoucherNo)
	}
	s.doc.ShowPage(at)
	texts = pageTexts(s.doc)
	for _, w := range []string{last.VoucherNo, firstRunes(last.Memo, 4), itemAmount(last)} {
		if !strings.Contains(texts[at], w) {
			t.Errorf("page %d does not show %q of the last item; it shows %q", at+1, w, texts[at])
		}
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

func itemAmount(it notice.Item) string {
	if !it.Income.IsZero() {
		return books.FormatYuan(it.Income)
	}
	return books.FormatYuan(it.Expense)
}

// goldenNotice is a fixed month of 阳光小区 (no book, no clock), so its page
// draws the same pixels on every run.
func goldenNotice() notice.Notice {
	y := decimal.RequireFromString
	return notice.Notice{
		Street: "城关街道", Community: "阳光社区", Period: 202603, PostFrom: "2026-04-01", PostTo: "2026-04-07",
		PhoneCommunity: "0539-1234567", PhoneStreet: "0539-7654321", Closed: true,
		Compounds: []notice.Compound{{
			CompoundID: 1, Compound: "阳光小区", Opening: y("12000"), Income: y("2500.50"), Expense: y("1234.50"),
			Other: y("0"), Closing: y("13266"),
			Items: []notice.Item{
				{Seq: 1, Date: "2026-03-03", VoucherNo: "记-0001", Memo: "3月停车费收入", Income: y("2500.50"), Expense: y("0"), Handler: "张会计"},
				{Seq: 2, Date: "2026-03-05", VoucherNo: "记-0002", Memo: "更换3号楼单元门禁系统及配套线路改造（含人工费、材料费），验收合格后支付", Level: "一般", AppNo: "申-2026-0003", ApprovalNo: "批-2026-0001", Paper: true, Income: y("0"), Expense: y("1234.50"), Handler: "王业委"},
			},
		}},
	}
}

// A page of the preview, drawn at 100 %, matches its golden image within a
// tolerance (anti-aliasing may differ by a shade; a moved box does not).
// Run with -update-golden after a deliberate change of the layout.
func TestPreviewPageMatchesGoldenImage(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	l, err := printouts.Notice(goldenNotice(), printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pv := &pageView{page: l.Pages[0], w: l.W, h: l.H, scale: unitsPerMM, live: true}
	pv.ExtendBaseWidget(pv)
	w := test.NewWindow(pv)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(pv.MinSize())
	got := w.Canvas().Capture()

	golden := filepath.Join("testdata", "preview-notice-page1.png")
	if *updateGolden {
		var buf bytes.Buffer
		if err := png.Encode(&buf, got); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatalf("no golden image (run with -update-golden): %v", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("page drawn %v, golden %v", got.Bounds().Size(), want.Bounds().Size())
	}
	differ, inked := imageDiff(got, want)
	if inked < 2000 {
		t.Fatalf("the golden page has only %d inked pixels: nothing is drawn", inked)
	}
	// More than 1 % of the page's ink differing is a change, not a shade.
	if differ*100 > inked {
		out := filepath.Join(t.TempDir(), "got.png")
		var buf bytes.Buffer
		_ = png.Encode(&buf, got)
		_ = os.WriteFile(out, buf.Bytes(), 0o644)
		t.Errorf("%d of %d inked pixels differ from %s (drawn page saved as %s)", differ, inked, golden, out)
	}
}

// imageDiff counts the pixels that differ by more than a shade, and the
// pixels inked (not white) in either image.
func imageDiff(a, b image.Image) (differ, inked int) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x+b.Bounds().Min.X-r.Min.X, y+b.Bounds().Min.Y-r.Min.Y).RGBA()
			white := func(r, g, b uint32) bool { return r > 0xf000 && g > 0xf000 && b > 0xf000 }
			if !white(ar, ag, ab) || !white(br, bg, bb) {
				inked++
			}
			d := max(absDiff(ar, br), absDiff(ag, bg), absDiff(ab, bb))
			if d > 0x4000 {
				differ++
			}
		}
	}
	return differ, inked
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// Zooming scales every page; only the pages in sight are drawn, so a long
// document costs no more than its visible pages.
func TestPreviewZoomsAndDrawsOnlyPagesInSight(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	n := goldenNotice()
	c := &n.Compounds[0]
	for i := 3; i <= 400; i++ {
		c.Items = append(c.Items, notice.Item{Seq: i, Date: "2026-03-09", VoucherNo: books.VoucherNo("记", i), Memo: "停车费收入", Income: decimal.New(100, 0), Expense: decimal.Zero, Handler: "张会计"})
	}
	l, err := printouts.Notice(n, printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDocView()
	w := test.NewWindow(d)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	d.SetLayout(l)
	if d.Pages() != len(l.Pages) || len(l.Pages) < 8 {
		t.Fatalf("preview has %d pages, layout %d", d.Pages(), len(l.Pages))
	}
	live := 0
	for _, p := range d.pages {
		if p.live {
			live++
		}
	}
	if live == 0 || live > 3 {
		t.Errorf("%d of %d pages drawn with one in sight", live, len(d.pages))
	}
	before := d.pages[0].MinSize()
	zoom := d.zoom
	d.step(1)
	if d.zoom <= zoom || d.pages[0].MinSize().Width <= before.Width {
		t.Errorf("放大 left the zoom at %v (from %v), page %v (from %v)", d.zoom, zoom, d.pages[0].MinSize(), before)
	}
	d.SetZoom(1)
	if got := d.zoomLabel.Text; got != "100%" {
		t.Errorf("zoom label %q at 100%%", got)
	}
	if got, want := d.pages[0].MinSize().Width, float32(l.W)*unitsPerMM; got != want {
		t.Errorf("an A4 page at 100%% is %v wide, want %v", got, want)
	}
	for i := 0; i < 20; i++ {
		d.step(-1)
	}
	if d.zoom != zoomSteps[0] {
		t.Errorf("缩小 stops at %v, want %v", d.zoom, zoomSteps[0])
	}
}

// assertPreview checks the preview last shown draws want: its every page,
// each with the text the PDF prints there, including mustShow; then prints
// from it.
func assertPreview(t *testing.T, u *App, want *printouts.Layout, mustShow ...string) {
	t.Helper()
	u.long.Wait()
	d := u.previewShown
	if d == nil {
		t.Fatalf("no preview shown; screen shows %q", visibleText(u.win.Canvas()))
	}
	u.previewShown = nil
	if d.Pages() != len(want.Pages) {
		t.Fatalf("preview has %d pages, the PDF %d", d.Pages(), len(want.Pages))
	}
	text := want.Text()
	all := ""
	for i := range text {
		d.ShowPage(i)
		got := pageTexts(d)[i]
		if got != text[i] {
			t.Errorf("preview page %d shows %q, the PDF prints %q", i+1, got, text[i])
		}
		all += got
	}
	for _, s := range mustShow {
		if !strings.Contains(all, s) {
			t.Errorf("the preview does not show %q: %q", s, all)
		}
	}
	// 打印 from the preview writes that PDF.
	opened := catchOpened(t)
	tapButton(t, u.win.Canvas(), "打印")
	pdf := <-opened
	u.long.Wait()
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("打印 from the preview opened %s, which is not a PDF: %v", pdf, err)
	}
	tapButton(t, u.win.Canvas(), "关闭")
}

// The voucher, the approval form, the ledgers and the statements preview
// as they print, from the layout the PDF is written from.
func TestEveryPrintoutPreviewsItsLayout(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	community, _ := spendingBooks(t)
	no := submitted(t, community, "购买灭火器", "2000", "消防器材店")
	postVoucher(t, community, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("8888.88")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("8888.88")})
	u := openApp(t, community, "张会计")
	c := u.win.Canvas()

	// The approval form.
	sp := u.Show("spending").(*spendingScreen)
	sp.open(no)
	tapButton(t, c, "预览审批单")
	a, err := printouts.Approval(u.info.Community, *sp.cur, printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, a, "购买灭火器", "2,000.00")

	// The voucher.
	vs := u.Show("vouchers").(*vouchersScreen)
	vs.open(0)
	e := vs.entry
	tapButton(t, c, "预览")
	v, err := printouts.Vouchers(u.info.Community, []books.Voucher{e.v}, printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, v, "记 账 凭 证", "1002 银行存款", "200,000.00", "贰拾万元整")

	// A ledger table and a statement.
	ls := u.Show("ledgers").(*ledgersScreen)
	tapButton(t, c, "预览")
	tb, err := printouts.Report(u.unitName(), ls.tab, printouts.ReportOptions(printouts.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, tb, ls.tab.Title)
	ls.kind.SetSelectedIndex(repBalanceSheet)
	tapButton(t, c, "预览")
	bs, err := printouts.Statement(*ls.statement, printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, bs, "会民非01表", "8,888.88")
}
