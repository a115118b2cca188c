// Package printouts lays out and writes the book's PDFs — the monthly notice, vouchers, approval forms and reports — with the embedded CJK font.
package printouts

import (
	"fmt"
	"strings"
	"time"
)

// Paper sizes in millimetres, portrait.
var papers = map[string][2]float64{
	"A4": {210, 297},
	"A3": {297, 420},
}

// Options choose the paper and fix what must not vary between runs.
type Options struct {
	Paper     string // "A4" (default) or "A3"
	Landscape bool
	// Created is the PDF's creation date; zero means now. Tests fix it so
	// that the same book gives the same bytes.
	Created time.Time
	// NoCompress writes the page streams uncompressed (readable in tests).
	NoCompress bool
}

func (o Options) size() (w, h float64, err error) {
	p := strings.ToUpper(strings.TrimSpace(o.Paper))
	if p == "" {
		p = "A4"
	}
	s, ok := papers[p]
	if !ok {
		return 0, 0, invalid("纸张“%s”不支持，请选 A4 或 A3", o.Paper)
	}
	if o.Landscape {
		return s[1], s[0], nil
	}
	return s[0], s[1], nil
}

// Align places text in its box.
type Align byte

// Alignments.
const (
	Left   Align = 'L'
	Center Align = 'C'
	Right  Align = 'R'
)

// Kind is what a box draws.
type Kind byte

// Box kinds.
const (
	Text Kind = 'T' // one line of text, vertically centred in its box
	Line Kind = 'L' // a line from (X, Y) to (X+W, Y+H)
	Rect Kind = 'R' // a rectangle, stroked, or filled when Fill is set
)

// Color is an RGB colour.
type Color [3]uint8

// Colours used on the forms.
var (
	black = Color{0, 0, 0}
	red   = Color{200, 16, 16}
	gray  = Color{235, 235, 235}
	dim   = Color{90, 90, 90}
)

// Box is one thing drawn on a page; coordinates in millimetres from the
// top-left corner.
type Box struct {
	Kind       Kind
	X, Y, W, H float64
	Text       string
	Size       float64 // font size in points
	Align      Align
	Bold       bool
	Color      Color
	LineWidth  float64 // for lines and stroked rectangles
	Fill       bool
}

// Page is one sheet.
type Page struct {
	Boxes []Box
}

// Layout is a whole document, laid out and ready to draw: every position is
// decided here, so tests can check it without a PDF.
type Layout struct {
	W, H    float64 // page size in mm
	Title   string
	Author  string
	Options Options
	Pages   []*Page
}

func newLayout(o Options, title, author string) (*Layout, error) {
	w, h, err := o.size()
	if err != nil {
		return nil, err
	}
	return &Layout{W: w, H: h, Title: title, Author: author, Options: o}, nil
}

func (l *Layout) addPage() *Page {
	p := &Page{}
	l.Pages = append(l.Pages, p)
	return p
}

// Dump writes the layout as text, one box a line, for golden tests.
func (l *Layout) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "layout %.1fx%.1f %q pages=%d\n", l.W, l.H, l.Title, len(l.Pages))
	for i, p := range l.Pages {
		fmt.Fprintf(&b, "page %d\n", i+1)
		for _, x := range p.Boxes {
			switch x.Kind {
			case Text:
				bold := ""
				if x.Bold {
					bold = " bold"
				}
				fmt.Fprintf(&b, "  T %.1f %.1f %.1f %.1f %.1fpt %c%s %s %q\n", x.X, x.Y, x.W, x.H, x.Size, x.Align, bold, x.Color.hex(), x.Text)
			case Line:
				fmt.Fprintf(&b, "  L %.1f %.1f %.1f %.1f w%.2f %s\n", x.X, x.Y, x.X+x.W, x.Y+x.H, x.LineWidth, x.Color.hex())
			case Rect:
				fill := ""
				if x.Fill {
					fill = " fill"
				}
				fmt.Fprintf(&b, "  R %.1f %.1f %.1f %.1f w%.2f%s %s\n", x.X, x.Y, x.W, x.H, x.LineWidth, fill, x.Color.hex())
			}
		}
	}
	return b.String()
}

func (c Color) hex() string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// Text returns the text of every page, in drawing order, one string per page.
func (l *Layout) Text() []string {
	out := make([]string, len(l.Pages))
	for i, p := range l.Pages {
		var b strings.Builder
		for _, x := range p.Boxes {
			if x.Kind == Text {
				b.WriteString(x.Text)
				b.WriteByte('\n')
			}
		}
		out[i] = b.String()
	}
	return out
}

// ptToMM converts a font size to millimetres.
const ptToMM = 25.4 / 72

// lineHeight is the height of one line of text of size pt, with leading.
func lineHeight(pt float64) float64 { return pt * ptToMM * 1.45 }
