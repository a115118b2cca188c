package printouts

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"sunbooks/books"
)

func invalid(format string, args ...any) error { return books.Errorf(books.Invalid, format, args...) }

// PDF draws the layout and returns the PDF's bytes.
func (l *Layout) PDF() ([]byte, error) { return theFace.render(l) }

// Write draws the layout as a PDF onto w.
func (l *Layout) Write(w io.Writer) error {
	b, err := l.PDF()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return &books.Error{Code: books.Internal, Msg: "PDF 写出失败", Err: err}
	}
	return nil
}

// WriteFile writes the layout as a PDF to path. The PDF goes to a temporary
// file in the same folder first, which is renamed over path only when it is
// complete and not empty: a failure never leaves a broken or 0-byte file.
func (l *Layout) WriteFile(path string) error {
	b, err := l.PDF()
	if err != nil {
		return err
	}
	return writeAtomic(path, b)
}

func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	cannot := func(err error) error {
		return &books.Error{Code: books.Internal, Msg: fmt.Sprintf("无法写入 PDF 文件 %s（文件夹不存在、没有写权限、文件正被其他程序打开或磁盘已满），没有写出文件", path), Err: err}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return cannot(err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if werr != nil || serr != nil || cerr != nil {
		os.Remove(name)
		return cannot(firstErr(werr, serr, cerr))
	}
	if st, err := os.Stat(name); err != nil || st.Size() != int64(len(b)) || st.Size() == 0 {
		os.Remove(name)
		return cannot(fmt.Errorf("temporary file %s incomplete: %v", name, err))
	}
	// CreateTemp makes the file private (0600); a printout is an ordinary
	// document others on the PC may open.
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return cannot(err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return cannot(err)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
