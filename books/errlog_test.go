package books

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// An internal error is told by its cause and place, its details go to the
// log beside the book, and the message names that log; the log rotates.
func TestInternalErrorsNameTheirCauseAndTheLog(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "阳光社区.sunbooks")
	cases := []struct {
		err  error
		says string
	}{
		{internal("backup", &fs.PathError{Op: "write", Path: "/备份/x.sqlite", Err: syscall.ENOSPC}), "磁盘已满（/备份/x.sqlite）"},
		{internal("compound add", &fs.PathError{Op: "open", Path: "/只读/a", Err: syscall.EROFS}), "文件夹只读或没有写权限（/只读/a）"},
		{internal("compound add", &fs.PathError{Op: "open", Path: "/p/a", Err: fs.ErrPermission}), "文件夹只读或没有写权限（/p/a）"},
		{internal("x", fmt.Errorf("something odd")), "程序内部出错"},
	}
	for _, c := range cases {
		got := ExplainError(book, c.err)
		if !strings.Contains(got, c.says) || !strings.Contains(got, "详情已写入 "+book+".errors.log") {
			t.Errorf("ExplainError(%v) = %q, want %q and the log named", c.err, got, c.says)
		}
	}
	data, err := os.ReadFile(ErrorLogPath(book))
	if err != nil || !strings.Contains(string(data), "something odd") || strings.Count(string(data), "\n") != len(cases) {
		t.Fatalf("error log: %q %v", data, err)
	}
	// A refusal keeps its own sentence and writes no log line.
	if got := ExplainError(book, Errorf(Invalid, "请填写社区名称")); got != "请填写社区名称" {
		t.Errorf("a refusal became %q", got)
	}
	// Rotation.
	os.WriteFile(ErrorLogPath(book), make([]byte, errorLogMax+1), 0o644)
	ExplainError(book, internal("x", fmt.Errorf("after rotation")))
	if _, err := os.Stat(ErrorLogPath(book) + ".1"); err != nil {
		t.Errorf("the log was not rotated: %v", err)
	}
	if data, _ := os.ReadFile(ErrorLogPath(book)); !strings.Contains(string(data), "after rotation") || len(data) > 1000 {
		t.Errorf("the new log holds %d bytes", len(data))
	}
	// A log that cannot be written is not claimed.
	blocked := filepath.Join(dir, "file-not-folder")
	os.WriteFile(blocked, nil, 0o644)
	if got := ExplainError(filepath.Join(blocked, "b.sunbooks"), internal("x", fmt.Errorf("y"))); !strings.Contains(got, "未能写入日志") {
		t.Errorf("an unwritable log: %q", got)
	}
}
