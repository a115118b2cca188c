package moduletest

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// BeforeSeal turns the book open as db into one a program from before the
// seal (migration 0009_seal) left: the seal's triggers, tables and
// migration record gone, and its entries taken out of the operation log,
// which is numbered and chained again as if they had never been. Tests of
// the migrations make their old books with it.
func BeforeSeal(t testing.TB, db *sql.DB) {
	t.Helper()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("making a book from before the seal: %s: %v", q, err)
		}
	}
	type trigger struct{ name, sql string }
	var triggers []trigger
	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'seal\_%' ESCAPE '\' OR tbl_name = 'oplog')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tr trigger
		if err := rows.Scan(&tr.name, &tr.sql); err != nil {
			t.Fatal(err)
		}
		triggers = append(triggers, tr)
	}
	rows.Close()
	for _, tr := range triggers {
		exec(`DROP TRIGGER "` + tr.name + `"`)
	}
	exec(`DROP TABLE seal`)
	exec(`DROP TABLE seal_dirty`)
	exec(`DELETE FROM migration WHERE name = '0009_seal.sql'`)
	exec(`DELETE FROM oplog WHERE action IN ('seal', 'seal.init')`)

	type entry struct {
		id                                                      int64
		at, user, role, action, entity, entityID, before, after string
	}
	rows, err = db.Query(`SELECT id, at, user_name, role, action, entity, entity_id, before, after FROM oplog ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var log []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.at, &e.user, &e.role, &e.action, &e.entity, &e.entityID, &e.before, &e.after); err != nil {
			t.Fatal(err)
		}
		log = append(log, e)
	}
	rows.Close()
	// Entries move down only, in order: the number each takes is free.
	prev := strings.Repeat("0", 64)
	for i, e := range log {
		id := int64(i + 1)
		h := sha256.New()
		for _, f := range []string{prev, fmt.Sprint(id), e.at, e.user, e.role, e.action, e.entity, e.entityID, e.before, e.after} {
			h.Write([]byte(f))
			h.Write([]byte{0x1f})
		}
		hash := hex.EncodeToString(h.Sum(nil))
		exec(`UPDATE oplog SET id = ?, prev_hash = ?, hash = ? WHERE id = ?`, id, prev, hash, e.id)
		prev = hash
	}
	exec(`UPDATE setting SET value = ? WHERE key = 'oplog.head'`, fmt.Sprintf("%d %s", len(log), prev))
	for _, tr := range triggers {
		if !strings.HasPrefix(tr.name, "seal_") {
			exec(tr.sql)
		}
	}
}
