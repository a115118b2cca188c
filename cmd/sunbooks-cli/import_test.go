package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommandPostsThenVerifies(t *testing.T) {
	book := reportBookFile(t)
	csv := filepath.Join(t.TempDir(), "history.csv")
	body := "date,voucher_no,account_code,account_name,compound,debit,credit,memo\n" +
		"2025-12-05,V9,100201,工商银行,阳光小区,50.00,,共富工坊收入\n" +
		"2025-12-05,V9,4901,其他收入,阳光小区,,50.00,共富工坊收入\n"
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	// A migration posts without review: a second user confirms it.
	if code, _, e := runCLI(t, "import", "-book", book, "-post", csv); code != 1 || !strings.Contains(e, "另一位用户确认") {
		t.Errorf("import -post without a confirmer: exit %d: %s", code, e)
	}
	if code, _, e := runCLI(t, "import", "-book", book, "-post", "-confirm-user", "张会计", csv); code != 1 || !strings.Contains(e, "以外的用户确认") {
		t.Errorf("import -post confirmed by the importer: exit %d: %s", code, e)
	}
	code, out, e := runCLI(t, "import", "-book", book, "-post", "-confirm-user", "李出纳", csv)
	if code != 0 || !strings.Contains(out, "已导入 1 张凭证") || !strings.Contains(out, "已记账") {
		t.Fatalf("import exit %d: %s %s", code, out, e)
	}
	if code, _, e := runCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("verify after import: exit %d: %s", code, e)
	}
	code, _, e = runCLI(t, "import", "-book", book, "-post", "-confirm-user", "李出纳", csv)
	if code != 1 || !strings.Contains(e, "不能重复导入") {
		t.Errorf("re-import: exit %d: %s", code, e)
	}
	// Flags after the file name work too.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte(strings.Replace(body, "50.00,,", "50.00,,", 1)+"2026-02-06,V10,9999,x,阳光小区,1.00,,坏\n"), 0o644)
	code, _, e = runCLI(t, "import", "-book", book, bad, "-post", "-confirm-user", "李出纳")
	if code != 1 || !strings.Contains(e, "第 4 行：科目代码 9999 不存在") || !strings.Contains(e, "没有导入任何凭证") {
		t.Errorf("bad file: exit %d: %s", code, e)
	}
	if code, _, _ := runCLI(t, "import", "-book", book); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}

// An interrupted command (Ctrl+C ends its context) stops its long work and
// saves nothing: the import is refused as cancelled, and the same file
// imports afterwards.
func TestInterruptedImportSavesNothing(t *testing.T) {
	book := reportBookFile(t)
	csv := filepath.Join(t.TempDir(), "history.csv")
	body := "date,voucher_no,account_code,account_name,compound,debit,credit,memo\n" +
		"2025-12-05,V9,100201,工商银行,阳光小区,50.00,,共富工坊收入\n" +
		"2025-12-05,V9,4901,其他收入,阳光小区,,50.00,共富工坊收入\n"
	os.WriteFile(csv, []byte(body), 0o644)
	interrupted, cancel := context.WithCancel(t.Context())
	cancel()
	var o, e bytes.Buffer
	code := runContext(interrupted, []string{"import", "-book", book, "-post", "-confirm-user", "李出纳", csv}, strings.NewReader(""), &o, &e, cliEnv)
	if code != 1 || !strings.Contains(e.String(), "已取消") {
		t.Fatalf("interrupted import: exit %d: %s %s", code, o.String(), e.String())
	}
	if code, out, e := runCLI(t, "import", "-book", book, "-post", "-confirm-user", "李出纳", csv); code != 0 || !strings.Contains(out, "已导入 1 张凭证") {
		t.Fatalf("the same file after the interrupt: exit %d: %s %s", code, out, e)
	}
	interrupted2, cancel2 := context.WithCancel(t.Context())
	cancel2()
	e.Reset()
	if code := runContext(interrupted2, []string{"verify", "-book", book}, strings.NewReader(""), &o, &e, cliEnv); code != 1 || !strings.Contains(e.String(), "已取消") {
		t.Errorf("interrupted verify: exit %d: %s", code, e.String())
	}
}
