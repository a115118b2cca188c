package books

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

// ReviewVoucher marks a draft as reviewed (审核). The reviewer must not be the
// preparer.
func (s *Session) ReviewVoucher(id int64) error {
	if err := s.require("审核凭证", RoleAccountant, RoleCashier, RoleParty); err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		v, err := loadVoucher(tx, id)
		if err != nil {
			return err
		}
		if v.Status != StatusDraft {
			return Errorf(Conflict, "凭证 %s %s，不需要再审核", v.No(), StatusName(v.Status))
		}
		if v.Preparer == s.user.Name {
			return Errorf(Forbidden, "凭证 %s 是您本人制单的，审核须由另一人进行", v.No())
		}
		if err := refuseClosed(tx, v.Period); err != nil {
			return err
		}
		now := s.b.stamp()
		if _, err := tx.Exec(`UPDATE voucher SET status = 'reviewed', reviewer_id = ?, reviewed_at = ? WHERE id = ?`, s.user.ID, now, id); err != nil {
			return err
		}
		return appendLog(tx, now, s.user, "voucher.review", "voucher", v.No()+" "+v.Period.String(), map[string]string{"status": "draft"}, map[string]string{"status": "reviewed"})
	})
}

// UnreviewVoucher returns a reviewed voucher to draft (取消审核).
func (s *Session) UnreviewVoucher(id int64) error {
	if err := s.require("取消审核", RoleAccountant, RoleCashier, RoleParty); err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		v, err := loadVoucher(tx, id)
		if err != nil {
			return err
		}
		if v.Status != StatusReviewed {
			return Errorf(Conflict, "凭证 %s %s，不能取消审核", v.No(), StatusName(v.Status))
		}
		if err := refuseClosed(tx, v.Period); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE voucher SET status = 'draft', reviewer_id = NULL, reviewed_at = NULL WHERE id = ?`, id); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "voucher.unreview", "voucher", v.No()+" "+v.Period.String(), map[string]string{"status": "reviewed", "reviewer": v.Reviewer}, map[string]string{"status": "draft"})
	})
}

// PostVoucher posts a reviewed voucher (记账): its lines go into the kept
// balances in the same transaction, and it becomes immutable.
func (s *Session) PostVoucher(id int64) error {
	if err := s.require("记账", RoleAccountant, RoleCashier); err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		v, err := loadVoucher(tx, id)
		if err != nil {
			return err
		}
		if v.Status != StatusReviewed {
			if v.Status == StatusDraft {
				return Errorf(Conflict, "凭证 %s 还未审核，审核后才能记账", v.No())
			}
			return Errorf(Conflict, "凭证 %s 已经记账", v.No())
		}
		return s.postTx(tx, v)
	})
}

// postTx posts a loaded voucher inside tx: rules, kept balances, fingerprint,
// status and the log entry.
func (s *Session) postTx(tx *sql.Tx, v Voucher) error {
	if err := refuseClosed(tx, v.Period); err != nil {
		return err
	}
	if err := v.Validate(true); err != nil {
		return fmt.Errorf("post voucher %s: %w", v.No(), err)
	}
	if err := s.b.refuseFuture(v.Date, "凭证 "+v.No()); err != nil {
		return err
	}
	// Four eyes: whatever made the voucher (a payment, a receipt, a bill, a
	// deposit, the year-end carry, a reversal), someone other than its
	// preparer reviewed it. Only migrated history skips this (import.go),
	// and it does not come through here.
	if v.Reviewer == "" || v.Reviewer == v.Preparer {
		return Errorf(Conflict, "凭证 %s 还没有由制单人（%s）以外的人审核，不能记账", v.No(), v.Preparer)
	}
	// An account disabled or a compound archived since the voucher was
	// saved takes no new business; a reversal or the year-end carry only
	// undoes or closes what is already there.
	if v.Kind != VoucherReversal && v.Kind != VoucherCarry {
		if err := resolveLines(tx, v.Lines); err != nil {
			return fmt.Errorf("post voucher %s: %w", v.No(), err)
		}
	}
	if err := addBalances(tx, v); err != nil {
		return err
	}
	if err := s.b.rules.checkPost(s.wrap(tx), v); err != nil {
		return err
	}
	now := s.b.stamp()
	if err := recordLiveStart(tx, s, v.Period, now); err != nil {
		return err
	}
	v.Poster, v.PostedAt, v.Status = s.user.Name, now, StatusPosted
	if _, err := tx.Exec(`UPDATE voucher SET status = 'posted', poster_id = ?, posted_at = ?, fingerprint = ? WHERE id = ?`,
		s.user.ID, now, fingerprint(v), v.ID); err != nil {
		return err
	}
	return appendLog(tx, now, s.user, "voucher.post", "voucher", v.No()+" "+v.Period.String(), map[string]string{"status": "reviewed"}, map[string]string{"status": "posted", "fingerprint": fingerprint(v)})
}

func addBalances(tx *sql.Tx, v Voucher) error {
	stmt, err := tx.Prepare(`INSERT INTO balance (account_id, compound_id, period, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (account_id, compound_id, period) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, l := range v.Lines {
		d, _ := ToFen(l.Debit)
		c, _ := ToFen(l.Credit)
		if _, err := stmt.Exec(l.AccountID, l.CompoundID, int(v.Period), d, c); err != nil {
			return err
		}
	}
	return nil
}

// fingerprint is the SHA-256 of everything that makes a posted voucher what it
// is; verify recomputes it to find hand edits of the file.
func fingerprint(v Voucher) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%s|%d|%s|%d|%s|%d\n", v.Period, v.Word, v.Number, v.Date, v.Attachments, v.Kind, v.ReversesID)
	for _, l := range v.Lines {
		d, _ := ToFen(l.Debit)
		c, _ := ToFen(l.Credit)
		fmt.Fprintf(h, "%d|%s|%d|%d|%d|%d\n", l.Seq, l.Memo, l.AccountID, l.CompoundID, d, c)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReverseVoucher makes a red-ink reversal (红字冲销) of a posted voucher: a new
// draft on date with every amount negated, naming the original. It goes
// through review and posting like any voucher; the original never changes.
func (s *Session) ReverseVoucher(id int64, date string) (Voucher, error) {
	if err := s.require("红字冲销", RoleAccountant, RoleCashier); err != nil {
		return Voucher{}, err
	}
	if _, err := ParseDate(date); err != nil {
		return Voucher{}, err
	}
	var rv Voucher
	err := s.b.write(func(tx *sql.Tx) error {
		v, err := loadVoucher(tx, id)
		if err != nil {
			return err
		}
		if v.Status != StatusPosted {
			return Errorf(Conflict, "凭证 %s 还没有记账，直接修改或删除即可，不需要冲销", v.No())
		}
		if v.Kind == VoucherReversal {
			return Errorf(Conflict, "凭证 %s 本身是冲销凭证，不能再冲销；请重新填制正确的凭证", v.No())
		}
		if v.ReversedBy != 0 {
			return Errorf(Conflict, "凭证 %s 已经被冲销过", v.No())
		}
		if date < v.Date {
			return Errorf(Invalid, "冲销日期 %s 早于原凭证日期 %s", date, v.Date)
		}
		p, _ := PeriodOf(date)
		if err := refuseClosed(tx, p); err != nil {
			return err
		}
		rv = Voucher{Date: date, Kind: VoucherReversal, ReversesID: v.ID, SourceRef: v.No() + " " + v.Period.String()}
		for _, l := range v.Lines {
			l.Debit, l.Credit = l.Debit.Neg(), l.Credit.Neg()
			l.Memo = "冲销" + v.Period.Chinese() + v.No() + "：" + l.Memo
			rv.Lines = append(rv.Lines, l)
		}
		return s.insertVoucher(tx, &rv, s.b.stamp(), "voucher.reverse")
	})
	if err != nil {
		return Voucher{}, fmt.Errorf("reverse voucher: %w", err)
	}
	return s.b.Voucher(rv.ID)
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
