package printouts

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// sfnt is the TrueType font, parsed once per process: the tables fpdf needs,
// every glyph's place in glyf, the Unicode map and the advance widths.
//
// fpdf parses a font afresh for every document and keeps the result private,
// and for the 4.6 MB face that parse (a Go map entry per character and per
// glyph) costs more than laying out and writing a whole notice. So each
// document is given instead a small font cut from this one holding just the
// characters it draws (subset); fpdf's parse of that is quick, and the glyphs,
// widths and names in it are byte for byte the original's.
type sfnt struct {
	tables      map[string][]byte
	unitsPerEm  int
	numGlyphs   int
	numHMetrics int
	glyphAt     []uint32 // numGlyphs+1 offsets into glyf (from loca)
	components  [][]uint16
	cmap        []uint16 // BMP rune → glyph; 0 when the font has none
}

// Table tags fpdf reads, or copies into the font it embeds.
var (
	requiredTables = []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}
	copiedTables   = []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"}
)

// Composite glyph flags (OpenType spec, glyf table).
const (
	argsAreWords = 0x0001
	haveScale    = 0x0008
	moreComps    = 0x0020
	haveXYScale  = 0x0040
	haveTwoByTwo = 0x0080
)

func u16(b []byte, at int) int { return int(binary.BigEndian.Uint16(b[at:])) }
func u32(b []byte, at int) int { return int(binary.BigEndian.Uint32(b[at:])) }

// parseSFNT reads a TrueType font and checks, beyond what fpdf does, that
// every table and glyph it will read lies inside the file: fpdf reads a
// truncated font without complaint and embeds garbage, or panics.
func parseSFNT(b []byte) (*sfnt, error) {
	if len(b) < 12 {
		return nil, fontError("字体文件为空或不完整", nil)
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
	default:
		return nil, fontError("不是 TrueType 字体", nil)
	}
	n := u16(b, 4)
	if len(b) < 12+16*n {
		return nil, fontError("字体文件不完整", nil)
	}
	f := &sfnt{tables: map[string][]byte{}}
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		off, size := int64(binary.BigEndian.Uint32(rec[8:12])), int64(binary.BigEndian.Uint32(rec[12:16]))
		if off+size > int64(len(b)) {
			return nil, fontError("字体文件不完整，表 "+tag+" 超出文件末尾", nil)
		}
		f.tables[tag] = b[off : off+size]
	}
	for _, tag := range requiredTables {
		if f.tables[tag] == nil {
			return nil, fontError("字体缺少 "+tag+" 表", nil)
		}
	}
	bad := func(what string) error { return fontError("字体的 "+what+" 损坏", nil) }

	head, maxp, hhea := f.tables["head"], f.tables["maxp"], f.tables["hhea"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || len(f.tables["post"]) < 32 {
		return nil, bad("head/maxp/hhea/post 表")
	}
	f.unitsPerEm = u16(head, 18)
	f.numGlyphs = u16(maxp, 4)
	f.numHMetrics = u16(hhea, 34)
	if f.unitsPerEm == 0 || f.numGlyphs == 0 || f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs {
		return nil, bad("head/maxp/hhea 表")
	}
	if len(f.tables["hmtx"]) < 4*f.numHMetrics+2*(f.numGlyphs-f.numHMetrics) {
		return nil, bad("hmtx 表")
	}

	loca, glyf := f.tables["loca"], f.tables["glyf"]
	f.glyphAt = make([]uint32, f.numGlyphs+1)
	long := u16(head, 50) == 1
	if (long && len(loca) < 4*(f.numGlyphs+1)) || (!long && len(loca) < 2*(f.numGlyphs+1)) {
		return nil, bad("loca 表")
	}
	for g := range f.glyphAt {
		if long {
			f.glyphAt[g] = uint32(u32(loca, 4*g))
		} else {
			f.glyphAt[g] = uint32(2 * u16(loca, 2*g))
		}
		if int(f.glyphAt[g]) > len(glyf) || (g > 0 && f.glyphAt[g] < f.glyphAt[g-1]) {
			return nil, bad("loca 表")
		}
	}
	f.components = make([][]uint16, f.numGlyphs)
	for g := range f.numGlyphs {
		comps, err := f.readComponents(uint16(g))
		if err != nil {
			return nil, bad(fmt.Sprintf("第 %d 个字形", g))
		}
		f.components[g] = comps
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

// glyph returns glyph g's outline bytes.
func (f *sfnt) glyph(g uint16) []byte {
	return f.tables["glyf"][f.glyphAt[g]:f.glyphAt[g+1]]
}

// readComponents lists the glyphs a composite glyph is built from, and
// checks its component records lie inside it; a simple glyph has none.
func (f *sfnt) readComponents(g uint16) ([]uint16, error) {
	data := f.glyph(g)
	if len(data) < 10 || int16(u16(data, 0)) >= 0 {
		return nil, nil
	}
	var comps []uint16
	for at := 10; ; {
		if at+4 > len(data) {
			return nil, fmt.Errorf("component record past the glyph")
		}
		flags, c := u16(data, at), u16(data, at+2)
		if c >= f.numGlyphs {
			return nil, fmt.Errorf("component %d out of range", c)
		}
		comps = append(comps, uint16(c))
		at += 4 + componentArgs(flags)
		if at > len(data) {
			return nil, fmt.Errorf("component record past the glyph")
		}
		if flags&moreComps == 0 {
			return comps, nil
		}
	}
}

// componentArgs is the size of a component record after its flags and
// glyph index: the offsets and the optional transform.
func componentArgs(flags int) int {
	n := 2
	if flags&argsAreWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}

// parseCmap reads the Unicode BMP map fpdf uses: the first format-4
// subtable of a Microsoft Unicode or a Unicode-platform record.
func (f *sfnt) parseCmap() error {
	cmap := f.tables["cmap"]
	bad := fontError("字体的 cmap 表损坏", nil)
	if len(cmap) < 4 {
		return bad
	}
	var sub []byte
	for i := range u16(cmap, 2) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return bad
		}
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), u32(cmap, rec+4)
		if (platform == 3 && encoding == 1) || platform == 0 {
			if off+14 <= len(cmap) && u16(cmap, off) == 4 {
				sub = cmap[off:min(len(cmap), off+u16(cmap, off+2))]
				break
			}
		}
	}
	if sub == nil {
		return fontError("字体没有 Unicode 字符映射", nil)
	}
	segs := u16(sub, 6) / 2
	if len(sub) < 16+8*segs {
		return bad
	}
	f.cmap = make([]uint16, 0x10000)
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	next := 0 // segments are sorted and disjoint: each code is read once
	for s := range segs {
		end, start, delta, ro := u16(sub, ends+2*s), u16(sub, starts+2*s), u16(sub, deltas+2*s), u16(sub, ranges+2*s)
		if start < next || end < start {
			return bad
		}
		next = end + 1
		for c := start; c <= end; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else if at := ranges + 2*s + ro + 2*(c-start); at+2 <= len(sub) {
				if g = u16(sub, at); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g >= f.numGlyphs {
				g = 0
			}
			f.cmap[c] = uint16(g)
		}
	}
	return nil
}

// advance returns glyph g's advance width in font units, as fpdf reads it.
func (f *sfnt) advance(g int) int {
	hmtx := f.tables["hmtx"]
	if g >= f.numHMetrics {
		g = f.numHMetrics - 1
	}
	return u16(hmtx, 4*g)
}

// leftBearing returns glyph g's left side bearing, raw.
func (f *sfnt) leftBearing(g int) []byte {
	hmtx := f.tables["hmtx"]
	if g < f.numHMetrics {
		return hmtx[4*g+2 : 4*g+4]
	}
	at := 4*f.numHMetrics + 2*(g-f.numHMetrics)
	return hmtx[at : at+2]
}

// missingWidth is the width fpdf gives a character the font lacks, in
// thousandths of the font size: glyph 0's width, or 500.
func (f *sfnt) missingWidth() int {
	adv := u16(f.tables["hmtx"], 0)
	if adv >= 1<<15 {
		adv = 0
	}
	if w := fpdfRound(1000 / float64(f.unitsPerEm) * float64(adv)); w != 0 {
		return w
	}
	return 500
}

// runeWidth is r's width in thousandths of the font size, computed exactly
// as fpdf computes it when it lays out a cell, so that what the layout
// measures is what fpdf draws (right-aligned figures line up).
func (f *sfnt) runeWidth(r rune) int {
	if r <= 0 || r >= 0xFFFF || f.cmap[r] == 0 {
		return f.missingWidth()
	}
	adv := f.advance(int(f.cmap[r]))
	if int(f.cmap[r]) < f.numHMetrics && adv >= 1<<15 {
		adv = 0
	}
	return fpdfRound(1000 / float64(f.unitsPerEm) * float64(adv))
}

// fpdfRound is fpdf's rounding of widths (half away from zero).
func fpdfRound(x float64) int {
	if x < 0 {
		return -int(math.Floor(-x + 0.5))
	}
	return int(math.Floor(x + 0.5))
}

// maxCmapSegments is how many runs of consecutive characters one format-4
// cmap subtable can hold (its length is a 16-bit field).
const maxCmapSegments = (0xFFFF - 16) / 8

// subset cuts a font holding glyph 0 and the glyphs of runes (with the
// components of composite glyphs), in rune order, so a run of consecutive
// characters maps to a run of glyphs and the cmap needs one segment per run.
// Outlines, advances, bearings, names and metrics are copied unchanged.
// It reports false when the runes need more cmap segments than a font can
// hold; the caller then embeds the whole font.
//
// It is long on purpose: it writes the font's tables in file order, one
// block each, as the TrueType format lays them out.
func (f *sfnt) subset(runes []rune) ([]byte, bool) {
	var chars []rune
	for _, r := range runes {
		if r > 0 && r < 0xFFFF && f.cmap[r] != 0 {
			chars = append(chars, r)
		}
	}
	slices.Sort(chars)
	chars = slices.Compact(chars)

	old := []uint16{0}
	for _, r := range chars {
		old = append(old, f.cmap[r])
	}
	// Components get glyphs of their own after the characters'; a glyph
	// used both ways is simply stored twice.
	compNew := map[uint16]int{}
	for i := 0; i < len(old); i++ {
		for _, c := range f.components[old[i]] {
			if _, ok := compNew[c]; !ok {
				compNew[c] = len(old)
				old = append(old, c)
			}
		}
	}
	if len(old) > 0xFFFF {
		return nil, false
	}

	type segment struct{ start, end, delta int }
	var segs []segment
	for i, r := range chars {
		gid := i + 1
		if n := len(segs); n > 0 && int(r) == segs[n-1].end+1 {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{int(r), int(r), (gid - int(r)) & 0xFFFF})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})
	if len(segs) > maxCmapSegments {
		return nil, false
	}

	be := binary.BigEndian
	var glyf, loca, hmtx []byte
	for _, g := range old {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		data := f.glyph(g)
		start := len(glyf)
		glyf = append(glyf, data...)
		if comps := f.components[g]; len(comps) > 0 {
			// Point each component record at the component's new glyph.
			at := start + 10
			for range comps {
				flags, c := u16(glyf, at), uint16(u16(glyf, at+2))
				be.PutUint16(glyf[at+2:], uint16(compNew[c]))
				at += 4 + componentArgs(flags)
			}
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		hmtx = be.AppendUint16(hmtx, uint16(f.advance(int(g))))
		hmtx = append(hmtx, f.leftBearing(int(g))...)
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12} // version, one record: 3/1 at 12
	segX2 := 2 * len(segs)
	searchRange, selector := 2, 0
	for searchRange*2 <= segX2 {
		searchRange *= 2
		selector++
	}
	for _, v := range []int{4, 16 + 8*len(segs), 0, segX2, searchRange, selector, segX2 - searchRange} {
		cmap = be.AppendUint16(cmap, uint16(v))
	}
	for _, s := range segs {
		cmap = be.AppendUint16(cmap, uint16(s.end))
	}
	cmap = be.AppendUint16(cmap, 0) // reservedPad
	for _, s := range segs {
		cmap = be.AppendUint16(cmap, uint16(s.start))
	}
	for _, s := range segs {
		cmap = be.AppendUint16(cmap, uint16(s.delta))
	}
	cmap = append(cmap, make([]byte, segX2)...) // idRangeOffset: none

	n := uint16(len(old))
	head := slices.Clone(f.tables["head"])
	be.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	be.PutUint16(head[50:], 1) // long loca
	hhea := slices.Clone(f.tables["hhea"])
	be.PutUint16(hhea[34:], n)
	maxp := slices.Clone(f.tables["maxp"])
	be.PutUint16(maxp[4:], n)
	post := append([]byte{0, 3, 0, 0}, f.tables["post"][4:32]...) // format 3: no glyph names

	out := map[string][]byte{
		"cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx,
		"loca": loca, "maxp": maxp, "post": post,
	}
	for _, tag := range copiedTables {
		if t := f.tables[tag]; t != nil {
			out[tag] = t
		}
	}
	return assembleSFNT(out), true
}

// assembleSFNT writes tables into a font file: the directory sorted by tag,
// each table 4-byte aligned with its checksum, and head's checksum
// adjustment set.
func assembleSFNT(tables map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	n := len(tags)
	searchRange, selector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		selector++
	}
	out := be.AppendUint32(nil, 0x00010000)
	for _, v := range []int{n, 16 * searchRange, selector, 16*n - 16*searchRange} {
		out = be.AppendUint16(out, uint16(v))
	}
	offset := 12 + 16*n
	headAt := 0
	for _, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headAt = offset
		}
		out = append(out, tag...)
		out = be.AppendUint32(out, checksum(t))
		out = be.AppendUint32(out, uint32(offset))
		out = be.AppendUint32(out, uint32(len(t)))
		offset += (len(t) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the OpenType table checksum: the sum of big-endian uint32s,
// the last one zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
