package books_test

import (
	"cmp"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/bookstest"
	"sunbooks/books/demo"
	"sunbooks/books/moduletest"
	"sunbooks/books/standard"
)

// demoFile holds the demo book's file, made once for the tests here.
var demoFile struct {
	sync.Once
	data []byte
	err  error
}

// demoBook writes the demo book, closed, into the test's folder and returns
// its path.
func demoBook(t *testing.T) string {
	t.Helper()
	demoFile.Do(func() {
		path := filepath.Join(t.TempDir(), "demo.sunbooks")
		b, err := demo.Create(path, demo.Options{Password: "demo123", Today: time.Date(2026, 3, 18, 10, 0, 0, 0, time.Local)})
		if err != nil {
			demoFile.err = err
			return
		}
		if p, err := b.Verify(t.Context()); err != nil || len(p) > 0 {
			demoFile.err = fmt.Errorf("the demo book does not verify: %v %v", p, err)
		}
		b.Close()
		demoFile.data, err = os.ReadFile(path)
		demoFile.err = cmp.Or(demoFile.err, err)
	})
	if demoFile.err != nil {
		t.Fatal(demoFile.err)
	}
	path := filepath.Join(t.TempDir(), "demo.sunbooks")
	if err := os.WriteFile(path, demoFile.data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// editFile runs edit on the book file with a connection of its own, as
// someone with a SQLite tool would; with dropTriggers the seal's triggers
// are dropped first (the program puts them back when it next opens the
// book).
func editFile(t *testing.T, path string, dropTriggers bool, edit func(db *sql.DB) string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if dropTriggers {
		moduletest.DropSealTriggers(t, db)
	}
	return edit(db)
}

// sealedTables are the tables the demo book has sealed rows in.
func sealedTables(t *testing.T, path string) []string {
	t.Helper()
	b, err := books.OpenReadOnly(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.DB().Query(`SELECT DISTINCT tbl FROM seal ORDER BY tbl`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// changeOneRow changes one column of the table's first row to a value its
// constraints accept and returns the row's key as the seal names it.
func changeOneRow(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	var cols []string
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?) WHERE pk = 0 ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	rows.Close()
	var rowid int64
	if err := db.QueryRow(`SELECT min(rowid) FROM "` + table + `"`).Scan(&rowid); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		for _, set := range []string{`"%s" = "%s" || '改'`, `"%s" = "%s" + 1`, `"%s" = "%s" - 1`} {
			res, err := db.Exec(fmt.Sprintf(`UPDATE "%s" SET `+set+` WHERE rowid = ?`, table, c, c), rowid)
			if err != nil {
				continue
			}
			if n, _ := res.RowsAffected(); n == 1 {
				return rowKey(t, db, table, rowid)
			}
		}
	}
	t.Fatalf("no column of %s could be changed", table)
	return ""
}

// rowKey is the key of the table's row as the seal writes it.
func rowKey(t *testing.T, db *sql.DB, table string, rowid int64) string {
	t.Helper()
	var pk []string
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		pk = append(pk, `quote("`+c+`")`)
	}
	rows.Close()
	var key string
	if err := db.QueryRow(`SELECT `+strings.Join(pk, ` || ',' || `)+` FROM "`+table+`" WHERE rowid = ?`, rowid).Scan(&key); err != nil {
		t.Fatal(err)
	}
	return key
}

// A single statement behind the program's back on any sealed table — a
// row changed, deleted or added, with the seal's triggers dropped or left
// in place — is named by Verify, table and key.
func TestVerifyNamesEveryRowEditedBehindTheProgramsBack(t *testing.T) {
	tables := sealedTables(t, demoBook(t))
	// The demo has rows in every sealed table but three; their own tests
	// edit those (TestSealCoversImportsCreditsAndStreetRequests).
	want := []string{"account", "application", "application_event", "attachment", "book", "compound", "decision",
		"deliberation", "deposit", "income_category", "income_item", "lease", "lease_bill", "lease_receipt", "lease_rent",
		"lease_turnover", "level_policy", "payment", "period_close", "procedure_step", "procedure_version", "room",
		"setting", "signing_key", "trusted_key", "user"}
	if !slices.Equal(tables, want) {
		t.Fatalf("sealed tables in the demo: %v, want %v", tables, want)
	}
	for _, table := range tables {
		for _, tc := range []struct {
			name string
			drop bool
			edit func(db *sql.DB) (key, says string)
		}{
			{"changed", true, func(db *sql.DB) (string, string) { return changeOneRow(t, db, table), "被改动过" }},
			{"changed, triggers left", false, func(db *sql.DB) (string, string) { return changeOneRow(t, db, table), "被改动过" }},
			{"deleted", true, func(db *sql.DB) (string, string) {
				// The last row the book's own triggers let go (an
				// account without postings).
				rows, err := db.Query(`SELECT rowid FROM "` + table + `" ORDER BY rowid DESC`)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for rows.Next() {
					var id int64
					rows.Scan(&id)
					ids = append(ids, id)
				}
				rows.Close()
				for _, id := range ids {
					key := rowKey(t, db, table, id)
					if _, err := db.Exec(`DELETE FROM "`+table+`" WHERE rowid = ?`, id); err == nil {
						return key, "被删除"
					}
				}
				t.Fatalf("no row of %s could be deleted", table)
				return "", ""
			}},
		} {
			path := demoBook(t)
			var key, says string
			editFile(t, path, tc.drop, func(db *sql.DB) string {
				key, says = tc.edit(db)
				return key
			})
			b, err := books.Open(path, standard.Modules()...)
			if err != nil {
				t.Fatalf("%s %s: open: %v", table, tc.name, err)
			}
			problems, err := b.Verify(t.Context())
			b.Close()
			named := fmt.Sprintf("（%s %s）", table, key)
			found := false
			for _, p := range problems {
				found = found || (strings.Contains(p, named) && strings.Contains(p, says))
			}
			if err != nil || !found {
				t.Errorf("%s %s: Verify = %q, %v; want a problem naming %s %s", table, tc.name, problems, err, named, says)
			}
		}
	}
}

// A row added by hand is named too, and the program builds nothing on it.
func TestVerifyNamesRowsAddedBehindTheProgramsBack(t *testing.T) {
	for _, tc := range []struct{ table, insert, key string }{
		{"decision", `INSERT INTO decision (id, application_id, version, decision, approver, decided_at, approved_fen, nonce, imported_at, imported_by)
			SELECT 9001, application_id, version, 'approve', '假审批人', decided_at, approved_fen * 2, 'forged', imported_at, imported_by FROM decision LIMIT 1`, "9001"},
		{"application_event", `INSERT INTO application_event (id, application_id, version, at, user_name, role, action, from_state, to_state)
			SELECT 9001, application_id, version, at, '王街道', '街道', 'approve', 'street_review', 'approved' FROM application_event LIMIT 1`, "9001"},
		{"user", `INSERT INTO user (id, name, role, pwhash, created_at) SELECT 9001, '影子会计', role, pwhash, created_at FROM user WHERE role = 'accountant'`, "9001"},
		{"setting", `INSERT INTO setting (key, value) VALUES ('forged.key', '110')`, "'forged.key'"},
	} {
		path := demoBook(t)
		editFile(t, path, true, func(db *sql.DB) string {
			if _, err := db.Exec(tc.insert); err != nil {
				t.Fatalf("%s: %v", tc.table, err)
			}
			return ""
		})
		b, err := books.Open(path, standard.Modules()...)
		if err != nil {
			t.Fatal(err)
		}
		problems, _ := b.Verify(t.Context())
		b.Close()
		if got := strings.Join(problems, "\n"); !strings.Contains(got, fmt.Sprintf("（%s %s）不是由本程序记录的", tc.table, tc.key)) {
			t.Errorf("%s added by hand: Verify = %q", tc.table, problems)
		}
	}
}

// The program refuses to change a row that is not as it sealed it: the
// change would seal the hand edit with it.
func TestAChangeOnARowEditedByHandIsRefused(t *testing.T) {
	for _, drop := range []bool{true, false} {
		path := demoBook(t)
		editFile(t, path, drop, func(db *sql.DB) string {
			if _, err := db.Exec(`UPDATE compound SET archived = 0, name = '假小区' WHERE name = '幸福里小区'`); err != nil {
				t.Fatal(err)
			}
			return ""
		})
		b, err := books.Open(path, standard.Modules()...)
		if err != nil {
			t.Fatal(err)
		}
		s, err := b.Login("张会计", "demo123")
		if err != nil {
			t.Fatal(err)
		}
		before, _ := s.Log(books.LogFilter{Seals: true, Limit: 100000})
		err = s.RenameCompound("假小区", "幸福家园")
		if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), "小区（compound 3）的内容与封存时不一致") {
			t.Errorf("triggers dropped %v: renaming a compound edited by hand: %v, want Tampered naming it", drop, err)
		}
		after, _ := s.Log(books.LogFilter{Seals: true, Limit: 100000})
		if len(after) != len(before) {
			t.Errorf("triggers dropped %v: the refused change left %d log entries", drop, len(after)-len(before))
		}
		// Other work goes on.
		if _, err := s.AddCompound("新建小区"); err != nil {
			t.Errorf("triggers dropped %v: adding a compound: %v", drop, err)
		}
		if p, _ := b.Verify(t.Context()); len(p) != 1 || !strings.Contains(p[0], "小区 假小区（compound") {
			t.Errorf("triggers dropped %v: Verify = %q, want the hand edit alone", drop, p)
		}
		b.Close()
	}
}

// A book from before the seal is sealed whole when it is first opened:
// verify passes, and a hand edit after that is named.
func TestABookFromBeforeTheSealIsSealedOnOpening(t *testing.T) {
	path := demoBook(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	moduletest.BeforeSeal(t, db)
	db.Close()
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := b.Verify(t.Context()); err != nil || len(p) > 0 {
		t.Fatalf("an old book, sealed: %v %v", p, err)
	}
	var inits, sealed int
	b.DB().QueryRow(`SELECT count(*) FROM oplog WHERE action = 'seal.init'`).Scan(&inits)
	b.DB().QueryRow(`SELECT count(*) FROM seal`).Scan(&sealed)
	if inits != 1 || sealed < 800 {
		t.Errorf("%d seal.init entries, %d rows sealed", inits, sealed)
	}
	b.Close()
	editFile(t, path, true, func(db *sql.DB) string {
		db.Exec(`UPDATE application SET state = 'approved' WHERE id = 1`)
		return ""
	})
	b, err = books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if p, _ := b.Verify(t.Context()); len(p) == 0 || !strings.Contains(p[0], "支出申请 申-2025-0001（application 1）") {
		t.Errorf("a hand edit after sealing: %q", p)
	}
}

// Taking the seal out of a sealed book to have it sealed again, edits
// and all, is named: the log keeps the seal entries before.
func TestSealingABookAgainIsNamed(t *testing.T) {
	path := demoBook(t)
	editFile(t, path, true, func(db *sql.DB) string {
		for _, q := range []string{`UPDATE user SET pwhash = (SELECT pwhash FROM user WHERE name = '张会计') WHERE name = '王街道'`,
			`DROP TABLE seal`, `DROP TABLE seal_dirty`, `DELETE FROM migration WHERE name = '0009_seal.sql'`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		return ""
	})
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, _ := b.Verify(t.Context())
	if got := strings.Join(p, "\n"); !strings.Contains(got, "重新封存了全部记录") {
		t.Errorf("a book sealed again: %q", p)
	}
}

// The seal index the guards read is checked against the log: forging a
// row and its index entry alike is named.
func TestAForgedSealIndexIsNamed(t *testing.T) {
	path := demoBook(t)
	editFile(t, path, true, func(db *sql.DB) string {
		for _, q := range []string{`UPDATE compound SET name = '假小区' WHERE id = 1`,
			`UPDATE seal SET hash = 'forged' WHERE tbl = 'compound' AND key = '1'`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		return ""
	})
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, _ := b.Verify(t.Context())
	if got := strings.Join(p, "\n"); !strings.Contains(got, "小区 假小区（compound 1）的内容与封存时不一致") || !strings.Contains(got, "封存索引与操作日志中的封存记录不符") {
		t.Errorf("a forged index: %q", p)
	}
}

// The record of an imported file is sealed too (the demo imports none):
// changed by hand, it is named.
func TestSealNamesAnImportRecordEditedByHand(t *testing.T) {
	tb := bookstest.New(t)
	p := filepath.Join(t.TempDir(), "in.csv")
	csv := books.ImportHeader + "\n2026-01-05,V1,1001,现金,阳光小区,1.00,,x\n2026-01-05,V1,4901,其他收入,阳光小区,,1.00,x\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Accountant.ImportFile(t.Context(), p, books.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var key string
	if err := tb.DB().QueryRow(`SELECT quote(sha256) FROM import_file`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	b := moduletest.HandEdit(t, tb.Book, standard.Modules(), `UPDATE import_file SET file_name = '别的文件.csv'`)
	problems, err := b.Verify(t.Context())
	if err != nil || !strings.Contains(strings.Join(problems, "\n"), "导入文件记录 别的文件.csv（import_file "+key+"）的内容与封存时不一致") {
		t.Errorf("Verify = %q, %v", problems, err)
	}
}
