package books

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// The live start (启用月份) is the first month the book keeps live: from it
// on every voucher is reviewed by a second person before it is posted, and
// import -post, which posts history migrated from an earlier system without
// one, writes only the months before it. It is recorded when the first
// live voucher is posted (and moves back if a live voucher is ever posted
// into an earlier month), or set once by the 会计 beforehand; either is
// logged.

const liveStartKey = "book.live_start"

// liveStart is the book's live start, 0 when nothing live is posted and
// none was set. A book made before the key existed takes the earliest month
// with a posted voucher that is not migrated history.
func liveStart(q querier) (Period, error) {
	var v string
	err := q.QueryRow(`SELECT value FROM setting WHERE key = ?`, liveStartKey).Scan(&v)
	if err == nil {
		n, _ := strconv.Atoi(v)
		return Period(n), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return firstLiveMonth(q)
}

// firstLiveMonth is the earliest month with a posted voucher that is not
// migrated history, 0 when there is none: what the live start must never be
// after, whatever the setting says.
func firstLiveMonth(q querier) (Period, error) {
	var p sql.NullInt64
	err := q.QueryRow(`SELECT min(period) FROM voucher WHERE status = 'posted'
		AND NOT (kind = 'import' AND (reviewer_id IS NULL OR reviewer_id = preparer_id))`).Scan(&p)
	return Period(p.Int64), err
}

// LiveStart returns the book's live start, 0 when it has none yet.
func (b *Book) LiveStart() Period {
	p, _ := liveStart(b.db)
	return p
}

// recordLiveStart keeps the live start at the earliest month with a live
// posting: called inside the posting of a live voucher of month p.
func recordLiveStart(tx *sql.Tx, s *Session, p Period, now string) error {
	var stored string
	err := tx.QueryRow(`SELECT value FROM setting WHERE key = ?`, liveStartKey).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	cur, err := liveStart(tx)
	if err != nil {
		return err
	}
	to := cur
	if to == 0 || p < to {
		to = p
	}
	if stored == strconv.Itoa(int(to)) {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, liveStartKey, strconv.Itoa(int(to))); err != nil {
		return err
	}
	var before any
	if stored != "" {
		before = map[string]string{"live_start": stored}
	}
	return appendLog(tx, now, s.user, "book.live_start", "book", to.String(), before, map[string]string{"live_start": to.String(), "by": "记账"})
}

// SetLiveStart sets the book's live start before anything live is posted, by
// the 会计, once: the months before it may then receive migrated history,
// the month itself and later ones only reviewed vouchers. Logged with the
// reason.
func (s *Session) SetLiveStart(p Period, reason string) error {
	if err := s.require("设置启用月份", RoleAccountant); err != nil {
		return err
	}
	if !p.Valid() {
		return Errorf(Invalid, "启用月份 %d 不是有效的月份", int(p))
	}
	if strings.TrimSpace(reason) == "" {
		return Errorf(Invalid, "请写明设置启用月份的原因（如：自 %s 起在本系统记账，之前的凭证从原系统迁入）", p.Chinese())
	}
	return s.b.write(func(tx *sql.Tx) error {
		cur, err := liveStart(tx)
		if err != nil {
			return err
		}
		if cur != 0 {
			return Errorf(Conflict, "本账簿的启用月份已是 %s，不能再改", cur.Chinese())
		}
		if _, err := tx.Exec(`INSERT INTO setting (key, value) VALUES (?, ?)`, liveStartKey, strconv.Itoa(int(p))); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "book.live_start", "book", p.String(), nil,
			map[string]string{"live_start": p.String(), "reason": strings.TrimSpace(reason)})
	})
}
