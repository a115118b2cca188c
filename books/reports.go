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

// chartIn reads the accounts' ids, codes, names, parents and classes
// through q (a write transaction, which must not wait for another
// connection).
func chartIn(q Querier) (*chart, error) {
	rows, err := q.Query(`SELECT id, code, name, coalesce(parent_id, 0), class FROM account ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &chart{byID: map[int64]*Account{}}
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.ParentID, &a.Class); err != nil {
			return nil, err
		}
		c.list = append(c.list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range c.list {
		c.byID[c.list[i].ID] = &c.list[i]
	}
	return c, nil
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
		c.rollUp(out, id, s)
	}
	return out, rows.Err()
}

// rollUp adds s to account id's sums in out and to every account above it.
func (c *chart) rollUp(out map[int64]*sums, id int64, s sums) {
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
