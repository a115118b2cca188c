package books

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The seal. A posted voucher carries its fingerprint; every other row whose
// change matters — users and their password hashes, accounts, compounds,
// settings, keys, and the subdomains' records (applications and their
// history, decisions, payments, leases, income) — is sealed the same way:
// each transaction of the program that changes such rows appends one "seal"
// entry to the operation log naming each row it changed and the fingerprint
// of its content now (or that it is gone). The log's chain pins those
// entries, so Verify replays them and names every row changed, added or
// deleted behind the program's back; and a transaction that changes a row
// whose content is not the sealed one is refused, as are the guards' reads
// (RequireSealed).
//
// Triggers the program keeps in step with the tables' columns record which
// rows a transaction touched (seal_dirty); Book.tx seals them before it
// commits. Sealed tables are written with INSERT … ON CONFLICT DO UPDATE,
// never INSERT OR REPLACE, whose deletes fire no triggers (make check).
// A row's fingerprint is SHA-256 over its columns as SQLite quotes them
// (typed: 12, '12' and X'12' differ), so the triggers and Go read a row the
// same way.
//
// A migration that changes a sealed table's columns changes its rows'
// fingerprints: migrate reseals, in the migrations' transaction, every row
// that matched its seal before them (beforeMigration, afterMigration).

// SealedTable is a table under the seal.
type SealedTable struct {
	Table string
	// Label is what a person calls one of its rows: "支出申请".
	Label string
	// Scope is a column whose rows a guard checks at once (RequireSealed):
	// an application's decisions by application_id; "" for a table a
	// guard checks whole (users, accounts).
	Scope string
	// Name is an SQL expression over a row that names it to a person
	// (an application's no), shown before the table and key.
	Name string
	// Whole seals the rows of each scope together, with one fingerprint:
	// for tables of many rows written and replaced together (a package's
	// lines), which have no key of their own to name a row by.
	Whole bool
}

// coreSealed are the core's sealed tables; a Module names its own.
var coreSealed = []SealedTable{
	{Table: "book", Label: "账簿信息"},
	{Table: "setting", Label: "账簿设置"},
	{Table: "user", Label: "用户", Scope: "id", Name: "name"},
	{Table: "account", Label: "科目", Name: "code || ' ' || name"},
	{Table: "compound", Label: "小区", Name: "name"},
	{Table: "period_close", Label: "结账记录"},
	{Table: "signing_key", Label: "本账簿的签名密钥"},
	{Table: "trusted_key", Label: "信任的公钥", Name: "street || community"},
	{Table: "import_file", Label: "导入文件记录", Name: "file_name"},
	{Table: "consol_package", Label: "导入的期间数据包", Name: packageName},
	{Table: "consol_account", Label: "数据包的科目表", Scope: "package_id", Whole: true, Name: "(SELECT " + packageName + " FROM consol_package p WHERE p.id = package_id)"},
	{Table: "consol_balance", Label: "数据包的余额", Scope: "package_id", Whole: true, Name: "(SELECT " + packageName + " FROM consol_package p WHERE p.id = package_id)"},
	{Table: "consol_line", Label: "数据包的凭证分录", Scope: "package_id", Whole: true, Name: "(SELECT " + packageName + " FROM consol_package p WHERE p.id = package_id)"},
	{Table: "consol_record", Label: "数据包的支出记录", Scope: "package_id", Whole: true, Name: "(SELECT " + packageName + " FROM consol_package p WHERE p.id = package_id)"},
	{Table: "consol_statement", Label: "数据包的会计报表", Scope: "package_id", Whole: true, Name: "(SELECT " + packageName + " FROM consol_package p WHERE p.id = package_id)"},
	{Table: "notice_publication", Label: "发布的公示", Name: "no"},
	{Table: "notice_item", Label: "发布的公示的事项", Scope: "publication_id",
		Name: "(SELECT no FROM notice_publication p WHERE p.id = publication_id) || ' ' || compound || ' ' || seq"},
}

// packageName names an imported package: 阳光社区 202601–202602.
const packageName = "community || ' ' || period_from || '–' || period_to"

// Seal log actions: a transaction's changes, and the sealing of a book's
// rows when it was first opened by a program that seals.
const (
	actionSeal     = "seal"
	actionSealInit = "seal.init"
)

// sealedTable is one sealed table as the book's schema has it.
type sealedTable struct {
	name  string
	label string
	scope string   // the scope column, or ""
	whole bool     // sealed a scope at a time (SealedTable.Whole)
	names string   // SealedTable.Name
	key   []string // primary-key columns, in key order; the scope when whole
	cols  []string // every column, in schema order
}

func sqlIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func quotedColumns(prefix string, cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "quote(" + prefix + sqlIdent(c) + ")"
	}
	return strings.Join(parts, " || ',' || ")
}

// keyExpr is the row's key as SQL text: its primary key's values, quoted.
func (t sealedTable) keyExpr(prefix string) string { return quotedColumns(prefix, t.key) }

// canonExpr is the row's content as SQL text: every column, quoted.
func (t sealedTable) canonExpr(prefix string) string { return quotedColumns(prefix, t.cols) }

// skip is the SQL condition on rows left out of the seal: the log head
// changes with every entry and is checked against the log itself.
func (t sealedTable) skip(prefix string) string {
	if t.name == "setting" {
		return prefix + "key = '" + logHeadKey + "'"
	}
	return ""
}

// scopeExpr is the row's scope as SQL text, or NULL.
func (t sealedTable) scopeExpr() string {
	if t.scope == "" {
		return "NULL"
	}
	return "quote(" + sqlIdent(t.scope) + ")"
}

// eachSealed calls fn with the key, fingerprint and scope of every sealed
// row of the table — of every scope, when the table is sealed a scope at a
// time — or of those in scope when scope is not nil.
func (t sealedTable) eachSealed(q Querier, scope any, fn func(key, hash string, scope sql.NullString) error) error {
	var conds []string
	var args []any
	if s := t.skip(""); s != "" {
		conds = append(conds, "NOT ("+s+")")
	}
	if scope != nil {
		conds = append(conds, sqlIdent(t.scope)+" = ?")
		args = append(args, scope)
	}
	query := "SELECT " + t.keyExpr("") + ", " + t.canonExpr("") + ", " + t.scopeExpr() + " FROM " + sqlIdent(t.name)
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	if !t.whole {
		return eachRow(q, query, args, func(scan func(...any) error) error {
			var key, canon string
			var scope sql.NullString
			if err := scan(&key, &canon, &scope); err != nil {
				return err
			}
			return fn(key, sealHash(t.name, canon), scope)
		})
	}
	var key string
	var group []string
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		err := fn(key, wholeHash(t.name, group), sql.NullString{String: key, Valid: true})
		group = group[:0]
		return err
	}
	err := eachRow(q, query+" ORDER BY "+sqlIdent(t.scope), args, func(scan func(...any) error) error {
		var k, canon string
		var scope sql.NullString
		if err := scan(&k, &canon, &scope); err != nil {
			return err
		}
		if k != key {
			if err := flush(); err != nil {
				return err
			}
			key = k
		}
		group = append(group, canon)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// wholeHash is the fingerprint of a scope's rows sealed together: their
// contents in order, each with its length.
func wholeHash(table string, canons []string) string {
	slices.Sort(canons)
	h := sha256.New()
	h.Write([]byte(table + "\x1f"))
	for _, c := range canons {
		fmt.Fprintf(h, "%d:%s", len(c), c)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// unquote turns a key SQLite quoted back into the value: '12' → "12",
// 12 → int64 12.
func unquote(key string) any {
	if len(key) >= 2 && key[0] == '\'' && key[len(key)-1] == '\'' {
		return strings.ReplaceAll(key[1:len(key)-1], "''", "'")
	}
	if n, err := strconv.ParseInt(key, 10, 64); err == nil {
		return n
	}
	return key
}

// describe names a row for a person: 支出申请（application 12）.
func (t sealedTable) describe(key string) string {
	return fmt.Sprintf("%s（%s %s）", t.label, t.name, key)
}

// describeRow names a row still in the book by what people call it too:
// 支出申请 申-2026-0012（application 12）.
func (t sealedTable) describeRow(q Querier, key string) string {
	if t.names != "" && q != nil {
		var name sql.NullString
		err := q.QueryRow(`SELECT `+t.names+` FROM `+sqlIdent(t.name)+` WHERE `+t.keyExpr("")+` = ? LIMIT 1`, key).Scan(&name)
		if err == nil && name.Valid && name.String != "" {
			return fmt.Sprintf("%s %s（%s %s）", t.label, name.String, t.name, key)
		}
	}
	return t.describe(key)
}

// triggers are the table's seal triggers by name; a name carries a hash of
// its body, so triggers written for other columns are replaced.
func (t sealedTable) triggers() map[string]string {
	when := func(cond string) string {
		if cond == "" {
			return ""
		}
		return "WHEN NOT (" + cond + ") "
	}
	ins := fmt.Sprintf(`AFTER INSERT ON %s %sBEGIN INSERT INTO seal_dirty (tbl, key, rid, old) VALUES ('%s', %s, NEW.rowid, NULL); END`,
		sqlIdent(t.name), when(t.skip("NEW.")), t.name, t.keyExpr("NEW."))
	updWhen := ""
	if s := t.skip("NEW."); s != "" {
		updWhen = "WHEN NOT (" + t.skip("OLD.") + " AND " + s + ") "
	}
	upd := fmt.Sprintf(`AFTER UPDATE ON %s %sBEGIN INSERT INTO seal_dirty (tbl, key, rid, old) VALUES ('%s', %s, NULL, %s); INSERT INTO seal_dirty (tbl, key, rid, old) VALUES ('%s', %s, NEW.rowid, NULL); END`,
		sqlIdent(t.name), updWhen, t.name, t.keyExpr("OLD."), t.canonExpr("OLD."), t.name, t.keyExpr("NEW."))
	del := fmt.Sprintf(`AFTER DELETE ON %s %sBEGIN INSERT INTO seal_dirty (tbl, key, rid, old) VALUES ('%s', %s, NULL, %s); END`,
		sqlIdent(t.name), when(t.skip("OLD.")), t.name, t.keyExpr("OLD."), t.canonExpr("OLD."))
	if t.whole {
		// The scope changed; its rows are sealed again as a whole. The
		// program writes a scope's rows in one go and marks the scope
		// itself (markWhole): a mark per inserted row was a third of the
		// street's import of a million lines. Rows added behind its back
		// are found all the same: Verify and the guards fingerprint every
		// scope anew.
		mark := func(row string) string {
			return fmt.Sprintf(`INSERT INTO seal_dirty (tbl, key, rid, old) VALUES ('%s', %s, NULL, NULL);`, t.name, t.keyExpr(row))
		}
		ins = ""
		upd = fmt.Sprintf(`AFTER UPDATE ON %s BEGIN %s %s END`, sqlIdent(t.name), mark("OLD."), mark("NEW."))
		del = fmt.Sprintf(`AFTER DELETE ON %s BEGIN %s END`, sqlIdent(t.name), mark("OLD."))
	}
	out := map[string]string{}
	for kind, body := range map[string]string{"i": ins, "u": upd, "d": del} {
		if body == "" {
			continue
		}
		sum := sha256.Sum256([]byte(body))
		out[fmt.Sprintf("seal_%s_%s_%s", t.name, kind, hex.EncodeToString(sum[:4]))] = body
	}
	return out
}

// sealHash is a row's fingerprint: 128 bits of SHA-256 over its table and
// content.
func sealHash(table, canon string) string {
	sum := sha256.Sum256([]byte(table + "\x1f" + canon))
	return hex.EncodeToString(sum[:16])
}

// sealedTables reads the sealed tables' columns from q's schema, in name
// order; tables the book does not hold are left out.
func (b *Book) sealedTables(q Querier) ([]sealedTable, error) {
	all := slices.Clone(coreSealed)
	for _, m := range b.modules {
		all = append(all, m.Sealed...)
	}
	slices.SortFunc(all, func(a, b SealedTable) int { return strings.Compare(a.Table, b.Table) })
	var out []sealedTable
	for _, st := range all {
		n := st.Table
		rows, err := q.Query(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, internal("read sealed table", err)
		}
		t := sealedTable{name: n, label: st.Label, scope: st.Scope, whole: st.Whole, names: st.Name}
		keyAt := map[int]string{}
		for rows.Next() {
			var c string
			var pk int
			if err := rows.Scan(&c, &pk); err != nil {
				rows.Close()
				return nil, internal("read sealed table", err)
			}
			t.cols = append(t.cols, c)
			if pk > 0 {
				keyAt[pk] = c
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("read sealed table", err)
		}
		if len(t.cols) == 0 {
			continue
		}
		for i := 1; i <= len(keyAt); i++ {
			t.key = append(t.key, keyAt[i])
		}
		if t.whole {
			t.key = []string{t.scope}
		}
		if len(t.key) == 0 {
			return nil, internal("read sealed table", fmt.Errorf("table %s has no primary key", n))
		}
		out = append(out, t)
	}
	return out, nil
}

// sealState is the seal of a book open for writing.
type sealState struct {
	tables map[string]sealedTable
}

// installSeal puts the seal's triggers in step with the sealed tables'
// columns — putting back any dropped behind the program's back — and turns
// sealing on for the book's transactions.
func (b *Book) installSeal() error {
	var tables []sealedTable
	err := b.write(func(tx *sql.Tx) error {
		var err error
		if tables, err = b.sealedTables(tx); err != nil {
			return err
		}
		want := map[string]string{}
		for _, t := range tables {
			for n, body := range t.triggers() {
				want[n] = body
			}
		}
		rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'seal\_%' ESCAPE '\'`)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			have[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for n := range have {
			if _, ok := want[n]; !ok {
				if _, err := tx.Exec(`DROP TRIGGER ` + sqlIdent(n)); err != nil {
					return err
				}
			}
		}
		for n, body := range want {
			if !have[n] {
				if _, err := tx.Exec(`CREATE TRIGGER ` + sqlIdent(n) + ` ` + body); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	st := &sealState{tables: map[string]sealedTable{}}
	for _, t := range tables {
		st.tables[t.name] = t
	}
	b.seal = st
	return nil
}

// sealMark is where a transaction started: the last change recorded and the
// last log entry before it.
type sealMark struct{ dirty, log int64 }

func sealBegin(tx *sql.Tx) (sealMark, error) {
	var m sealMark
	err := tx.QueryRow(`SELECT coalesce((SELECT max(id) FROM seal_dirty), 0), coalesce((SELECT max(id) FROM oplog), 0)`).Scan(&m.dirty, &m.log)
	return m, err
}

// markWhole records that the transaction wrote the rows of scope in the
// whole-sealed tables (inserting fires no mark): they are sealed anew as it
// commits.
func (b *Book) markWhole(tx *sql.Tx, scope int64) error {
	if b.seal == nil {
		return nil
	}
	for _, t := range b.seal.tables {
		if t.whole {
			if _, err := tx.Exec(`INSERT INTO seal_dirty (tbl, key, rid, old) VALUES (?, quote(?), NULL, NULL)`, t.name, scope); err != nil {
				return err
			}
		}
	}
	return nil
}

// sealedRow is one row in a seal entry: table, key, fingerprint ("" once
// deleted).
type sealedRow = [3]string

// scopedRow is a row sealed with its scope, for the index.
type scopedRow struct {
	row   sealedRow
	scope sql.NullString
}

// sealNow seals what tx changed so far, in u's name, so that a log entry
// written next (an export's, whose head the file carries) is the last.
func (b *Book) sealNow(tx *sql.Tx, u User) error {
	m, ok := b.marks.Load(tx)
	if !ok || b.seal == nil {
		return nil
	}
	return b.sealCommit(tx, m.(sealMark), &u)
}

// sealCommit seals the rows the transaction changed since m, refusing the
// transaction if one of them was not, before it, as the seal says: a row
// changed, added or deleted behind the program's back is not built on. The
// seal entry is in u's name, or, when u is nil, of the transaction's last
// entry's user.
func (b *Book) sealCommit(tx *sql.Tx, m sealMark, u *User) error {
	type event struct {
		rid sql.NullInt64
		old sql.NullString
	}
	type change struct {
		tbl, key    string
		first, last event
	}
	rows, err := tx.Query(`SELECT tbl, key, rid, old FROM seal_dirty WHERE id > ? ORDER BY id`, m.dirty)
	if err != nil {
		return err
	}
	var order []*change
	byKey := map[[2]string]*change{}
	for rows.Next() {
		var tbl, key string
		var e event
		if err := rows.Scan(&tbl, &key, &e.rid, &e.old); err != nil {
			rows.Close()
			return err
		}
		c := byKey[[2]string{tbl, key}]
		if c == nil {
			c = &change{tbl: tbl, key: key, first: e}
			byKey[[2]string{tbl, key}] = c
			order = append(order, c)
		}
		c.last = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return nil
	}
	var sealed []scopedRow
	for _, c := range order {
		t, ok := b.seal.tables[c.tbl]
		if !ok {
			continue
		}
		var was string
		err := tx.QueryRow(`SELECT hash FROM seal WHERE tbl = ? AND key = ?`, c.tbl, c.key).Scan(&was)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if t.whole {
			// Written and replaced a scope at a time: what the scope held
			// before goes; its rows now are sealed as a whole.
			now := ""
			if err := t.eachSealed(tx, unquote(c.key), func(_, hash string, _ sql.NullString) error {
				now = hash
				return nil
			}); err != nil {
				return err
			}
			if now != was {
				sealed = append(sealed, scopedRow{sealedRow{c.tbl, c.key, now}, sql.NullString{String: c.key, Valid: now != ""}})
			}
			continue
		}
		switch {
		// The row is named by table and key: what it is called now may be
		// this transaction's change.
		case c.first.old.Valid && was == "":
			return sealAdded(nil, t, c.key)
		case c.first.old.Valid && sealHash(c.tbl, c.first.old.String) != was:
			return sealChanged(nil, t, c.key)
		case !c.first.old.Valid && was != "":
			return sealDeleted(t, c.key)
		}
		now := ""
		var scope sql.NullString
		if c.last.rid.Valid {
			var key, canon string
			err := tx.QueryRow(`SELECT `+t.keyExpr("")+`, `+t.canonExpr("")+`, `+t.scopeExpr()+` FROM `+sqlIdent(t.name)+` WHERE rowid = ?`, c.last.rid.Int64).Scan(&key, &canon, &scope)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			case key == c.key:
				now = sealHash(c.tbl, canon)
			}
		}
		if now != was {
			sealed = append(sealed, scopedRow{sealedRow{c.tbl, c.key, now}, scope})
		}
	}
	if len(sealed) > 0 {
		// The seal is the work of whoever made the change: the
		// transaction's last entry names them.
		user, role := "系统", "系统"
		if u != nil {
			user, role = u.Name, u.Role.Name()
		} else {
			err := tx.QueryRow(`SELECT user_name, role FROM oplog WHERE id > ? ORDER BY id DESC LIMIT 1`, m.log).Scan(&user, &role)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := writeSeal(tx, LogEntry{At: b.stamp(), User: user, Role: role, Action: actionSeal}, sealed); err != nil {
			return err
		}
	}
	_, err = tx.Exec(`DELETE FROM seal_dirty WHERE id > ?`, m.dirty)
	return err
}

// writeSeal appends the seal entry e for rows and records them in the index.
func writeSeal(tx *sql.Tx, e LogEntry, rows []scopedRow) error {
	entry := make([]sealedRow, len(rows))
	for i, r := range rows {
		entry[i] = r.row
	}
	after, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	e.Entity, e.EntityID, e.After = "seal", strconv.Itoa(len(rows)), string(after)
	id, err := appendEntry(tx, e)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.row[2] == "" {
			_, err = tx.Exec(`DELETE FROM seal WHERE tbl = ? AND key = ?`, r.row[0], r.row[1])
		} else {
			_, err = tx.Exec(`INSERT INTO seal (tbl, key, hash, log_id, scope) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (tbl, key) DO UPDATE SET hash = excluded.hash, log_id = excluded.log_id, scope = excluded.scope`, r.row[0], r.row[1], r.row[2], id, r.scope)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sealExisting seals every row of a book made before the seal, in the
// transaction of the migration that brings it; a new book has nothing to
// seal yet.
func sealExisting(b *Book, tx *sql.Tx) error {
	var entries int
	if err := tx.QueryRow(`SELECT count(*) FROM oplog`).Scan(&entries); err != nil {
		return err
	}
	if entries == 0 {
		return nil
	}
	tables, err := b.sealedTables(tx)
	if err != nil {
		return err
	}
	var all []scopedRow
	for _, t := range tables {
		if err := t.eachSealed(tx, nil, func(key, hash string, scope sql.NullString) error {
			all = append(all, scopedRow{sealedRow{t.name, key, hash}, scope})
			return nil
		}); err != nil {
			return err
		}
	}
	return writeSeal(tx, LogEntry{At: b.stamp(), User: "系统", Role: "系统", Action: actionSealInit}, all)
}

// verifySeal replays the log's seal entries and compares every sealed row
// with them: it names each row changed, added or deleted behind the
// program's back. A book no program that seals has opened for writing has
// no seal to check.
func (b *Book) verifySeal(ctx context.Context) ([]string, error) {
	var n int
	if err := b.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seal'`).Scan(&n); err != nil {
		return nil, internal("verify seal", err)
	}
	if n == 0 {
		return nil, nil
	}
	tables, err := b.sealedTables(b.db)
	if err != nil {
		return nil, err
	}
	want, problems, err := b.replaySeal(ctx)
	if err != nil {
		return nil, err
	}
	const most = 20
	for _, t := range tables {
		found := 0
		report := func(p string) {
			if found++; found <= most {
				problems = append(problems, p)
			} else if found == most+1 {
				problems = append(problems, fmt.Sprintf("……（%s还有更多记录与封存不符）", t.label))
			}
		}
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		sealedRows := want[t.name]
		seen := map[string]bool{}
		if err := t.eachSealed(b.db, nil, func(key, hash string, _ sql.NullString) error {
			seen[key] = true
			h, ok := sealedRows[key]
			switch {
			case !ok:
				report(t.describeRow(b.db, key) + "不是由本程序记录的（在本程序之外被加入账簿）")
			case h != hash:
				report(t.describeRow(b.db, key) + "的内容与封存时不一致（在本程序之外被改动过）")
			}
			return nil
		}); err != nil {
			return nil, internal("verify seal", err)
		}
		var gone []string
		for key := range sealedRows {
			if !seen[key] {
				gone = append(gone, key)
			}
		}
		sort.Strings(gone)
		for _, key := range gone {
			report(t.describe(key) + "已不在账簿中（在本程序之外被删除）")
		}
	}
	return append(problems, b.verifySealIndex(ctx, want)...), nil
}

// replaySeal reads the log's seal entries in order into the fingerprint of
// every sealed row by table and key, with the problems met on the way.
func (b *Book) replaySeal(ctx context.Context) (map[string]map[string]string, []string, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT id, action, after FROM oplog WHERE action IN (?, ?) ORDER BY id`, actionSeal, actionSealInit)
	if err != nil {
		return nil, nil, internal("verify seal", err)
	}
	defer rows.Close()
	want := map[string]map[string]string{}
	var problems []string
	entries := 0
	for rows.Next() {
		var id int64
		var action, after string
		if err := rows.Scan(&id, &action, &after); err != nil {
			return nil, nil, internal("verify seal", err)
		}
		if action == actionSealInit && entries > 0 {
			problems = append(problems, fmt.Sprintf("操作日志第 %d 条重新封存了全部记录：此前在本程序之外的改动已无法发现（文件被改动过）", id))
		}
		entries++
		var sealed []sealedRow
		if err := json.Unmarshal([]byte(after), &sealed); err != nil {
			problems = append(problems, fmt.Sprintf("操作日志第 %d 条封存记录无法读取（文件被改动过）", id))
			continue
		}
		for _, r := range sealed {
			m := want[r[0]]
			if m == nil {
				m = map[string]string{}
				want[r[0]] = m
			}
			if r[2] == "" {
				delete(m, r[1])
			} else {
				m[r[1]] = r[2]
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, internal("verify seal", err)
	}
	return want, problems, nil
}

// verifySealIndex compares the seal's index, which the guards read, with
// the log's seal entries.
func (b *Book) verifySealIndex(ctx context.Context, want map[string]map[string]string) []string {
	rows, err := b.db.QueryContext(ctx, `SELECT tbl, key, hash FROM seal`)
	if err != nil {
		return []string{"无法读取封存索引"}
	}
	defer rows.Close()
	bad, n := 0, 0
	for rows.Next() {
		var tbl, key, hash string
		if err := rows.Scan(&tbl, &key, &hash); err != nil {
			return []string{"无法读取封存索引"}
		}
		n++
		if want[tbl][key] != hash {
			bad++
		}
	}
	total := 0
	for _, m := range want {
		total += len(m)
	}
	if bad > 0 || n != total {
		return []string{fmt.Sprintf("封存索引与操作日志中的封存记录不符（%d 处不同，索引 %d 条、日志 %d 条；文件被改动过）", bad, n, total)}
	}
	return nil
}
