package books

import (
	"database/sql"
	"fmt"
	"strings"
)

// The reports here are data models: printouts draw them as PDFs, the UI shows
// them, the CLI writes them as tables. Except the detail ledger and journals,
// which list lines, they read the kept balances (account × compound × month)
// and never scan voucher lines, so they stay fast on a million-line book.

// Spendable returns a compound's spendable money (可用资金) through the end of
// a month: the balance of the monetary accounts (cash, bank, other money, and
// their children) over the posted lines that carry the compound, except the
// street special account (街道专户): money deposited with the street is the
// compound's, but it is spendable only once it comes back. through 0 means
// every posted month. It reads the kept balances, never voucher lines.
func (b *Book) Spendable(compoundID int64, through Period) (Money, error) {
	fen, err := spendableFen(b.db, compoundID, through)
	if err != nil {
		return FromFen(0), internal("spendable", err)
	}
	return FromFen(fen), nil
}

// spendableFen is Spendable inside a transaction (posting checks run there
// and must see the balances the transaction has just written).
func spendableFen(q querier, compoundID int64, through Period) (int64, error) {
	if through == 0 {
		through = 999912
	}
	special, err := specialCode(q)
	if err != nil {
		return 0, fmt.Errorf("spendable of compound %d: %w", compoundID, err)
	}
	var fen sql.NullInt64
	err = q.QueryRow(`SELECT sum(b.debit_fen - b.credit_fen) FROM balance b JOIN account a ON a.id = b.account_id
		WHERE a.monetary <> '' AND NOT (a.code = ?1 OR a.code LIKE ?1 || '%') AND b.compound_id = ?2 AND b.period <= ?3`, special, compoundID, int(through)).Scan(&fen)
	if err != nil {
		return 0, fmt.Errorf("spendable of compound %d: %w", compoundID, err)
	}
	return fen.Int64, nil
}

// spendableAccount is the SQL condition on account a of a line that counts
// toward spendable money: a monetary account that is not the street special
// account (?1).
const spendableAccount = `a.monetary <> '' AND NOT (a.code = ?1 OR a.code LIKE ?1 || '%')`

// Side writes a signed balance (debit − credit) the way ledgers do: 借 and the
// amount when positive, 贷 and the amount when negative, 平 when zero.
func Side(net Money) (dir string, amount Money) {
	switch net.Sign() {
	case 1:
		return "借", net
	case -1:
		return "贷", net.Neg()
	}
	return "平", net
}

// split puts a signed balance on the side of its sign: debit when positive,
// credit when negative.
func split(net int64) (debit, credit Money) {
	if net >= 0 {
		return FromFen(net), FromFen(0)
	}
	return FromFen(0), FromFen(-net)
}

// chart is the chart of accounts held in memory for rolling balances up.
type chart struct {
	list []Account // code order: a parent before its children
	byID map[int64]*Account
}

func (b *Book) loadChart() (*chart, error) {
	list, err := b.Accounts()
	if err != nil {
		return nil, err
	}
	c := &chart{list: list, byID: make(map[int64]*Account, len(list))}
	for i := range c.list {
		c.byID[c.list[i].ID] = &c.list[i]
	}
	return c, nil
}

// ancestors calls fn for the account and every account above it.
func (c *chart) ancestors(id int64, fn func(a *Account)) {
	for a := c.byID[id]; a != nil; a = c.byID[a.ParentID] {
		fn(a)
	}
}

// subtree returns the ids of an account and all accounts below it.
func (c *chart) subtree(id int64) []int64 {
	out := []int64{id}
	for _, a := range c.list {
		for p := c.byID[a.ParentID]; p != nil; p = c.byID[p.ParentID] {
			if p.ID == id {
				out = append(out, a.ID)
				break
			}
		}
	}
	return out
}

func (c *chart) byCode(code string) (*Account, error) {
	code = strings.TrimSpace(code)
	for i := range c.list {
		if c.list[i].Code == code {
			return &c.list[i], nil
		}
	}
	return nil, Errorf(NotFound, "科目代码 %s 不存在", code)
}

// compoundFilter returns the SQL condition and argument selecting one compound
// (or none for compound 0, meaning all).
func compoundFilter(col string, compoundID int64) (string, []any) {
	if compoundID == 0 {
		return "", nil
	}
	return " AND " + col + " = ?", []any{compoundID}
}

func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

// compoundLabel names the compound filter of a report.
func (b *Book) compoundLabel(compoundID int64) (string, error) {
	if compoundID == 0 {
		return "全部小区", nil
	}
	c, err := b.CompoundByID(compoundID)
	if err != nil {
		return "", err
	}
	return c.Name, nil
}

func checkRange(from, to Period) error {
	if !from.Valid() || !to.Valid() {
		return Errorf(Invalid, "报表的月份 %s 至 %s 不对：应是 1900 年到 9999 年之间的 1 到 12 月", from, to)
	}
	if from > to {
		return Errorf(Invalid, "起始月份 %s 晚于截止月份 %s", from.Chinese(), to.Chinese())
	}
	return nil
}

// ---- 科目余额表 ---------------------------------------------------------------

// TrialBalanceRow is one account of the trial balance. Opening and closing
// balances are on the side of their sign; a parent row is the sum of its
// children.
type TrialBalanceRow struct {
	Account                     Account
	OpeningDebit, OpeningCredit Money
	PeriodDebit, PeriodCredit   Money
	ClosingDebit, ClosingCredit Money
}

// TrialBalance is the 科目余额表 for a month range and one compound or all.
type TrialBalance struct {
	From, To     Period
	CompoundID   int64 // 0: all compounds
	CompoundName string
	Rows         []TrialBalanceRow
	// Total is the 合计 row: the sums over first-level accounts.
	Total TrialBalanceRow
}

// Balanced reports whether the totals agree on both sides.
func (t TrialBalance) Balanced() bool {
	return t.Total.OpeningDebit.Equal(t.Total.OpeningCredit) && t.Total.PeriodDebit.Equal(t.Total.PeriodCredit) &&
		t.Total.ClosingDebit.Equal(t.Total.ClosingCredit)
}

type sums struct{ open, debit, credit int64 }

// rangeSums returns per account (rolled up to every ancestor) the balance
// before from and the debits and credits from from to to.
func (b *Book) rangeSums(c *chart, from, to Period, compoundID int64) (map[int64]*sums, error) {
	cond, args := compoundFilter("compound_id", compoundID)
	rows, err := b.db.Query(`SELECT account_id,
			sum(CASE WHEN period < ? THEN debit_fen - credit_fen ELSE 0 END),
			sum(CASE WHEN period >= ? THEN debit_fen ELSE 0 END),
			sum(CASE WHEN period >= ? THEN credit_fen ELSE 0 END)
		FROM balance WHERE period <= ?`+cond+` GROUP BY account_id`, append([]any{int(from), int(from), int(from), int(to)}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*sums{}
	for rows.Next() {
		var id int64
		var s sums
		if err := rows.Scan(&id, &s.open, &s.debit, &s.credit); err != nil {
			return nil, err
		}
		c.ancestors(id, func(a *Account) {
			t := out[a.ID]
			if t == nil {
				t = &sums{}
				out[a.ID] = t
			}
			t.open += s.open
			t.debit += s.debit
			t.credit += s.credit
		})
	}
	return out, rows.Err()
}

// TrialBalance builds the 科目余额表 from the kept balances: a row for every
// account with a balance or activity (its parents included), and the 合计 row
// over first-level accounts. compoundID 0 means all compounds.
func (b *Book) TrialBalance(from, to Period, compoundID int64) (TrialBalance, error) {
	tb := TrialBalance{From: from, To: to, CompoundID: compoundID}
	if err := checkRange(from, to); err != nil {
		return tb, err
	}
	name, err := b.compoundLabel(compoundID)
	if err != nil {
		return tb, err
	}
	tb.CompoundName = name
	c, err := b.loadChart()
	if err != nil {
		return tb, err
	}
	all, err := b.rangeSums(c, from, to, compoundID)
	if err != nil {
		return tb, internal("trial balance", err)
	}
	var tot [6]int64
	for _, a := range c.list {
		s := all[a.ID]
		if s == nil || (s.open == 0 && s.debit == 0 && s.credit == 0) {
			continue
		}
		closing := s.open + s.debit - s.credit
		r := TrialBalanceRow{Account: a, PeriodDebit: FromFen(s.debit), PeriodCredit: FromFen(s.credit)}
		r.OpeningDebit, r.OpeningCredit = split(s.open)
		r.ClosingDebit, r.ClosingCredit = split(closing)
		tb.Rows = append(tb.Rows, r)
		if a.ParentID == 0 {
			for i, v := range []int64{max(s.open, 0), max(-s.open, 0), s.debit, s.credit, max(closing, 0), max(-closing, 0)} {
				tot[i] += v
			}
		}
	}
	tb.Total = TrialBalanceRow{Account: Account{Code: "合计", Name: ""},
		OpeningDebit: FromFen(tot[0]), OpeningCredit: FromFen(tot[1]), PeriodDebit: FromFen(tot[2]),
		PeriodCredit: FromFen(tot[3]), ClosingDebit: FromFen(tot[4]), ClosingCredit: FromFen(tot[5])}
	return tb, nil
}

// Table lays the trial balance out for CSV, xlsx and text. Its keys are the
// CSV header of the CLI contract.
func (t TrialBalance) Table() Table {
	tab := Table{
		Title:    "科目余额表",
		Subtitle: fmt.Sprintf("%s — %s　%s", t.From.Chinese(), t.To.Chinese(), t.CompoundName),
		Keys:     []string{"account_code", "account_name", "opening_debit", "opening_credit", "period_debit", "period_credit", "closing_debit", "closing_credit"},
		Header:   []string{"科目代码", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方"},
		Kinds:    []ColumnKind{Text, Text, MoneyColumn, MoneyColumn, MoneyColumn, MoneyColumn, MoneyColumn, MoneyColumn},
	}
	add := func(code, name string, r TrialBalanceRow) {
		tab.Rows = append(tab.Rows, []string{code, name, PlainYuan(r.OpeningDebit), PlainYuan(r.OpeningCredit),
			PlainYuan(r.PeriodDebit), PlainYuan(r.PeriodCredit), PlainYuan(r.ClosingDebit), PlainYuan(r.ClosingCredit)})
	}
	for _, r := range t.Rows {
		add(r.Account.Code, r.Account.Name, r)
	}
	add("合计", "", t.Total)
	return tab
}

// ---- 总账 ---------------------------------------------------------------------

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

// ---- 明细账、日记账 --------------------------------------------------------------

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

// ---- 小区收支明细 ---------------------------------------------------------------

// FundItem is one income or expense account's amount for a compound.
type FundItem struct {
	Account Account
	Amount  Money // income: credit − debit; expense: debit − credit
}

// CompoundFund is one compound's income and expense over a month range.
// Its fund balance is credit − debit over its lines on net-asset, income and
// expense accounts to date, so the year-end carry does not change it, and
// Opening + TotalIncome − TotalExpense + OtherNetAsset = Closing.
type CompoundFund struct {
	Compound     Compound
	Opening      Money // fund balance before From (期初)
	Income       []FundItem
	Expense      []FundItem
	TotalIncome  Money
	TotalExpense Money
	// OtherNetAsset is credit − debit on net-asset accounts other than the
	// year-end carry (e.g. opening balances entered as net assets); usually 0.
	OtherNetAsset Money
	Closing       Money // fund balance at To's end (期末)
}

// CompoundReport is the 小区收支明细 for a month range.
type CompoundReport struct {
	From, To  Period
	Compounds []CompoundFund
}

// FundBalance returns a compound's fund balance at the end of a month:
// credit − debit over its posted lines on net-asset, income and expense
// accounts.
func (b *Book) FundBalance(compoundID int64, through Period) (Money, error) {
	var n sql.NullInt64
	err := b.db.QueryRow(`SELECT sum(b.credit_fen - b.debit_fen) FROM balance b JOIN account a ON a.id = b.account_id
		WHERE a.class IN ('netasset', 'income', 'expense') AND b.compound_id = ? AND b.period <= ?`, compoundID, int(through)).Scan(&n)
	if err != nil {
		return FromFen(0), internal("fund balance", err)
	}
	return FromFen(n.Int64), nil
}

// FundEntry is one posted line on an income or expense account: an entry
// behind the amounts of the 小区收支明细.
type FundEntry struct {
	VoucherID  int64
	Date       string
	VoucherNo  string // 记-0007
	Preparer   string // 制单人
	CompoundID int64
	Memo       string
	Class      string // ClassIncome or ClassExpense
	// ApprovalExempt marks an expense account the 会计 exempted from the
	// approval chain (银行手续费).
	ApprovalExempt bool
	Debit, Credit  Money
}

// FundEntries returns the posted lines on income and expense accounts in a
// month range, for one compound or all (compoundID 0), in date, voucher and
// line order; the year-end carry, which only moves the balance into net
// assets, is left out, as in CompoundReport.
func (b *Book) FundEntries(from, to Period, compoundID int64) ([]FundEntry, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	cond, args := compoundFilter("l.compound_id", compoundID)
	rows, err := b.db.Query(`SELECT v.id, v.date, v.word, v.number, u.name, l.compound_id, l.memo, a.class, a.approval_exempt, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id
		JOIN user u ON u.id = v.preparer_id
		WHERE l.period BETWEEN ? AND ? AND v.status = 'posted' AND v.kind <> 'carry' AND a.class IN ('income', 'expense')`+cond+`
		ORDER BY v.date, v.word, v.number, l.seq`, append([]any{int(from), int(to)}, args...)...)
	if err != nil {
		return nil, internal("fund entries", err)
	}
	defer rows.Close()
	var out []FundEntry
	for rows.Next() {
		var e FundEntry
		var word string
		var num int
		var d, c int64
		if err := rows.Scan(&e.VoucherID, &e.Date, &word, &num, &e.Preparer, &e.CompoundID, &e.Memo, &e.Class, &e.ApprovalExempt, &d, &c); err != nil {
			return nil, internal("fund entries", err)
		}
		e.VoucherNo, e.Debit, e.Credit = VoucherNo(word, num), FromFen(d), FromFen(c)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("fund entries", err)
	}
	return out, nil
}

// CompoundReport builds the 小区收支明细: per compound (or only compoundID),
// per income and expense account, the amounts of the range, without the
// year-end carry (which only moves the balance into net assets).
func (b *Book) CompoundReport(from, to Period, compoundID int64) (CompoundReport, error) {
	cr := CompoundReport{From: from, To: to}
	if err := checkRange(from, to); err != nil {
		return cr, err
	}
	c, err := b.loadChart()
	if err != nil {
		return cr, err
	}
	type key struct{ acc, comp int64 }
	amount := map[key]int64{} // credit − debit in range, without the carry
	opening := map[int64]int64{}
	closing := map[int64]int64{}
	cond, args := compoundFilter("b.compound_id", compoundID)
	rows, err := b.db.Query(`SELECT b.account_id, b.compound_id,
			sum(CASE WHEN b.period < ? THEN b.credit_fen - b.debit_fen ELSE 0 END),
			sum(CASE WHEN b.period >= ? THEN b.credit_fen - b.debit_fen ELSE 0 END)
		FROM balance b JOIN account a ON a.id = b.account_id
		WHERE a.class IN ('netasset', 'income', 'expense') AND b.period <= ?`+cond+` GROUP BY 1, 2`,
		append([]any{int(from), int(from), int(to)}, args...)...)
	if err != nil {
		return cr, internal("compound report", err)
	}
	for rows.Next() {
		var acc, comp, op, in int64
		if err := rows.Scan(&acc, &comp, &op, &in); err != nil {
			rows.Close()
			return cr, internal("compound report", err)
		}
		opening[comp] += op
		closing[comp] += op + in
		amount[key{acc, comp}] += in
	}
	rows.Close()
	// The carry vouchers are few; take their lines back out of the amounts.
	lcond, largs := compoundFilter("l.compound_id", compoundID)
	rows, err = b.db.Query(`SELECT l.account_id, l.compound_id, sum(l.credit_fen - l.debit_fen)
		FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
		WHERE v.kind = 'carry' AND v.status = 'posted' AND v.period BETWEEN ? AND ?`+lcond+` GROUP BY 1, 2`,
		append([]any{int(from), int(to)}, largs...)...)
	if err != nil {
		return cr, internal("compound report", err)
	}
	for rows.Next() {
		var acc, comp, n int64
		if err := rows.Scan(&acc, &comp, &n); err != nil {
			rows.Close()
			return cr, internal("compound report", err)
		}
		amount[key{acc, comp}] -= n
	}
	rows.Close()
	cs, err := b.Compounds(true)
	if err != nil {
		return cr, err
	}
	for _, cp := range cs {
		if compoundID != 0 && cp.ID != compoundID {
			continue
		}
		f := CompoundFund{Compound: cp, Opening: FromFen(opening[cp.ID]), Closing: FromFen(closing[cp.ID])}
		var in, out, other int64
		for _, a := range c.list {
			n := amount[key{a.ID, cp.ID}]
			if n == 0 {
				continue
			}
			switch a.Class {
			case ClassIncome:
				f.Income = append(f.Income, FundItem{Account: a, Amount: FromFen(n)})
				in += n
			case ClassExpense:
				f.Expense = append(f.Expense, FundItem{Account: a, Amount: FromFen(-n)})
				out -= n
			default:
				other += n
			}
		}
		f.TotalIncome, f.TotalExpense, f.OtherNetAsset = FromFen(in), FromFen(out), FromFen(other)
		if cp.Archived && in == 0 && out == 0 && other == 0 && opening[cp.ID] == 0 && closing[cp.ID] == 0 {
			continue
		}
		cr.Compounds = append(cr.Compounds, f)
	}
	return cr, nil
}

// Table lays the 小区收支明细 out, one block per compound.
func (r CompoundReport) Table() Table {
	tab := Table{
		Title:    "小区收支明细",
		Subtitle: fmt.Sprintf("%s — %s", r.From.Chinese(), r.To.Chinese()),
		Keys:     []string{"compound", "item", "account_code", "account_name", "income", "expense", "balance"},
		Header:   []string{"小区", "项目", "科目代码", "科目名称", "收入", "支出", "余额"},
		Kinds:    []ColumnKind{Text, Text, Text, Text, MoneyColumn, MoneyColumn, MoneyColumn},
	}
	for _, f := range r.Compounds {
		n := f.Compound.Name
		tab.Rows = append(tab.Rows, []string{n, "期初余额", "", "", "", "", PlainYuan(f.Opening)})
		for _, it := range f.Income {
			tab.Rows = append(tab.Rows, []string{n, "收入", it.Account.Code, it.Account.Name, PlainYuan(it.Amount), "", ""})
		}
		for _, it := range f.Expense {
			tab.Rows = append(tab.Rows, []string{n, "支出", it.Account.Code, it.Account.Name, "", PlainYuan(it.Amount), ""})
		}
		if !f.OtherNetAsset.IsZero() {
			tab.Rows = append(tab.Rows, []string{n, "其他净资产变动", "", "", PlainYuan(f.OtherNetAsset), "", ""})
		}
		tab.Rows = append(tab.Rows,
			[]string{n, "本期合计", "", "", PlainYuan(f.TotalIncome), PlainYuan(f.TotalExpense), ""},
			[]string{n, "期末余额", "", "", "", "", PlainYuan(f.Closing)})
	}
	return tab
}

// ---- 资产负债表 ------------------------------------------------------------------

// BalanceSheetRow is one line of the balance sheet.
type BalanceSheetRow struct {
	Code, Name string
	YearStart  Money // 年初数: at the end of the previous year
	End        Money // 期末数
}

// BalanceSheet is the 资产负债表 at a month's end.
type BalanceSheet struct {
	At                                         Period
	CompoundID                                 int64
	CompoundName                               string
	EquityTitle                                string // 净资产 (npo2004) or 所有者权益 (rural2023)
	Assets                                     []BalanceSheetRow
	Liabilities                                []BalanceSheetRow
	Equity                                     []BalanceSheetRow
	TotalAssets, TotalLiabilities, TotalEquity BalanceSheetRow
}

// BalanceSheet builds the 资产负债表 at the end of month at from the kept
// balances: assets (debit − credit), liabilities and net assets (credit −
// debit) by first-level account; income and expense not yet carried show as
// a line of net assets, so assets = liabilities + net assets always.
func (b *Book) BalanceSheet(at Period, compoundID int64) (BalanceSheet, error) {
	bs := BalanceSheet{At: at, CompoundID: compoundID, EquityTitle: "净资产"}
	if !at.Valid() {
		return bs, Errorf(Invalid, "资产负债表的月份 %s 不对：应是 1900 年到 9999 年之间的 1 到 12 月", at)
	}
	info, err := b.Info()
	if err != nil {
		return bs, err
	}
	if info.Chart == "rural2023" {
		bs.EquityTitle = "所有者权益"
	}
	if bs.CompoundName, err = b.compoundLabel(compoundID); err != nil {
		return bs, err
	}
	c, err := b.loadChart()
	if err != nil {
		return bs, err
	}
	s, err := b.rangeSums(c, Period(at.Year()*100+1), at, compoundID)
	if err != nil {
		return bs, internal("balance sheet", err)
	}
	var unYS, unEnd int64 // income and expense not carried, credit − debit
	var tot [3][2]int64
	for _, a := range c.list {
		if a.ParentID != 0 {
			continue
		}
		x := s[a.ID]
		if x == nil {
			continue
		}
		ys, end := x.open, x.open+x.debit-x.credit
		switch a.Class {
		case ClassIncome, ClassExpense:
			unYS -= ys
			unEnd -= end
			continue
		case ClassLiability, ClassNetAsset:
			ys, end = -ys, -end
		}
		if ys == 0 && end == 0 {
			continue
		}
		row := BalanceSheetRow{Code: a.Code, Name: a.Name, YearStart: FromFen(ys), End: FromFen(end)}
		i := map[string]int{ClassAsset: 0, ClassLiability: 1, ClassNetAsset: 2}[a.Class]
		tot[i][0] += ys
		tot[i][1] += end
		switch i {
		case 0:
			bs.Assets = append(bs.Assets, row)
		case 1:
			bs.Liabilities = append(bs.Liabilities, row)
		default:
			bs.Equity = append(bs.Equity, row)
		}
	}
	if unYS != 0 || unEnd != 0 {
		bs.Equity = append(bs.Equity, BalanceSheetRow{Name: "未结转收支结余", YearStart: FromFen(unYS), End: FromFen(unEnd)})
		tot[2][0] += unYS
		tot[2][1] += unEnd
	}
	bs.TotalAssets = BalanceSheetRow{Name: "资产总计", YearStart: FromFen(tot[0][0]), End: FromFen(tot[0][1])}
	bs.TotalLiabilities = BalanceSheetRow{Name: "负债合计", YearStart: FromFen(tot[1][0]), End: FromFen(tot[1][1])}
	bs.TotalEquity = BalanceSheetRow{Name: bs.EquityTitle + "合计", YearStart: FromFen(tot[2][0]), End: FromFen(tot[2][1])}
	return bs, nil
}

// Table lays the balance sheet out as one list: assets, then liabilities and
// net assets, with their totals.
func (s BalanceSheet) Table() Table {
	tab := Table{
		Title:    "资产负债表",
		Subtitle: fmt.Sprintf("%s 末　%s", s.At.Chinese(), s.CompoundName),
		Keys:     []string{"section", "account_code", "item", "year_start", "end"},
		Header:   []string{"类别", "科目代码", "项目", "年初数", "期末数"},
		Kinds:    []ColumnKind{Text, Text, Text, MoneyColumn, MoneyColumn},
	}
	add := func(section string, rows []BalanceSheetRow, total BalanceSheetRow) {
		for _, r := range rows {
			tab.Rows = append(tab.Rows, []string{section, r.Code, r.Name, PlainYuan(r.YearStart), PlainYuan(r.End)})
		}
		tab.Rows = append(tab.Rows, []string{section, "", total.Name, PlainYuan(total.YearStart), PlainYuan(total.End)})
	}
	add("资产", s.Assets, s.TotalAssets)
	add("负债", s.Liabilities, s.TotalLiabilities)
	add(s.EquityTitle, s.Equity, s.TotalEquity)
	sum := BalanceSheetRow{Name: "负债和" + s.EquityTitle + "总计",
		YearStart: s.TotalLiabilities.YearStart.Add(s.TotalEquity.YearStart), End: s.TotalLiabilities.End.Add(s.TotalEquity.End)}
	tab.Rows = append(tab.Rows, []string{"", "", sum.Name, PlainYuan(sum.YearStart), PlainYuan(sum.End)})
	return tab
}
