package books

import (
	"database/sql"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// withMigration adds a migration after the shipped ones for the test.
func withMigration(t *testing.T, name, body string) {
	t.Helper()
	m := fstest.MapFS{}
	names, err := fs.Glob(embeddedMigrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		data, err := fs.ReadFile(embeddedMigrations, n)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = &fstest.MapFile{Data: data}
	}
	m["migrations/"+name] = &fstest.MapFile{Data: []byte(body)}
	migrationFS = m
	t.Cleanup(func() { migrationFS = embeddedMigrations })
}

// A migration that adds a column to a sealed table and changes rows keeps
// the seal: the rows that matched it are sealed anew, a row edited by hand
// before the upgrade is still named, and the guards and triggers work on
// the new columns.
func TestAMigrationReseals(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddCompound("幸福里"); err != nil {
		t.Fatal(err)
	}
	path := tb.Path()
	tb.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var triggers []string
	rows, _ := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'seal\_%' ESCAPE '\'`)
	for rows.Next() {
		var n string
		rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	for _, n := range triggers {
		db.Exec(`DROP TRIGGER "` + n + `"`)
	}
	if _, err := db.Exec(`UPDATE compound SET name = '假小区' WHERE name = '和平小区'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	withMigration(t, "9999_test.sql", `ALTER TABLE compound ADD COLUMN note TEXT NOT NULL DEFAULT '';
		UPDATE compound SET note = '老小区' WHERE name = '阳光小区';
		INSERT INTO compound (name, created_at) VALUES ('迁移加入的小区', '2027-01-15 09:00:00');
		DELETE FROM compound WHERE name = '幸福里';`)
	b, err := Open(path, standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, err := b.Verify(t.Context())
	if err != nil || len(p) != 1 || !strings.Contains(p[0], "小区 假小区（compound 2）的内容与封存时不一致") {
		t.Errorf("after the migration: Verify = %q, %v; want the hand edit alone", p, err)
	}
	var before string
	b.db.QueryRow(`SELECT before FROM oplog WHERE action = 'seal' ORDER BY id DESC LIMIT 1`).Scan(&before)
	if !strings.Contains(before, "9999_test.sql") {
		t.Errorf("the reseal entry says %q, want the migration named", before)
	}
	s, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RenameCompound("阳光小区", "阳光家园"); err != nil {
		t.Errorf("renaming a resealed compound: %v", err)
	}
	if err := s.RenameCompound("假小区", "和平家园"); ErrorCode(err) != Tampered {
		t.Errorf("renaming the compound edited by hand: %v, want Tampered", err)
	}
	if _, err := b.db.Exec(`UPDATE compound SET note = '改' WHERE name = '阳光家园'`); err != nil {
		t.Fatal(err)
	}
	if p, _ := b.Verify(t.Context()); len(p) != 2 || !strings.Contains(p[0], "小区 阳光家园（compound 1）") {
		t.Errorf("a hand edit of the new column: Verify = %q", p)
	}
}
