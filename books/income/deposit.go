package income

import (
	"database/sql"
	"fmt"
	"strings"

	"sunbooks/books"
)

// The quarterly deposit moves each compound's public revenue into the street
// special account (街道专户). That money is still the compound's: the street
// keeps it on the compound's behalf. So the special account is modelled as a
// child of a monetary account, and the deposit is a transfer between two
// monetary accounts carrying the same compound:
//
//	借 街道专户 (npo2004: 100901 under 1009 其他货币资金; rural2023: 10202 under 102 银行存款)
//	贷 银行存款 (the book's bank account: 1002, or 10201 基本户 in rural2023)
//
// The compound's fund balance (net assets, income and expense) and its
// spendable money (all monetary accounts) are both unchanged by a deposit;
// only where the money sits changes. npo2004 uses 1009 rather than a child of
// 1002 because 1002 has postings from the first day, and an account with
// postings cannot take children without stranding them on a non-leaf.

// Quarter is a calendar quarter, written 2026Q1.
type Quarter struct {
	Year int
	Q    int // 1 to 4
}

// ParseQuarter reads "2026Q1" (or "2026-Q1").
func ParseQuarter(s string) (Quarter, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", ""))
	var q Quarter
	if n, err := fmt.Sscanf(t, "%4dQ%1d", &q.Year, &q.Q); err != nil || n != 2 || len(t) != 6 || q.Q < 1 || q.Q > 4 || q.Year < 1900 {
		return Quarter{}, books.Errorf(books.Invalid, "季度“%s”格式不对，应写成 2026Q1 这样", s)
	}
	return q, nil
}

// String writes 2026Q1.
func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Chinese writes 2026年第1季度.
func (q Quarter) Chinese() string { return fmt.Sprintf("%d年第%d季度", q.Year, q.Q) }

// First is the quarter's first month.
func (q Quarter) First() books.Period { return books.Period(q.Year*100 + (q.Q-1)*3 + 1) }

// Last is the quarter's last month.
func (q Quarter) Last() books.Period { return books.Period(q.Year*100 + q.Q*3) }

// DepositPlan is what one compound would deposit for a quarter, from the
// posted books as of the quarter's last day.
type DepositPlan struct {
	CompoundID   int64
	CompoundName string
	// Fund is the compound's public-revenue balance: credit − debit over its
	// lines on net-asset, income and expense accounts.
	Fund books.Money
	// Deposited is what already sits in the street special account.
	Deposited books.Money
	// Bank is the compound's balance on the bank account the deposit leaves.
	Bank books.Money
	// Amount is min(Fund − Deposited, Bank), or zero.
	Amount books.Money
	// Note says why nothing is deposited, or that the deposit is made.
	Note string
}

// Deposit is one made deposit.
type Deposit struct {
	ID           int64
	Quarter      string
	CompoundID   int64
	CompoundName string
	Amount       books.Money
	VoucherID    int64
	VoucherNo    string
	// VoucherPeriod is the voucher's month (2026年12月 记-0020).
	VoucherPeriod books.Period
	Posted        bool
}

// ensureSpecial creates the special account on first use (and, in rural2023,
// the basic bank account beside it), or explains why it cannot.
func ensureSpecial(s *books.Session, tx *books.Tx) (string, error) {
	place, err := books.SpecialAccountPlace(tx)
	if err != nil {
		return "", err
	}
	code := place.Code
	if exists, leaf, _, err := accountState(tx, code); err != nil {
		return "", err
	} else if exists {
		if !leaf {
			return "", books.Errorf(books.Invalid, "街道专户科目 %s 有下级科目，请在设置中指定末级科目", code)
		}
		return code, nil
	}
	_, ic, err := bookChart(tx)
	if err != nil {
		return "", err
	}
	if place.FromSetting {
		return "", books.Errorf(books.NotFound, "设置中指定的街道专户科目 %s 不存在", code)
	}
	_, pleaf, pused, err := accountState(tx, place.Parent)
	if err != nil {
		return "", err
	}
	if pleaf && pused {
		var name string
		tx.QueryRow(`SELECT name FROM account WHERE code = ?`, place.Parent).Scan(&name)
		return "", books.Errorf(books.Conflict, "科目 %s %s 已有发生额且没有下级科目，无法自动增设街道专户 %s；请在年初建账时增设下级科目（如 %s01 基本户、%s 街道专户），或在设置中指定街道专户科目",
			place.Parent, name, place.Code, place.Parent, place.Code)
	}
	if ic.basic != "" && pleaf {
		if _, err := ensureChild(s, tx, place.Parent, ic.basic, ic.basicName); err != nil {
			return "", err
		}
	}
	return ensureChild(s, tx, place.Parent, place.Code, place.Name)
}

// sumFen sums debit − credit over a compound's kept balances through a month
// for the accounts a condition selects.
func sumFen(q books.Querier, compoundID int64, through books.Period, cond string, args ...any) (int64, error) {
	var fen sql.NullInt64
	err := q.QueryRow(`SELECT sum(b.debit_fen - b.credit_fen) FROM balance b JOIN account a ON a.id = b.account_id
		WHERE b.compound_id = ? AND b.period <= ? AND `+cond, append([]any{compoundID, int(through)}, args...)...).Scan(&fen)
	return fen.Int64, err
}

// fundFen is a compound's fund balance (public revenue) through a month:
// credit − debit over net-asset, income and expense accounts, as the notice
// defines it.
func fundFen(q books.Querier, compoundID int64, through books.Period) (int64, error) {
	d, err := sumFen(q, compoundID, through, `a.class IN ('netasset', 'income', 'expense')`)
	return -d, err
}

func planDeposits(q books.Querier, qt Quarter, special, bank string, keep int64) ([]DepositPlan, error) {
	rows, err := q.Query(`SELECT id, name FROM compound WHERE archived = 0 ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var plans []DepositPlan
	for rows.Next() {
		var p DepositPlan
		rows.Scan(&p.CompoundID, &p.CompoundName)
		plans = append(plans, p)
	}
	rows.Close()
	for i := range plans {
		p := &plans[i]
		fund, err := fundFen(q, p.CompoundID, qt.Last())
		if err != nil {
			return nil, err
		}
		var dep int64
		if special != "" {
			if dep, err = sumFen(q, p.CompoundID, qt.Last(), `(a.code = ? OR a.code LIKE ?)`, special, special+"%"); err != nil {
				return nil, err
			}
		}
		bk, err := sumFen(q, p.CompoundID, qt.Last(), `a.code = ?`, bank)
		if err != nil {
			return nil, err
		}
		amt := fund - dep
		if bk-keep < amt {
			amt = bk - keep
		}
		p.Fund, p.Deposited, p.Bank, p.Amount = books.FromFen(fund), books.FromFen(dep), books.FromFen(bk), books.FromFen(0)
		var made string
		q.QueryRow(`SELECT v.word || '-' || printf('%04d', v.number) FROM deposit d JOIN voucher v ON v.id = d.voucher_id
			WHERE d.quarter = ? AND d.compound_id = ? AND d.reversed_by IS NULL`, qt.String(), p.CompoundID).Scan(&made)
		switch {
		case made != "":
			p.Note = "本季度已缴存（凭证 " + made + "）"
		case amt <= 0 && fund-dep <= 0:
			p.Note = "没有待缴存的公共收益"
		case amt <= 0 && keep > 0:
			p.Note = "银行存款不超过留存的备用金，本季度不缴存"
		case amt <= 0:
			p.Note = "银行存款余额不足，无法缴存"
		default:
			p.Amount = books.FromFen(amt)
			if bk-keep < fund-dep {
				p.Note = "按银行存款余额缴存（其余公共收益尚未到账或留作备用金）"
			}
		}
	}
	return plans, nil
}

// PlanDeposits shows, per compound, what a quarter's deposit would move.
func PlanDeposits(b *books.Book, qt Quarter) ([]DepositPlan, error) {
	return PlanDepositsKeeping(b, qt, books.FromFen(0))
}

// PlanDepositsKeeping is PlanDeposits leaving keep on each compound's bank
// balance as a working reserve (备用金) for routine payments.
func PlanDepositsKeeping(b *books.Book, qt Quarter, keep books.Money) ([]DepositPlan, error) {
	keepFen, err := books.ToFen(keep)
	if err != nil || keepFen < 0 {
		return nil, books.Errorf(books.Invalid, "留存备用金 %s 不对：应是不小于 0、最多两位小数的金额", keep.String())
	}
	bank, err := bankLeaf(b.Reader())
	if err != nil {
		return nil, err
	}
	plans, err := planDeposits(b.Reader(), qt, b.SpecialAccount(), bank, keepFen)
	if err != nil {
		return nil, internal("plan deposits", err)
	}
	return plans, nil
}

// MakeDeposits makes the quarter's deposit vouchers, one transfer voucher per
// compound (a draft of kind deposit), dated date ("" for the quarter's last
// day). compound, when not empty, limits it to that compound. A compound is
// deposited once a quarter; compounds with nothing to deposit are skipped and
// their plan says why.
func MakeDeposits(s *books.Session, qt Quarter, date, compound string) ([]Deposit, []DepositPlan, error) {
	return MakeDepositsKeeping(s, qt, date, compound, books.FromFen(0))
}

// MakeDepositsKeeping is MakeDeposits leaving keep on each compound's bank
// balance as a working reserve (备用金) for routine payments before the next
// deposit; the rest of its public revenue goes to the special account.
func MakeDepositsKeeping(s *books.Session, qt Quarter, date, compound string, keep books.Money) ([]Deposit, []DepositPlan, error) {
	if err := s.Require("缴存街道专户", books.RoleAccountant); err != nil {
		return nil, nil, err
	}
	keepFen, err := books.ToFen(keep)
	if err != nil || keepFen < 0 {
		return nil, nil, books.Errorf(books.Invalid, "留存备用金 %s 不对：应是不小于 0、最多两位小数的金额", keep.String())
	}
	if qt.Q < 1 || qt.Q > 4 {
		return nil, nil, books.Errorf(books.Invalid, "%d 年第 %d 季度不对：季度应为 1 到 4", qt.Year, qt.Q)
	}
	if date == "" {
		date = qt.Last().Last()
	}
	p, err := books.PeriodOf(date)
	if err != nil {
		return nil, nil, err
	}
	if date < qt.Last().Last() {
		return nil, nil, books.Errorf(books.Invalid, "%s的缴存日期 %s 早于季度末 %s", qt.Chinese(), date, qt.Last().Last())
	}
	var out []Deposit
	var plans []DepositPlan
	err = s.Write(func(tx *books.Tx) error {
		if err := tx.RefuseClosed(p); err != nil {
			return err
		}
		special, err := ensureSpecial(s, tx)
		if err != nil {
			return err
		}
		// Read the bank leaf only now: creating the basic account beside the
		// special one moves it (rural2023).
		bank, err := bankLeaf(tx)
		if err != nil {
			return err
		}
		if plans, err = planDeposits(tx, qt, special, bank, keepFen); err != nil {
			return err
		}
		found := compound == ""
		now := tx.Now()
		for i := range plans {
			pl := &plans[i]
			if compound != "" && pl.CompoundName != strings.TrimSpace(compound) {
				continue
			}
			found = true
			if !pl.Amount.IsPositive() {
				continue
			}
			memo := fmt.Sprintf("缴存%s%s公共收益至街道专户", pl.CompoundName, qt.Chinese())
			v := books.Voucher{Date: date, Kind: books.VoucherDeposit, SourceRef: "缴存 " + qt.String(), Lines: []books.Line{
				{Memo: memo, AccountCode: special, CompoundID: pl.CompoundID, Debit: pl.Amount, Credit: zeroYuan},
				{Memo: memo, AccountCode: bank, CompoundID: pl.CompoundID, Debit: zeroYuan, Credit: pl.Amount},
			}}
			if err := tx.ResolveLines(v.Lines); err != nil {
				return err
			}
			if err := tx.InsertVoucher(&v, "voucher.deposit"); err != nil {
				return err
			}
			fen, _ := books.ToFen(pl.Amount)
			res, err := tx.Exec(`INSERT INTO deposit (quarter, compound_id, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				qt.String(), pl.CompoundID, fen, v.ID, now)
			if err != nil {
				return err
			}
			d := Deposit{Quarter: qt.String(), CompoundID: pl.CompoundID, CompoundName: pl.CompoundName, Amount: pl.Amount, VoucherID: v.ID, VoucherNo: v.No()}
			d.ID, _ = res.LastInsertId()
			pl.Note = "已生成缴存凭证 " + v.No()
			out = append(out, d)
			if err := tx.Log("deposit.make", "deposit", qt.String()+" "+pl.CompoundName, nil, map[string]string{
				"quarter": qt.String(), "compound": pl.CompoundName, "amount": books.PlainYuan(pl.Amount), "voucher": v.No() + " " + v.Period.String(),
				"from": bank, "to": special}); err != nil {
				return err
			}
		}
		if !found {
			return books.Errorf(books.NotFound, "小区“%s”不存在或已归档", compound)
		}
		return nil
	})
	if err != nil {
		return nil, plans, fmt.Errorf("make deposits %s: %w", qt, err)
	}
	return out, plans, nil
}

// Deposits lists the deposits made (not reversed); an empty quarter lists all.
func Deposits(b *books.Book, quarter string) ([]Deposit, error) {
	rows, err := b.Reader().Query(`SELECT d.id, d.quarter, d.compound_id, c.name, d.amount_fen, d.voucher_id, v.period, v.word, v.number, v.status = 'posted'
		FROM deposit d JOIN compound c ON c.id = d.compound_id JOIN voucher v ON v.id = d.voucher_id
		WHERE d.reversed_by IS NULL AND (? = '' OR d.quarter = ?) ORDER BY d.quarter, d.compound_id`, quarter, quarter)
	if err != nil {
		return nil, internal("list deposits", err)
	}
	defer rows.Close()
	var out []Deposit
	for rows.Next() {
		var d Deposit
		var fen int64
		var word string
		var num int
		if err := rows.Scan(&d.ID, &d.Quarter, &d.CompoundID, &d.CompoundName, &fen, &d.VoucherID, &d.VoucherPeriod, &word, &num, &d.Posted); err != nil {
			return nil, internal("list deposits", err)
		}
		d.Amount, d.VoucherNo = books.FromFen(fen), books.VoucherNo(word, num)
		out = append(out, d)
	}
	return out, rows.Err()
}
