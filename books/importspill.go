package books

// What an import keeps between checking a file and writing it: a summary of
// each run of a voucher's lines in memory, and the lines themselves in a
// temporary file, read back once in the file's order while they are written.
// Memory grows with the vouchers, not with the lines (nor their memos).

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// importPiece is a run of one voucher's lines, one after another in the
// file. A voucher whose lines are apart has several pieces; they are joined
// into its first piece once the file is read (importParser.join).
type importPiece struct {
	dr, cr int64 // its sums in fen; on a voucher's first piece, the voucher's
	no     int32 // its voucher number in importFile.text
	day    int32 // its date, YYYYMMDD
	// first is the file line of its first line; once the file is checked
	// and a voucher numbered (writeImport), its first piece keeps here its
	// place in date order instead, which its id and number follow.
	first int32
	// bits are its lines (pieceLines) and two flags: pieceOver (a sum left
	// int64), pieceBlankFirst (its first line's memo is blank). A piece is
	// 32 bytes.
	bits int32
}

const (
	pieceOver       = 1 << 30
	pieceBlankFirst = 1 << 29
	pieceLines      = pieceBlankFirst - 1 // more than MaxImportRows
)

// n is p's lines.
func (p *importPiece) n() int32 { return p.bits & pieceLines }

func (p *importPiece) is(flag int32) bool { return p.bits&flag != 0 }

// pieceJoin is, for a piece of a voucher in several pieces, the voucher's
// first piece, and whether it is the voucher's last piece.
type pieceJoin struct {
	voucher int32
	last    bool
}

func (p *importPiece) period() Period { return Period(p.day / 100) }

// date is p's date as the file and the book write it, YYYY-MM-DD.
func (p *importPiece) date() string { return string(appendDay(nil, p.day)) }

// appendDay appends day (YYYYMMDD) as YYYY-MM-DD.
func appendDay(buf []byte, day int32) []byte {
	d := int(day)
	return append(buf, byte('0'+d/10000000), byte('0'+d/1000000%10), byte('0'+d/100000%10), byte('0'+d/10000%10), '-',
		byte('0'+d/1000%10), byte('0'+d/100%10), '-', byte('0'+d/10%10), byte('0'+d%10))
}

// importPieces holds an import's pieces in fixed chunks: growing never
// copies them all, nor holds a spare half of them.
type importPieces struct {
	chunks [][]importPiece
	n      int32
}

const importChunk = 1 << 12

// add keeps p and returns its index.
func (a *importPieces) add(p importPiece) int32 {
	if int(a.n)%importChunk == 0 {
		a.chunks = append(a.chunks, make([]importPiece, 0, importChunk))
	}
	c := &a.chunks[len(a.chunks)-1]
	*c = append(*c, p)
	a.n++
	return a.n - 1
}

func (a *importPieces) at(i int32) *importPiece { return &a.chunks[i/importChunk][i%importChunk] }

// importFile is what the check of a file keeps for writing it. It holds
// about 50 bytes a voucher, whatever its lines.
type importFile struct {
	pieces importPieces
	text   importText
	// apart joins the pieces of vouchers in several pieces (join); total is
	// their lines in all, by their first piece. A voucher in one piece, as
	// nearly all are, is in neither.
	apart    map[int32]pieceJoin
	total    map[int32]int32
	vouchers int // how many
	added    []string
	spill    *importSpill
}

// joinOf is piece i's voucher (its first piece) and whether i is its last
// piece.
func (f *importFile) joinOf(i int32) (voucher int32, last bool) {
	if j, ok := f.apart[i]; ok {
		return j.voucher, j.last
	}
	return i, true
}

// linesOf is the lines of the voucher whose first piece is v.
func (f *importFile) linesOf(v int32) int32 {
	if n, ok := f.total[v]; ok {
		return n
	}
	return f.pieces.at(v).n()
}

// eachVoucher calls fn with each voucher's first piece, in the file's order.
func (f *importFile) eachVoucher(fn func(i int32, v *importPiece)) {
	for i := int32(0); i < f.pieces.n; i++ {
		if len(f.apart) > 0 {
			if v, _ := f.joinOf(i); v != i {
				continue
			}
		}
		fn(i, f.pieces.at(i))
	}
}

// noBytes is p's voucher number.
func (f *importFile) noBytes(p *importPiece) []byte { return f.text.at(p.no) }

// no is p's voucher number as a string of its own.
func (f *importFile) no(p *importPiece) string { return string(f.noBytes(p)) }

// importText keeps short texts one after another in chunks, each after its
// length (a uvarint): a million voucher numbers without a million strings.
type importText struct{ chunks [][]byte }

const textChunk = 1 << 16

// add keeps s and returns where: its chunk << 16 | its place in the chunk
// (a text longer than a chunk has one of its own, at 0).
func (t *importText) add(s string) int32 {
	need := binary.MaxVarintLen64 + len(s)
	if len(t.chunks) == 0 || cap(t.chunks[len(t.chunks)-1])-len(t.chunks[len(t.chunks)-1]) < need {
		t.chunks = append(t.chunks, make([]byte, 0, max(textChunk, need)))
	}
	c := &t.chunks[len(t.chunks)-1]
	at := int32((len(t.chunks)-1)<<16 | len(*c))
	*c = binary.AppendUvarint(*c, uint64(len(s)))
	*c = append(*c, s...)
	return at
}

func (t *importText) at(at int32) []byte {
	c := t.chunks[at>>16][at&0xffff:]
	n, k := binary.Uvarint(c)
	return c[k : k+int(n)]
}

// close removes the temporary file.
func (f *importFile) close() {
	if f != nil && f.spill != nil {
		f.spill.remove()
	}
}

// importSpill is the temporary file an import's lines wait in between the
// check and the write. Each line is five varints (account, compound, debit,
// credit, the memo's length) and the memo; a blank memo has length 0.
type importSpill struct {
	f   *os.File
	w   *bufio.Writer
	err error // the first write error
	buf []byte
}

func newImportSpill() (*importSpill, error) {
	f, err := os.CreateTemp("", "sunbooks-import-*.tmp")
	if err != nil {
		return nil, spillError(err)
	}
	return &importSpill{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// spillError says why the temporary file failed.
func spillError(err error) error {
	if isNoSpace(err) {
		return &Error{Code: DiskFull, Msg: "磁盘已满：导入时无法写临时文件（" + os.TempDir() + "），没有导入任何凭证；请腾出磁盘空间后再导入", Err: err}
	}
	return &Error{Code: Internal, Msg: "导入时无法写临时文件（" + os.TempDir() + "），没有导入任何凭证", Err: err}
}

// add writes one line.
func (s *importSpill) add(acc, comp, dr, cr int64, memo string) {
	if s.err != nil {
		return
	}
	b := s.buf[:0]
	b = binary.AppendVarint(b, acc)
	b = binary.AppendVarint(b, comp)
	b = binary.AppendVarint(b, dr)
	b = binary.AppendVarint(b, cr)
	b = binary.AppendUvarint(b, uint64(len(memo)))
	b = append(b, memo...)
	s.buf = b
	_, s.err = s.w.Write(b)
}

// done flushes what is written; the file is then read from its start.
func (s *importSpill) done() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return spillError(s.err)
	}
	return nil
}

func (s *importSpill) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// spillLine is one line as read back.
type spillLine struct {
	memo              string
	acc, comp, dr, cr int64
}

// spillReader reads the lines back.
type spillReader struct {
	r     *bufio.Reader
	memo  []byte
	memos map[string]string // recent memos: a million lines share their strings
}

func (r *spillReader) next(l *spillLine) error {
	var err error
	for _, p := range []*int64{&l.acc, &l.comp, &l.dr, &l.cr} {
		if *p, err = binary.ReadVarint(r.r); err != nil {
			return err
		}
	}
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		return err
	}
	if n > MaxImportLine {
		return errors.New("import spill: memo too long")
	}
	if uint64(cap(r.memo)) < n {
		r.memo = make([]byte, n)
	}
	r.memo = r.memo[:n]
	if _, err := io.ReadFull(r.r, r.memo); err != nil {
		return err
	}
	if m, ok := r.memos[string(r.memo)]; ok {
		l.memo = m
		return nil
	}
	if len(r.memos) >= 1<<12 {
		clear(r.memos)
	}
	l.memo = string(r.memo)
	r.memos[l.memo] = l.memo
	return nil
}

// replay reads the lines back in the file's order. For each line of each
// piece, line is called with the voucher's first piece, the line's number
// in the voucher and the line, its blank memo filled with the one above it
// in its voucher; after each piece, end is called with the voucher's first
// piece and its index, whether the piece is the whole voucher, and whether
// it is its last piece.
func (f *importFile) replay(ctx context.Context, line func(v *importPiece, seq int, l *spillLine) error,
	end func(v *importPiece, vi int32, whole, last bool) error) error {
	if _, err := f.spill.f.Seek(0, io.SeekStart); err != nil {
		return spillError(err)
	}
	r := &spillReader{r: bufio.NewReaderSize(f.spill.f, 1<<16), memos: map[string]string{}}
	// The lines so far and the last memo of each voucher with pieces still
	// to come.
	type openVoucher struct {
		seq  int
		memo string
	}
	open := map[int32]openVoucher{}
	var l spillLine
	read := 0
	for i := int32(0); i < f.pieces.n; i++ {
		p := f.pieces.at(i)
		vi, last := f.joinOf(i)
		v := f.pieces.at(vi)
		var o openVoucher
		if vi != i {
			o = open[vi]
		}
		for k := int32(0); k < p.n(); k++ {
			if read++; read%1000 == 0 {
				if err := stopped(ctx); err != nil {
					return err
				}
			}
			if err := r.next(&l); err != nil {
				return internal("import spill", err)
			}
			if l.memo == "" {
				l.memo = o.memo
			}
			o.memo = l.memo
			o.seq++
			if err := line(v, o.seq, &l); err != nil {
				return err
			}
		}
		if last {
			delete(open, vi)
		} else {
			open[vi] = o
		}
		if err := end(v, vi, vi == i && last, last); err != nil {
			return err
		}
	}
	return nil
}

// importGC is how far the heap may grow past what is live (GOGC) while an
// import runs, instead of Go's 100 %: what an import keeps holds no
// pointers, so a collection costs little, and at 25 % a million-line import
// peaks at about 70 MB instead of 90 MB.
const importGC = 25

var lowGC struct {
	sync.Mutex
	n    int // imports running
	prev int // the percent before the first of them
}

// lowerGC sets importGC until the returned function is called; imports
// running at once restore the percent when the last ends.
func lowerGC() (restore func()) {
	lowGC.Lock()
	defer lowGC.Unlock()
	if lowGC.n == 0 {
		lowGC.prev = debug.SetGCPercent(importGC)
		if lowGC.prev >= 0 && lowGC.prev < importGC {
			debug.SetGCPercent(lowGC.prev) // set lower already (GOGC)
		}
	}
	lowGC.n++
	return func() {
		lowGC.Lock()
		defer lowGC.Unlock()
		if lowGC.n--; lowGC.n == 0 {
			debug.SetGCPercent(lowGC.prev)
		}
	}
}
