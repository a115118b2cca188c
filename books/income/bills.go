package income

// Rent and share bills, receipts against them, and arrears.

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Bill is a receivable of a lease: one rent cycle or one year's share.
type Bill struct {
	ID          int64
	LeaseNumber int
	Tenant      string
	Kind        string // "rent" or "share"
	Key         string // the cycle's first month "2026-03", or "Y1"
	DueDate     string
	Amount      books.Money
	VoucherID   int64
	VoucherNo   string
	// VoucherPeriod is the voucher's month: a voucher is named by both
	// (2026年12月 记-0020).
	VoucherPeriod books.Period
	Posted        bool
}

// BillRent bills the rent cycle of a lease that starts in month p: a draft
// income voucher debit receivable, credit the rent income account. date is
// the voucher date ("" for the cycle's first day). A cycle is billed once.
func BillRent(s *books.Session, number int, p books.Period, date string) (Bill, error) {
	if err := s.Require("开具租金应收", books.RoleAccountant); err != nil {
		return Bill{}, err
	}
	var b Bill
	err := s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		for _, c := range l.Cycles() {
			if cp, _ := books.PeriodOf(c.Start); cp == p {
				b, err = billTx(s, tx, l, "rent", p.String(), c.Start, date, c.Amount, rentMemo(l, c))
				return err
			}
		}
		if err := refuseAfterTermination(l, p); err != nil {
			return err
		}
		return books.Errorf(books.Invalid, "租约 %s（%s %s 至 %s）在 %s 没有开始的租期", l.No(), CycleName(l.Cycle), l.Start, l.End, p.Chinese())
	})
	if err != nil {
		return b, fmt.Errorf("bill rent: %w", err)
	}
	return b, nil
}

// BillMonth bills every lease's rent cycle that starts in month p and is not
// billed yet. date is the voucher date ("" for each cycle's first day).
func BillMonth(s *books.Session, p books.Period, date string) ([]Bill, error) {
	if err := s.Require("开具租金应收", books.RoleAccountant); err != nil {
		return nil, err
	}
	var out []Bill
	err := s.Write(func(tx *books.Tx) error {
		rows, err := tx.Query(`SELECT number FROM lease ORDER BY number`)
		if err != nil {
			return err
		}
		var nums []int
		for rows.Next() {
			var n int
			rows.Scan(&n)
			nums = append(nums, n)
		}
		rows.Close()
		for _, n := range nums {
			l, err := loadLease(tx, n)
			if err != nil {
				return err
			}
			for _, c := range l.Cycles() {
				if cp, _ := books.PeriodOf(c.Start); cp != p || !c.Amount.IsPositive() {
					continue
				}
				var done int
				tx.QueryRow(`SELECT count(*) FROM lease_bill WHERE lease_id = ? AND kind = 'rent' AND bill_key = ? AND reversed_by IS NULL`, l.ID, p.String()).Scan(&done)
				if done > 0 {
					continue
				}
				b, err := billTx(s, tx, l, "rent", p.String(), c.Start, date, c.Amount, rentMemo(l, c))
				if err != nil {
					return err
				}
				out = append(out, b)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bill month: %w", err)
	}
	return out, nil
}

// BillShare bills the turnover share of lease year k, from its declared
// turnover. A share of zero (turnover at or below the threshold) makes no
// bill.
func BillShare(s *books.Session, number, year int, date string) (Bill, error) {
	if err := s.Require("开具分成应收", books.RoleAccountant); err != nil {
		return Bill{}, err
	}
	var b Bill
	err := s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		from, to, ok := l.LeaseYear(year)
		if !ok {
			if err := refuseYearAfterTermination(l, year); err != nil {
				return err
			}
			return books.Errorf(books.Invalid, "租约 %s 没有第 %d 个租赁年度", l.No(), year)
		}
		var fen int64
		err = tx.QueryRow(`SELECT turnover_fen FROM lease_turnover WHERE lease_id = ? AND lease_year = ?`, l.ID, year).Scan(&fen)
		if errors.Is(err, sql.ErrNoRows) {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年（%s 至 %s）的营业额还没有申报", l.No(), year, from, to)
		} else if err != nil {
			return err
		}
		share := Share(l.ShareRate, l.Threshold, books.FromFen(fen))
		if !share.IsPositive() {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年营业额 %s 未超过门槛 %s，分成为 0，不需要开票", l.No(), year, books.FormatYuan(books.FromFen(fen)), books.FormatYuan(l.Threshold))
		}
		due := to
		if date == "" {
			date = s.Book().Now().Format("2006-01-02")
			if date < to {
				date = to
			}
		}
		b, err = billTx(s, tx, l, "share", shareKey(year), due, date, share,
			fmt.Sprintf("应收%s第%d年收益分成（营业额%s，超过%s部分的%s%%）", l.Tenant, year, books.FormatYuan(books.FromFen(fen)), books.FormatYuan(l.Threshold), l.ShareRate.String()))
		return err
	})
	if err != nil {
		return b, fmt.Errorf("bill share: %w", err)
	}
	return b, nil
}

// billTx makes one bill and its voucher, refusing a period billed before.
func billTx(s *books.Session, tx *books.Tx, l Lease, kind, key, due, date string, amount books.Money, memo string) (Bill, error) {
	var no string
	err := tx.QueryRow(`SELECT v.word || '-' || printf('%04d', v.number) || '（' || v.period || '）' FROM lease_bill b JOIN voucher v ON v.id = b.voucher_id
		WHERE b.lease_id = ? AND b.kind = ? AND b.bill_key = ? AND b.reversed_by IS NULL`, l.ID, kind, key).Scan(&no)
	if err == nil {
		what := key + " 的租金"
		if kind == "share" {
			what = strings.TrimPrefix(key, "Y") + " 年的分成"
		}
		return Bill{}, books.Errorf(books.Conflict, "租约 %s %s已经开过票（凭证 %s），不能重复开票", l.No(), what, no)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Bill{}, err
	}
	if !amount.IsPositive() {
		return Bill{}, books.Errorf(books.Invalid, "租约 %s %s 的应收金额为 0，不需要开票", l.No(), key)
	}
	if date == "" {
		date = due
	}
	p, err := books.PeriodOf(date)
	if err != nil {
		return Bill{}, err
	}
	if err := tx.RefuseClosed(p); err != nil {
		return Bill{}, err
	}
	recv, err := receivableLeaf(s, tx)
	if err != nil {
		return Bill{}, err
	}
	v := books.Voucher{Date: date, Kind: books.VoucherIncome, SourceRef: l.No() + " " + key, Lines: []books.Line{
		{Memo: memo, AccountCode: recv, CompoundID: l.CompoundID, Debit: amount, Credit: zeroYuan},
		{Memo: memo, AccountCode: l.IncomeCode, CompoundID: l.CompoundID, Debit: zeroYuan, Credit: amount},
	}}
	if err := tx.ResolveLines(v.Lines); err != nil {
		return Bill{}, err
	}
	now := tx.Now()
	if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
		return Bill{}, err
	}
	fen, _ := books.ToFen(amount)
	res, err := tx.Exec(`INSERT INTO lease_bill (lease_id, kind, bill_key, due_date, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.ID, kind, key, due, fen, v.ID, now)
	if err != nil {
		return Bill{}, err
	}
	id, _ := res.LastInsertId()
	b := Bill{ID: id, LeaseNumber: l.Number, Tenant: l.Tenant, Kind: kind, Key: key, DueDate: due, Amount: amount, VoucherID: v.ID, VoucherNo: v.No()}
	return b, tx.Log("lease.bill", "lease", l.No()+" "+key, nil, map[string]string{
		"kind": kind, "key": key, "due": due, "amount": books.PlainYuan(amount), "voucher": v.No() + " " + v.Period.String()})
}

// receivableLeaf is the account rent receivables are debited to: the
// setting income.receivable_account when set; the chart's 其他应收款 (1122,
// rural 112) while it has no children; else its child 应收租金, created at the
// next free code on first use, so rent never lands on another child such as
// 备用金.
func receivableLeaf(s *books.Session, tx *books.Tx) (string, error) {
	var code string
	tx.QueryRow(`SELECT value FROM setting WHERE key = 'income.receivable_account'`).Scan(&code)
	if code != "" {
		return code, nil
	}
	_, ic, err := bookChart(tx)
	if err != nil {
		return "", err
	}
	if _, leaf, _, err := accountState(tx, ic.receivable); err != nil || leaf {
		return ic.receivable, err
	}
	return defaultCategoryAccount(s, tx, categoryAccount{parent: ic.receivable, code: ic.receivable + "01", name: "应收租金", class: books.ClassAsset})
}

// Bills lists a lease's bills that count (not reversed); number 0 lists all.
func Bills(b *books.Book, number int) ([]Bill, error) {
	rows, err := b.Reader().Query(`SELECT b.id, l.number, l.tenant, b.kind, b.bill_key, b.due_date, b.amount_fen, b.voucher_id, v.period, v.word, v.number, v.status = 'posted'
		FROM lease_bill b JOIN lease l ON l.id = b.lease_id JOIN voucher v ON v.id = b.voucher_id
		WHERE b.reversed_by IS NULL AND (? = 0 OR l.number = ?) ORDER BY l.number, b.due_date, b.id`, number, number)
	if err != nil {
		return nil, internal("list bills", err)
	}
	defer rows.Close()
	var out []Bill
	for rows.Next() {
		var x Bill
		var fen int64
		var word string
		var num int
		if err := rows.Scan(&x.ID, &x.LeaseNumber, &x.Tenant, &x.Kind, &x.Key, &x.DueDate, &fen, &x.VoucherID, &x.VoucherPeriod, &word, &num, &x.Posted); err != nil {
			return nil, internal("list bills", err)
		}
		x.Amount, x.VoucherNo = books.FromFen(fen), books.VoucherNo(word, num)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Receipt is money received from a tenant against its bills.
type Receipt struct {
	ID          int64
	LeaseNumber int
	Date        string
	Amount      books.Money
	VoucherID   int64
	VoucherNo   string
}

// ReceiveRent records money received from a lease's tenant: a draft income
// voucher debit the bank (bankCode, or the book's bank account when empty),
// credit the receivable. It may not exceed what the tenant owes.
func ReceiveRent(s *books.Session, number int, date string, amount books.Money, bankCode string) (Receipt, error) {
	if err := s.Require("登记租金收款", books.RoleAccountant, books.RoleCashier); err != nil {
		return Receipt{}, err
	}
	p, err := books.PeriodOf(date)
	if err != nil {
		return Receipt{}, err
	}
	if !amount.IsPositive() {
		return Receipt{}, books.Errorf(books.Invalid, "收款金额必须大于 0")
	}
	fen, err := books.ToFen(amount)
	if err != nil {
		return Receipt{}, err
	}
	var r Receipt
	err = s.Write(func(tx *books.Tx) error {
		if err := tx.RefuseClosed(p); err != nil {
			return err
		}
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		a, err := leaseArrears(tx, l)
		if err != nil {
			return err
		}
		// Receipts still waiting for posting count, or the same money could
		// be received twice.
		if open := a.Owed.Sub(a.Pending); amount.Cmp(open) > 0 {
			pending := ""
			if a.Pending.IsPositive() {
				pending = fmt.Sprintf("（另有待记账收款 %s）", books.FormatYuan(a.Pending))
			}
			return books.Errorf(books.Conflict, "收款 %s 超过租约 %s（%s）的欠款 %s%s；请先开具应收再收款", books.FormatYuan(amount), l.No(), l.Tenant, books.FormatYuan(open), pending)
		}
		if bankCode == "" {
			if bankCode, err = bankLeaf(tx); err != nil {
				return err
			}
		}
		if err := checkMoneyAccount(tx, bankCode); err != nil {
			return err
		}
		// Credit the account the lease's bills were debited to.
		var recv string
		err = tx.QueryRow(`SELECT a.code FROM lease_bill b JOIN voucher_line l ON l.voucher_id = b.voucher_id AND l.seq = 1
			JOIN account a ON a.id = l.account_id WHERE b.lease_id = ? ORDER BY b.id DESC LIMIT 1`, l.ID).Scan(&recv)
		if err != nil {
			return err
		}
		memo := fmt.Sprintf("收%s%s租金及分成", l.Tenant, l.RoomLocation)
		v := books.Voucher{Date: date, Kind: books.VoucherIncome, SourceRef: l.No() + " 收款", Lines: []books.Line{
			{Memo: memo, AccountCode: bankCode, CompoundID: l.CompoundID, Debit: amount, Credit: zeroYuan},
			{Memo: memo, AccountCode: recv, CompoundID: l.CompoundID, Debit: zeroYuan, Credit: amount},
		}}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO lease_receipt (lease_id, date, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?)`, l.ID, date, fen, v.ID, now)
		if err != nil {
			return err
		}
		r = Receipt{LeaseNumber: number, Date: date, Amount: amount, VoucherID: v.ID, VoucherNo: v.No()}
		r.ID, _ = res.LastInsertId()
		return tx.Log("lease.receive", "lease", l.No(), nil, map[string]string{
			"date": date, "amount": books.PlainYuan(amount), "voucher": v.No() + " " + v.Period.String()})
	})
	if err != nil {
		return r, fmt.Errorf("receive rent: %w", err)
	}
	return r, nil
}

// Arrears is what a lease's tenant owes: billed minus received.
type Arrears struct {
	Lease    Lease
	Billed   books.Money
	Received books.Money // posted receipts only: a draft receipt is not money in
	Owed     books.Money
	// Pending is what draft (not yet posted) receipts of the lease would
	// take off the arrears once posted: shown apart as 待记账.
	Pending books.Money
	// OldestDue is the due date of the oldest bill not yet covered by
	// receipts (bills are paid oldest first), or "".
	OldestDue string
}

func leaseArrears(q books.Querier, l Lease) (Arrears, error) {
	a := Arrears{Lease: l}
	// A termination's credits take back part of the bills they name.
	rows, err := q.Query(`SELECT b.due_date, b.amount_fen - coalesce((SELECT sum(c.amount_fen) FROM lease_credit c WHERE c.bill_id = b.id AND c.reversed_by IS NULL), 0)
		FROM lease_bill b WHERE b.lease_id = ? AND b.reversed_by IS NULL ORDER BY b.due_date, b.id`, l.ID)
	if err != nil {
		return a, err
	}
	type due struct {
		date string
		fen  int64
	}
	var dues []due
	var billed, received int64
	for rows.Next() {
		var d due
		rows.Scan(&d.date, &d.fen)
		dues = append(dues, d)
		billed += d.fen
	}
	rows.Close()
	var pending int64
	if err := q.QueryRow(`SELECT coalesce(sum(CASE WHEN v.status = 'posted' THEN r.amount_fen END), 0), coalesce(sum(CASE WHEN v.status <> 'posted' THEN r.amount_fen END), 0)
		FROM lease_receipt r JOIN voucher v ON v.id = r.voucher_id WHERE r.lease_id = ? AND r.reversed_by IS NULL`, l.ID).Scan(&received, &pending); err != nil {
		return a, err
	}
	a.Pending = books.FromFen(pending)
	left := received
	for _, d := range dues {
		if d.fen <= 0 {
			continue
		}
		if left >= d.fen {
			left -= d.fen
			continue
		}
		a.OldestDue = d.date
		break
	}
	a.Billed, a.Received, a.Owed = books.FromFen(billed), books.FromFen(received), books.FromFen(billed-received)
	return a, nil
}

// LeaseArrears returns what one lease's tenant owes.
func LeaseArrears(b *books.Book, number int) (Arrears, error) {
	l, err := LeaseByNumber(b, number)
	if err != nil {
		return Arrears{}, err
	}
	a, err := leaseArrears(b.Reader(), l)
	if err != nil {
		return a, internal("arrears", err)
	}
	return a, nil
}

// AllArrears lists every lease with its billed, received and owed amounts;
// owingOnly keeps the leases that owe something.
func AllArrears(b *books.Book, owingOnly bool) ([]Arrears, error) {
	leases, err := Leases(b)
	if err != nil {
		return nil, err
	}
	var out []Arrears
	for _, l := range leases {
		a, err := leaseArrears(b.Reader(), l)
		if err != nil {
			return nil, internal("arrears", err)
		}
		if owingOnly && !a.Owed.IsPositive() {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
