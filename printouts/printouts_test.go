package printouts

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sunbooks/assets"
	"sunbooks/books"
)

var update = flag.Bool("update", false, "rewrite the golden layout files in testdata/")

// poppler runs a poppler-utils tool (installed by make test) and returns its output.
func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: install poppler-utils (make deps)", tool)
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

func writePDF(t *testing.T, l *Layout, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := l.WriteFile(path); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	return path
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	for _, ln := range strings.Split(poppler(t, "pdfinfo", path), "\n") {
		if v, ok := strings.CutPrefix(ln, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count for %s", path)
	return 0
}

// pageText extracts one page's text with its layout, spaces removed:
// pdftotext keeps or drops the spaces between Chinese characters as it sees fit.
func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return squash(poppler(t, "pdftotext", "-layout", "-f", p, "-l", p, path, "-"))
}

func squash(s string) string { return strings.NewReplacer(" ", "", "\u3000", "").Replace(s) }

func TestNoticePDFHasTitleTotalsCapitalsAndFont(t *testing.T) {
	l, err := Notice(sampleNotice(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, l, "notice.pdf")
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	text := pageText(t, path, 1)
	for _, want := range []string{
		"阳光社区财务公开榜", "阳光小区 公共收益收支公示（2026年3月）", "公示期：2026年4月1日 至 2026年4月7日",
		"序号", "事项等级", "审批编号", "经办人", "批-2026-0001", "纸质审批", "一般", "王业委",
		"12,000.00", "2,500.50", "1,234.50", "13,266.00",
		books.Capital(yuan("2500.50")), books.Capital(yuan("1234.50")), "壹万叁仟贰佰陆拾陆元整",
		"本月合计", "社区党组织", "居务监督委员会", "会计（签字）", "0539-1234567", "0539-7654321", "第 1 页 共 1 页",
		"账簿校验：日志第 128 条 · 3F2A-09C1-77DE-B450",
	} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("notice text lacks %q:\n%s", want, text)
		}
	}
	fonts := poppler(t, "pdffonts", path)
	if !strings.Contains(fonts, "wqy") || !regexpEmbedded(fonts) {
		t.Errorf("font not embedded:\n%s", fonts)
	}
}

// regexpEmbedded reports whether every font row of pdffonts says emb yes.
func regexpEmbedded(out string) bool {
	rows := 0
	for _, ln := range strings.Split(out, "\n")[2:] {
		f := strings.Fields(ln)
		if len(f) < 7 {
			continue
		}
		rows++
		// name type... encoding emb sub uni object ID: emb is the 5th from the end.
		if f[len(f)-5] != "yes" {
			return false
		}
	}
	return rows > 0
}

func TestNoticeLayoutGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		o      Options
	}{
		{"notice_a4.golden", fixed},
		{"notice_a3_landscape.golden", Options{Paper: "A3", Landscape: true, Created: fixed.Created}},
	} {
		l, err := Notice(sampleNotice(), tc.o)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, tc.golden, l.Dump())
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./printouts -update to write it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(run go test ./printouts -update after checking the pages)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", name, len(gl), len(wl))
	}
}

func TestPDFIsByteStable(t *testing.T) {
	l, err := Notice(bigNotice(40), fixed)
	if err != nil {
		t.Fatal(err)
	}
	a, err := l.PDF()
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := Notice(bigNotice(40), fixed)
	b, err := l2.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two renderings of the same notice differ (%d vs %d bytes)", len(a), len(b))
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260401")) {
		t.Errorf("creation date is not the fixed one")
	}
}

func TestUnusableFontFailsLoudlyAndLeavesNoFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		ttf  []byte
	}{
		{"empty font", nil},
		{"not a TrueType font", []byte("this is not a font at all, just text")},
		{"truncated font", assets.FontTTF[:4096]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved := theFace
			theFace = newFace(tc.ttf)
			defer func() { theFace = saved }()
			dir := t.TempDir()
			path := filepath.Join(dir, "notice.pdf")
			l, err := Notice(sampleNotice(), fixed)
			if err == nil {
				err = l.WriteFile(path)
			}
			if err == nil {
				t.Fatal("no error with an unusable font")
			}
			if msg := books.ErrorMessage(err); !strings.Contains(msg, "字体") {
				t.Errorf("message %q does not name the font", msg)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left files behind: %v", entries)
			}
		})
	}
}

func TestWriteFileNeverLeavesAnEmptyFile(t *testing.T) {
	l, err := Notice(sampleNotice(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "no-such-folder", "notice.pdf")
	err = l.WriteFile(path)
	if books.ErrorCode(err) != books.Internal || !strings.Contains(books.ErrorMessage(err), "无法写入") {
		t.Errorf("write into a missing folder: err = %v", err)
	}
	if _, serr := os.Stat(path); serr == nil {
		t.Errorf("a file was left at %s", path)
	}
	// An existing file is replaced whole, never truncated first.
	good := writePDF(t, l, "notice.pdf")
	if st, err := os.Stat(good); err != nil || st.Mode().Perm()&0o044 == 0 {
		t.Errorf("the PDF is not readable by others: %v %v", st.Mode(), err)
	}
	before, _ := os.ReadFile(good)
	saved := theFace
	theFace = newFace([]byte("broken"))
	err = l.WriteFile(good)
	theFace = saved
	after, _ := os.ReadFile(good)
	if err == nil || !bytes.Equal(before, after) {
		t.Errorf("a failed write changed the existing file (err %v)", err)
	}
}

// inkBox is where a text box's glyphs actually are.
type inkBox struct {
	x0, x1, y0, y1 float64
	text           string
}

func ink(b Box) inkBox {
	w := theFace.width(b.Text, b.Size)
	x := b.X
	switch b.Align {
	case Center:
		x += (b.W - w) / 2
	case Right:
		x += b.W - w
	}
	gh := b.Size * ptToMM
	y := b.Y + (b.H-gh)/2
	return inkBox{x, x + w, y, y + gh, b.Text}
}

// checkNoOverlap fails when any two texts on a page overlap, or any text
// is wider than its box or leaves the page.
func checkNoOverlap(t *testing.T, l *Layout) {
	t.Helper()
	for pi, p := range l.Pages {
		var boxes []inkBox
		for _, b := range p.Boxes {
			if b.Kind != Text {
				continue
			}
			ib := ink(b)
			if ib.x1-ib.x0 > b.W+0.01 {
				t.Errorf("page %d: %q is %.1f mm wide in a %.1f mm box", pi+1, b.Text, ib.x1-ib.x0, b.W)
			}
			if ib.x0 < 0 || ib.x1 > l.W || b.Y < 0 || b.Y+b.H > l.H {
				t.Errorf("page %d: %q leaves the page", pi+1, b.Text)
			}
			boxes = append(boxes, ib)
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				a, b := boxes[i], boxes[j]
				if a.x0 < b.x1-0.01 && b.x0 < a.x1-0.01 && a.y0 < b.y1-0.01 && b.y0 < a.y1-0.01 {
					t.Errorf("page %d: %q overlaps %q", pi+1, a.text, b.text)
				}
			}
		}
	}
}

func TestLongMemoWrapsAndNothingOverlaps(t *testing.T) {
	n := sampleNotice()
	long := strings.Repeat("更换3号楼单元门禁系统及配套线路改造，含人工费、材料费（共计12项）；", 12)
	n.Compounds[0].Items[1].Memo = long
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkNoOverlap(t, l)
	// The memo is all there, line after line, in one growing row.
	var got strings.Builder
	lines := 0
	for _, b := range l.Pages[0].Boxes {
		if b.Kind == Text && strings.Contains(long, b.Text) && b.Text != "" && b.Align == Left && b.W < 80 {
			got.WriteString(b.Text)
			lines++
		}
	}
	if got.String() != long {
		t.Errorf("memo printed as %q, want %q", got.String(), long)
	}
	if lines < 10 {
		t.Errorf("memo took %d lines; it should wrap onto many", lines)
	}
	path := writePDF(t, l, "long.pdf")
	if text := pageText(t, path, 1); !strings.Contains(text, "更换3号楼单元门禁") {
		t.Errorf("memo not in the PDF text")
	}
}

func TestMemoLongerThanAPageContinuesOnTheNext(t *testing.T) {
	n := sampleNotice()
	long := strings.Repeat("超长事项说明文字", 400)
	n.Compounds[0].Items[1].Memo = long
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) < 2 {
		t.Fatalf("pages = %d; a memo of %d characters needs more than one", len(l.Pages), len([]rune(long)))
	}
	checkNoOverlap(t, l)
	var got strings.Builder
	for _, p := range l.Pages {
		for _, b := range p.Boxes {
			if b.Kind == Text && strings.HasPrefix(long, "超长") && strings.Contains(long, b.Text) && strings.Contains(b.Text, "超长") {
				got.WriteString(b.Text)
			}
		}
	}
	if got.String() != long {
		t.Errorf("memo lost text across pages: %d of %d characters", len([]rune(got.String())), len([]rune(long)))
	}
}

func TestMonthOf300ItemsFlowsOntoPagesWithHeaderAndPageNumbers(t *testing.T) {
	n := bigNotice(300)
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkNoOverlap(t, l)
	path := writePDF(t, l, "big.pdf")
	pages := pdfPages(t, path)
	if pages < 5 || pages != len(l.Pages) {
		t.Fatalf("pages = %d (layout %d), want several", pages, len(l.Pages))
	}
	for i := 1; i <= pages; i++ {
		text := pageText(t, path, i)
		want := "第 " + strconv.Itoa(i) + " 页 共 " + strconv.Itoa(pages) + " 页"
		if !strings.Contains(text, squash(want)) {
			t.Errorf("page %d lacks %q", i, want)
		}
		// Every page with items repeats the header; the sign-off block may
		// have a page to itself.
		if strings.Contains(text, "记-") && (!strings.Contains(text, "审批编号") || !strings.Contains(text, "经办人")) {
			t.Errorf("page %d lacks the table header", i)
		}
		if i > 1 && !strings.Contains(text, "（续）") {
			t.Errorf("page %d lacks the running head", i)
		}
		// Each page hangs on its own: each carries the log anchor.
		if !strings.Contains(text, squash(n.Anchor.Label())) {
			t.Errorf("page %d lacks the anchor %q", i, n.Anchor.Label())
		}
	}
	all := squash(poppler(t, "pdftotext", "-layout", path, "-"))
	for _, want := range []string{"第300项", books.FormatYuan(n.Compounds[0].Income), "居务监督委员会"} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// A long 大写 wraps inside its cell; its lines follow one another.
	if first := strings.ReplaceAll(l.Text()[0], "\n", ""); !strings.Contains(first, books.Capital(n.Compounds[0].Closing)) {
		t.Errorf("first page lacks the closing balance in capitals %s", books.Capital(n.Compounds[0].Closing))
	}
}

func TestNoticeAllCompoundsOneSheetEach(t *testing.T) {
	n := sampleNotice()
	second := n.Compounds[0]
	second.Compound, second.CompoundID = "和平小区", 2
	n.Compounds = append(n.Compounds, second)
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) != 2 {
		t.Fatalf("pages = %d, want one per compound", len(l.Pages))
	}
	for i, name := range []string{"阳光小区", "和平小区"} {
		if txt := l.Text()[i]; !strings.Contains(txt, name+" 公共收益收支公示") || !strings.Contains(txt, "第 1 页 共 1 页") {
			t.Errorf("sheet %d is not %s's own, numbered alone:\n%s", i+1, name, txt)
		}
	}
}

func TestNoticeShowsOtherMovementsOfTheFund(t *testing.T) {
	n := sampleNotice()
	c := &n.Compounds[0]
	c.Other, c.Closing = yuan("700"), c.Closing.Add(yuan("700"))
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	txt := l.Text()[0]
	if !strings.Contains(txt, "其他净资产变动") || !strings.Contains(txt, "＋ 其他变动 700.00 ＝ 期末余额 13,966.00") || !strings.Contains(txt, "柒佰元整") {
		t.Errorf("other movement not shown:\n%s", txt)
	}
	checkNoOverlap(t, l)
}

func TestLongNamesAndHugeAmountsStayInside(t *testing.T) {
	n := sampleNotice()
	n.Community = "城关街道幸福里新时代文明实践示范社区"
	c := &n.Compounds[0]
	c.Compound = "幸福里三期东区（含沿街商铺及地下停车场）业主共有部分"
	c.Items[0].Income = yuan("9876543210.98")
	c.Items[1].Handler = "欧阳慕容长孙无忌"
	c.Opening, c.Closing = yuan("1234567890.12"), yuan("11111111111.10")
	n.Anchor.Seq = 123456789012 // never cut short, shrunk to fit
	for _, o := range []Options{fixed, {Landscape: true}, {Paper: "A3"}} {
		l, err := Notice(n, o)
		if err != nil {
			t.Fatal(err)
		}
		checkNoOverlap(t, l)
		txt := strings.Join(l.Text(), "")
		if !strings.Contains(txt, "9,876,543,210.98") {
			t.Errorf("%+v: a huge amount was broken across lines", o)
		}
		if !strings.Contains(txt, n.Anchor.Label()) {
			t.Errorf("%+v: the anchor %q is not printed whole", o, n.Anchor.Label())
		}
	}
}

func TestPaperOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		w, h float64
	}{
		{Options{}, 210, 297},
		{Options{Landscape: true}, 297, 210},
		{Options{Paper: "a3"}, 297, 420},
		{Options{Paper: "A3", Landscape: true}, 420, 297},
	} {
		l, err := Notice(sampleNotice(), tc.o)
		if err != nil {
			t.Fatal(err)
		}
		if l.W != tc.w || l.H != tc.h {
			t.Errorf("%+v: %vx%v, want %vx%v", tc.o, l.W, l.H, tc.w, tc.h)
		}
		checkNoOverlap(t, l)
	}
	if _, err := Notice(sampleNotice(), Options{Paper: "B5"}); books.ErrorCode(err) != books.Invalid {
		t.Errorf("B5: err = %v, want Invalid", err)
	}
}

func TestWrap(t *testing.T) {
	if err := theFace.load(); err != nil {
		t.Fatal(err)
	}
	cjk := theFace.width("中", 10)
	for _, tc := range []struct {
		name string
		s    string
		w    float64
		want []string
	}{
		{"empty gives one empty line", "", 10 * cjk, []string{""}},
		{"fits on one line", "停车费收入", 10 * cjk, []string{"停车费收入"}},
		{"chinese breaks anywhere", "一二三四五六七", 3 * cjk, []string{"一二三", "四五六", "七"}},
		{"no line starts with closing punctuation", "一二三，四五", 3*cjk + 0.01, []string{"一二", "三，四", "五"}},
		{"latin words stay whole", "ABC 12345", theFace.width("ABC 1234", 10), []string{"ABC", "12345"}},
		{"newlines are kept", "一\n二", 10 * cjk, []string{"一", "二"}},
	} {
		got := theFace.wrap(tc.s, tc.w, 10)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: wrap(%q) = %q, want %q", tc.name, tc.s, got, tc.want)
		}
	}
}

func BenchmarkNotice300(b *testing.B) {
	n := bigNotice(300)
	for b.Loop() {
		l, err := Notice(n, fixed)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.PDF(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNoticeWithoutAnchorPrintsNoAnchor(t *testing.T) {
	n := sampleNotice()
	n.Anchor = books.LogAnchor{}
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if txt := strings.Join(l.Text(), ""); strings.Contains(txt, "账簿校验") {
		t.Errorf("an empty log printed an anchor:\n%s", txt)
	}
}

// A notice of a month not yet closed says so on the board; a closed month's
// does not.
func TestNoticeOfAMonthNotClosedSaysSo(t *testing.T) {
	for _, closed := range []bool{true, false} {
		n := sampleNotice()
		n.Closed = closed
		l, err := Notice(n, fixed)
		if err != nil {
			t.Fatal(err)
		}
		text := pageText(t, writePDF(t, l, "notice.pdf"), 1)
		if got := strings.Contains(text, "未结账"); got == closed {
			t.Errorf("closed=%v: the page says 未结账: %v", closed, got)
		}
	}
}
