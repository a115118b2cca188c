package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notice publish keeps the exact PDF in the book; archive lists and finds
// it; check recognises that PDF and nothing else; export gives it back.
func TestNoticePublishArchiveCheckExport(t *testing.T) {
	book := printBook(t, 6)
	dir := t.TempDir()
	first := filepath.Join(dir, "发布.pdf")
	if code, _, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03", "-out", first); code != 1 || !strings.Contains(errOut, "还没有结账") {
		t.Fatalf("publish before closing: exit %d %q", code, errOut)
	}
	for _, m := range []string{"2026-02", "2026-03"} {
		if code, _, errOut := printCLI(t, "close", "-book", book, "-month", m); code != 0 {
			t.Fatalf("close %s: %s", m, errOut)
		}
	}
	if code, _, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03", "-user", "李出纳"); code != 1 || !strings.Contains(errOut, "发布公示") {
		t.Errorf("a 出纳 published: exit %d %q", code, errOut)
	}
	code, out, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03", "-out", first)
	if code != 0 || !strings.Contains(out, "已发布 公示-2026-0001 2026年3月的公示（全部小区，第 1 版") {
		t.Fatalf("publish: exit %d %q %q", code, out, errOut)
	}
	text := popplerText(t, first)
	if !strings.Contains(text, "公示编号公示-2026-0001") || !strings.Contains(text, "校验码") || !strings.Contains(text, "停车费收入第1笔") {
		t.Errorf("the published PDF lacks its number:\n%s", text)
	}
	if code, _, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03"); code != 1 || !strings.Contains(errOut, "须说明原因") {
		t.Errorf("published again without a reason: exit %d %q", code, errOut)
	}
	if code, out, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03", "-compound", "阳光小区", "-reason", "x"); code != 0 || !strings.Contains(out, "公示-2026-0002") || !strings.Contains(out, "第 1 版") {
		t.Errorf("one compound's notice: exit %d %q %q", code, out, errOut)
	}
	if code, out, errOut := printCLI(t, "notice", "publish", "-book", book, "-month", "2026-03", "-reason", "更正摘要"); code != 0 || !strings.Contains(out, "公示-2026-0003") || !strings.Contains(out, "第 2 版") {
		t.Errorf("published again: exit %d %q %q", code, out, errOut)
	}

	code, out, errOut = printCLI(t, "notice", "archive", "-book", book, "-format", "csv", "-text", "保洁绿化", "-compound", "阳光小区")
	if code != 0 {
		t.Fatalf("archive: %s", errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("archive csv: %v\n%s", err, out)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+" "+r[2]+" v"+r[3]+" "+r[5])
		if !strings.Contains(r[len(r)-1], "支付公共区域保洁绿化养护费用第3笔") {
			t.Errorf("%s: matches %q", r[0], r[len(r)-1])
		}
	}
	if want := "公示-2026-0001 全部小区 v1 公示-2026-0003|公示-2026-0003 全部小区 v2 |公示-2026-0002 阳光小区 v1 "; strings.Join(got, "|") != want {
		t.Errorf("archive lists %q, want %q", strings.Join(got, "|"), want)
	}
	if code, out, _ := printCLI(t, "notice", "archive", "-book", book, "-text", "燃气管线"); code != 0 || !strings.Contains(out, "共 0 份") {
		t.Errorf("a search finding nothing: %q", out)
	}

	if code, out, errOut := printCLI(t, "notice", "check", "-book", book, first); code != 0 || !strings.Contains(out, "是发布的公示 公示-2026-0001") || !strings.Contains(out, "已被 公示-2026-0003 替代") {
		t.Errorf("check of the published PDF: exit %d %q %q", code, out, errOut)
	}
	data, _ := os.ReadFile(first)
	altered := filepath.Join(dir, "altered.pdf")
	data[len(data)/2] ^= 1
	os.WriteFile(altered, data, 0o644)
	if code, _, errOut := printCLI(t, "notice", "check", "-book", book, altered); code != 1 || !strings.Contains(errOut, "不是本账簿发布过的任何一份公示") {
		t.Errorf("check of a PDF altered by one byte: exit %d %q", code, errOut)
	}
	// Only a photograph: the number and hash printed under the QR code.
	hash := regexp.MustCompile(`校验码([0-9a-f]{16})`).FindStringSubmatch(text)
	if hash == nil {
		t.Fatalf("no hash in the published PDF:\n%s", text)
	}
	if code, out, errOut := printCLI(t, "notice", "check", "-book", book, "-code", "公示-2026-0001 "+hash[1]); code != 0 || !strings.Contains(out, "与发布的公示 公示-2026-0001 相符") {
		t.Errorf("check -code: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := printCLI(t, "notice", "check", "-book", book, "-code", "公示-2026-0001 0000000000000000"); code != 1 || !strings.Contains(errOut, "内容与发布的不一致") {
		t.Errorf("check -code with another hash: exit %d %q", code, errOut)
	}
	back := filepath.Join(dir, "back.pdf")
	if code, _, errOut := printCLI(t, "notice", "export", "-book", book, "-no", "公示-2026-0001", "-out", back); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(back)
	if !bytes.Equal(a, b) {
		t.Error("the exported PDF differs from the published one")
	}
	if code, _, errOut := printCLI(t, "verify", "-book", book); code != 0 {
		t.Errorf("verify after publishing: %s", errOut)
	}
}
