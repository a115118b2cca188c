package printouts

import (
	"math"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"sunbooks/books"
	"sunbooks/books/notice"
)

// qrOnPage reads back the QR code drawn in the top margin of a page: the
// black filled rectangles there, laid on a grid of their module size.
func qrOnPage(p *Page) [][]bool {
	var dark []Box
	m := math.Inf(1)
	x0, y0 := math.Inf(1), math.Inf(1)
	for _, b := range p.Boxes {
		if b.Kind == Rect && b.Fill && b.Color == black && b.Y < 30 {
			dark = append(dark, b)
			m, x0, y0 = min(m, b.H), min(x0, b.X), min(y0, b.Y)
		}
	}
	if len(dark) == 0 {
		return nil
	}
	n := 0
	for _, b := range dark {
		n = max(n, int(math.Round((b.X+b.W-x0)/m)), int(math.Round((b.Y+b.H-y0)/m)))
	}
	grid := make([][]bool, n)
	for i := range grid {
		grid[i] = make([]bool, n)
	}
	for _, b := range dark {
		r := int(math.Round((b.Y - y0) / m))
		for c := int(math.Round((b.X - x0) / m)); c < int(math.Round((b.X+b.W-x0)/m)); c++ {
			grid[r][c] = true
		}
	}
	return grid
}

// Every page of a published notice — each compound's sheet, each page of a
// long one — carries a QR code of its number, month and hash, and says
// them in words under the footer; a notice not published carries neither.
func TestPublishedNoticeCarriesItsQRCodeOnEveryPage(t *testing.T) {
	n := bigNotice(120)
	second := sampleNotice().Compounds[0]
	second.Compound, second.CompoundID = "和平小区", 2
	n.Compounds = append(n.Compounds, second)
	plain, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	n.Published = &notice.Published{NoticeStamp: books.NoticeStamp{No: "公示-2026-0007", Version: 2, Replaces: "公示-2026-0003"}, Hash: "0123456789abcdef"}
	l, err := Notice(n, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) < 3 || len(l.Pages) != len(plain.Pages) {
		t.Fatalf("published %d pages, plain %d", len(l.Pages), len(plain.Pages))
	}
	want, err := qrcode.New("阳光账本公示|公示-2026-0007|2026-03|0123456789abcdef", qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	want.DisableBorder = true
	bits := want.Bitmap()
	for i, p := range l.Pages {
		got := qrOnPage(p)
		if len(got) != len(bits) {
			t.Fatalf("page %d: a %d-module QR code, want %d", i+1, len(got), len(bits))
		}
		for r := range bits {
			for c := range bits[r] {
				if got[r][c] != bits[r][c] {
					t.Fatalf("page %d: module (%d, %d) is %v, want %v", i+1, r, c, got[r][c], bits[r][c])
				}
			}
		}
		if txt := l.Text()[i]; !strings.Contains(txt, "公示编号 公示-2026-0007（第 2 版，替代 公示-2026-0003）　校验码 0123456789abcdef") {
			t.Errorf("page %d lacks the number in words:\n%s", i+1, txt)
		}
		if qrOnPage(plain.Pages[i]) != nil || strings.Contains(plain.Text()[i], "校验码") {
			t.Errorf("page %d of a notice not published carries a stamp", i+1)
		}
	}
	path := writePDF(t, l, "published.pdf")
	if text := pageText(t, path, len(l.Pages)); !strings.Contains(text, squash("校验码 0123456789abcdef")) {
		t.Errorf("the PDF's last page lacks the stamp:\n%s", text)
	}
}
