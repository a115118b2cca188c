package books

import (
	"database/sql"
	"fmt"
	"strings"
)

// PeriodState describes one month of the book.
type PeriodState struct {
	Period   Period
	Closed   bool
	ClosedAt string
	ClosedBy string
	Drafts   int // vouchers not yet posted
	Posted   int
}

// firstPeriod is the month the book starts in: the earliest voucher, or the
// setting "start_period", whichever is earlier; 0 when the book is empty.
func firstPeriod(q querier) (Period, error) {
	var p sql.NullInt64
	if err := q.QueryRow(`SELECT min(period) FROM voucher`).Scan(&p); err != nil {
		return 0, err
	}
	var start string
	q.QueryRow(`SELECT value FROM setting WHERE key = 'start_period'`).Scan(&start)
	if sp, err := ParsePeriod(start); err == nil && (!p.Valid || int64(sp) < p.Int64) {
		return sp, nil
	}
	return Period(p.Int64), nil
}

// Periods lists every month from the book's first to the later of today's
// month and its last voucher, with their state.
func (b *Book) Periods() ([]PeriodState, error) {
	first, err := firstPeriod(b.db)
	if err != nil {
		return nil, internal("periods", err)
	}
	now := b.now()
	last := Period(now.Year()*100 + int(now.Month()))
	var maxp sql.NullInt64
	b.db.QueryRow(`SELECT max(period) FROM voucher`).Scan(&maxp)
	if maxp.Valid && Period(maxp.Int64) > last {
		last = Period(maxp.Int64)
	}
	if first == 0 || first > last {
		first = last
	}
	counts := map[Period][2]int{}
	rows, err := b.db.Query(`SELECT period, sum(status <> 'posted'), sum(status = 'posted') FROM voucher GROUP BY period`)
	if err != nil {
		return nil, internal("periods", err)
	}
	for rows.Next() {
		var p Period
		var d, po int
		rows.Scan(&p, &d, &po)
		counts[p] = [2]int{d, po}
	}
	rows.Close()
	closed := map[Period][2]string{}
	rows, err = b.db.Query(`SELECT pc.period, pc.closed_at, u.name FROM period_close pc JOIN user u ON u.id = pc.closed_by`)
	if err != nil {
		return nil, internal("periods", err)
	}
	for rows.Next() {
		var p Period
		var at, by string
		rows.Scan(&p, &at, &by)
		closed[p] = [2]string{at, by}
	}
	rows.Close()
	var out []PeriodState
	for p := first; p <= last; p = p.Next() {
		st := PeriodState{Period: p, Drafts: counts[p][0], Posted: counts[p][1]}
		if c, ok := closed[p]; ok {
			st.Closed, st.ClosedAt, st.ClosedBy = true, c[0], c[1]
		}
		out = append(out, st)
	}
	return out, nil
}

// IsClosed reports whether a month is closed.
func (b *Book) IsClosed(p Period) bool {
	var n int
	b.db.QueryRow(`SELECT count(*) FROM period_close WHERE period = ?`, int(p)).Scan(&n)
	return n > 0
}

// ClosePeriod closes a month (结账): every earlier month must be closed, every
// voucher of the month posted, the trial balance balanced, and in December
// income and expense carried into net assets. A snapshot is taken first.
func (s *Session) ClosePeriod(p Period) error {
	if err := s.require("结账", RoleAccountant); err != nil {
		return err
	}
	if !p.Valid() {
		return Errorf(Invalid, "结账的月份 %d 不是有效的月份", int(p))
	}
	// A month is closed after its last day: before that, business of the
	// month may still come (and a month not yet begun would shut every month
	// before it, see refuseClosed).
	if today := s.b.today(); today <= p.Last() {
		return Errorf(Invalid, "%s 还没有结束（最后一天是 %s，今天是 %s），月份结束后才能结账", p.Chinese(), p.Last(), today)
	}
	// The rules are checked before the snapshot as well as after it:
	// snapshots rotate, and refused attempts must not push the useful ones
	// out.
	if err := s.b.write(func(tx *sql.Tx) error { return closeChecks(tx, p) }); err != nil {
		return err
	}
	if _, err := s.b.snapshot("before-close-" + p.String()); err != nil {
		return fmt.Errorf("close %s: snapshot: %w", p, err)
	}
	return s.b.write(func(tx *sql.Tx) error {
		if err := closeChecks(tx, p); err != nil {
			return err
		}
		now := s.b.stamp()
		if _, err := tx.Exec(`INSERT INTO period_close (period, closed_at, closed_by) VALUES (?, ?, ?)`, int(p), now, s.user.ID); err != nil {
			return err
		}
		return appendLog(tx, now, s.user, "period.close", "period", p.String(), map[string]bool{"closed": false}, map[string]bool{"closed": true})
	})
}

// closeChecks refuses to close p unless the rules of 结账 hold.
func closeChecks(tx *sql.Tx, p Period) error {
	if closed, err := periodClosed(tx, p); err != nil {
		return err
	} else if closed {
		return Errorf(Conflict, "%s 已经结账", p.Chinese())
	}
	first, err := firstPeriod(tx)
	if err != nil {
		return err
	}
	if first != 0 && p > first {
		var missing []string
		rows, err := tx.Query(`WITH RECURSIVE m(p) AS (SELECT ? UNION ALL SELECT CASE WHEN p % 100 = 12 THEN (p / 100 + 1) * 100 + 1 ELSE p + 1 END FROM m WHERE p < ?)
			SELECT p FROM m WHERE p < ? AND p NOT IN (SELECT period FROM period_close) ORDER BY p`, int(first), int(p), int(p))
		if err != nil {
			return err
		}
		for rows.Next() {
			var q Period
			rows.Scan(&q)
			missing = append(missing, q.Chinese())
		}
		rows.Close()
		if len(missing) > 0 {
			return Errorf(Conflict, "结账要按月顺序进行：%s 还没有结账", strings.Join(missing, "、"))
		}
	}
	var drafts []string
	rows, err := tx.Query(`SELECT word, number, status FROM voucher WHERE period = ? AND status <> 'posted' ORDER BY number LIMIT 10`, int(p))
	if err != nil {
		return err
	}
	for rows.Next() {
		var w, st string
		var n int
		rows.Scan(&w, &n, &st)
		drafts = append(drafts, VoucherNo(w, n)+"（"+StatusName(st)+"）")
	}
	rows.Close()
	if len(drafts) > 0 {
		return Errorf(Conflict, "%s 还有凭证没有记账：%s", p.Chinese(), strings.Join(drafts, "、"))
	}
	var d, c int64
	if err := tx.QueryRow(`SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0) FROM balance WHERE period <= ?`, int(p)).Scan(&d, &c); err != nil {
		return err
	}
	if d != c {
		return Errorf(Unbalanced, "试算不平衡：截至 %s 借方合计 %s，贷方合计 %s", p.Chinese(), FormatYuan(FromFen(d)), FormatYuan(FromFen(c)))
	}
	if p.Month() == 12 {
		var open int
		if err := tx.QueryRow(`SELECT count(*) FROM (SELECT b.account_id FROM balance b JOIN account a ON a.id = b.account_id
			WHERE a.class IN ('income', 'expense') AND b.period BETWEEN ? AND ? GROUP BY b.account_id, b.compound_id HAVING sum(b.debit_fen) <> sum(b.credit_fen))`,
			p.Year()*100+1, int(p)).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return Errorf(Conflict, "%d 年的收入、费用还没有结转到净资产（还有 %d 个科目×小区有余额）；请先做年末结转凭证并记账", p.Year(), open)
		}
	}
	return nil
}

// ReopenPeriod re-opens the last closed month (反结账) with a reason, which the
// log keeps.
func (s *Session) ReopenPeriod(p Period, reason string) error {
	if err := s.require("反结账", RoleAccountant); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Errorf(Invalid, "反结账必须写明原因")
	}
	return s.b.write(func(tx *sql.Tx) error {
		if closed, err := periodClosed(tx, p); err != nil {
			return err
		} else if !closed {
			return Errorf(Conflict, "%s 没有结账，不需要反结账", p.Chinese())
		}
		var later Period
		tx.QueryRow(`SELECT coalesce(max(period), 0) FROM period_close WHERE period > ?`, int(p)).Scan(&later)
		if later != 0 {
			return Errorf(Conflict, "要先反结账 %s：反结账从最后结账的月份倒着进行", later.Chinese())
		}
		if _, err := tx.Exec(`DELETE FROM period_close WHERE period = ?`, int(p)); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "period.reopen", "period", p.String(), map[string]bool{"closed": true}, map[string]any{"closed": false, "reason": reason})
	})
}

// CarryYearEnd makes the year-end carry voucher (结转): for each compound,
// every income and expense account's balance for the year goes into the
// chart's carry account (3101 非限定性净资产 or 321 本年收益). The voucher is
// a draft dated 12-31 that goes through review and posting like any other.
func (s *Session) CarryYearEnd(year int) (Voucher, error) {
	if err := s.require("年末结转", RoleAccountant); err != nil {
		return Voucher{}, err
	}
	var v Voucher
	err := s.b.write(func(tx *sql.Tx) error {
		dec := Period(year*100 + 12)
		if err := refuseClosed(tx, dec); err != nil {
			return err
		}
		var pending int
		tx.QueryRow(`SELECT count(*) FROM voucher WHERE kind = 'carry' AND period = ? AND status <> 'posted'`, int(dec)).Scan(&pending)
		if pending > 0 {
			return Errorf(Conflict, "%d 年已有一张未记账的结转凭证，请先审核记账或删除它", year)
		}
		var unposted int
		tx.QueryRow(`SELECT count(*) FROM voucher WHERE period BETWEEN ? AND ? AND status <> 'posted'`, year*100+1, int(dec)).Scan(&unposted)
		if unposted > 0 {
			return Errorf(Conflict, "%d 年还有 %d 张凭证没有记账，记账后再结转", year, unposted)
		}
		var carryCode string
		tx.QueryRow(`SELECT value FROM setting WHERE key = 'chart.carry'`).Scan(&carryCode)
		var carryID int64
		if err := tx.QueryRow(`SELECT id FROM account WHERE code = ?`, carryCode).Scan(&carryID); err != nil {
			return Errorf(NotFound, "结转科目 %s 不存在", carryCode)
		}
		// Restricted income (a 限定性收入 sub-account) goes to 限定性净资产
		// where the chart has it (民间非营利组织会计制度 第六十一条), the rest
		// to the carry account.
		var restrictedID int64
		if carryCode == "3101" {
			tx.QueryRow(`SELECT id FROM account WHERE code = '3102'`).Scan(&restrictedID)
		}
		c, err := chartIn(tx)
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT b.account_id, b.compound_id, sum(b.debit_fen) - sum(b.credit_fen)
			FROM balance b JOIN account a ON a.id = b.account_id
			WHERE a.class IN ('income', 'expense') AND b.period BETWEEN ? AND ?
			GROUP BY b.account_id, b.compound_id HAVING sum(b.debit_fen) <> sum(b.credit_fen)
			ORDER BY b.compound_id, a.code`, year*100+1, int(dec))
		if err != nil {
			return err
		}
		type target struct{ comp, account int64 }
		net := map[target]int64{}
		var order []target
		for rows.Next() {
			var acc, comp, bal int64
			rows.Scan(&acc, &comp, &bal)
			to := target{comp, carryID}
			if a := c.byID[acc]; restrictedID != 0 && a != nil && a.Class == ClassIncome && (isRestricted(a.Name) || restrictedAbove(c, a)) {
				to.account = restrictedID
			}
			l := Line{Memo: fmt.Sprintf("结转%d年收入费用", year), AccountID: acc, CompoundID: comp}
			if bal > 0 {
				l.Credit = FromFen(bal)
			} else {
				l.Debit = FromFen(-bal)
			}
			if _, ok := net[to]; !ok {
				order = append(order, to)
			}
			net[to] += bal
			v.Lines = append(v.Lines, l)
		}
		rows.Close()
		if len(v.Lines) == 0 {
			return Errorf(Conflict, "%d 年的收入、费用科目没有余额，不需要结转", year)
		}
		for _, to := range order {
			if net[to] == 0 {
				continue
			}
			l := Line{Memo: fmt.Sprintf("结转%d年收入费用", year), AccountID: to.account, CompoundID: to.comp}
			if net[to] > 0 {
				l.Debit = FromFen(net[to])
			} else {
				l.Credit = FromFen(-net[to])
			}
			v.Lines = append(v.Lines, l)
		}
		if err := resolveLines(tx, v.Lines); err != nil {
			return err
		}
		v.Date, v.Kind = dec.Last(), VoucherCarry
		return s.insertVoucher(tx, &v, s.b.stamp(), "voucher.carry")
	})
	if err != nil {
		return Voucher{}, fmt.Errorf("carry year end: %w", err)
	}
	return s.b.Voucher(v.ID)
}
