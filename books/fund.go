package books

// The compounds' funds: balance, entries and the 小区收支明细 report.

import (
	"database/sql"
	"fmt"
)

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
