package books

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// An error nobody can act on at once (Internal) is told to the person by
// its cause and place in Chinese — 磁盘已满, 文件夹只读, the file — and its
// details go to a log file beside the book, which the message names:
// book.sunbooks.errors.log, rotated at errorLogMax into .1 and .2. Without a
// book (creating one failed) the log is in the user's cache folder.

const errorLogMax = 1 << 20

// ErrorLogPath is where the details of errors met with the book at bookPath
// are written.
func ErrorLogPath(bookPath string) string {
	if bookPath != "" {
		return bookPath + ".errors.log"
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "sunbooks", "errors.log")
}

// ExplainError returns what a person reads for err. A refusal keeps its own
// sentence; an internal error is named by its cause and place, and its
// details are appended to the error log, whose path the sentence gives (or
// which it says could not be written).
func ExplainError(bookPath string, err error) string {
	if err == nil {
		return ""
	}
	if ErrorCode(err) != Internal {
		return ErrorMessage(err)
	}
	cause := errorCause(err)
	logPath := ErrorLogPath(bookPath)
	where := "详情已写入 " + logPath
	if werr := appendErrorLog(logPath, cause, err); werr != nil {
		where = "详情也未能写入日志文件 " + logPath
	}
	return fmt.Sprintf("操作未完成：%s。%s。账簿未被改动。", cause, where)
}

// errorCause names an internal error's cause and place in Chinese, from the
// system's and SQLite's error numbers, never from their wording.
func errorCause(err error) string {
	place := ""
	var pe *fs.PathError
	if errors.As(err, &pe) {
		place = "（" + pe.Path + "）"
	}
	cause := ""
	switch {
	case isNoSpace(err):
		cause = "磁盘已满"
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		cause = "文件夹只读或没有写权限"
	case errors.Is(err, fs.ErrNotExist):
		cause = "文件或文件夹不存在"
	default:
		switch sqlitePrimary(err) {
		case sqlite3.SQLITE_IOERR:
			cause = "读写账簿文件时磁盘出错（磁盘故障、U 盘被拔出或网络盘断开）"
		case sqlite3.SQLITE_CANTOPEN:
			cause = "无法打开账簿文件"
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			cause = "账簿文件已损坏，请从备份恢复"
		}
	}
	var e *Error
	if errors.As(err, &e) && e.Msg != "" {
		if cause != "" {
			return e.Msg + "：" + cause
		}
		return e.Msg
	}
	if cause == "" {
		cause = "程序内部出错"
	}
	return cause + place
}

// appendErrorLog writes one line to the error log, rotating it first when
// it has grown past errorLogMax.
func appendErrorLog(path, cause string, err error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if st, serr := os.Stat(path); serr == nil && st.Size() > errorLogMax {
		os.Remove(path + ".2")
		os.Rename(path+".1", path+".2")
		os.Rename(path, path+".1")
	}
	f, ferr := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if ferr != nil {
		return ferr
	}
	_, werr := fmt.Fprintf(f, "%s\t%s\t%v\n", time.Now().Format("2006-01-02 15:04:05"), cause, err)
	return firstError(werr, f.Close())
}
