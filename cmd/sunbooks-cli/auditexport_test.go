package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// audit export writes the year's files with a signed manifest; audit verify
// passes them against the book's public key, and names a file changed.
func TestAuditExportAndVerify(t *testing.T) {
	book := printBook(t, 6)
	dir := filepath.Join(t.TempDir(), "审计数据")
	code, out, errOut := printCLI(t, "audit", "export", "-book", book, "-year", "2026", "-out", dir)
	if code != 0 || !strings.Contains(out, "已导出 2026 年度审计数据") || !strings.Contains(out, "分录 14 条") {
		t.Fatalf("audit export: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := printCLI(t, "audit", "export", "-book", book, "-year", "2026", "-out", dir); code != 1 || !strings.Contains(errOut, "不是空的") {
		t.Errorf("export into the same folder again: exit %d %q", code, errOut)
	}
	key := filepath.Join(t.TempDir(), "book.pub")
	if code, _, errOut := printCLI(t, "key", "export", "-book", book, "-out", key); code != 0 {
		t.Fatalf("key export: %s", errOut)
	}
	if code, out, errOut := printCLI(t, "audit", "verify", "-dir", dir, "-key", key); code != 0 || !strings.Contains(out, "核对通过") {
		t.Errorf("audit verify: exit %d %q %q", code, out, errOut)
	}
	lines := filepath.Join(dir, "voucher_lines.csv")
	data, _ := os.ReadFile(lines)
	os.WriteFile(lines, []byte(strings.Replace(string(data), "停车费收入第1笔", "停车费收入第7笔", 1)), 0o644)
	if code, _, errOut := printCLI(t, "audit", "verify", "-dir", dir, "-key", key); code != 1 || !strings.Contains(errOut, "voucher_lines.csv 与清单不一致") {
		t.Errorf("audit verify after a change: exit %d %q", code, errOut)
	}
}
