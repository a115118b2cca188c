package income

// Turnover declared per lease year, from which the share above the threshold is billed.

import (
	"fmt"

	"sunbooks/books"
)

// Turnover is a tenant's declared turnover for one lease year.
type Turnover struct {
	LeaseNumber int
	Year        int
	From, To    string
	Amount      books.Money
	Share       books.Money
	DeclaredAt  string
	DeclaredBy  string
	Billed      bool
}

// DeclareTurnover records (or corrects, until its share is billed) the
// tenant's turnover for lease year k, and returns the share it gives.
func DeclareTurnover(s *books.Session, number, year int, amount books.Money) (Turnover, error) {
	if err := s.Require("登记营业额", books.RoleAccountant); err != nil {
		return Turnover{}, err
	}
	if amount.IsNegative() {
		return Turnover{}, books.Errorf(books.Invalid, "营业额不能为负")
	}
	fen, err := books.ToFen(amount)
	if err != nil {
		return Turnover{}, err
	}
	var t Turnover
	err = s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		from, to, ok := l.LeaseYear(year)
		if !ok {
			if err := refuseYearAfterTermination(l, year); err != nil {
				return err
			}
			return books.Errorf(books.Invalid, "租约 %s 没有第 %d 个租赁年度（%s 至 %s）", l.No(), year, l.Start, l.End)
		}
		var billed int
		tx.QueryRow(`SELECT count(*) FROM lease_bill WHERE lease_id = ? AND kind = 'share' AND bill_key = ? AND reversed_by IS NULL`, l.ID, shareKey(year)).Scan(&billed)
		if billed > 0 {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年的分成已经开票，营业额不能再改；如需更正，请先冲销那张凭证", l.No(), year)
		}
		var before any
		var old int64
		if err := tx.QueryRow(`SELECT turnover_fen FROM lease_turnover WHERE lease_id = ? AND lease_year = ?`, l.ID, year).Scan(&old); err == nil {
			before = map[string]string{"turnover": books.PlainYuan(books.FromFen(old))}
		}
		now := tx.Now()
		if _, err := tx.Exec(`INSERT INTO lease_turnover (lease_id, lease_year, turnover_fen, declared_at, declared_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (lease_id, lease_year) DO UPDATE SET turnover_fen = excluded.turnover_fen, declared_at = excluded.declared_at, declared_by = excluded.declared_by`,
			l.ID, year, fen, now, s.User().Name); err != nil {
			return err
		}
		t = Turnover{LeaseNumber: number, Year: year, From: from, To: to, Amount: amount, Share: Share(l.ShareRate, l.Threshold, amount), DeclaredAt: now, DeclaredBy: s.User().Name}
		return tx.Log("lease.turnover", "lease", fmt.Sprintf("%s Y%d", l.No(), year), before,
			map[string]string{"turnover": books.PlainYuan(amount), "share": books.PlainYuan(t.Share)})
	})
	if err != nil {
		return t, fmt.Errorf("declare turnover: %w", err)
	}
	return t, nil
}

// Turnovers lists a lease's declared turnovers with their shares.
func Turnovers(b *books.Book, number int) ([]Turnover, error) {
	l, err := LeaseByNumber(b, number)
	if err != nil {
		return nil, err
	}
	rows, err := b.Reader().Query(`SELECT t.lease_year, t.turnover_fen, t.declared_at, t.declared_by,
		EXISTS (SELECT 1 FROM lease_bill b WHERE b.lease_id = t.lease_id AND b.kind = 'share' AND b.bill_key = 'Y' || t.lease_year AND b.reversed_by IS NULL)
		FROM lease_turnover t WHERE t.lease_id = ? ORDER BY t.lease_year`, l.ID)
	if err != nil {
		return nil, internal("list turnovers", err)
	}
	defer rows.Close()
	var out []Turnover
	for rows.Next() {
		t := Turnover{LeaseNumber: number}
		var fen int64
		if err := rows.Scan(&t.Year, &fen, &t.DeclaredAt, &t.DeclaredBy, &t.Billed); err != nil {
			return nil, internal("list turnovers", err)
		}
		t.Amount = books.FromFen(fen)
		t.Share = Share(l.ShareRate, l.Threshold, t.Amount)
		t.From, t.To, _ = l.LeaseYear(t.Year)
		out = append(out, t)
	}
	return out, rows.Err()
}

func shareKey(year int) string { return fmt.Sprintf("Y%d", year) }
