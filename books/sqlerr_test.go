package books

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteFailuresBecomeBookErrors provokes each failure for real in a
// scratch database and checks it gets its code from the result code.
func TestSQLiteFailuresBecomeBookErrors(t *testing.T) {
	dir := t.TempDir()
	open := func(name, params string) *sql.DB {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+uriPath(filepath.Join(dir, name))+params)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open("scratch.sqlite", "")
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)`,
		`CREATE TABLE log (id INTEGER PRIMARY KEY)`,
		`CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN SELECT RAISE(ABORT, 'sunbooks: the operation log is append-only'); END`,
		`CREATE TRIGGER t_other BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'some other reason'); END`,
		`INSERT INTO t (name) VALUES ('a')`,
		`INSERT INTO log (id) VALUES (1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	notADB := filepath.Join(dir, "text.sqlite")
	os.WriteFile(notADB, []byte(strings.Repeat("这不是数据库。", 200)), 0o644)

	full := open("full.sqlite", "")
	full.Exec(`CREATE TABLE big (x BLOB)`)
	full.Exec(`PRAGMA max_page_count = 3`)

	holder := open("busy.sqlite", "?_txlock=exclusive")
	holder.Exec(`CREATE TABLE x (a)`)
	htx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer htx.Rollback()
	htx.Exec(`INSERT INTO x VALUES (1)`)
	waiter := open("busy.sqlite", "?_pragma=busy_timeout(0)")

	cases := []struct {
		name string
		run  func() error
		code Code
		says string
	}{
		{"our trigger", func() error { _, err := db.Exec(`UPDATE log SET id = 2`); return err }, Forbidden, "只能追加"},
		{"another trigger", func() error { _, err := db.Exec(`DELETE FROM t`); return err }, Conflict, "冲突"},
		{"unique", func() error { _, err := db.Exec(`INSERT INTO t (name) VALUES ('a')`); return err }, Conflict, "冲突"},
		{"disk full", func() error { _, err := full.Exec(`INSERT INTO big VALUES (zeroblob(100000))`); return err }, DiskFull, "磁盘已满"},
		{"busy", func() error { _, err := waiter.Exec(`INSERT INTO x VALUES (2)`); return err }, Locked, "另一个程序"},
		{"no SQLite error", func() error { return os.ErrNotExist }, Internal, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil {
				t.Fatal("the statement did not fail")
			}
			got := translateSQLError(err)
			if ErrorCode(got) != c.code || !strings.Contains(ErrorMessage(got), c.says) {
				t.Fatalf("%v became %s %q; want %s saying %q", err, ErrorCode(got), ErrorMessage(got), c.code, c.says)
			}
		})
	}

	_, err = Open(notADB, standIn)
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "不是阳光账本的账簿") {
		t.Fatalf("opening a text file: %v", err)
	}
}
