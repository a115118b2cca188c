package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoCommandBuildsAVerifiedBook(t *testing.T) {
	book := filepath.Join(t.TempDir(), "demo.sunbooks")
	code, out, e := runCLI(t, "demo", "-book", book)
	if code != 0 || !strings.Contains(out, "已建立演示账簿") || !strings.Contains(out, "已结账 12 个月") {
		t.Fatalf("demo exit %d: %s %s", code, out, e)
	}
	if code, _, e := runCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("verify demo: exit %d: %s", code, e)
	}
	code, out, _ = runCLI(t, "report", "compounds", "-book", book, "-from", "2020-01", "-to", "2099-12", "-format", "csv")
	if code != 0 || !strings.Contains(out, "锦绣花园,期末余额") {
		t.Errorf("report compounds on the demo (exit %d):\n%s", code, out)
	}
	if code, _, e := runCLI(t, "demo", "-book", book); code != 1 || !strings.Contains(e, "已存在") {
		t.Errorf("demo over an existing file: exit %d: %s", code, e)
	}
}
