package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// rewriteBookLog is the attack, done the way an outsider would with the
// file and the published algorithm: change entry id's after-JSON, recompute
// that entry's chain hash and every later one, and the head kept apart.
func rewriteBookLog(t *testing.T, path string, id int64, edit func(string) string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type entry struct {
		id                                                                  int64
		at, user, role, action, entity, entityID, before, after, prev, hash string
	}
	rows, err := db.Query(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var log []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.at, &e.user, &e.role, &e.action, &e.entity, &e.entityID, &e.before, &e.after, &e.prev, &e.hash); err != nil {
			t.Fatal(err)
		}
		log = append(log, e)
	}
	rows.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`DROP TRIGGER oplog_no_update`)
	prev := strings.Repeat("0", 64)
	for _, e := range log {
		if e.id >= id {
			if e.id == id {
				e.after = edit(e.after)
			}
			h := sha256.New()
			for _, f := range []string{prev, fmt.Sprint(e.id), e.at, e.user, e.role, e.action, e.entity, e.entityID, e.before, e.after} {
				h.Write([]byte(f))
				h.Write([]byte{0x1f})
			}
			e.prev, e.hash = prev, hex.EncodeToString(h.Sum(nil))
			exec(`UPDATE oplog SET after = ?, prev_hash = ?, hash = ? WHERE id = ?`, e.after, e.prev, e.hash, e.id)
		}
		prev = e.hash
	}
	exec(`UPDATE setting SET value = ? WHERE key = 'oplog.head'`, fmt.Sprintf("%d %s", log[len(log)-1].id, prev))
	exec(`CREATE TRIGGER oplog_no_update BEFORE UPDATE ON oplog BEGIN SELECT RAISE(ABORT, 'sunbooks: the operation log is append-only'); END`)
}

func TestNoticeAnchorMatchesAnchorCommandAndCatchesARewrite(t *testing.T) {
	book := printBook(t, 3)
	pdf := filepath.Join(t.TempDir(), "notice.pdf")
	if code, _, errOut := printCLI(t, "notice", "-book", book, "-month", "2026-03", "-compound", "阳光小区", "-out", pdf); code != 0 {
		t.Fatalf("notice: exit %d: %s", code, errOut)
	}
	code, out, errOut := printCLI(t, "anchor", "-book", book)
	if code != 0 {
		t.Fatalf("anchor: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	label := lines[0]
	if !strings.HasPrefix(label, "账簿校验：日志第 ") || len(lines) != 3 {
		t.Fatalf("anchor printed %q", out)
	}
	if text := popplerText(t, pdf); !strings.Contains(text, strings.ReplaceAll(label, " ", "")) {
		t.Errorf("the notice does not carry the anchor %q:\n%s", label, text)
	}
	fields := strings.Fields(lines[2])
	anchor := fields[len(fields)-1] // N:XXXX-XXXX-XXXX-XXXX
	seq, code16, _ := strings.Cut(anchor, ":")
	if code, out, errOut := printCLI(t, "verify", "-book", book, "-anchor", anchor); code != 0 || !strings.Contains(out, "日志锚点相符：日志第 "+seq+" 条 · "+code16) {
		t.Fatalf("verify with the fresh anchor: exit %d %q %q", code, out, errOut)
	}

	// The book goes on; later someone rewrites history before the notice.
	if code, _, errOut := printCLI(t, "setting", "set", "-book", book, "-key", "notice.days", "-value", "10"); code != 0 {
		t.Fatalf("setting set: %s", errOut)
	}
	rewriteBookLog(t, book, 5, func(after string) string { return strings.Replace(after, "}", `,"x":1}`, 1) })
	if code, _, errOut := printCLI(t, "verify", "-book", book); code != 0 {
		t.Fatalf("plain verify is meant to pass the consistent rewrite: %s", errOut)
	}
	code, _, errOut = printCLI(t, "verify", "-book", book, "-anchor", anchor)
	want := "日志第 " + seq + " 条的校验码与记下的 " + code16 + " 不符：账簿的操作日志在记下锚点之后被改写"
	if code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("verify with the anchor after the rewrite: exit %d %q, want 1 and %q", code, errOut, want)
	}
}

func TestVerifyAnchorFlagForms(t *testing.T) {
	book := auditBookFile(t)
	_, out, _ := runCLI(t, "anchor", "-book", book)
	fields := strings.Fields(strings.Split(strings.TrimSpace(out), "\n")[2])
	good := fields[len(fields)-1]
	seq, code, _ := strings.Cut(good, ":")
	for _, tc := range []struct {
		name    string
		anchors []string
		exit    int
		msg     string
	}{
		{"the printed form", []string{good}, 0, "日志锚点相符"},
		{"lower case, no dashes, full-width colon", []string{seq + "：" + strings.ToLower(strings.ReplaceAll(code, "-", ""))}, 0, "日志锚点相符"},
		{"two anchors, one wrong", []string{good, "1:" + code}, 1, "日志第 1 条的校验码与记下的"},
		{"an entry beyond the log", []string{"99999:" + code}, 1, "没有记下的第 99999 条"},
		{"no colon", []string{code}, 2, "格式不对"},
		{"zero entry", []string{"0:" + code}, 2, "正整数"},
		{"not a number", []string{"第五条:" + code}, 2, "正整数"},
		{"code too short", []string{seq + ":3F2A-09C1"}, 2, "16 到 64 位"},
		{"not hex", []string{seq + ":3F2A-09C1-77DE-B45Z"}, 2, "0–9"},
		{"empty", []string{""}, 2, "格式不对"},
	} {
		args := []string{"verify", "-book", book}
		for _, a := range tc.anchors {
			args = append(args, "-anchor", a)
		}
		exit, out, errOut := runCLI(t, args...)
		if exit != tc.exit || !strings.Contains(out+errOut, tc.msg) {
			t.Errorf("%s: exit %d %q %q, want %d and %q", tc.name, exit, out, errOut, tc.exit, tc.msg)
		}
	}
}

func TestConsolidateListShowsTheAnchor(t *testing.T) {
	community, street := exchangeBooks(t)
	pkg := filepath.Join(t.TempDir(), "p.sunpkg")
	code, out, errOut := runAs(t, "张会计", "export", "package", "-book", community, "-from", "2026-01", "-to", "2026-02", "-out", pkg)
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	_, anchorOut, _ := runAs(t, "张会计", "anchor", "-book", community)
	fields := strings.Fields(strings.Split(strings.TrimSpace(anchorOut), "\n")[2])
	head := fields[len(fields)-1]
	if !strings.Contains(out, "日志锚点 "+head) {
		t.Errorf("export says %q, want the log head %s", out, head)
	}
	if code, _, errOut := runAs(t, "王街道", "consolidate", "import", "-book", street, pkg); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	if code, out, _ := runAs(t, "王街道", "consolidate", "list", "-book", street); code != 0 || !strings.Contains(out, "日志锚点") || !strings.Contains(out, head) {
		t.Errorf("list: exit %d %s, want the anchor %s", code, out, head)
	}
	if code, out, errOut := runAs(t, "张会计", "verify", "-book", community, "-anchor", head); code != 0 {
		t.Errorf("the street's anchor does not check against the community book: %s %s", out, errOut)
	}
}
