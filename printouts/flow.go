package printouts

import (
	"math"
	"strconv"
	"strings"
)

// flow places content top to bottom across pages: it starts new pages,
// repeats a running head and the active table's header on each, and splits
// a row only when it is taller than a whole page.
type flow struct {
	l           *Layout
	f           *face
	left, right float64 // content edges, mm
	top, bottom float64
	y           float64
	page        *Page
	// section are the pages since the last startSection, numbered together.
	section []*Page
	// head draws the running head on a continuation page; headH is its height.
	head  func(fl *flow)
	headH float64
	// table is the table whose header repeats on every new page, or nil.
	table *table
}

func newFlow(l *Layout, f *face, margin, top, bottom float64) *flow {
	return &flow{l: l, f: f, left: margin, right: l.W - margin, top: top, bottom: l.H - bottom}
}

func (fl *flow) width() float64 { return fl.right - fl.left }

// startSection begins a new numbered run of pages (one compound's sheet).
func (fl *flow) startSection() {
	fl.section = nil
	fl.table = nil
	fl.head = nil
	fl.page = fl.l.addPage()
	fl.section = append(fl.section, fl.page)
	fl.y = fl.top
}

// newPage continues the section on a fresh page.
func (fl *flow) newPage() {
	fl.page = fl.l.addPage()
	fl.section = append(fl.section, fl.page)
	fl.y = fl.top
	if fl.head != nil {
		fl.head(fl)
	}
	if fl.table != nil {
		fl.tableHeader(fl.table)
	}
}

// ensure starts a new page unless h mm fit on this one.
func (fl *flow) ensure(h float64) {
	if fl.y+h > fl.bottom+0.001 {
		fl.newPage()
	}
}

func (fl *flow) add(b Box) { fl.page.Boxes = append(fl.page.Boxes, b) }

func (fl *flow) text(x, y, w, h float64, s string, pt float64, a Align, c Color, bold bool) {
	if s == "" {
		return
	}
	fl.add(Box{Kind: Text, X: x, Y: y, W: w, H: h, Text: s, Size: pt, Align: a, Color: c, Bold: bold})
}

func (fl *flow) hline(x0, x1, y, lw float64, c Color) {
	fl.add(Box{Kind: Line, X: x0, Y: y, W: x1 - x0, LineWidth: lw, Color: c})
}

func (fl *flow) rect(x, y, w, h, lw float64, c Color) {
	fl.add(Box{Kind: Rect, X: x, Y: y, W: w, H: h, LineWidth: lw, Color: c})
}

func (fl *flow) fill(x, y, w, h float64, c Color) {
	fl.add(Box{Kind: Rect, X: x, Y: y, W: w, H: h, Fill: true, Color: c})
}

// para writes wrapped text across the content width and advances.
func (fl *flow) para(s string, pt float64, a Align, c Color) { fl.paraB(s, pt, a, c, false) }

// paraB is para, optionally bold.
func (fl *flow) paraB(s string, pt float64, a Align, c Color, bold bool) {
	lh := lineHeight(pt)
	for _, ln := range fl.f.wrap(s, fl.width(), pt) {
		fl.ensure(lh)
		fl.text(fl.left, fl.y, fl.width(), lh, ln, pt, a, c, bold)
		fl.y += lh
	}
}

// footer numbers the section's pages: 第 x 页 共 y 页, with a note on the left.
func (fl *flow) footer(note string, pt, y float64) {
	n := len(fl.section)
	for i, p := range fl.section {
		lh := lineHeight(pt)
		p.Boxes = append(p.Boxes, Box{Kind: Text, X: fl.left, Y: y, W: fl.width(), H: lh, Text: pageNo(i+1, n), Size: pt, Align: Center, Color: black})
		if note != "" {
			s, npt := fl.f.fit(note, fl.width()/3-2, pt*0.9)
			p.Boxes = append(p.Boxes, Box{Kind: Text, X: fl.left, Y: y, W: fl.width() / 3, H: lh, Text: s, Size: npt, Align: Left, Color: dim})
		}
	}
}

func pageNo(i, n int) string {
	return "第 " + strconv.Itoa(i) + " 页 共 " + strconv.Itoa(n) + " 页"
}

// column is one column of a table.
type column struct {
	Title string
	W     float64 // mm
	Align Align
}

// table describes a ruled table; the flow draws its rows.
type table struct {
	cols []column
	x    float64
	pt   float64 // body font size
	pad  float64 // horizontal padding in a cell
	vpad float64 // vertical padding
	lw   float64 // rule width
}

// cell is one cell of a row; Span > 1 merges columns to the right.
type cell struct {
	Text  string
	Span  int
	Align Align // 0: the column's alignment
	Bold  bool
	Color *Color
}

func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.W
	}
	return w
}

// tableHeader draws the column titles, shaded.
func (fl *flow) tableHeader(t *table) {
	cells := make([]cell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = cell{Text: c.Title, Align: Center, Bold: true}
	}
	h := fl.rowHeight(t, cells)
	fl.fill(t.x, fl.y, t.width(), h, gray)
	fl.drawRow(t, cells, 0, math.MaxInt, h, true)
	fl.y += h
}

type placed struct {
	x, w  float64
	pt    float64 // font size of this cell
	lines []string
	c     cell
	align Align
}

func (fl *flow) place(t *table, cells []cell) []placed {
	var out []placed
	x, ci := t.x, 0
	for _, c := range cells {
		span := max(c.Span, 1)
		w := 0.0
		for k := 0; k < span && ci+k < len(t.cols); k++ {
			w += t.cols[ci+k].W
		}
		a := c.Align
		if a == 0 && ci < len(t.cols) {
			a = t.cols[ci].Align
		}
		pt := t.pt
		// An amount too wide for its column is set smaller rather than
		// broken across lines, down to 70 % of the size.
		if a == Right && !strings.ContainsAny(c.Text, " \n") {
			if tw := fl.f.width(c.Text, pt); tw > w-2*t.pad {
				pt = max(pt*(w-2*t.pad)/tw, pt*0.7)
			}
		}
		out = append(out, placed{x: x, w: w, pt: pt, lines: fl.f.wrap(c.Text, w-2*t.pad, pt), c: c, align: a})
		x += w
		ci += span
	}
	return out
}

func (fl *flow) rowHeight(t *table, cells []cell) float64 {
	n := 1
	for _, p := range fl.place(t, cells) {
		n = max(n, len(p.lines))
	}
	return float64(n)*lineHeight(t.pt) + 2*t.vpad
}

// drawRow draws lines [from, to) of each cell in a row of height h at fl.y;
// centred vertically when the whole row is drawn at once.
func (fl *flow) drawRow(t *table, cells []cell, from, to int, h float64, whole bool) {
	lh := lineHeight(t.pt)
	ps := fl.place(t, cells)
	n := 1
	for _, p := range ps {
		n = max(n, len(p.lines))
	}
	for _, p := range ps {
		fl.rect(p.x, fl.y, p.w, h, t.lw, black)
		off := t.vpad
		if whole {
			off += float64(n-len(p.lines)) * lh / 2
		}
		col := black
		if p.c.Color != nil {
			col = *p.c.Color
		}
		for i := from; i < min(to, len(p.lines)); i++ {
			fl.text(p.x+t.pad, fl.y+off+float64(i-from)*lh, p.w-2*t.pad, lh, p.lines[i], p.pt, p.align, col, p.c.Bold)
		}
	}
}

// row draws a table row, starting a new page (with the header repeated) when
// it does not fit; a row taller than a whole page is split across pages.
func (fl *flow) row(t *table, cells []cell) {
	lh := lineHeight(t.pt)
	n := 1
	for _, p := range fl.place(t, cells) {
		n = max(n, len(p.lines))
	}
	h := float64(n)*lh + 2*t.vpad
	if fl.y+h <= fl.bottom+0.001 {
		fl.drawRow(t, cells, 0, n, h, true)
		fl.y += h
		return
	}
	fresh := fl.bottom - fl.top - fl.headH - fl.rowHeight(t, headerCells(t))
	if h <= fresh {
		fl.newPage()
		fl.drawRow(t, cells, 0, n, h, true)
		fl.y += h
		return
	}
	for from := 0; from < n; {
		fit := int((fl.bottom - fl.y - 2*t.vpad + 0.001) / lh)
		if fit < 1 {
			fl.newPage()
			continue
		}
		to := min(n, from+fit)
		rh := float64(to-from)*lh + 2*t.vpad
		fl.drawRow(t, cells, from, to, rh, false)
		fl.y += rh
		from = to
		if from < n {
			fl.newPage()
		}
	}
}

func headerCells(t *table) []cell {
	cells := make([]cell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = cell{Text: c.Title}
	}
	return cells
}
