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
	ids, err := dl.selectAccounts(c, q)
	if err != nil {
		return dl, err
	}
	lp := &ledgerPage{b: b, q: q, c: c, accIn: " IN (" + idList(ids) + ")"}
	lp.bcond, lp.bargs = compoundFilter("compound_id", q.CompoundID)
	lp.lcond, lp.largs = compoundFilter("l.compound_id", q.CompoundID)
	open, err := lp.netBefore(q.From)
	if err != nil {
		return dl, internal("detail ledger", err)
	}
	dl.Opening = FromFen(open)
	es, next, err := lp.entries(&dl)
	if err != nil {
		return dl, err
	}
	bal, err := lp.pageOpening(open, es)
	if err != nil {
		return dl, internal("detail ledger", err)
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
	return dl, lp.lines(&dl, es, next, bal)
}

// selectAccounts names the ledger's title and account and returns the
// accounts whose lines it lists: a journal's money accounts of one kind, or
// an account with its subtree.
func (dl *DetailLedger) selectAccounts(c *chart, q LedgerQuery) ([]int64, error) {
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
			return nil, Errorf(NotFound, "科目表中没有%s科目", map[string]string{"cash": "现金", "bank": "银行存款"}[q.Monetary])
		}
	case q.AccountCode != "":
		a, err := c.byCode(q.AccountCode)
		if err != nil {
			return nil, err
		}
		dl.Account, ids, dl.Title = *a, c.subtree(a.ID), "明细账"
	default:
		return nil, Errorf(Invalid, "请指定科目")
	}
	return ids, nil
}

// ledgerPage reads one page of a detail ledger: the accounts' lines (accIn)
// of a compound (the conditions and arguments on balance rows, bcond, and on
// lines, lcond).
type ledgerPage struct {
	b            *Book
	q            LedgerQuery
	c            *chart
	accIn        string
	bcond, lcond string
	bargs, largs []any
}

// ledgerEntry is one posted line on the page.
type ledgerEntry struct {
	vid               int64
	p                 Period
	date, word        string
	num, seq          int
	memo              string
	acc, comp, dr, cr int64
	migrated          bool
}

// netBefore is the kept balance of the selected accounts before a month.
func (lp *ledgerPage) netBefore(p Period) (int64, error) {
	var n sql.NullInt64
	err := lp.b.db.QueryRow(`SELECT sum(debit_fen - credit_fen) FROM balance WHERE account_id`+lp.accIn+` AND period < ?`+lp.bcond,
		append([]any{int(p)}, lp.bargs...)...).Scan(&n)
	return n.Int64, err
}

// window counts the lines month by month (setting dl.Total) and returns the
// months the page falls in and how many lines come before them: sorting a
// whole five-year range to skip to a deep page is what makes paging slow on
// a million-line book. The window runs from the month holding the page's
// first line to the month holding the line after its last (to see where
// its last month ends).
func (lp *ledgerPage) window(dl *DetailLedger) (from, to Period, skipped int, err error) {
	q := lp.q
	// CROSS JOIN keeps SQLite reading the lines first, through their
	// (account, period) index; left to itself it may walk every posted
	// voucher instead.
	crows, err := lp.b.db.Query(`SELECT l.period, count(*) FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id`+lp.accIn+` AND l.period BETWEEN ? AND ? AND v.status = 'posted'`+lp.lcond+` GROUP BY l.period ORDER BY l.period`,
		append([]any{int(q.From), int(q.To)}, lp.largs...)...)
	if err != nil {
		return 0, 0, 0, err
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
			return 0, 0, 0, err
		}
		counts = append(counts, mc)
		dl.Total += mc.n
	}
	crows.Close()
	from, to = q.To.Next(), q.To
	want := dl.Total - q.Offset
	if q.Limit > 0 {
		want = min(want, q.Limit+1)
	}
	seen := 0
	for _, mc := range counts {
		if seen+mc.n > q.Offset && from > q.To {
			from, skipped = mc.p, seen
		}
		seen += mc.n
		if from <= q.To && seen >= q.Offset+want {
			to = mc.p
			break
		}
	}
	return from, to, skipped, nil
}

// entries reads the page's lines and the one after it (nil at the end).
func (lp *ledgerPage) entries(dl *DetailLedger) ([]ledgerEntry, *ledgerEntry, error) {
	q := lp.q
	winFrom, winTo, skipped, err := lp.window(dl)
	if err != nil {
		return nil, nil, internal("detail ledger", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	} else {
		limit++ // one more, to see where the page's last month and day end
	}
	rows, err := lp.b.db.Query(`SELECT v.id, l.period, v.date, v.word, v.number, l.seq, l.memo, l.account_id, l.compound_id, l.debit_fen, l.credit_fen,
			v.kind = 'import' AND (v.reviewer_id IS NULL OR v.reviewer_id = v.preparer_id)
		FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id`+lp.accIn+` AND l.period BETWEEN ? AND ? AND v.status = 'posted'`+lp.lcond+`
		ORDER BY l.period, v.date, v.word, v.number, l.seq LIMIT ? OFFSET ?`,
		append(append([]any{int(winFrom), int(winTo)}, lp.largs...), limit, q.Offset-skipped)...)
	if err != nil {
		return nil, nil, internal("detail ledger", err)
	}
	var es []ledgerEntry
	for rows.Next() {
		var e ledgerEntry
		if err := rows.Scan(&e.vid, &e.p, &e.date, &e.word, &e.num, &e.seq, &e.memo, &e.acc, &e.comp, &e.dr, &e.cr, &e.migrated); err != nil {
			rows.Close()
			return nil, nil, internal("detail ledger", err)
		}
		es = append(es, e)
	}
	rows.Close()
	var next *ledgerEntry
	if q.Limit > 0 && len(es) > q.Limit {
		next = &es[q.Limit]
		es = es[:q.Limit]
	}
	return es, next, nil
}

// pageOpening is the balance the page starts from: the kept balances before
// the month of its first entry, plus that month's entries sorting before it.
func (lp *ledgerPage) pageOpening(open int64, es []ledgerEntry) (int64, error) {
	q := lp.q
	if q.Offset == 0 {
		return open, nil
	}
	if len(es) == 0 {
		return lp.netBefore(q.To.Next())
	}
	f := es[0]
	bal, err := lp.netBefore(f.p)
	if err != nil {
		return 0, err
	}
	var n sql.NullInt64
	err = lp.b.db.QueryRow(`SELECT sum(l.debit_fen - l.credit_fen) FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id`+lp.accIn+` AND l.period = ? AND v.status = 'posted'`+lp.lcond+` AND (v.date, v.word, v.number, l.seq) < (?, ?, ?, ?)`,
		append(append([]any{int(f.p)}, lp.largs...), f.date, f.word, f.num, f.seq)...).Scan(&n)
	return bal + n.Int64, err
}

// lines lays the entries out with the running balance from bal, a day's
// total after its last entry (journals) and the month's and year's totals
// after a month's last.
func (lp *ledgerPage) lines(dl *DetailLedger, es []ledgerEntry, next *ledgerEntry, bal int64) error {
	compounds := map[int64]string{}
	if cs, err := lp.b.Compounds(true); err == nil {
		for _, cp := range cs {
			compounds[cp.ID] = cp.Name
		}
	}
	for i, e := range es {
		bal += e.dr - e.cr
		a := lp.c.byID[e.acc]
		dl.Lines = append(dl.Lines, LedgerLine{Kind: LedgerEntry, Period: e.p, Date: e.date, VoucherID: e.vid, VoucherNo: VoucherNo(e.word, e.num),
			Migrated: e.migrated, Memo: e.memo, AccountCode: a.Code, AccountName: a.Name, CompoundName: compounds[e.comp],
			Debit: FromFen(e.dr), Credit: FromFen(e.cr), Balance: FromFen(bal)})
		after := next
		if i+1 < len(es) {
			after = &es[i+1]
		}
		if lp.q.DailyTotals && (after == nil || after.date != e.date) {
			line, err := lp.dayTotal(e, bal)
			if err != nil {
				return err
			}
			dl.Lines = append(dl.Lines, line)
		}
		if after == nil || after.p != e.p {
			month, year, err := lp.monthTotals(e.p, bal)
			if err != nil {
				return err
			}
			dl.Lines = append(dl.Lines, month, year)
		}
	}
	return nil
}

// dayTotal is the 本日合计 line of e's day.
func (lp *ledgerPage) dayTotal(e ledgerEntry, bal int64) (LedgerLine, error) {
	var d, cr int64
	err := lp.b.db.QueryRow(`SELECT coalesce(sum(l.debit_fen), 0), coalesce(sum(l.credit_fen), 0)
		FROM voucher_line l CROSS JOIN voucher v ON v.id = l.voucher_id
		WHERE l.account_id`+lp.accIn+` AND l.period = ? AND v.status = 'posted'`+lp.lcond+` AND v.date = ?`,
		append(append([]any{int(e.p)}, lp.largs...), e.date)...).Scan(&d, &cr)
	if err != nil {
		return LedgerLine{}, internal("journal day total", err)
	}
	return LedgerLine{Kind: LedgerDayTotal, Period: e.p, Date: e.date, Memo: "本日合计",
		Debit: FromFen(d), Credit: FromFen(cr), Balance: FromFen(bal)}, nil
}

// monthTotals are the 本月合计 and 本年累计 lines of month p, from the kept
// balances.
func (lp *ledgerPage) monthTotals(p Period, bal int64) (month, year LedgerLine, err error) {
	var d, cr, yd, yc sql.NullInt64
	err = lp.b.db.QueryRow(`SELECT sum(CASE WHEN period = ? THEN debit_fen END), sum(CASE WHEN period = ? THEN credit_fen END),
			sum(debit_fen), sum(credit_fen)
		FROM balance WHERE account_id`+lp.accIn+` AND period BETWEEN ? AND ?`+lp.bcond,
		append([]any{int(p), int(p), p.Year()*100 + 1, int(p)}, lp.bargs...)...).Scan(&d, &cr, &yd, &yc)
	if err != nil {
		return month, year, internal("ledger month total", err)
	}
	month = LedgerLine{Kind: LedgerMonthTotal, Period: p, Date: p.Last(), Memo: "本月合计", Debit: FromFen(d.Int64), Credit: FromFen(cr.Int64), Balance: FromFen(bal)}
	year = LedgerLine{Kind: LedgerYearTotal, Period: p, Date: p.Last(), Memo: "本年累计", Debit: FromFen(yd.Int64), Credit: FromFen(yc.Int64), Balance: FromFen(bal)}
	return month, year, nil
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
