package printouts

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"sunbooks/assets"
	"sunbooks/books"
)

// fontFamily is the name the font is registered under in every PDF.
const fontFamily = "wqy"

// face is the printouts' font: its bytes, parsed once per process (the first
// layout) into the tables the layout measures with and each document's
// font is cut from.
type face struct {
	ttf []byte

	once sync.Once
	err  error
	font *sfnt
}

// theFace is the process's font; tests swap it for a broken one.
var theFace = newFace(assets.FontTTF)

func newFace(ttf []byte) *face { return &face{ttf: ttf} }

// fontError is the message for a font fpdf cannot use.
func fontError(detail string, err error) error {
	return &books.Error{Code: books.Internal, Msg: "无法生成 PDF：内置中文字体（文泉驿微米黑）不可用（" + detail + "），没有写出文件；请重新安装阳光账本", Err: err}
}

// probeText is what load has fpdf draw to prove it can use the font.
const probeText = "中文 0123"

// load parses the font once and checks fpdf can use a font cut from it:
// fpdf itself only prints a parse error and fails much later, at Output.
func (f *face) load() error {
	f.once.Do(func() {
		font, err := parseSFNT(f.ttf)
		if err != nil {
			f.err = err
			return
		}
		ttf, _ := font.subset([]rune(probeText))
		pdf, err := newFPDF(ttf, 210, 297)
		if err != nil {
			f.err = err
			return
		}
		pdf.SetFont(fontFamily, "", 10)
		if pdf.Err() {
			f.err = fontError("字体无法读取", pdf.Error())
			return
		}
		if font.runeWidth('中') <= 0 || pdf.GetStringSymbolWidth("中") != font.runeWidth('中') {
			f.err = fontError("字体缺少汉字", nil)
			return
		}
		f.font = font
	})
	return f.err
}

// newFPDF starts a document of w×h mm with the font ttf registered. A font
// that makes fpdf panic is reported as an error.
func newFPDF(ttf []byte, w, h float64) (pdf *fpdf.Fpdf, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fontError("字体文件损坏", fmt.Errorf("fpdf panic: %v", r))
		}
	}()
	pdf = fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: w, Ht: h}})
	pdf.AddUTF8FontFromBytes(fontFamily, "", ttf)
	if pdf.Err() {
		return nil, fontError("字体无法读取", pdf.Error())
	}
	return pdf, nil
}

// ptPerMM is fpdf's scale for documents in millimetres.
const ptPerMM = 72.0 / 25.4

// width returns the width of s in mm at size pt, as fpdf measures it.
func (f *face) width(s string, pt float64) float64 {
	w := 0
	for _, r := range s {
		w += f.font.runeWidth(r)
	}
	return float64(w) * (pt / ptPerMM) / 1000
}

// documentFont is the font a document drawing the layout l embeds: cut to
// the characters l draws, or the whole face in the unlikely case those are
// too scattered for one font's character map.
func (f *face) documentFont(l *Layout) []byte {
	var runes []rune
	for _, p := range l.Pages {
		for _, b := range p.Boxes {
			if b.Kind == Text {
				runes = append(runes, []rune(b.Text)...)
			}
		}
	}
	if ttf, ok := f.font.subset(runes); ok {
		return ttf
	}
	return f.ttf
}

// noLineStart are characters a Chinese line must not begin with (避头点).
const noLineStart = "，。、；：？！）》」』】〕”’,.;:?!)]}%"

// wrap breaks s into lines no wider than w mm at size pt. Chinese breaks
// between any two characters, Latin words and numbers stay whole unless
// longer than a line, explicit newlines are kept, and closing punctuation
// never starts a line. An empty s gives one empty line.
func (f *face) wrap(s string, w, pt float64) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, f.wrapLine(para, w, pt)...)
	}
	return out
}

func (f *face) wrapLine(s string, w, pt float64) []string {
	runes := []rune(strings.TrimRight(s, " \t"))
	if len(runes) == 0 {
		return []string{""}
	}
	// Split into unbreakable pieces: a Latin word (with its trailing spaces)
	// or a single other character.
	var pieces [][]rune
	for i := 0; i < len(runes); {
		j := i + 1
		if isWordRune(runes[i]) {
			for j < len(runes) && isWordRune(runes[j]) {
				j++
			}
		}
		for j < len(runes) && runes[j] == ' ' {
			j++
		}
		pieces = append(pieces, runes[i:j])
		i = j
	}
	var lines []string
	var cur []rune
	curW := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(string(cur), " "))
		cur, curW = nil, 0
	}
	for _, p := range pieces {
		pw := f.width(strings.TrimRight(string(p), " "), pt)
		if curW+pw <= w {
			cur = append(cur, p...)
			curW += f.width(string(p), pt)
			continue
		}
		if pw > w {
			// A word longer than a line: break it by characters.
			for _, r := range p {
				rw := f.width(string(r), pt)
				if len(cur) > 0 && curW+rw > w && r != ' ' {
					flush()
				}
				cur = append(cur, r)
				curW += rw
			}
			continue
		}
		if len(p) == 1 && strings.ContainsRune(noLineStart, p[0]) {
			// Carry the last character (and any closing punctuation before
			// it) down with the punctuation, so no line starts with it.
			k := len(cur) - 1
			for k > 0 && strings.ContainsRune(noLineStart, cur[k]) {
				k--
			}
			if k > 0 {
				carry := append([]rune{}, cur[k:]...)
				cur = cur[:k]
				flush()
				cur = append(carry, p[0])
				curW = f.width(string(cur), pt)
				continue
			}
		}
		flush()
		cur = append(cur, p...)
		curW = f.width(string(p), pt)
	}
	if len(cur) > 0 {
		flush()
	}
	return lines
}

// fit makes one line of s fit w mm: a smaller size down to 75 %, then the
// end cut off with an ellipsis. For running notes, never for figures.
func (f *face) fit(s string, w, pt float64) (string, float64) {
	if tw := f.width(s, pt); tw > w {
		pt = max(pt*w/tw, pt*0.75)
	}
	r := []rune(s)
	for len(r) > 1 && f.width(string(r), pt) > w {
		r = append(r[:len(r)-2], '…')
	}
	return string(r), pt
}

func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:@#&+%,'", r))
}

// render draws the layout into a new fpdf document.
func (f *face) render(l *Layout) (out []byte, err error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	pdf, err := newFPDF(f.documentFont(l), l.W, l.H)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fontError("绘制时出错", fmt.Errorf("fpdf panic: %v", r))
		}
	}()
	created := l.Options.Created
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(!l.Options.NoCompress)
	pdf.SetTitle(l.Title, true)
	pdf.SetAuthor(l.Author, true)
	pdf.SetCreator("阳光账本", true)
	pdf.SetProducer("阳光账本 (go-pdf/fpdf)", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.SetFont(fontFamily, "", 10)
	for _, p := range l.Pages {
		pdf.AddPage()
		for _, b := range p.Boxes {
			drawBox(pdf, b)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fontError("生成失败", err)
	}
	if buf.Len() == 0 {
		return nil, fontError("生成的 PDF 为空", nil)
	}
	return buf.Bytes(), nil
}

func drawBox(pdf *fpdf.Fpdf, b Box) {
	c := b.Color
	switch b.Kind {
	case Text:
		pdf.SetFontSize(b.Size)
		pdf.SetTextColor(int(c[0]), int(c[1]), int(c[2]))
		if b.Bold {
			// The face has no bold: fill and stroke the glyphs instead.
			pdf.SetDrawColor(int(c[0]), int(c[1]), int(c[2]))
			pdf.SetLineWidth(b.Size * 0.012)
			pdf.SetTextRenderingMode(2)
		}
		pdf.SetXY(b.X, b.Y)
		pdf.CellFormat(b.W, b.H, b.Text, "", 0, string(b.Align)+"M", false, 0, "")
		if b.Bold {
			pdf.SetTextRenderingMode(0)
		}
	case Line:
		pdf.SetDrawColor(int(c[0]), int(c[1]), int(c[2]))
		pdf.SetLineWidth(b.LineWidth)
		pdf.Line(b.X, b.Y, b.X+b.W, b.Y+b.H)
	case Rect:
		if b.Fill {
			pdf.SetFillColor(int(c[0]), int(c[1]), int(c[2]))
			pdf.Rect(b.X, b.Y, b.W, b.H, "F")
		} else {
			pdf.SetDrawColor(int(c[0]), int(c[1]), int(c[2]))
			pdf.SetLineWidth(b.LineWidth)
			pdf.Rect(b.X, b.Y, b.W, b.H, "D")
		}
	}
}
