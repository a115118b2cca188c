package ui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/printouts"
)

// The preview draws a printout's layout — the same boxes of text, lines and
// rectangles in millimetres that become its PDF — on the canvas, with the
// bundled font the PDF embeds, so what the person sees is what prints, on
// any PC, with no PDF viewer or converter installed.

// unitsPerMM is the preview's scale at 100 %: a millimetre at 96 dots an
// inch, so an A4 page is as wide on screen as on the desk.
const unitsPerMM = 96 / 25.4

// zoomSteps are the zoom levels 放大 and 缩小 step through.
var zoomSteps = []float32{0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3}

// pageGap is the space between pages, in canvas units.
const pageGap = 16

// docView shows every page of a layout, one under the other, zoomable. Only
// the pages in sight (and one either side) are drawn, so a ledger of
// hundreds of pages scrolls as lightly as a notice of two.
type docView struct {
	widget.BaseWidget
	doc       *printouts.Layout
	zoom      float32
	pages     []*pageView
	column    *fyne.Container
	scroll    *container.Scroll
	zoomLabel *widget.Label
	pageLabel *widget.Label
	bar       *fyne.Container
	lastWidth float32
	fitted    bool // the zoom was chosen to fit the width, until the person picks one
}

func newDocView() *docView {
	d := &docView{zoom: 1, fitted: true}
	d.column = container.New(&pageColumn{d: d})
	d.scroll = container.NewScroll(d.column)
	d.scroll.OnScrolled = func(fyne.Position) { d.updateVisible() }
	d.zoomLabel = widget.NewLabel("100%")
	d.pageLabel = widget.NewLabel("")
	out := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { d.step(-1) })
	in := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { d.step(1) })
	fit := widget.NewButton(lang.X("preview.fit", "适合宽度"), func() { d.fitWidth() })
	d.bar = container.NewHBox(out, d.zoomLabel, in, fit, d.pageLabel)
	d.ExtendBaseWidget(d)
	return d
}

// SetLayout shows l (nil clears the view) from its first page.
func (d *docView) SetLayout(l *printouts.Layout) {
	d.doc = l
	d.pages = nil
	d.column.Objects = nil
	if l != nil {
		for _, p := range l.Pages {
			pv := &pageView{page: p, w: l.W, h: l.H, scale: d.scale()}
			pv.ExtendBaseWidget(pv)
			d.pages = append(d.pages, pv)
			d.column.Objects = append(d.column.Objects, pv)
		}
	}
	if d.fitted {
		d.fitWidth()
	}
	d.relayout()
	d.scroll.ScrollToTop()
	d.updateVisible()
}

// Pages is the number of pages shown.
func (d *docView) Pages() int { return len(d.pages) }

func (d *docView) scale() float32 { return d.zoom * unitsPerMM }

// step zooms one step in (+1) or out (-1).
func (d *docView) step(dir int) {
	i := 0
	for i < len(zoomSteps) && zoomSteps[i] < d.zoom-0.001 {
		i++
	}
	// i is the first step ≥ the zoom.
	switch {
	case dir > 0 && i < len(zoomSteps) && zoomSteps[i] <= d.zoom+0.001:
		i++
	case dir < 0:
		i--
	}
	if i < 0 || i >= len(zoomSteps) {
		return
	}
	d.fitted = false
	d.SetZoom(zoomSteps[i])
}

// SetZoom sets the zoom (1 = 100 %), keeping the page in sight.
func (d *docView) SetZoom(z float32) {
	z = max(zoomSteps[0], min(z, zoomSteps[len(zoomSteps)-1]))
	if z == d.zoom {
		return
	}
	first := d.firstVisible()
	d.zoom = z
	d.relayout()
	d.ShowPage(first)
}

// fitWidth zooms so a page fills the width the view has.
func (d *docView) fitWidth() {
	d.fitted = true
	w := d.scroll.Size().Width - theme.Padding()*4
	if d.doc == nil || w <= 0 {
		return
	}
	z := float32(math.Floor(float64(w/(float32(d.doc.W)*unitsPerMM))*100) / 100)
	d.SetZoom(max(zoomSteps[0], min(z, 1.25)))
}

func (d *docView) relayout() {
	s := d.scale()
	for _, p := range d.pages {
		p.setScale(s)
	}
	d.zoomLabel.SetText(fmt.Sprintf("%d%%", int(math.Round(float64(d.zoom)*100))))
	d.column.Refresh()
	d.scroll.Refresh()
	d.updateVisible()
}

// pageHeight is a page's height with the gap under it.
func (d *docView) pageHeight() float32 {
	if d.doc == nil {
		return 0
	}
	return float32(d.doc.H)*d.scale() + pageGap
}

func (d *docView) firstVisible() int {
	h := d.pageHeight()
	if h == 0 {
		return 0
	}
	return int(d.scroll.Offset.Y / h)
}

// ShowPage scrolls page i (from 0) to the top of the view.
func (d *docView) ShowPage(i int) {
	if i < 0 || i >= len(d.pages) {
		return
	}
	d.scroll.ScrollToOffset(fyne.NewPos(d.scroll.Offset.X, float32(i)*d.pageHeight()))
	d.updateVisible()
}

// updateVisible draws the pages in sight and one either side, and lets the
// others go.
func (d *docView) updateVisible() {
	if len(d.pages) == 0 {
		d.pageLabel.SetText("")
		return
	}
	h := d.pageHeight()
	view := d.scroll.Size().Height
	if view <= 0 {
		view = h
	}
	first := int(d.scroll.Offset.Y/h) - 1
	last := int((d.scroll.Offset.Y+view)/h) + 1
	for i, p := range d.pages {
		p.setLive(i >= first && i <= last)
	}
	cur := min(max(int((d.scroll.Offset.Y+view/3)/h), 0), len(d.pages)-1)
	d.pageLabel.SetText(fmt.Sprintf(lang.X("preview.page", "第 %d 页，共 %d 页"), cur+1, len(d.pages)))
}

// CreateRenderer lays the zoom bar over the pages.
func (d *docView) CreateRenderer() fyne.WidgetRenderer {
	return &docRenderer{d: d, border: container.NewBorder(d.bar, nil, nil, nil, d.scroll)}
}

type docRenderer struct {
	d      *docView
	border *fyne.Container
}

func (r *docRenderer) Layout(s fyne.Size) {
	r.border.Resize(s)
	if s.Width != r.d.lastWidth {
		r.d.lastWidth = s.Width
		if r.d.fitted {
			r.d.fitWidth()
		}
	}
	r.d.updateVisible()
}
func (r *docRenderer) MinSize() fyne.Size           { return r.border.MinSize() }
func (r *docRenderer) Refresh()                     { r.border.Refresh() }
func (r *docRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.border} }
func (r *docRenderer) Destroy()                     {}

// pageColumn stacks the pages, centred, with a gap under each.
type pageColumn struct{ d *docView }

func (c *pageColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(max((size.Width-m.Width)/2, 0), y))
		y += m.Height + pageGap
	}
}

func (c *pageColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height + pageGap
	}
	return s
}

// pageView is one sheet of paper: white, framed, with the page's boxes drawn
// at its scale while it is live.
type pageView struct {
	widget.BaseWidget
	page  *printouts.Page
	w, h  float64 // mm
	scale float32
	live  bool
}

func (p *pageView) setScale(s float32) {
	if s != p.scale {
		p.scale = s
		p.Refresh()
	}
}

func (p *pageView) setLive(live bool) {
	if live != p.live {
		p.live = live
		p.Refresh()
	}
}

// MinSize is the paper's size at the scale.
func (p *pageView) MinSize() fyne.Size {
	return fyne.NewSize(float32(p.w)*p.scale, float32(p.h)*p.scale)
}

// CreateRenderer draws the page.
func (p *pageView) CreateRenderer() fyne.WidgetRenderer {
	paper := canvas.NewRectangle(color.White)
	paper.StrokeColor = color.Gray{Y: 0xa0}
	paper.StrokeWidth = 1
	r := &pageRenderer{p: p, paper: paper}
	r.Refresh()
	return r
}

type pageRenderer struct {
	p     *pageView
	paper *canvas.Rectangle
	boxes []fyne.CanvasObject
	drawn float32 // the scale boxes were drawn at; 0 when none are
}

func (r *pageRenderer) Layout(s fyne.Size) { r.paper.Resize(s) }
func (r *pageRenderer) MinSize() fyne.Size { return r.p.MinSize() }
func (r *pageRenderer) Destroy()           {}

func (r *pageRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.paper}, r.boxes...)
}

func (r *pageRenderer) Refresh() {
	switch {
	case !r.p.live:
		r.boxes, r.drawn = nil, 0
	case r.drawn != r.p.scale:
		r.boxes, r.drawn = drawBoxes(r.p.page.Boxes, r.p.scale), r.p.scale
	}
	r.paper.Resize(r.p.MinSize())
	canvas.Refresh(r.p)
}

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// drawBoxes turns a page's boxes into canvas objects at scale (canvas units
// a millimetre), placed as the PDF places them: text centred vertically in
// its box and aligned in it, lines and rectangles at their corners, strokes
// never thinner than one unit.
func drawBoxes(boxes []printouts.Box, scale float32) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(boxes))
	mm := func(v float64) float32 { return float32(v) * scale }
	for _, b := range boxes {
		c := color.NRGBA{R: b.Color[0], G: b.Color[1], B: b.Color[2], A: 0xff}
		switch b.Kind {
		case printouts.Text:
			t := canvas.NewText(b.Text, c)
			t.TextSize = mm(b.Size * ptToMM)
			t.TextStyle = fyne.TextStyle{Bold: b.Bold}
			switch b.Align {
			case printouts.Right:
				t.Alignment = fyne.TextAlignTrailing
			case printouts.Center:
				t.Alignment = fyne.TextAlignCenter
			}
			th := fyne.MeasureText(b.Text, t.TextSize, t.TextStyle).Height
			t.Move(fyne.NewPos(mm(b.X), mm(b.Y)+(mm(b.H)-th)/2))
			t.Resize(fyne.NewSize(mm(b.W), th))
			out = append(out, t)
		case printouts.Line:
			l := canvas.NewLine(c)
			l.StrokeWidth = max(mm(b.LineWidth), 1)
			l.Position1 = fyne.NewPos(mm(b.X), mm(b.Y))
			l.Position2 = fyne.NewPos(mm(b.X+b.W), mm(b.Y+b.H))
			out = append(out, l)
		case printouts.Rect:
			rect := canvas.NewRectangle(color.Transparent)
			if b.Fill {
				rect.FillColor = c
			} else {
				rect.StrokeColor = c
				rect.StrokeWidth = max(mm(b.LineWidth), 1)
			}
			rect.Move(fyne.NewPos(mm(b.X), mm(b.Y)))
			rect.Resize(fyne.NewSize(mm(b.W), mm(b.H)))
			out = append(out, rect)
		}
	}
	return out
}
