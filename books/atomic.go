package books

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Files the books write — snapshots, exports, reports — are written under a
// temporary name in their folder, synced, and only then renamed over their
// name: a crash, a full disk or a kill midway leaves the old file (or none),
// never a broken one under the real name.

// AtomicFile is a file being written under a temporary name; Commit renames
// it over its path once complete, Abort throws it away.
type AtomicFile struct {
	*os.File
	path string
	done bool
	// direct is set for a path that is not a regular file (a device, a
	// pipe): it is written in place, never replaced by a file.
	direct bool
}

// CreateAtomic starts writing path.
func CreateAtomic(path string) (*AtomicFile, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return nil, &Error{Code: Invalid, Msg: fmt.Sprintf("%s 是一个文件夹，请给出文件名", path)}
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return nil, writeError(path, err)
		}
		return &AtomicFile{File: f, path: path, direct: true}, nil
	}
	removeStaleTemps(path)
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, writeError(path, err)
	}
	return &AtomicFile{File: f, path: path}, nil
}

// staleTemp is how old a temporary file of an earlier write to the same
// path must be before a new write removes it: one that old was left by a
// write that was killed, not one still going on.
const staleTemp = 10 * time.Minute

// removeStaleTemps removes what writes to path killed midway left behind.
func removeStaleTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+"."
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// Write writes to the file, naming it and the cause when that fails.
func (f *AtomicFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if err != nil {
		return n, writeError(f.path, err)
	}
	return n, nil
}

// Commit syncs the file to the disk and renames it over its path.
func (f *AtomicFile) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.direct {
		if err := f.Close(); err != nil {
			return writeError(f.path, err)
		}
		return nil
	}
	serr := f.Sync()
	cerr := f.Close()
	if serr != nil || cerr != nil {
		os.Remove(f.Name())
		return writeError(f.path, firstError(serr, cerr))
	}
	if err := os.Rename(f.Name(), f.path); err != nil {
		os.Remove(f.Name())
		return writeError(f.path, err)
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort throws the unfinished file away; after Commit it does nothing, so
// it may be deferred.
func (f *AtomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	if !f.direct {
		os.Remove(f.Name())
	}
}

// WriteFileAtomic writes data to path through a temporary file.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// writeError names the file that could not be written and the likely cause.
func writeError(path string, err error) error {
	msg := fmt.Sprintf("无法写入文件 %s（文件夹不存在、没有写权限、文件正被其他程序打开或磁盘已满），没有写出文件", path)
	if isNoSpace(err) {
		return &Error{Code: DiskFull, Msg: fmt.Sprintf("磁盘已满，文件 %s 没有写出", path), Err: err}
	}
	return &Error{Code: Internal, Msg: msg, Err: err}
}

// isNoSpace tells a full disk by the system's error number.
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || diskFullOnWindows(err)
}

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// syncDir makes a rename in dir durable where the system allows it (not on
// Windows, where opening a folder for sync fails; NTFS journals renames).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
