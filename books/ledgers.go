package books

// The general ledger (总账) and the detail ledgers and journals (明细账、日记账).

import (
	"database/sql"
	"fmt"
)

// GeneralLedgerMonth is one month of a first-level account in the 总账.
type GeneralLedgerMonth struct {
	Period                Period
	Debit, Credit         Money // the month's activity (本月合计)
	Balance               Money // debit − credit at the month's end
	YearDebit, YearCredit Money // 本年累计 through the month
}

// GeneralLedgerAccount is one first-level account of the 总账.
type GeneralLedgerAccount struct {
	Account Account
	Opening Money // debit − credit before the first month
	Months  []GeneralLedgerMonth
}

// GeneralLedger is the 总账: every first-level account with a balance or
// activity, month by month.
type GeneralLedger struct {
	From, To     Period
	CompoundID   int64
	CompoundName string
	Accounts     []GeneralLedgerAccount
}

// GeneralLedger builds the 总账 from the kept balances. code limits it to one
// first-level account ("" for all); compoundID 0 means all compounds.
func (b *Book) GeneralLedger(from, to Period, compoundID int64, code string) (GeneralLedger, error) {
	gl := GeneralLedger{From: from, To: to, CompoundID: compoundID}
	if err := checkRange(from, to); err != nil {
		return gl, err
	}
	name, err := b.compoundLabel(compoundID)
	if err != nil {
		return gl, err
	}
	gl.CompoundName = name
	c, err := b.loadChart()
	if err != nil {
		return gl, err
	}
	var only *Account
	if code != "" {
		if only, err = c.byCode(code); err != nil {
			return gl, err
		}
		for only.ParentID != 0 {
			only = c.byID[only.ParentID]
		}
	}
	yearStart := Period(from.Year()*100 + 1)
	cond, args := compoundFilter("compound_id", compoundID)
	type key struct {
		acc int64
		p   Period
	}
	month := map[key][2]int64{}
	opening := map[int64]int64{} // before yearStart
	rows, err := b.db.Query(`SELECT account_id, CASE WHEN period < ? THEN 0 ELSE period END, sum(debit_fen), sum(credit_fen)
		FROM balance WHERE period <= ?`+cond+` GROUP BY 1, 2`, append([]any{int(yearStart), int(to)}, args...)...)
	if err != nil {
		return gl, internal("general ledger", err)
	}
	for rows.Next() {
		var id, d, cr int64
		var p Period
		if err := rows.Scan(&id, &p, &d, &cr); err != nil {
			rows.Close()
			return gl, internal("general ledger", err)
		}
		top := c.byID[id]
		for top != nil && top.ParentID != 0 {
			top = c.byID[top.ParentID]
		}
		if top == nil {
			continue
		}
		if p == 0 {
			opening[top.ID] += d - cr
			continue
		}
		m := month[key{top.ID, p}]
		month[key{top.ID, p}] = [2]int64{m[0] + d, m[1] + cr}
	}
	rows.Close()
	for _, a := range c.list {
		if a.ParentID != 0 || (only != nil && a.ID != only.ID) {
			continue
		}
		bal := opening[a.ID]
		var yd, yc int64
		acc := GeneralLedgerAccount{Account: a}
		active := false
		for p := yearStart; p <= to; p = p.Next() {
			if p.Month() == 1 {
				yd, yc = 0, 0
			}
			if p == from {
				acc.Opening = FromFen(bal)
				active = active || bal != 0
			}
			m := month[key{a.ID, p}]
			bal += m[0] - m[1]
			yd += m[0]
			yc += m[1]
			if p < from {
				continue
			}
			active = active || m[0] != 0 || m[1] != 0 || bal != 0
			acc.Months = append(acc.Months, GeneralLedgerMonth{Period: p, Debit: FromFen(m[0]), Credit: FromFen(m[1]),
				Balance: FromFen(bal), YearDebit: FromFen(yd), YearCredit: FromFen(yc)})
		}
		if active || only != nil {
			gl.Accounts = append(gl.Accounts, acc)
		}
	}
	return gl, nil
}

// Table lays the 总账 out: per account an opening line, then each month's
// 本月合计 and 本年累计.
func (g GeneralLedger) Table() Table {
	tab := Table{
		Title:    "总账",
		Subtitle: fmt.Sprintf("%s — %s　%s", g.From.Chinese(), g.To.Chinese(), g.CompoundName),
		Keys:     []string{"account_code", "account_name", "period", "summary", "debit", "credit", "direction", "balance"},
		Header:   []string{"科目代码", "科目名称", "月份", "摘要", "借方", "贷方", "借或贷", "余额"},
		Kinds:    []ColumnKind{Text, Text, Text, Text, MoneyColumn, MoneyColumn, Text, MoneyColumn},
	}
	for _, a := range g.Accounts {
		dir, amt := Side(a.Opening)
		tab.Rows = append(tab.Rows, []string{a.Account.Code, a.Account.Name, g.From.String(), "期初余额", "", "", dir, PlainYuan(amt)})
		for _, m := range a.Months {
			dir, amt := Side(m.Balance)
			tab.Rows = append(tab.Rows,
				[]string{a.Account.Code, a.Account.Name, m.Period.String(), "本月合计", PlainYuan(m.Debit), PlainYuan(m.Credit), dir, PlainYuan(amt)},
				[]string{a.Account.Code, a.Account.Name, m.Period.String(), "本年累计", PlainYuan(m.YearDebit), PlainYuan(m.YearCredit), dir, PlainYuan(amt)})
		}
	}
	return tab
}

// LedgerKind says what a detail-ledger line is.
type LedgerKind int

// Kinds of detail-ledger lines.
const (
	LedgerOpening    LedgerKind = iota // 期初余额 (first page) or 承前页 (later pages)
	LedgerEntry                        // a posted voucher line
	LedgerDayTotal                     // 本日合计 (journals)
	LedgerMonthTotal                   // 本月合计
	LedgerYearTotal                    // 本年累计
)

// LedgerLine is one line of a detail ledger or journal.
type LedgerLine struct {
	Kind      LedgerKind
	Period    Period
	Date      string
	VoucherID int64 // for drill-down; 0 on total lines
	VoucherNo string
	// Migrated marks an entry of migrated history (迁移): its voucher was
	// posted by import -post, with no second person's review.
	Migrated     bool
	Memo         string
	AccountCode  string // the leaf account of an entry
	AccountName  string
	CompoundName string
	Debit        Money
	Credit       Money
	Balance      Money // running balance, debit − credit; Side gives 借/贷
}

// LedgerQuery selects a detail ledger (明细账) or journal (日记账).
type LedgerQuery struct {
	AccountCode string // the account and every account below it
	Monetary    string // or: every account of this monetary kind ("cash", "bank")
	CompoundID  int64  // 0: all compounds
	From, To    Period
	// Offset and Limit page through the posted lines (Limit 0: all). Total
	// lines (opening, subtotals) come with the entries they follow.
	Offset, Limit int
	DailyTotals   bool // a 本日合计 after each day's entries (journals)
}

// DetailLedger is a page of a 明细账 or 日记账.
type DetailLedger struct {
	Title        string
	Account      Account // the account asked for (journals: the first monetary account of the kind)
	CompoundName string
	From, To     Period
	Opening      Money // debit − credit before From
	PageOpening  Money // debit − credit before the page's first entry
	Lines        []LedgerLine
	Total        int // posted lines in the whole range
	Offset       int
	Limit        int
}

// Journal is the 现金日记账 (kind "cash") or 银行存款日记账 (kind "bank"): the
// detail ledger of every account of that monetary kind, with daily totals.
func (b *Book) Journal(kind string, from, to Period, compoundID int64, offset, limit int) (DetailLedger, error) {
	if kind != "cash" && kind != "bank" {
		return DetailLedger{}, Errorf(Invalid, "日记账只有现金（cash）和银行存款（bank）两种")
	}
	return b.DetailLedger(LedgerQuery{Monetary: kind, CompoundID: compoundID, From: from, To: to, Offset: offset, Limit: limit, DailyTotals: true})
}

// DetailLedger builds a page of the 明细账 of an account (with its children),
// or a journal. Each page carries its opening balance, so the running balance
// is right on any page; month totals and 本年累计 come from the kept balances.
func (b *Book) DetailLedger(q LedgerQuery) (DetailLedger, error) {
	dl := DetailLedger{From: q.From, To: q.To, Offset: q.Offset, Limit: q.Limit, Opening: FromFen(0), PageOpening: FromFen(0)}
	if err := checkRange(q.From, q.To); err != nil {
		return dl, err
	}
	name, err := b.compoundLabel(q.CompoundID)
	if err != nil {
		return dl, err
	}
	dl.CompoundName = name
	c, err := b.loadChart()
	if err != nil {
		return dl, err
	}
	var ids []int64
	switch {
	case q.Monetary != "":
		for _, a := range c.list {
			if a.Monetary == q.Monetary {
				if len(ids) == 0 {
					dl.Account = a
				}
				ids = append(ids, a.ID)
			}
		}
		dl.Title = map[string]string{"cash": "现金日记账", "bank": "银行存款日记账"}[q.Monetary]
		if len(ids) == 0 {
			return dl, Errorf(NotFound, "科目表中没有%s科目", map[string]string{"cash": "现金", "bank": "银行存款"}[q.Monetary])
		}
	case q.AccountCode != "":
		a, err := c.byCode(q.AccountCode)
		if err != nil {
			return dl, err
		}
		dl.Account, ids, dl.Title = *a, c.subtree(a.ID), "明细账"
	default:
		return dl, Errorf(Invalid, "请指定科目")
	}
	accIn := " IN (" + idList(ids) + ")"
	bcond, bargs := compoundFilter("compound_id", q.CompoundID)
	lcond, largs := compoundFilter("l.compound_id", q.CompoundID)

	// netBefore is the kept balance of the selected accounts before a month.
	netBefore := func(p Period) (int64, error) {
		var n sql.NullInt64
		err := b.db.QueryRow(`SELECT sum(debit_fen - credit_fen) FROM balance WHERE account_id`+accIn+` AND period < ?`+bcond,
			append([]any{int(p)}, bargs...)...).Scan(&n)
		return n.Int64, err
	}
	open, err := netBefore(q.From)
	if err != nil {
		return dl, internal("detail ledger", err)
	}
	dl.Opening = FromFen(open)
	// CROSS JOIN keeps SQLite reading the lines first, through their
	// (account, period) index; left to itself it may walk every posted
	// voucher instead.
	where := ` FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id` + accIn + ` AND l.period BETWEEN ? AND ? AND v.status = 'posted'` + lcond
	wargs := append([]any{int(q.From), int(q.To)}, largs...)
	// Count the lines month by month, then read only the months the page
	// falls in: sorting a whole five-year range to skip to a deep page is
	// what makes paging slow on a million-line book.
	crows, err := b.db.Query(`SELECT l.period, count(*)`+where+` GROUP BY l.period ORDER BY l.period`, wargs...)
	if err != nil {
		return dl, internal("detail ledger", err)
	}
	type monthCount struct {
		p Period
		n int
	}
	var counts []monthCount
	for crows.Next() {
		var mc monthCount
		if err := crows.Scan(&mc.p, &mc.n); err != nil {
			crows.Close()
			return dl, internal("detail ledger", err)
		}
		counts = append(counts, mc)
		dl.Total += mc.n
	}
	crows.Close()
	// The window: from the month holding the page's first line to the month
	// holding the line after its last (to see where its last month ends).
	winFrom, winTo, skipped := q.To.Next(), q.To, 0
	want := dl.Total - q.Offset
	if q.Limit > 0 {
		want = min(want, q.Limit+1)
	}
	seen := 0
	for _, mc := range counts {
		if seen+mc.n > q.Offset && winFrom > q.To {
			winFrom, skipped = mc.p, seen
		}
		seen += mc.n
		if winFrom <= q.To && seen >= q.Offset+want {
			winTo = mc.p
			break
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	} else {
		limit++ // one more, to see where the page's last month and day end
	}
	rows, err := b.db.Query(`SELECT v.id, l.period, v.date, v.word, v.number, l.seq, l.memo, l.account_id, l.compound_id, l.debit_fen, l.credit_fen,
			v.kind = 'import' AND (v.reviewer_id IS NULL OR v.reviewer_id = v.preparer_id)
		FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id`+accIn+` AND l.period BETWEEN ? AND ? AND v.status = 'posted'`+lcond+`
		ORDER BY l.period, v.date, v.word, v.number, l.seq LIMIT ? OFFSET ?`,
		append(append([]any{int(winFrom), int(winTo)}, largs...), limit, q.Offset-skipped)...)
	if err != nil {
		return dl, internal("detail ledger", err)
	}
	type entry struct {
		vid               int64
		p                 Period
		date, word        string
		num, seq          int
		memo              string
		acc, comp, dr, cr int64
		migrated          bool
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.vid, &e.p, &e.date, &e.word, &e.num, &e.seq, &e.memo, &e.acc, &e.comp, &e.dr, &e.cr, &e.migrated); err != nil {
			rows.Close()
			return dl, internal("detail ledger", err)
		}
		es = append(es, e)
	}
	rows.Close()
	var next *entry
	if q.Limit > 0 && len(es) > q.Limit {
		next = &es[q.Limit]
		es = es[:q.Limit]
	}

	// The page's opening: kept balances before the month of its first entry,
	// plus that month's entries sorting before it.
	bal := open
	if len(es) > 0 && q.Offset > 0 {
		f := es[0]
		if bal, err = netBefore(f.p); err != nil {
			return dl, internal("detail ledger", err)
		}
		var n sql.NullInt64
		err := b.db.QueryRow(`SELECT sum(l.debit_fen - l.credit_fen) FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
			WHERE l.account_id`+accIn+` AND l.period = ? AND v.status = 'posted'`+lcond+` AND (v.date, v.word, v.number, l.seq) < (?, ?, ?, ?)`,
			append(append([]any{int(f.p)}, largs...), f.date, f.word, f.num, f.seq)...).Scan(&n)
		if err != nil {
			return dl, internal("detail ledger", err)
		}
		bal += n.Int64
	} else if len(es) == 0 && q.Offset > 0 {
		if bal, err = netBefore(q.To.Next()); err != nil {
			return dl, internal("detail ledger", err)
		}
	}
	dl.PageOpening = FromFen(bal)
	first := LedgerLine{Kind: LedgerOpening, Period: q.From, Date: q.From.First(), Memo: "期初余额", Debit: FromFen(0), Credit: FromFen(0), Balance: FromFen(bal)}
	if q.Offset > 0 {
		first.Memo = "承前页"
		if len(es) > 0 {
			first.Period, first.Date = es[0].p, es[0].date
		}
	}
	dl.Lines = append(dl.Lines, first)

	compounds := map[int64]string{}
	if cs, err := b.Compounds(true); err == nil {
		for _, cp := range cs {
			compounds[cp.ID] = cp.Name
		}
	}
	for i, e := range es {
		bal += e.dr - e.cr
		a := c.byID[e.acc]
		dl.Lines = append(dl.Lines, LedgerLine{Kind: LedgerEntry, Period: e.p, Date: e.date, VoucherID: e.vid, VoucherNo: VoucherNo(e.word, e.num),
			Migrated: e.migrated, Memo: e.memo, AccountCode: a.Code, AccountName: a.Name, CompoundName: compounds[e.comp],
			Debit: FromFen(e.dr), Credit: FromFen(e.cr), Balance: FromFen(bal)})
		var after *entry
		if i+1 < len(es) {
			after = &es[i+1]
		} else {
			after = next
		}
		if q.DailyTotals && (after == nil || after.date != e.date) {
			var d, cr int64
			err := b.db.QueryRow(`SELECT coalesce(sum(l.debit_fen), 0), coalesce(sum(l.credit_fen), 0)
				FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
				WHERE l.account_id`+accIn+` AND l.period = ? AND v.status = 'posted'`+lcond+` AND v.date = ?`,
				append(append([]any{int(e.p)}, largs...), e.date)...).Scan(&d, &cr)
			if err != nil {
				return dl, internal("journal day total", err)
			}
			dl.Lines = append(dl.Lines, LedgerLine{Kind: LedgerDayTotal, Period: e.p, Date: e.date, Memo: "本日合计",
				Debit: FromFen(d), Credit: FromFen(cr), Balance: FromFen(bal)})
		}
		if after == nil || after.p != e.p {
			var d, cr, yd, yc sql.NullInt64
			err := b.db.QueryRow(`SELECT sum(CASE WHEN period = ? THEN debit_fen END), sum(CASE WHEN period = ? THEN credit_fen END),
					sum(debit_fen), sum(credit_fen)
				FROM balance WHERE account_id`+accIn+` AND period BETWEEN ? AND ?`+bcond,
				append([]any{int(e.p), int(e.p), e.p.Year()*100 + 1, int(e.p)}, bargs...)...).Scan(&d, &cr, &yd, &yc)
			if err != nil {
				return dl, internal("ledger month total", err)
			}
			dl.Lines = append(dl.Lines,
				LedgerLine{Kind: LedgerMonthTotal, Period: e.p, Date: e.p.Last(), Memo: "本月合计", Debit: FromFen(d.Int64), Credit: FromFen(cr.Int64), Balance: FromFen(bal)},
				LedgerLine{Kind: LedgerYearTotal, Period: e.p, Date: e.p.Last(), Memo: "本年累计", Debit: FromFen(yd.Int64), Credit: FromFen(yc.Int64), Balance: FromFen(bal)})
		}
	}
	return dl, nil
}

// Table lays a page of the detail ledger or journal out.
func (d DetailLedger) Table() Table {
	tab := Table{
		Title:    d.Title,
		Subtitle: fmt.Sprintf("%s　%s — %s　%s", d.Account.FullName(), d.From.Chinese(), d.To.Chinese(), d.CompoundName),
		Keys:     []string{"date", "voucher_no", "memo", "account_code", "compound", "debit", "credit", "direction", "balance"},
		Header:   []string{"日期", "凭证号", "摘要", "科目", "小区", "借方", "贷方", "借或贷", "余额"},
		Kinds:    []ColumnKind{Text, Text, Text, Text, Text, MoneyColumn, MoneyColumn, Text, MoneyColumn},
	}
	if d.Title != "明细账" {
		tab.Subtitle = fmt.Sprintf("%s — %s　%s", d.From.Chinese(), d.To.Chinese(), d.CompoundName)
	}
	for _, l := range d.Lines {
		dir, amt := Side(l.Balance)
		dr, cr := PlainYuan(l.Debit), PlainYuan(l.Credit)
		if l.Kind == LedgerOpening {
			dr, cr = "", ""
		}
		no := l.VoucherNo
		if l.Migrated {
			no += "（迁移）"
		}
		tab.Rows = append(tab.Rows, []string{l.Date, no, l.Memo, l.AccountCode, l.CompoundName, dr, cr, dir, PlainYuan(amt)})
	}
	return tab
}
