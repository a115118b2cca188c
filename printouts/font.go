package printouts

import (
	"bytes"
	"encoding/binary"
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

// face is the printouts' font: its bytes, and its glyph widths for layout.
//
// The widths are read once per process (the first layout) and cached per
// rune. fpdf keeps its parsed fonts private to one document, so each PDF
// written parses the font again for embedding (about 10–20 ms for the 4.6 MB
// face on the reference machine); that happens once per document, never per
// page, and a print job is always one document.
type face struct {
	ttf []byte

	once sync.Once
	err  error

	mu     sync.Mutex
	pdf    *fpdf.Fpdf // a scratch document holding the parsed font, for widths
	widths map[rune]float64
}

// theFace is the process's font; tests swap it for a broken one.
var theFace = newFace(assets.FontTTF)

func newFace(ttf []byte) *face { return &face{ttf: ttf, widths: map[rune]float64{}} }

// measureSize is the size the scratch document measures at; widths scale
// linearly with the size.
const measureSize = 100.0

// fontError is the message for a font fpdf cannot use.
func fontError(detail string, err error) error {
	return &books.Error{Code: books.Internal, Msg: "无法生成 PDF：内置中文字体（文泉驿微米黑）不可用（" + detail + "），没有写出文件；请重新安装阳光账本", Err: err}
}

// load parses the font once and checks fpdf can use it: fpdf itself only
// prints a parse error and fails much later, at Output.
func (f *face) load() error {
	f.once.Do(func() {
		if len(f.ttf) < 12 {
			f.err = fontError("字体文件为空或不完整", nil)
			return
		}
		if err := checkTTF(f.ttf); err != nil {
			f.err = err
			return
		}
		pdf, err := newFPDF(f, 210, 297)
		if err != nil {
			f.err = err
			return
		}
		pdf.SetFont(fontFamily, "", measureSize)
		if pdf.Err() {
			f.err = fontError("字体无法读取", pdf.Error())
			return
		}
		if w := pdf.GetStringWidth("中"); w <= 0 {
			f.err = fontError("字体缺少汉字", nil)
			return
		}
		f.pdf = pdf
	})
	return f.err
}

// newFPDF starts a document of w×h mm with the font registered. A font that
// makes fpdf panic (a truncated file) is reported as an error.
func newFPDF(f *face, w, h float64) (pdf *fpdf.Fpdf, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fontError("字体文件损坏", fmt.Errorf("fpdf panic: %v", r))
		}
	}()
	pdf = fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: w, Ht: h}})
	pdf.AddUTF8FontFromBytes(fontFamily, "", f.ttf)
	if pdf.Err() {
		return nil, fontError("字体无法读取", pdf.Error())
	}
	return pdf, nil
}

// width returns the width of s in mm at size pt.
func (f *face) width(s string, pt float64) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	total := 0.0
	for _, r := range s {
		w, ok := f.widths[r]
		if !ok {
			w = f.pdf.GetStringWidth(string(r))
			f.widths[r] = w
		}
		total += w
	}
	return total * pt / measureSize
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
	pdf, err := newFPDF(f, l.W, l.H)
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

// checkTTF checks what fpdf does not: that the file is a TrueType font whose
// tables are all present and inside the file. fpdf reads a truncated font
// without complaint and embeds garbage.
func checkTTF(b []byte) error {
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
	default:
		return fontError("不是 TrueType 字体", nil)
	}
	n := int(binary.BigEndian.Uint16(b[4:6]))
	if len(b) < 12+16*n {
		return fontError("字体文件不完整", nil)
	}
	found := map[string]bool{}
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		off, size := int64(binary.BigEndian.Uint32(rec[8:12])), int64(binary.BigEndian.Uint32(rec[12:16]))
		if off+size > int64(len(b)) {
			return fontError("字体文件不完整，表 "+tag+" 超出文件末尾", nil)
		}
		found[tag] = true
	}
	for _, tag := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		if !found[tag] {
			return fontError("字体缺少 "+tag+" 表", nil)
		}
	}
	return nil
}
