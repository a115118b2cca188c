package books

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// rewriteLog is the attack anchors exist for: someone with the file and the
// algorithm rewrites entry id's after-JSON, then recomputes the hash of that
// entry and of every later one and the head kept apart, straight in SQLite
// (dropping and restoring the append-only trigger on the way).
func rewriteLog(t *testing.T, db *sql.DB, id int64, after func(old string) string) {
	t.Helper()
	rows, err := db.Query(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog WHERE id >= ? - 1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var entries []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	rows.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`DROP TRIGGER oplog_no_update`)
	prev := genesisHash
	for _, e := range entries {
		if e.ID < id {
			prev = e.Hash
			continue
		}
		if e.ID == id {
			e.After = after(e.After)
		}
		e.PrevHash = prev
		e.Hash = entryHash(e)
		exec(`UPDATE oplog SET after = ?, prev_hash = ?, hash = ? WHERE id = ?`, e.After, e.PrevHash, e.Hash, e.ID)
		prev = e.Hash
	}
	last := entries[len(entries)-1]
	exec(`UPDATE setting SET value = ? WHERE key = ?`, fmt.Sprintf("%d %s", last.ID, prev), logHeadKey)
	exec(`CREATE TRIGGER oplog_no_update BEFORE UPDATE ON oplog
BEGIN SELECT RAISE(ABORT, 'sunbooks: the operation log is append-only'); END`)
}

// logEntryOf returns the id of the first entry with the action.
func logEntryOf(t *testing.T, b *Book, action string) int64 {
	t.Helper()
	var id int64
	if err := b.db.QueryRow(`SELECT min(id) FROM oplog WHERE action = ?`, action).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAnchorCatchesAConsistentlyRewrittenLog(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("收停车费", "1002", "阳光小区", "10000", ""), line("收停车费", "4301", "阳光小区", "", "10000"))
	anchor, err := tb.LogAnchor()
	if err != nil {
		t.Fatal(err)
	}
	if anchor.Seq < 5 || len(anchor.Hash) != 64 {
		t.Fatalf("anchor %+v", anchor)
	}
	// The book goes on after the notice was posted.
	tb.post("2026-03-06", line("付保洁费", "5101", "阳光小区", "300", ""), line("付保洁费", "1002", "阳光小区", "", "300"))
	if err := tb.VerifyAnchor(anchor.Seq, anchor.Code()); err != nil {
		t.Fatalf("anchor of an untouched book: %v", err)
	}

	saved := logEntryOf(t, tb.Book, "voucher.create")
	rewriteLog(t, tb.DB(), saved, func(old string) string {
		if !strings.Contains(old, "10000") {
			t.Fatalf("entry %d does not hold the amount: %s", saved, old)
		}
		return strings.ReplaceAll(old, "10000", "1000")
	})
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) != 0 {
		t.Fatalf("the rewrite is meant to pass plain Verify: %v %v", problems, err)
	}
	err = tb.VerifyAnchor(anchor.Seq, anchor.Code())
	want := fmt.Sprintf("日志第 %d 条的校验码与记下的 %s 不符", anchor.Seq, anchor.Code())
	if ErrorCode(err) != Tampered || !strings.Contains(ErrorMessage(err), want) {
		t.Errorf("anchor after the rewrite: %v, want Tampered saying %q", err, want)
	}
	after, _ := tb.LogAnchor()
	if after.Seq <= anchor.Seq || after.Code() == anchor.Code() {
		t.Errorf("head after the rewrite %+v", after)
	}
}

func TestAnchorChecks(t *testing.T) {
	tb := newTestBook(t)
	a, err := tb.LogAnchor()
	if err != nil {
		t.Fatal(err)
	}
	if a.IsZero() {
		t.Fatal("a new book has an empty log")
	}
	for _, tc := range []struct {
		name     string
		seq      int64
		code     string
		wantCode Code
		msg      string
	}{
		{"the printed code", a.Seq, a.Code(), "", ""},
		{"lower case without dashes", a.Seq, strings.ToLower(strings.ReplaceAll(a.Code(), "-", "")), "", ""},
		{"the full hash", a.Seq, a.Hash, "", ""},
		{"another entry's code", a.Seq - 1, a.Code(), Tampered, "不符"},
		{"an entry the log does not have", a.Seq + 5, a.Code(), Tampered, "没有记下的第"},
		{"a code too short to trust", a.Seq, a.Code()[:9], Invalid, "16 到 64 位"},
		{"not hex", a.Seq, "XXXX-XXXX-XXXX-XXXX", Invalid, "0–9"},
	} {
		err := tb.VerifyAnchor(tc.seq, tc.code)
		if ErrorCode(err) != tc.wantCode || !strings.Contains(ErrorMessage(err), tc.msg) {
			t.Errorf("%s: VerifyAnchor(%d, %q) = %v, want %q %q", tc.name, tc.seq, tc.code, err, tc.wantCode, tc.msg)
		}
	}
	if !strings.HasPrefix(a.Label(), fmt.Sprintf("账簿校验：日志第 %d 条 · ", a.Seq)) || len(a.Code()) != 19 || a.Code() != strings.ToUpper(a.Code()) {
		t.Errorf("label %q, code %q", a.Label(), a.Code())
	}
}

// An edit that leaves the stored hashes alone is caught by the chain walk
// even when only the anchor is checked.
func TestAnchorWalksTheChainUpToIt(t *testing.T) {
	tb := newTestBook(t)
	a, _ := tb.LogAnchor()
	if _, err := tb.DB().Exec(`DROP TRIGGER oplog_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.DB().Exec(`UPDATE oplog SET user_name = '王某' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	err := tb.VerifyAnchor(a.Seq, a.Code())
	if ErrorCode(err) != Tampered || !strings.Contains(ErrorMessage(err), "第 2 条") {
		t.Errorf("VerifyAnchor over an edited entry: %v", err)
	}
}

func TestParseAnchorForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		seq  int64
		code string // "" when refused
	}{
		{"128:3F2A-09C1-77DE-B450", 128, "3f2a09c177deb450"},
		{" 128 : 3f2a 09c1 77de b450 ", 128, "3f2a09c177deb450"},
		{"7：3F2A09C177DEB450", 7, "3f2a09c177deb450"},
		{"1:" + strings.Repeat("ab", 32), 1, strings.Repeat("ab", 32)},
		{"3F2A-09C1-77DE-B450", 0, ""},
		{"0:3F2A-09C1-77DE-B450", 0, ""},
		{"-3:3F2A-09C1-77DE-B450", 0, ""},
		{"x:3F2A-09C1-77DE-B450", 0, ""},
		{"128:3F2A-09C1", 0, ""},
		{"128:3G2A-09C1-77DE-B450", 0, ""},
		{"128:" + strings.Repeat("a", 65), 0, ""},
		{"", 0, ""},
	} {
		seq, code, err := ParseAnchor(tc.in)
		if tc.code == "" {
			if ErrorCode(err) != Invalid {
				t.Errorf("ParseAnchor(%q) = %d, %q, %v; want Invalid", tc.in, seq, code, err)
			}
			continue
		}
		if err != nil || seq != tc.seq || code != tc.code {
			t.Errorf("ParseAnchor(%q) = %d, %q, %v; want %d, %q", tc.in, seq, code, err, tc.seq, tc.code)
		}
	}
}
