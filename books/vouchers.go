package books

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Voucher statuses.
const (
	StatusDraft    = "draft"
	StatusReviewed = "reviewed"
	StatusPosted   = "posted"
)

var statusNames = map[string]string{StatusDraft: "未审核", StatusReviewed: "已审核", StatusPosted: "已记账"}

// StatusName returns a voucher status in Chinese.
func StatusName(s string) string { return statusNames[s] }

// Voucher kinds. Only KindNormal vouchers are edited by hand; the others are
// made by the operation that owns them (reversal, payment, year-end carry …).
const (
	VoucherNormal   = "normal"
	VoucherReversal = "reversal"
	VoucherPayment  = "payment"
	VoucherCarry    = "carry"
	VoucherImport   = "import"
	VoucherIncome   = "income"
	VoucherDeposit  = "deposit"
)

// Line is one line of a voucher.
type Line struct {
	Seq          int
	Memo         string
	AccountID    int64
	AccountCode  string
	AccountName  string
	CompoundID   int64
	CompoundName string
	Debit        Money
	Credit       Money
}

// Voucher is a 记账凭证.
type Voucher struct {
	ID          int64
	Period      Period
	Word        string
	Number      int
	Date        string
	Attachments int
	Status      string
	Kind        string
	SourceRef   string
	ReversesID  int64
	ReversedBy  int64 // id of the voucher reversing this one, if any
	Preparer    string
	Reviewer    string
	Poster      string
	ReviewedAt  string
	PostedAt    string
	Lines       []Line
}

// No writes the voucher number, e.g. 记-0007.
func (v Voucher) No() string { return VoucherNo(v.Word, v.Number) }

// Migrated reports whether the voucher is history migrated from an earlier
// system (import -post): posted without a second person's review, and shown
// as 迁移 wherever it is listed.
func (v Voucher) Migrated() bool { return migrated(v.Kind, v.Status, v.Preparer, v.Reviewer) }

func migrated(kind, status, preparer, reviewer string) bool {
	return kind == VoucherImport && status == StatusPosted && (reviewer == "" || reviewer == preparer)
}

// VoucherNo writes a voucher number from its word and number.
func VoucherNo(word string, n int) string {
	if word == "" {
		word = "记"
	}
	return fmt.Sprintf("%s-%04d", word, n)
}

// Totals returns the voucher's debit and credit totals.
func (v Voucher) Totals() (debit, credit Money) {
	debit, credit = decimal.Zero, decimal.Zero
	for _, l := range v.Lines {
		debit = debit.Add(l.Debit)
		credit = credit.Add(l.Credit)
	}
	return
}

// Validate checks the voucher's own rules, without the book: date, at least
// two lines, one side per line in whole fen, account and compound on every
// line, a memo on the first line, and debits equal to credits. The error names
// the line (Error.Line) and what is wrong.
func (v Voucher) Validate(allowNegative bool) error {
	if _, err := ParseDate(v.Date); err != nil {
		return err
	}
	if p, _ := PeriodOf(v.Date); !p.Valid() {
		return Errorf(Invalid, "日期“%s”的年份不对（应在 1900 年到 9999 年之间）", v.Date)
	}
	if v.Attachments < 0 {
		return Errorf(Invalid, "附件张数不能为负")
	}
	if len(v.Lines) < 2 {
		return Errorf(Invalid, "凭证至少要有两行分录（一借一贷）")
	}
	for i, l := range v.Lines {
		n := i + 1
		lineErr := func(format string, args ...any) error {
			e := Errorf(Invalid, "第 %d 行：%s", n, fmt.Sprintf(format, args...))
			e.Line = n
			return e
		}
		if n == 1 && strings.TrimSpace(l.Memo) == "" {
			return lineErr("请填写摘要")
		}
		if l.AccountID == 0 && strings.TrimSpace(l.AccountCode) == "" {
			return lineErr("请选择科目")
		}
		if l.CompoundID == 0 && strings.TrimSpace(l.CompoundName) == "" {
			return lineErr("请选择小区")
		}
		if !l.Debit.IsZero() && !l.Credit.IsZero() {
			return lineErr("借方和贷方只能填一个")
		}
		if l.Debit.IsZero() && l.Credit.IsZero() {
			return lineErr("借方或贷方要填一个金额")
		}
		if !allowNegative && (l.Debit.IsNegative() || l.Credit.IsNegative()) {
			return lineErr("金额不能为负；更正已记账的凭证请用红字冲销")
		}
		for _, m := range []Money{l.Debit, l.Credit} {
			if _, err := ToFen(m); err != nil {
				return lineErr("%s", ErrorMessage(err))
			}
		}
	}
	d, c := v.Totals()
	// Each line is within range, but the stored total (and every sum over
	// it) must be too.
	if _, err := ToFen(d); err != nil {
		return Errorf(Invalid, "借方合计 %s 超出允许范围；请分成几张凭证", FormatYuan(d))
	}
	if _, err := ToFen(c); err != nil {
		return Errorf(Invalid, "贷方合计 %s 超出允许范围；请分成几张凭证", FormatYuan(c))
	}
	if !d.Equal(c) {
		diff := d.Sub(c)
		side := "借方"
		if diff.IsNegative() {
			side = "贷方"
		}
		return Errorf(Unbalanced, "借贷不平：借方合计 %s，贷方合计 %s，%s多 %s", FormatYuan(d), FormatYuan(c), side, FormatYuan(diff.Abs()))
	}
	return nil
}

// resolveLines fills account and compound ids from codes and names and checks
// they may take new lines.
func resolveLines(tx *sql.Tx, lines []Line) error {
	for i := range lines {
		l := &lines[i]
		n := i + 1
		var active, leaf bool
		var err error
		if l.AccountID != 0 {
			err = tx.QueryRow(`SELECT code, name, active, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE id = ?`, l.AccountID).
				Scan(&l.AccountCode, &l.AccountName, &active, &leaf)
		} else {
			err = tx.QueryRow(`SELECT id, name, active, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, strings.TrimSpace(l.AccountCode)).
				Scan(&l.AccountID, &l.AccountName, &active, &leaf)
		}
		if errors.Is(err, sql.ErrNoRows) {
			e := Errorf(Invalid, "第 %d 行：科目 %s 不存在", n, l.AccountCode)
			e.Line = n
			return e
		} else if err != nil {
			return err
		}
		if !active {
			e := Errorf(Invalid, "第 %d 行：科目 %s %s 已停用", n, l.AccountCode, l.AccountName)
			e.Line = n
			return e
		}
		if !leaf {
			e := Errorf(Invalid, "第 %d 行：科目 %s %s 有下级科目，请选到最末级", n, l.AccountCode, l.AccountName)
			e.Line = n
			return e
		}
		var archived bool
		if l.CompoundID != 0 {
			err = tx.QueryRow(`SELECT name, archived FROM compound WHERE id = ?`, l.CompoundID).Scan(&l.CompoundName, &archived)
		} else {
			err = tx.QueryRow(`SELECT id, archived FROM compound WHERE name = ?`, strings.TrimSpace(l.CompoundName)).Scan(&l.CompoundID, &archived)
		}
		if errors.Is(err, sql.ErrNoRows) {
			e := Errorf(Invalid, "第 %d 行：小区“%s”不存在", n, l.CompoundName)
			e.Line = n
			return e
		} else if err != nil {
			return err
		}
		if archived {
			e := Errorf(Invalid, "第 %d 行：小区“%s”已归档", n, l.CompoundName)
			e.Line = n
			return e
		}
		l.Seq = n
	}
	return nil
}

func periodClosed(tx *sql.Tx, p Period) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM period_close WHERE period = ?`, int(p)).Scan(&n)
	return n > 0, err
}

// refuseClosed refuses a change to month p when p is closed or lies before
// the earliest closed month: a voucher there would change the opening
// balances of every closed month after it.
func refuseClosed(tx *sql.Tx, p Period) error {
	closed, err := periodClosed(tx, p)
	if err != nil {
		return err
	}
	if closed {
		return Errorf(PeriodClosed, "%s 已结账，不能再录入或修改凭证；如确需更改，请先反结账", p.Chinese())
	}
	var first sql.NullInt64
	if err := tx.QueryRow(`SELECT min(period) FROM period_close`).Scan(&first); err != nil {
		return err
	}
	if first.Valid && int64(p) < first.Int64 {
		return Errorf(PeriodClosed, "%s 已结账，更早的 %s 不能再录入或修改凭证（会改变已结账月份的期初余额）；如确需更改，请先反结账", Period(first.Int64).Chinese(), p.Chinese())
	}
	return nil
}

// SaveVoucher creates a draft voucher (ID 0) or replaces an unreviewed one.
// The book assigns the number; a voucher moved to another month is
// renumbered there and the gap it leaves is closed.
func (s *Session) SaveVoucher(v Voucher) (Voucher, error) {
	if err := s.require("填制凭证", RoleAccountant, RoleCashier); err != nil {
		return v, err
	}
	if err := v.Validate(false); err != nil {
		return v, err
	}
	v.Date = strings.TrimSpace(v.Date)
	p, _ := PeriodOf(v.Date)
	err := s.b.write(func(tx *sql.Tx) error {
		if err := refuseClosed(tx, p); err != nil {
			return err
		}
		if err := resolveLines(tx, v.Lines); err != nil {
			return err
		}
		now := s.b.stamp()
		if v.ID == 0 {
			v.Kind, v.ReversesID = VoucherNormal, 0
			return s.insertVoucher(tx, &v, now, "voucher.create")
		}
		old, err := loadVoucher(tx, v.ID)
		if err != nil {
			return err
		}
		if old.Status != StatusDraft {
			return Errorf(Conflict, "凭证 %s %s，不能修改；请先取消审核", old.No(), StatusName(old.Status))
		}
		if old.Kind != VoucherNormal && old.Kind != VoucherImport {
			return Errorf(Forbidden, "凭证 %s 由系统生成（%s），不能手工修改，只能删除后重做", old.No(), kindName(old.Kind))
		}
		if err := refuseClosed(tx, old.Period); err != nil {
			return err
		}
		v.Kind, v.ReversesID, v.SourceRef = old.Kind, old.ReversesID, old.SourceRef
		if _, err := tx.Exec(`DELETE FROM voucher_line WHERE voucher_id = ?`, v.ID); err != nil {
			return err
		}
		var moved []string
		if p != old.Period {
			if moved, err = closeGap(tx, old); err != nil {
				return err
			}
			num, err := nextNumber(tx, p, old.Word)
			if err != nil {
				return err
			}
			v.Number = num
		} else {
			v.Number = old.Number
		}
		if err := s.b.refuseFuture(v.Date, "凭证"); err != nil {
			return err
		}
		v.Period, v.Word, v.Status, v.Preparer = p, old.Word, StatusDraft, s.user.Name
		d, _ := v.Totals()
		total, _ := ToFen(d)
		if _, err := tx.Exec(`UPDATE voucher SET period = ?, number = ?, date = ?, attachments = ?, preparer_id = ?, total_fen = ? WHERE id = ?`,
			int(p), v.Number, v.Date, v.Attachments, s.user.ID, total, v.ID); err != nil {
			return err
		}
		if err := insertLines(tx, v.ID, p, v.Lines); err != nil {
			return err
		}
		after := voucherLog(v)
		if len(moved) > 0 {
			after["renumbered"] = map[string]any{"period": old.Period.String(), "numbers": moved}
		}
		return appendLog(tx, now, s.user, "voucher.update", "voucher", v.No()+" "+p.String(), voucherLog(old), after)
	})
	if err != nil {
		return v, fmt.Errorf("save voucher: %w", err)
	}
	return s.b.Voucher(v.ID)
}

func kindName(k string) string {
	switch k {
	case VoucherReversal:
		return "红字冲销"
	case VoucherPayment:
		return "支出付款"
	case VoucherCarry:
		return "年末结转"
	case VoucherIncome:
		return "收入"
	case VoucherDeposit:
		return "缴存街道专户"
	case VoucherImport:
		return "导入"
	}
	return "普通"
}

func nextNumber(tx *sql.Tx, p Period, word string) (int, error) {
	var n int
	err := tx.QueryRow(`SELECT coalesce(max(number), 0) + 1 FROM voucher WHERE period = ? AND word = ?`, int(p), word).Scan(&n)
	return n, err
}

// insertVoucher stores v as a draft with the next number of its month. It is
// shared by every operation that makes vouchers (entry, reversal, payment,
// import, income, carry); callers set Kind, SourceRef and ReversesID.
func (s *Session) insertVoucher(tx *sql.Tx, v *Voucher, now, action string) error {
	v.Date = strings.TrimSpace(v.Date)
	p, err := PeriodOf(v.Date)
	if err != nil {
		return err
	}
	if err := s.b.refuseFuture(v.Date, "凭证"); err != nil {
		return err
	}
	if v.Word == "" {
		v.Word = "记"
	}
	if v.Kind == "" {
		v.Kind = VoucherNormal
	}
	num, err := nextNumber(tx, p, v.Word)
	if err != nil {
		return err
	}
	v.Period, v.Number, v.Status, v.Preparer = p, num, StatusDraft, s.user.Name
	d, _ := v.Totals()
	total, _ := ToFen(d)
	var reverses any
	if v.ReversesID != 0 {
		reverses = v.ReversesID
	}
	res, err := tx.Exec(`INSERT INTO voucher (period, word, number, date, attachments, status, kind, source_ref, reverses_id, preparer_id, total_fen, created_at)
		VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)`,
		int(p), v.Word, num, v.Date, v.Attachments, v.Kind, v.SourceRef, reverses, s.user.ID, total, now)
	if err != nil {
		return err
	}
	v.ID, _ = res.LastInsertId()
	if err := insertLines(tx, v.ID, p, v.Lines); err != nil {
		return err
	}
	if action == "" {
		return nil
	}
	return appendLog(tx, now, s.user, action, "voucher", v.No()+" "+p.String(), nil, voucherLog(*v))
}

func insertLines(tx *sql.Tx, id int64, p Period, lines []Line) error {
	stmt, err := tx.Prepare(`INSERT INTO voucher_line (voucher_id, seq, period, memo, account_id, compound_id, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	memo := ""
	for i, l := range lines {
		d, err := ToFen(l.Debit)
		if err != nil {
			return err
		}
		c, err := ToFen(l.Credit)
		if err != nil {
			return err
		}
		// A blank memo repeats the one above, as accountants expect.
		if strings.TrimSpace(l.Memo) != "" {
			memo = strings.TrimSpace(l.Memo)
		}
		if _, err := stmt.Exec(id, i+1, int(p), memo, l.AccountID, l.CompoundID, d, c); err != nil {
			return err
		}
	}
	return nil
}

// voucherLog is the form of a voucher written to the operation log.
func voucherLog(v Voucher) map[string]any {
	lines := make([]string, len(v.Lines))
	for i, l := range v.Lines {
		lines[i] = fmt.Sprintf("%s|%s|%s|借%s|贷%s", l.Memo, l.AccountCode, l.CompoundName, PlainYuan(l.Debit), PlainYuan(l.Credit))
	}
	return map[string]any{"no": v.No(), "date": v.Date, "attachments": v.Attachments, "status": v.Status, "kind": v.Kind, "lines": lines}
}

// closeGap renumbers the later vouchers of old's month down by one, so numbers
// stay continuous after old leaves the month. A later posted voucher cannot be
// renumbered, so then the move or delete is refused.
func closeGap(tx *sql.Tx, old Voucher) ([]string, error) {
	var postedAfter string
	var num int
	err := tx.QueryRow(`SELECT word, number FROM voucher WHERE period = ? AND word = ? AND number > ? AND status = 'posted' ORDER BY number LIMIT 1`,
		int(old.Period), old.Word, old.Number).Scan(&postedAfter, &num)
	if err == nil {
		return nil, Errorf(Conflict, "凭证 %s 之后的 %s 已记账，删除或移走 %s 会留下断号；请直接修改 %s 的内容", old.No(), VoucherNo(postedAfter, num), old.No(), old.No())
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	// The log says which vouchers changed number, so its older entries can
	// still be followed.
	var moved []string
	rows, err := tx.Query(`SELECT number FROM voucher WHERE period = ? AND word = ? AND number > ? ORDER BY number`, int(old.Period), old.Word, old.Number)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		moved = append(moved, VoucherNo(old.Word, n)+"→"+VoucherNo(old.Word, n-1))
	}
	rows.Close()
	// Move the voucher out of the way first: (period, word, number) is unique.
	if _, err := tx.Exec(`UPDATE voucher SET number = -number WHERE id = ?`, old.ID); err != nil {
		return nil, err
	}
	_, err = tx.Exec(`UPDATE voucher SET number = number - 1 WHERE period = ? AND word = ? AND number > ?`, int(old.Period), old.Word, old.Number)
	return moved, err
}

// DeleteVoucher deletes an unposted voucher and closes the number gap.
func (s *Session) DeleteVoucher(id int64) error {
	if err := s.require("删除凭证", RoleAccountant, RoleCashier); err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		old, err := loadVoucher(tx, id)
		if err != nil {
			return err
		}
		if old.Status == StatusPosted {
			return Errorf(Conflict, "凭证 %s 已记账，不能删除；如需更正，请做红字冲销凭证", old.No())
		}
		if err := refuseClosed(tx, old.Period); err != nil {
			return err
		}
		moved, err := closeGap(tx, old)
		if err != nil {
			return err
		}
		if err := s.b.rules.checkDelete(s.wrap(tx), old); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM voucher WHERE id = ?`, id); err != nil {
			return err
		}
		var after any
		if len(moved) > 0 {
			after = map[string]any{"renumbered": map[string]any{"period": old.Period.String(), "numbers": moved}}
		}
		return appendLog(tx, s.b.stamp(), s.user, "voucher.delete", "voucher", old.No()+" "+old.Period.String(), voucherLog(old), after)
	})
}

type querier = Querier

// Voucher loads one voucher with its lines.
func (b *Book) Voucher(id int64) (Voucher, error) { return loadVoucher(b.db, id) }

func loadVoucher(q querier, id int64) (Voucher, error) {
	var v Voucher
	var reviewer, poster, reviewedAt, postedAt sql.NullString
	var reverses, reversedBy sql.NullInt64
	err := q.QueryRow(`SELECT v.id, v.period, v.word, v.number, v.date, v.attachments, v.status, v.kind, v.source_ref, v.reverses_id,
			(SELECT r.id FROM voucher r WHERE r.reverses_id = v.id LIMIT 1),
			p.name, r.name, po.name, v.reviewed_at, v.posted_at
		FROM voucher v JOIN user p ON p.id = v.preparer_id
		LEFT JOIN user r ON r.id = v.reviewer_id LEFT JOIN user po ON po.id = v.poster_id
		WHERE v.id = ?`, id).
		Scan(&v.ID, &v.Period, &v.Word, &v.Number, &v.Date, &v.Attachments, &v.Status, &v.Kind, &v.SourceRef, &reverses, &reversedBy,
			&v.Preparer, &reviewer, &poster, &reviewedAt, &postedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return v, Errorf(NotFound, "凭证（编号 %d）不存在", id)
	}
	if err != nil {
		return v, internal("read voucher", err)
	}
	v.ReversesID, v.ReversedBy = reverses.Int64, reversedBy.Int64
	v.Reviewer, v.Poster, v.ReviewedAt, v.PostedAt = reviewer.String, poster.String, reviewedAt.String, postedAt.String
	rows, err := q.Query(`SELECT l.seq, l.memo, l.account_id, a.code, a.name, l.compound_id, c.name, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE l.voucher_id = ? ORDER BY l.seq`, id)
	if err != nil {
		return v, internal("read voucher lines", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l Line
		var d, c int64
		if err := rows.Scan(&l.Seq, &l.Memo, &l.AccountID, &l.AccountCode, &l.AccountName, &l.CompoundID, &l.CompoundName, &d, &c); err != nil {
			return v, internal("read voucher lines", err)
		}
		l.Debit, l.Credit = FromFen(d), FromFen(c)
		v.Lines = append(v.Lines, l)
	}
	return v, rows.Err()
}
