package printouts

import (
	qrcode "github.com/skip2/go-qrcode"

	"sunbooks/books"
	"sunbooks/books/notice"
)

// qrModules is text as a QR code's modules, dark true, without the quiet
// zone: rows top to bottom.
func qrModules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, books.Errorf(books.Invalid, "无法生成二维码：%v", err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// qrBoxes draws a QR code of modules as filled rectangles, one per run of
// dark modules in a row, size mm square with its top-left corner at (x, y).
func qrBoxes(modules [][]bool, x, y, size float64) []Box {
	if len(modules) == 0 {
		return nil
	}
	m := size / float64(len(modules))
	boxes := []Box{{Kind: Rect, X: x - m, Y: y - m, W: size + 2*m, H: size + 2*m, Fill: true, Color: Color{255, 255, 255}}}
	for r, row := range modules {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			boxes = append(boxes, Box{Kind: Rect, X: x + float64(start)*m, Y: y + float64(r)*m, W: float64(c-start) * m, H: m, Fill: true, Color: black})
		}
	}
	return boxes
}

// publishedStamp prints on every page of the sheet just laid out what a
// published notice carries: a QR code of its number, month and hash in the
// top right corner, and the number and hash in words under the footer.
func publishedStamp(fl *flow, n notice.Notice, pt float64) error {
	p := n.Published
	modules, err := qrModules(p.QRText(n.Period))
	if err != nil {
		return err
	}
	s := scale(fl.l)
	// Inside the top margin and beside the centred title, clear of what a
	// printer cannot reach (about 5 mm from the edge).
	size := 18 * s
	x, y := fl.right-size, 5*s
	label := p.Label()
	lpt := pt * 0.9
	if tw := fl.f.width(label, lpt); tw > fl.width() {
		lpt *= fl.width() / tw
	}
	for _, pg := range fl.section {
		pg.Boxes = append(pg.Boxes, qrBoxes(modules, x, y, size)...)
		pg.Boxes = append(pg.Boxes, Box{Kind: Text, X: fl.left, Y: fl.l.H - 7*s, W: fl.width(), H: lineHeight(pt), Text: label, Size: lpt, Align: Center, Color: dim})
	}
	return nil
}
