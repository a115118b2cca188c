package printouts

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"sunbooks/assets"
)

// fullFPDF is a document with the whole face registered, the way every
// PDF was made before fonts were cut per document: the reference the cut
// fonts are checked against.
func fullFPDF(t testing.TB) *fpdf.Fpdf {
	t.Helper()
	pdf, err := newFPDF(assets.FontTTF, 210, 297)
	if err != nil {
		t.Fatal(err)
	}
	pdf.SetFont(fontFamily, "", 10)
	return pdf
}

func loadedFace(t testing.TB) *sfnt {
	t.Helper()
	if err := theFace.load(); err != nil {
		t.Fatal(err)
	}
	return theFace.font
}

// The layout measures text itself; every character's width must be the one
// fpdf uses when it draws, or right-aligned figures would drift.
func TestRuneWidthsAreFpdfs(t *testing.T) {
	font := loadedFace(t)
	full := fullFPDF(t)
	checked := 0
	for r := rune(1); r < 0xFFFF; r++ {
		if got, want := font.runeWidth(r), full.GetStringSymbolWidth(string(r)); got != want {
			t.Fatalf("width of %U: %d, fpdf %d", r, got, want)
		}
		checked++
	}
	if w := font.runeWidth(0x1F600); w != full.GetStringSymbolWidth("😀") {
		t.Errorf("a character beyond the BMP: %d, fpdf %d", w, full.GetStringSymbolWidth("😀"))
	}
	if checked < 60000 {
		t.Errorf("checked only %d characters", checked)
	}
}

// A cut font is the face's own glyphs: fpdf reads from it the same widths,
// and every character's outline is the original's byte for byte.
func TestSubsetKeepsGlyphsAndWidths(t *testing.T) {
	font := loadedFace(t)
	text := "阳光小区 2026年3月 财务公开：停车费收入 12,345.60 元（壹万贰仟叁佰肆拾伍元陆角整）ÀÉ-_/@%"
	ttf, ok := font.subset([]rune(text))
	if !ok {
		t.Fatal("subset refused a short text")
	}
	if len(ttf) > 200_000 || len(ttf) >= len(assets.FontTTF)/10 {
		t.Errorf("cut font is %d bytes, the face %d", len(ttf), len(assets.FontTTF))
	}
	cut, err := parseSFNT(ttf)
	if err != nil {
		t.Fatalf("the cut font does not parse: %v", err)
	}
	pdf, err := newFPDF(ttf, 210, 297)
	if err != nil {
		t.Fatal(err)
	}
	pdf.SetFont(fontFamily, "", 10)
	for _, r := range text {
		if font.cmap[r] == 0 {
			continue
		}
		if got, want := pdf.GetStringSymbolWidth(string(r)), font.runeWidth(r); got != want {
			t.Errorf("%q: fpdf reads width %d from the cut font, the face has %d", r, got, want)
		}
		g, og := cut.cmap[r], font.cmap[r]
		if g == 0 {
			t.Errorf("%q is missing from the cut font", r)
			continue
		}
		if len(font.components[og]) == 0 && !bytes.Equal(cut.glyph(g), font.glyph(og)) {
			t.Errorf("%q: outline differs from the face's", r)
		}
		if cut.advance(int(g)) != font.advance(int(og)) || !bytes.Equal(cut.leftBearing(int(g)), font.leftBearing(int(og))) {
			t.Errorf("%q: metrics differ from the face's", r)
		}
	}
	if cut.cmap['中'] != 0 {
		t.Errorf("a character not in the text is in the cut font")
	}
	if len(cut.tables["name"]) == 0 || !bytes.Equal(cut.tables["name"], font.tables["name"]) {
		t.Errorf("the cut font lost the face's names")
	}
	if checksumAdjustment(ttf) != 0xB1B0AFBA {
		t.Errorf("font checksum is not consistent")
	}
}

// checksumAdjustment is what the whole font sums to; 0xB1B0AFBA when head's
// checkSumAdjustment is right.
func checksumAdjustment(ttf []byte) uint32 { return checksum(ttf) }

// Composite glyphs are built from other glyphs; a cut font must carry them
// and point the composite at their new numbers.
func TestSubsetCarriesComponents(t *testing.T) {
	font := loadedFace(t)
	var r rune
	for c := rune(0x20); c < 0xFFFF && r == 0; c++ {
		if g := font.cmap[c]; g != 0 && len(font.components[g]) > 0 {
			r = c
		}
	}
	if r == 0 {
		t.Skip("the face has no composite glyph reachable from a character")
	}
	ttf, ok := font.subset([]rune{r})
	if !ok {
		t.Fatal("subset refused one character")
	}
	cut, err := parseSFNT(ttf)
	if err != nil {
		t.Fatal(err)
	}
	g := cut.cmap[r]
	comps, orig := cut.components[g], font.components[font.cmap[r]]
	if len(comps) != len(orig) {
		t.Fatalf("%q has %d components in the cut font, %d in the face", r, len(comps), len(orig))
	}
	for i := range comps {
		if !bytes.Equal(cut.glyph(comps[i]), font.glyph(orig[i])) {
			t.Errorf("%q component %d differs", r, i)
		}
	}
}

// A document drawing thousands of scattered characters cannot have them in
// one character map; it embeds the whole face and still prints them all.
func TestScatteredCharactersFallBackToTheWholeFace(t *testing.T) {
	font := loadedFace(t)
	var sb strings.Builder
	for r := rune(0x4E00); r < 0x9FA5; r += 2 {
		sb.WriteRune(r)
	}
	if _, ok := font.subset([]rune(sb.String())); ok {
		t.Fatal("subset accepted more segments than a cmap holds")
	}
	l := &Layout{W: 210, H: 297, Options: fixed}
	text := []rune(sb.String())
	var page Page
	for i := 0; i < len(text); i += 60 {
		page.Boxes = append(page.Boxes, Box{Kind: Text, X: 5, Y: float64(i/60) + 5, W: 200, H: 1, Size: 2, Text: string(text[i:min(i+60, len(text))])})
	}
	l.Pages = []*Page{&page}
	if got := theFace.documentFont(l); !bytes.Equal(got, assets.FontTTF) {
		t.Fatalf("documentFont gave %d bytes, want the whole face", len(got))
	}
	path := writePDF(t, l, "scattered.pdf")
	if out := poppler(t, "pdftotext", path, "-"); !strings.Contains(squash(out), string(text[:30])) {
		t.Errorf("the text is not in the PDF")
	}
}

// Bad fonts are refused at parse with the part that is broken, never
// handed to fpdf (which prints a message and embeds garbage, or panics).
func TestParseRefusesBrokenFonts(t *testing.T) {
	good := assets.FontTTF
	table := func(tag string) (rec int) {
		n := int(binary.BigEndian.Uint16(good[4:]))
		for i := range n {
			if string(good[12+16*i:12+16*i+4]) == tag {
				return 12 + 16*i
			}
		}
		t.Fatalf("no %s table", tag)
		return 0
	}
	with := func(edit func(b []byte)) []byte {
		b := bytes.Clone(good)
		edit(b)
		return b
	}
	for _, tc := range []struct {
		name, want string
		ttf        []byte
	}{
		{"empty", "为空", nil},
		{"OpenType collection", "不是 TrueType", []byte("ttcf0000000000000000")},
		{"table past the end", "超出文件末尾", good[:len(good)/2]},
		{"no cmap", "缺少 cmap", with(func(b []byte) { copy(b[table("cmap"):], "xxxx") })},
		{"loca out of order", "loca", with(func(b []byte) {
			at := int(binary.BigEndian.Uint32(b[table("loca")+8:]))
			binary.BigEndian.PutUint32(b[at+4*5:], 0xFFFFFF)
		})},
		{"zero units per em", "head", with(func(b []byte) {
			at := int(binary.BigEndian.Uint32(b[table("head")+8:]))
			binary.BigEndian.PutUint16(b[at+18:], 0)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSFNT(tc.ttf)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// BenchmarkDocumentFont is what each PDF pays for its font: cutting the
// characters of a 300-item notice from the parsed face and fpdf parsing
// the result.
func BenchmarkDocumentFont(b *testing.B) {
	loadedFace(b)
	l, err := Notice(bigNotice(300), fixed)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := newFPDF(theFace.documentFont(l), l.W, l.H); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWholeFont is what each PDF paid before fonts were cut: fpdf
// parsing the whole face.
func BenchmarkWholeFont(b *testing.B) {
	for b.Loop() {
		if _, err := newFPDF(assets.FontTTF, 210, 297); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseSFNT: whatever the bytes, parsing never panics, and a font that
// parses can be cut without panicking. The seeds run with every go test.
func FuzzParseSFNT(f *testing.F) {
	font := assets.FontTTF
	for _, n := range []int{0, 12, 200, 4096} {
		f.Add(bytes.Clone(font[:n]))
	}
	small, _ := loadedFace(f).subset([]rune("阳光小区 12,345.60"))
	f.Add(small)
	f.Fuzz(func(t *testing.T, b []byte) {
		font, err := parseSFNT(b)
		if err != nil {
			return
		}
		font.subset([]rune("阳光小区 12,345.60 ÀÉ"))
		font.runeWidth('中')
	})
}

// The UI previews and prints at once: documents made concurrently share the
// parsed face and come out identical.
func TestConcurrentDocumentsShareTheFace(t *testing.T) {
	l, err := Notice(sampleNotice(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	want, err := l.PDF()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	outs := make(chan []byte, 8)
	for range 8 {
		go func() {
			l, err := Notice(sampleNotice(), fixed)
			if err == nil {
				var b []byte
				b, err = l.PDF()
				outs <- b
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(outs)
	for b := range outs {
		if !bytes.Equal(b, want) {
			t.Errorf("a concurrent rendering differs (%d vs %d bytes)", len(b), len(want))
		}
	}
}
