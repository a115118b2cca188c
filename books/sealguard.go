package books

// The seal's guards: work that decides on sealed rows reads them only as the
// program sealed them (seal.go).

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// RequireSealed refuses, with a Tampered error naming the row, when the
// rows of table in scope — those whose Scope column holds scope, or the
// whole table when scope is nil — are not as the seal has them: a row
// changed, added or deleted behind the program's back, or its seal entry
// not the log's. A guard calls it before it decides on those rows; rows the
// transaction itself changed are checked when it commits.
func (t *Tx) RequireSealed(table string, scope any) error {
	return t.s.b.requireSealed(t.Tx, table, scope)
}

// RequireSealed is Tx.RequireSealed outside a transaction: for reads that
// decide (signing in).
func (b *Book) RequireSealed(table string, scope any) error {
	return b.requireSealed(b.db, table, scope)
}

func (b *Book) requireSealed(q Querier, table string, scope any) error {
	t, ok, err := b.sealedTable(q, table)
	if err != nil || !ok {
		return err
	}
	idx := `SELECT key, hash, log_id FROM seal WHERE tbl = ?`
	idxArgs := []any{t.name}
	if scope != nil {
		if t.scope == "" {
			return internal("require sealed", fmt.Errorf("table %s has no scope", table))
		}
		idx += ` AND scope = quote(?)`
		idxArgs = append(idxArgs, scope)
	}
	// Rows this transaction changed are checked when it commits.
	dirty := map[string]bool{}
	if tx, ok := q.(*sql.Tx); ok {
		if m, ok := b.marks.Load(tx); ok {
			if err := eachRow(q, `SELECT key FROM seal_dirty WHERE id > ? AND tbl = ?`, []any{m.(sealMark).dirty, t.name}, func(scan func(...any) error) error {
				var k string
				err := scan(&k)
				dirty[k] = true
				return err
			}); err != nil {
				return internal("require sealed", err)
			}
		}
	}
	type sealed struct {
		hash string
		log  int64
	}
	index := map[string]sealed{}
	if err := eachRow(q, idx, idxArgs, func(scan func(...any) error) error {
		var k string
		var s sealed
		err := scan(&k, &s.hash, &s.log)
		index[k] = s
		return err
	}); err != nil {
		return internal("require sealed", err)
	}
	byEntry := map[int64][]sealedRow{}
	var refused error
	err = t.eachSealed(q, scope, func(k, hash string, _ sql.NullString) error {
		if dirty[k] || refused != nil {
			delete(index, k)
			return nil
		}
		s, ok := index[k]
		switch {
		case !ok:
			refused = sealAdded(q, t, k)
		case s.hash != hash:
			refused = sealChanged(q, t, k)
		default:
			byEntry[s.log] = append(byEntry[s.log], sealedRow{t.name, k, s.hash})
		}
		delete(index, k)
		return nil
	})
	if err != nil {
		return internal("require sealed", err)
	}
	if refused != nil {
		return refused
	}
	for k := range index {
		if !dirty[k] {
			return sealDeleted(t, k)
		}
	}
	for id, rows := range byEntry {
		if err := b.checkSealEntry(q, t, id, rows); err != nil {
			return err
		}
	}
	return nil
}

// sealedTable finds table among the sealed tables: those of the book open
// for writing, or read from the schema of a book opened read-only, which
// may come from before the seal (ok false then).
func (b *Book) sealedTable(q Querier, table string) (sealedTable, bool, error) {
	if b.seal != nil {
		t, ok := b.seal.tables[table]
		if !ok {
			return t, false, internal("require sealed", fmt.Errorf("table %s is not sealed", table))
		}
		return t, true, nil
	}
	var n int
	if err := q.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seal'`).Scan(&n); err != nil {
		return sealedTable{}, false, internal("require sealed", err)
	}
	if n == 0 {
		return sealedTable{}, false, nil
	}
	tables, err := b.sealedTables(q)
	if err != nil {
		return sealedTable{}, false, err
	}
	for _, t := range tables {
		if t.name == table {
			return t, true, nil
		}
	}
	return sealedTable{}, false, internal("require sealed", fmt.Errorf("table %s is not sealed", table))
}

// checkSealEntry checks that log entry id is a seal entry whose own hash
// and link to the next entry (or the head) hold and that names rows as
// sealed. Entries checked once are remembered for the book's lifetime.
func (b *Book) checkSealEntry(q Querier, t sealedTable, id int64, rows []sealedRow) error {
	var named map[sealedRow]bool
	if v, ok := b.sealEntries.Load(id); ok {
		named = v.(map[sealedRow]bool)
	} else {
		var e LogEntry
		err := q.QueryRow(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog WHERE id = ?`, id).
			Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return internal("require sealed", err)
		}
		ok := err == nil && (e.Action == actionSeal || e.Action == actionSealInit) && entryHash(e) == e.Hash
		if ok {
			var next string
			err := q.QueryRow(`SELECT prev_hash FROM oplog WHERE id = ?`, id+1).Scan(&next)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				var head string
				q.QueryRow(`SELECT value FROM setting WHERE key = ?`, logHeadKey).Scan(&head)
				ok = head == fmt.Sprintf("%d %s", e.ID, e.Hash)
			case err != nil:
				return internal("require sealed", err)
			default:
				ok = next == e.Hash
			}
		}
		var list []sealedRow
		if ok && json.Unmarshal([]byte(e.After), &list) != nil {
			ok = false
		}
		if !ok {
			return Errorf(Tampered, "%s的封存记录（操作日志第 %d 条）与操作日志不符（文件被改动过），本操作不能进行；请先运行“校验账簿”查看", t.label, id)
		}
		named = make(map[sealedRow]bool, len(list))
		for _, r := range list {
			named[r] = true
		}
		b.sealEntries.Store(id, named)
	}
	for _, r := range rows {
		if !named[r] {
			return Errorf(Tampered, "%s的封存索引与操作日志第 %d 条不符（文件被改动过），本操作不能进行；请先运行“校验账簿”查看", t.describeRow(q, r[1]), id)
		}
	}
	return nil
}

func sealAdded(q Querier, t sealedTable, key string) error {
	return Errorf(Tampered, "%s不是由本程序记录的（在本程序之外被加入账簿），本操作不能进行；请先运行“校验账簿”查看", t.describeRow(q, key))
}

func sealChanged(q Querier, t sealedTable, key string) error {
	return Errorf(Tampered, "%s的内容与封存时不一致（在本程序之外被改动过），本操作不能进行；请先运行“校验账簿”查看", t.describeRow(q, key))
}

func sealDeleted(t sealedTable, key string) error {
	return Errorf(Tampered, "%s已在本程序之外被删除，本操作不能进行；请先运行“校验账簿”查看", t.describe(key))
}

// eachRow runs query on q and calls fn with each row's Scan.
func eachRow(q Querier, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := q.Query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
