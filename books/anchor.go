package books

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The operation log's chain is unkeyed: whoever edits the file and knows the
// algorithm can rewrite an entry and every hash after it, and Verify passes.
// An anchor is the log head written down somewhere the file cannot reach — on
// the posted 财务公开 notice, in a signed period package, in the paper
// ledger — so a later rewrite of any entry up to it shows.

// AnchorCodeDigits is how many hex digits of the chain hash an anchor code
// prints and a check needs at least: 64 bits, beyond grinding a rewritten
// entry until its hash matches a shorter code.
const AnchorCodeDigits = 16

// LogAnchor is one entry of the operation log named by its sequence number
// and chain hash.
type LogAnchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"` // the entry's hex SHA-256 chain hash
}

// IsZero reports whether the anchor names no entry (an empty log, or a
// package from a version without anchors).
func (a LogAnchor) IsZero() bool { return a.Seq == 0 }

// Code is the first 64 bits of the hash in upper-case hex, grouped by four
// for reading aloud: 3F2A-09C1-77DE-B450.
func (a LogAnchor) Code() string {
	return groupCode(a.Hash[:min(len(a.Hash), AnchorCodeDigits)])
}

// Label is the anchor as the notice prints it.
func (a LogAnchor) Label() string {
	return fmt.Sprintf("账簿校验：日志第 %d 条 · %s", a.Seq, a.Code())
}

// String is the anchor in the form ParseAnchor reads: N:XXXX-XXXX-XXXX-XXXX.
func (a LogAnchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Code()) }

func groupCode(hex string) string {
	hex = strings.ToUpper(hex)
	var sb strings.Builder
	for i := 0; i < len(hex); i += 4 {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(hex[i:min(i+4, len(hex))])
	}
	return sb.String()
}

// LogAnchor returns the current head of the operation log, or a zero anchor
// when the log is empty.
func (b *Book) LogAnchor() (LogAnchor, error) {
	a, err := logAnchor(b.db)
	if err != nil {
		return a, internal("read log head", err)
	}
	return a, nil
}

// logAnchor reads the newest log entry through q (the book or a transaction).
func logAnchor(q interface {
	QueryRow(string, ...any) *sql.Row
}) (LogAnchor, error) {
	var a LogAnchor
	err := q.QueryRow(`SELECT id, hash FROM oplog ORDER BY id DESC LIMIT 1`).Scan(&a.Seq, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return LogAnchor{}, nil
	}
	return a, err
}

// ParseAnchor reads an anchor written as N:CODE (a full-width colon also
// does): N the log entry's number, CODE at least AnchorCodeDigits hex digits
// of its chain hash, dashes and spaces ignored, any case. It returns the
// sequence number and the code as lower-case hex.
func ParseAnchor(s string) (int64, string, error) {
	s = strings.TrimSpace(strings.Replace(s, "：", ":", 1))
	n, code, ok := strings.Cut(s, ":")
	if !ok {
		return 0, "", Errorf(Invalid, "校验码“%s”的格式不对，应写成“日志条号:校验码”，例如 128:3F2A-09C1-77DE-B450", s)
	}
	seq, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
	if err != nil || seq < 1 {
		return 0, "", Errorf(Invalid, "校验码“%s”中的日志条号“%s”应为正整数", s, strings.TrimSpace(n))
	}
	hex, err := normalizeAnchorCode(code)
	if err != nil {
		return 0, "", err
	}
	return seq, hex, nil
}

// normalizeAnchorCode drops dashes and spaces and lower-cases the code,
// refusing what is not hex or too short to mean anything.
func normalizeAnchorCode(code string) (string, error) {
	hex := strings.ToLower(strings.NewReplacer("-", "", " ", "", "\u3000", "").Replace(code))
	for _, r := range hex {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return "", Errorf(Invalid, "校验码“%s”只能由 0–9 和 A–F 组成（可用短横线分组）", strings.TrimSpace(code))
		}
	}
	if len(hex) < AnchorCodeDigits || len(hex) > 64 {
		return "", Errorf(Invalid, "校验码“%s”应有 %d 到 64 位十六进制数字，现有 %d 位", strings.TrimSpace(code), AnchorCodeDigits, len(hex))
	}
	return hex, nil
}

// VerifyAnchor checks the operation log against an anchor written down
// earlier: entries 1 to seq must be chained intact and entry seq's chain hash
// must begin with code (dashes ignored, any case). A consistently rewritten
// log passes Verify but fails here, because the rewrite changes the hash of
// every entry after the one it touched. Refused with Tampered, saying what
// differs.
func (b *Book) VerifyAnchor(seq int64, code string) error {
	want, err := normalizeAnchorCode(code)
	if err != nil {
		return err
	}
	shown := groupCode(want)
	if seq < 1 {
		return Errorf(Invalid, "日志条号 %d 应为正整数", seq)
	}
	rows, err := b.db.Query(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash
		FROM oplog WHERE id <= ? ORDER BY id`, seq)
	if err != nil {
		return internal("verify anchor", err)
	}
	defer rows.Close()
	prev, last := genesisHash, int64(0)
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return internal("verify anchor", err)
		}
		// The chain up to the anchor is walked, not just entry seq read:
		// a stored hash left alone beside edited content is a rewrite too.
		if e.ID != last+1 || e.PrevHash != prev || entryHash(e) != e.Hash {
			return Errorf(Tampered, "操作日志第 %d 条与前面的记录接不上或内容被改动过，无法与记下的日志第 %d 条（%s）相符：账簿的操作日志被改动过", e.ID, seq, shown)
		}
		prev, last = e.Hash, e.ID
	}
	if err := rows.Err(); err != nil {
		return internal("verify anchor", err)
	}
	if last < seq {
		return Errorf(Tampered, "账簿的操作日志只有 %d 条，没有记下的第 %d 条（%s）：日志在记下锚点之后被截短或改写", last, seq, shown)
	}
	if !strings.HasPrefix(prev, want) {
		return Errorf(Tampered, "日志第 %d 条的校验码与记下的 %s 不符：账簿的操作日志在记下锚点之后被改写", seq, shown)
	}
	return nil
}

// checkPackageLog refuses a package whose community log is shorter than the
// log of a package the same community exported before it and the street
// already holds: a log only grows, so a shorter one comes from a book put
// back to an old backup or rewritten. "Exported before" is by serial within
// one book, or by export time, so packages imported out of order still pass
// while a restored book (its serial set back, its clock not) is caught. A
// package without a log head is refused only when an earlier one had one:
// old-format packages still import, but a book cannot drop back to them.
//
// Only packages signed by the same key are compared. A community that starts
// a new book signs with that book's new key, which the street must trust
// first (the fingerprint read over the phone, logged), and its log starts
// again; a book restored or rewritten keeps its key, and is caught.
func checkPackageLog(tx *sql.Tx, m StoredPackage) error {
	rows, err := tx.Query(`SELECT period_from, period_to, book_uuid, serial, exported_at, manifest FROM consol_package
		WHERE community_code = ? AND signer = ?`, m.CommunityCode, m.Signer)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var from, to Period
		var uuid, at, manifest string
		var serial int64
		if err := rows.Scan(&from, &to, &uuid, &serial, &at, &manifest); err != nil {
			return err
		}
		old := manifestLogHead(manifest)
		later := (m.BookUUID == uuid && m.Serial > serial) || m.ExportedAt > at
		if old == nil || !later {
			continue
		}
		what := fmt.Sprintf("先前导入的 %s 至 %s 数据包（%s 导出，第 %d 号，操作日志到第 %d 条）", from, to, at, serial, old.Seq)
		switch h := m.LogHead; {
		case h == nil:
			return Errorf(Tampered, "这个数据包没有操作日志锚点（旧版本导出），而%s有：社区账簿不应退回旧版本，请核实后用当前版本重新导出", what)
		case h.Seq < old.Seq:
			return Errorf(Tampered, "这个数据包（%s 导出，第 %d 号）的操作日志只到第 %d 条，比%s还短：社区账簿可能被恢复到旧备份或被改写过，请到社区核实", m.ExportedAt, m.Serial, h.Seq, what)
		case h.Seq == old.Seq && h.Hash != old.Hash:
			return Errorf(Tampered, "这个数据包的操作日志第 %d 条与%s的校验码不同：社区账簿的操作日志被改写过，请到社区核实", h.Seq, what)
		}
	}
	return rows.Err()
}

// manifestLogHead reads the log head out of a stored package manifest, nil
// when the package had none.
func manifestLogHead(manifest string) *LogAnchor {
	var m struct {
		LogHead *LogAnchor `json:"log_head"`
	}
	if json.Unmarshal([]byte(manifest), &m) != nil || m.LogHead == nil || m.LogHead.IsZero() {
		return nil
	}
	return m.LogHead
}
