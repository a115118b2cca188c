package books

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// LogEntry is one entry of the operation log.
type LogEntry struct {
	ID       int64
	At       string
	User     string
	Role     string
	Action   string
	Entity   string
	EntityID string
	Before   string // JSON, or ""
	After    string // JSON, or ""
	PrevHash string
	Hash     string
}

const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

func entryHash(e LogEntry) string {
	h := sha256.New()
	for _, f := range []string{e.PrevHash, fmt.Sprint(e.ID), e.At, e.User, e.Role, e.Action, e.Entity, e.EntityID, e.Before, e.After} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendLog adds an entry to the operation log inside the caller's
// transaction, so a change and its trace commit together or not at all.
func appendLog(tx *sql.Tx, at string, u User, action, entity, entityID string, before, after any) error {
	_, err := appendEntry(tx, LogEntry{At: at, User: u.Name, Role: u.Role.Name(), Action: action, Entity: entity, EntityID: entityID,
		Before: toJSON(before), After: toJSON(after)})
	return err
}

// appendEntry chains e (its at, user, role, action, entity and contents) to
// the log and returns its id.
func appendEntry(tx *sql.Tx, e LogEntry) (int64, error) {
	var last string
	err := tx.QueryRow(`SELECT id, hash, at FROM oplog ORDER BY id DESC LIMIT 1`).Scan(&e.ID, &e.PrevHash, &last)
	if err == sql.ErrNoRows {
		e.ID, e.PrevHash = 0, genesisHash
	} else if err != nil {
		return 0, err
	}
	// Entry times never go back, even when the PC's clock does: an entry
	// is stamped no earlier than the one before it.
	if e.At < last {
		e.At = last
	}
	e.ID++
	e.Hash = entryHash(e)
	_, err = tx.Exec(`INSERT INTO oplog (id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At, e.User, e.Role, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.PrevHash, e.Hash)
	if err != nil {
		return 0, err
	}
	// The chain shows an edited or missing entry in the middle, but not the
	// last entries cut off; the head kept apart lets Verify see that too.
	_, err = tx.Exec(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		logHeadKey, fmt.Sprintf("%d %s", e.ID, e.Hash))
	return e.ID, err
}

// logHeadKey is the setting holding the id and hash of the newest log entry.
const logHeadKey = "oplog.head"

// LogFilter narrows a read of the operation log.
type LogFilter struct {
	Text   string // matched against action, entity id, user, before and after
	Offset int
	Limit  int // 0 means 200
	// Seals includes the seal entries (seal.go), which a person reading
	// the log for what was done rarely wants: every change they fingerprint
	// has its own entry. An export of the log keeps them (LogEntries).
	Seals bool
}

// Log returns operation log entries, newest first.
func (s *Session) Log(f LogFilter) ([]LogEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	q := `SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog WHERE 1 = 1`
	var args []any
	if !f.Seals {
		q += ` AND action NOT IN (?, ?)`
		args = append(args, actionSeal, actionSealInit)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		q += ` AND (action LIKE ? ESCAPE '\' OR entity_id LIKE ? ESCAPE '\' OR user_name LIKE ? ESCAPE '\' OR before LIKE ? ESCAPE '\' OR after LIKE ? ESCAPE '\')`
		p := "%" + likeEscape(t) + "%"
		args = append(args, p, p, p, p, p)
	}
	q += ` ORDER BY id DESC LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	rows, err := s.b.db.Query(q, args...)
	if err != nil {
		return nil, internal("read log", err)
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return nil, internal("read log", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// verifyLogChain walks the whole log and reports the first broken link.
func (b *Book) verifyLogChain() []string {
	rows, err := b.db.Query(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog ORDER BY id`)
	if err != nil {
		return []string{"无法读取操作日志"}
	}
	defer rows.Close()
	prev := genesisHash
	var want int64 = 1
	var problems []string
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return append(problems, "操作日志无法读取")
		}
		switch {
		case e.ID != want:
			problems = append(problems, fmt.Sprintf("操作日志第 %d 条之前缺少记录（条目被删除）", e.ID))
		case e.PrevHash != prev:
			problems = append(problems, fmt.Sprintf("操作日志第 %d 条与前一条的链接不符（前面的记录被改动或删除）", e.ID))
		case entryHash(e) != e.Hash:
			problems = append(problems, fmt.Sprintf("操作日志第 %d 条（%s %s）内容被改动过", e.ID, e.At, e.Action))
		}
		if len(problems) > 0 {
			return problems
		}
		prev = e.Hash
		want = e.ID + 1
	}
	if err := rows.Err(); err != nil {
		return append(problems, "操作日志无法读取")
	}
	return b.verifyLogHead(want-1, prev)
}

// verifyLogHead compares the last entry of the log (id last, hash) with the
// head appendLog keeps, which shows entries cut off the end.
func (b *Book) verifyLogHead(last int64, hash string) []string {
	var head string
	err := b.db.QueryRow(`SELECT value FROM setting WHERE key = ?`, logHeadKey).Scan(&head)
	if errors.Is(err, sql.ErrNoRows) {
		if last == 0 {
			return nil
		}
		return []string{"操作日志缺少日志头记录（文件被改动过）"}
	} else if err != nil {
		return []string{"无法读取操作日志的日志头"}
	}
	var headID int64
	var headHash string
	if _, err := fmt.Sscanf(head, "%d %s", &headID, &headHash); err != nil {
		return []string{"操作日志的日志头记录已损坏（文件被改动过）"}
	}
	switch {
	case last < headID:
		return []string{fmt.Sprintf("操作日志最后 %d 条被删除：日志应有 %d 条，现只有 %d 条", headID-last, headID, last)}
	case last > headID || hash != headHash:
		return []string{fmt.Sprintf("操作日志第 %d 条与日志头记录不符（日志末尾被改动或删除）", last)}
	}
	return nil
}
