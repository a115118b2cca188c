package books

// Migrations and the seal: rows a migration changes are sealed again, those
// that matched their seal before it only (seal.go, store.go's migrate).

import (
	"database/sql"
	"sort"
)

// migrationSeal is a sealed book's seal as migrations found it: the rows
// that matched their seal, and every row there was, by table and key.
type migrationSeal struct {
	matched map[string]map[string]bool
	existed map[string]map[string]bool
}

// beforeMigration reads which rows match their seal before migrations
// change the schema, and drops the seal's triggers, written for the columns
// the migrations may change (installSeal writes them again).
func (b *Book) beforeMigration(tx *sql.Tx) (*migrationSeal, error) {
	tables, err := b.sealedTables(tx)
	if err != nil {
		return nil, err
	}
	index, err := sealIndex(tx)
	if err != nil {
		return nil, err
	}
	m := &migrationSeal{matched: map[string]map[string]bool{}, existed: map[string]map[string]bool{}}
	for _, t := range tables {
		matched, existed := map[string]bool{}, map[string]bool{}
		err := t.eachSealed(tx, nil, func(key, hash string, _ sql.NullString) error {
			existed[key] = true
			matched[key] = index[t.name][key] == hash
			return nil
		})
		if err != nil {
			return nil, err
		}
		m.matched[t.name], m.existed[t.name] = matched, existed
	}
	var triggers []string
	if err := eachRow(tx, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'seal\_%' ESCAPE '\'`, nil, func(scan func(...any) error) error {
		var n string
		err := scan(&n)
		triggers = append(triggers, n)
		return err
	}); err != nil {
		return nil, err
	}
	for _, n := range triggers {
		if _, err := tx.Exec(`DROP TRIGGER ` + sqlIdent(n)); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// afterMigration reseals, in one seal entry naming the migrations, the rows
// the migrations changed, added or deleted: a row that matched its seal
// before is sealed as it is now; one that did not keeps its old seal, so
// verify still names it.
func (b *Book) afterMigration(tx *sql.Tx, m *migrationSeal, migrations []string) error {
	tables, err := b.sealedTables(tx)
	if err != nil {
		return err
	}
	index, err := sealIndex(tx)
	if err != nil {
		return err
	}
	var rows []scopedRow
	for _, t := range tables {
		seen := map[string]bool{}
		err := t.eachSealed(tx, nil, func(key, hash string, scope sql.NullString) error {
			seen[key] = true
			if m.existed[t.name][key] && !m.matched[t.name][key] {
				return nil
			}
			if hash != index[t.name][key] {
				rows = append(rows, scopedRow{sealedRow{t.name, key, hash}, scope})
			}
			return nil
		})
		if err != nil {
			return err
		}
		var gone []string
		for key, ok := range m.matched[t.name] {
			if ok && !seen[key] {
				gone = append(gone, key)
			}
		}
		sort.Strings(gone)
		for _, key := range gone {
			rows = append(rows, scopedRow{row: sealedRow{t.name, key, ""}})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return writeSeal(tx, LogEntry{At: b.stamp(), User: "系统", Role: "系统", Action: actionSeal,
		Before: toJSON(map[string]any{"migrations": migrations})}, rows)
}

// sealIndex reads the seal's index: fingerprints by table and key.
func sealIndex(q Querier) (map[string]map[string]string, error) {
	index := map[string]map[string]string{}
	err := eachRow(q, `SELECT tbl, key, hash FROM seal`, nil, func(scan func(...any) error) error {
		var tbl, key, hash string
		if err := scan(&tbl, &key, &hash); err != nil {
			return err
		}
		if index[tbl] == nil {
			index[tbl] = map[string]string{}
		}
		index[tbl][key] = hash
		return nil
	})
	return index, err
}
