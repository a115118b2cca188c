package books

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Limits on every file the books read, so that memory and time stay bounded
// whatever a file holds: a file over a limit is refused before it is read,
// by a message that names the limit. The README lists them.
const (
	// MaxImportCSV is the largest CSV import file (a million lines take
	// about 80 MB).
	MaxImportCSV = 512 << 20
	// MaxImportXLSX is the largest .xlsx import file (it is read into
	// memory to be unzipped), and MaxXLSXExpanded what it may unzip to;
	// worksheets over 16 MB are unzipped to a temporary file, not memory.
	MaxImportXLSX   = 128 << 20
	MaxXLSXExpanded = 1 << 30
	// MaxImportRows is the most lines an import file may have, and
	// MaxImportLine the longest line of a CSV file.
	MaxImportRows = 2_000_000
	MaxImportLine = 64 << 10
	// MaxPackageFile is the largest period package; MaxSignedFile the
	// largest approval request, decision or policy file (a request carries
	// its attachments); MaxKeyFile the largest public-key file.
	MaxPackageFile = 256 << 20
	MaxSignedFile  = 160 << 20
	MaxKeyFile     = 1 << 20
	// MaxNoticePDF is the largest published notice kept in the archive (a
	// month of 300 items is about 100 KB a compound).
	MaxNoticePDF = 64 << 20
)

// maxSigned is the limit for a signed file of kind.
func maxSigned(kind string) int64 {
	switch kind {
	case FileKindPackage:
		return MaxPackageFile
	case FileKindPublicKey:
		return MaxKeyFile
	}
	return MaxSignedFile
}

// sizeLimit names a limit in words for a message.
func sizeLimit(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	default:
		return fmt.Sprintf("%d KB", n>>10)
	}
}

// tooLarge is the refusal of a file over its limit.
func tooLarge(path, what string, size, limit int64) error {
	return Errorf(Invalid, "文件 %s 有 %.1f MB，超过%s %s 的上限，没有读取", filepath.Base(path), float64(size)/(1<<20), what, sizeLimit(limit))
}

// ReadSignedFile reads a signed file of kind (a package, a request, a
// decision, a policy, a key) from path, refusing one over its limit without
// reading it.
func ReadSignedFile(path, kind string) ([]byte, error) {
	return readLimited(path, maxSigned(kind), fileKindNames[kind])
}

// ReadSignedFrom reads a signed file of kind from r (a file chosen in a
// dialog), at most its limit.
func ReadSignedFrom(r io.Reader, name, kind string) ([]byte, error) {
	limit := maxSigned(kind)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, Errorf(NotFound, "无法读取文件 %s", name)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, fileKindNames[kind], int64(len(data)), limit)
	}
	return data, nil
}

func readLimited(path string, limit int64, what string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, Errorf(NotFound, "找不到文件 %s", path)
	}
	if st.Size() > limit {
		return nil, tooLarge(path, what, st.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, Errorf(NotFound, "无法读取文件 %s", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, Errorf(NotFound, "无法读取文件 %s", path)
	}
	if int64(len(data)) > limit { // grew while being read
		return nil, tooLarge(path, what, int64(len(data)), limit)
	}
	return data, nil
}

// lineLimiter passes a CSV file through, failing on a line longer than max
// bytes: encoding/csv would hold a line of any length in memory.
type lineLimiter struct {
	r    io.Reader
	max  int
	run  int   // bytes since the last newline
	line int   // lines seen, for the message
	err  error // once a line is too long, every read fails
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
			l.line++
			continue
		}
		if l.run++; l.run > l.max {
			l.err = Errorf(Invalid, "第 %d 行超过 %s，不像凭证文件的一行；没有导入", l.line+1, sizeLimit(int64(l.max)))
			return 0, l.err
		}
	}
	return n, err
}
