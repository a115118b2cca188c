package books

// Finding vouchers: the filtered list, its count, and a voucher by its number.

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// likeEscape makes a person's search text match itself in a LIKE pattern
// with ESCAPE '\': "100%" finds 100%, not every memo that has 100 in it.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// VoucherFilter selects vouchers for a list.
type VoucherFilter struct {
	From, To    Period // inclusive; 0 for no bound
	Status      string // "" for any
	AccountCode string // the account or any of its children
	CompoundID  int64
	Text        string // in any memo or the number
	Offset      int
	Limit       int // 0 means 100
}

// VoucherSummary is a row of the voucher list.
type VoucherSummary struct {
	ID       int64
	Period   Period
	No       string
	Date     string
	Memo     string
	Total    Money
	Status   string
	Kind     string
	Preparer string
	Reviewer string
	Poster   string
	Lines    int
}

// Migrated reports whether the voucher is migrated history (Voucher.Migrated).
func (v VoucherSummary) Migrated() bool { return migrated(v.Kind, v.Status, v.Preparer, v.Reviewer) }

func (f VoucherFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.From != 0 {
		conds = append(conds, "v.period >= ?")
		args = append(args, int(f.From))
	}
	if f.To != 0 {
		conds = append(conds, "v.period <= ?")
		args = append(args, int(f.To))
	}
	if f.Status != "" {
		conds = append(conds, "v.status = ?")
		args = append(args, f.Status)
	}
	if f.AccountCode != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM voucher_line l JOIN account a ON a.id = l.account_id WHERE l.voucher_id = v.id AND a.code LIKE ? ESCAPE '\')`)
		args = append(args, likeEscape(strings.TrimSpace(f.AccountCode))+"%")
	}
	if f.CompoundID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND l.compound_id = ?)")
		args = append(args, f.CompoundID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		conds = append(conds, `(EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND l.memo LIKE ? ESCAPE '\') OR printf('%s-%04d', v.word, v.number) LIKE ? ESCAPE '\')`)
		args = append(args, "%"+likeEscape(t)+"%", "%"+likeEscape(t)+"%")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Vouchers lists vouchers in date order, a page at a time.
func (b *Book) Vouchers(f VoucherFilter) ([]VoucherSummary, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	where, args := f.where()
	// The page's ids come first, from the (period, word, number) index
	// alone, so rows skipped by the offset cost an index step each, not
	// three joins and two subqueries: deep pages of a big book stay quick.
	rows, err := b.db.Query(`WITH page AS (SELECT v.id FROM voucher v`+where+`
			ORDER BY v.period, v.word, v.number LIMIT ? OFFSET ?)
		SELECT v.id, v.period, v.word, v.number, v.date,
			coalesce((SELECT memo FROM voucher_line WHERE voucher_id = v.id AND seq = 1), ''),
			v.total_fen, v.status, v.kind, p.name, coalesce(r.name, ''), coalesce(po.name, ''),
			(SELECT count(*) FROM voucher_line WHERE voucher_id = v.id)
		FROM page JOIN voucher v ON v.id = page.id JOIN user p ON p.id = v.preparer_id
		LEFT JOIN user r ON r.id = v.reviewer_id LEFT JOIN user po ON po.id = v.poster_id
		ORDER BY v.period, v.word, v.number`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, internal("list vouchers", err)
	}
	defer rows.Close()
	var out []VoucherSummary
	for rows.Next() {
		var v VoucherSummary
		var word string
		var num int
		var total int64
		if err := rows.Scan(&v.ID, &v.Period, &word, &num, &v.Date, &v.Memo, &total, &v.Status, &v.Kind, &v.Preparer, &v.Reviewer, &v.Poster, &v.Lines); err != nil {
			return nil, internal("list vouchers", err)
		}
		v.No, v.Total = VoucherNo(word, num), FromFen(total)
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountVouchers counts the vouchers a filter selects.
func (b *Book) CountVouchers(f VoucherFilter) (int, error) {
	where, args := f.where()
	var n int
	if err := b.db.QueryRow(`SELECT count(*) FROM voucher v`+where, args...).Scan(&n); err != nil {
		return 0, internal("count vouchers", err)
	}
	return n, nil
}

// VoucherByNo finds a voucher by month and number ("记-0003").
func (b *Book) VoucherByNo(p Period, no string) (Voucher, error) {
	word, num := "记", 0
	if w, n, ok := strings.Cut(no, "-"); ok {
		word = w
		fmt.Sscanf(n, "%d", &num)
	} else {
		fmt.Sscanf(no, "%d", &num)
	}
	var id int64
	err := b.db.QueryRow(`SELECT id FROM voucher WHERE period = ? AND word = ? AND number = ?`, int(p), word, num).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Voucher{}, Errorf(NotFound, "%s 没有凭证 %s", p.Chinese(), no)
	}
	if err != nil {
		return Voucher{}, internal("find voucher", err)
	}
	return b.Voucher(id)
}
