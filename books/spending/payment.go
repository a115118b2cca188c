package spending

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Payment is one payment voucher of an application.
type Payment struct {
	ID        int64
	VoucherID int64
	VoucherNo string
	Period    books.Period
	Date      string
	Amount    books.Money
	Reversed  bool // a posted red-ink voucher reverses it
	// Status is the voucher's: a payment pays only once it is posted.
	Status    string
	CreatedAt string
}

func loadPayments(q books.Querier, appID int64) ([]Payment, error) {
	rows, err := q.Query(`SELECT p.id, p.voucher_id, v.word, v.number, v.period, v.date, p.amount_fen, p.created_at, v.status,
			EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = v.id AND r.status = 'posted')
		FROM payment p JOIN voucher v ON v.id = p.voucher_id WHERE p.application_id = ? ORDER BY v.date, p.id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		var word string
		var num int
		var fen int64
		if err := rows.Scan(&p.ID, &p.VoucherID, &word, &num, &p.Period, &p.Date, &fen, &p.CreatedAt, &p.Status, &p.Reversed); err != nil {
			return nil, err
		}
		p.VoucherNo, p.Amount = books.VoucherNo(word, num), books.FromFen(fen)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PayInput is a payment against an approved application.
type PayInput struct {
	Date        string
	Amount      books.Money
	From        string // monetary account code credited (bank, cash)
	To          string // account code debited (expense, payable)
	Memo        string // default: 支付 申-… 事项（收款人）
	Attachments int
}

// Pay prepares the payment voucher of an approved application (by a 会计 or
// 出纳): debit To, credit From, the application's compound on both lines,
// the memo naming the application. Refused: an application not approved, a
// 重大 one before 报街道备案 and 决议公开 are recorded, more than the approved
// amount in total (payments still waiting for review or posting count), a
// From account that is not money, and a date before the approval.
//
// The voucher is a draft like any other: someone other than the paying user
// reviews it (审核) before it is posted, and only posting pays the
// application (its state, the spendable-money check, the log entry
// application.pay by the poster). Deleting the draft withdraws the payment.
func Pay(s *books.Session, no string, in PayInput) (books.Voucher, error) {
	if err := s.Require("支出付款", books.RoleAccountant, books.RoleCashier); err != nil {
		return books.Voucher{}, err
	}
	if _, err := books.ParseDate(in.Date); err != nil {
		return books.Voucher{}, err
	}
	if !in.Amount.IsPositive() {
		return books.Voucher{}, books.Errorf(books.Invalid, "付款金额必须大于零")
	}
	fen, err := books.ToFen(in.Amount)
	if err != nil {
		return books.Voucher{}, err
	}
	var vid int64
	err = s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppApproved && a.State != AppPartlyPaid {
			return books.Errorf(books.Conflict, "申请 %s %s；只有已批准（或部分支付）的申请可以付款", a.No, a.StateName())
		}
		if err := checkPayable(tx, a, in); err != nil {
			return err
		}
		memo := strings.TrimSpace(in.Memo)
		if memo == "" {
			memo = fmt.Sprintf("支付%s %s（%s）", a.No, a.Title, a.Payee)
		} else if !strings.Contains(memo, a.No) {
			memo = a.No + " " + memo
		}
		v := books.Voucher{Date: in.Date, Attachments: in.Attachments, Kind: books.VoucherPayment, SourceRef: a.No + " " + a.ApprovalNo,
			Lines: []books.Line{
				{Memo: memo, AccountCode: in.To, CompoundID: a.CompoundID, Debit: in.Amount, Credit: books.FromFen(0)},
				{Memo: memo, AccountCode: in.From, CompoundID: a.CompoundID, Debit: books.FromFen(0), Credit: in.Amount},
			}}
		if err := v.Validate(false); err != nil {
			return err
		}
		p, _ := books.PeriodOf(in.Date)
		if err := tx.RefuseClosed(p); err != nil {
			return err
		}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		// Refused now rather than at posting when the compound's money
		// cannot cover it (posting checks again, with what happened since).
		if err := checkCovered(tx, a, p, fen, in.Amount); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.InsertVoucher(&v, "voucher.create"); err != nil {
			return err
		}
		vid = v.ID
		if _, err := tx.Exec(`INSERT INTO payment (application_id, voucher_id, amount_fen, created_at) VALUES (?, ?, ?, ?)`, a.ID, v.ID, fen, now); err != nil {
			return err
		}
		return tx.Log("application.pay_prepared", "application", a.No, nil,
			map[string]any{"voucher": v.No() + " " + v.Period.String(), "amount": books.PlainYuan(in.Amount), "from": in.From, "to": in.To,
				"status": "待审核", "pending": books.PlainYuan(a.Pending.Add(in.Amount))})
	})
	if err != nil {
		return books.Voucher{}, fmt.Errorf("pay %s: %w", no, err)
	}
	return s.Book().Voucher(vid)
}

// checkPayable refuses a payment its application does not allow: steps of
// the filing and payment phases missing, more than the approval with what
// is paid and waiting, a date before the street's approval, or accounts
// that are not money out of a money account into an expense or payable.
func checkPayable(tx *books.Tx, a Application, in PayInput) error {
	if err := requireSteps(tx, a, PhaseFiling, "付款"); err != nil {
		return err
	}
	if err := requireSteps(tx, a, PhasePayment, "付款"); err != nil {
		return err
	}
	if after := a.Paid.Add(a.Pending).Add(in.Amount); after.Cmp(a.Approved) > 0 {
		pending := ""
		if a.Pending.IsPositive() {
			pending = fmt.Sprintf("，待记账 %s 元", books.FormatYuan(a.Pending))
		}
		return books.Errorf(books.Invalid, "申请 %s 批准金额 %s 元，已付 %s 元%s，本次 %s 元将超出批准金额 %s 元",
			a.No, books.FormatYuan(a.Approved), books.FormatYuan(a.Paid), pending, books.FormatYuan(in.Amount), books.FormatYuan(after.Sub(a.Approved)))
	}
	var approvedOn string
	tx.QueryRow(`SELECT decided_at FROM decision WHERE application_id = ? AND decision = 'approve' ORDER BY id DESC LIMIT 1`, a.ID).Scan(&approvedOn)
	if len(approvedOn) >= 10 && in.Date < approvedOn[:10] {
		return books.Errorf(books.Invalid, "付款日期 %s 早于街道批准日期 %s", in.Date, approvedOn[:10])
	}
	var fromMonetary, toMonetary string
	err := tx.QueryRow(`SELECT monetary FROM account WHERE code = ?`, strings.TrimSpace(in.From)).Scan(&fromMonetary)
	if errors.Is(err, sql.ErrNoRows) {
		return books.Errorf(books.Invalid, "付款科目 %s 不存在", in.From)
	} else if err != nil {
		return err
	}
	if fromMonetary == "" {
		return books.Errorf(books.Invalid, "付款科目 %s 不是现金、银行存款或其他货币资金科目", in.From)
	}
	err = tx.QueryRow(`SELECT monetary FROM account WHERE code = ?`, strings.TrimSpace(in.To)).Scan(&toMonetary)
	if errors.Is(err, sql.ErrNoRows) {
		return books.Errorf(books.Invalid, "借方科目 %s 不存在", in.To)
	} else if err != nil {
		return err
	}
	if toMonetary != "" {
		return books.Errorf(books.Invalid, "借方科目 %s 是货币资金科目；付款应借记费用或应付款科目", in.To)
	}
	return nil
}

// checkCovered refuses a payment of fen the compound's spendable money does
// not cover, at the end of month p or now.
func checkCovered(tx *books.Tx, a Application, p books.Period, fen int64, amount books.Money) error {
	for _, at := range []books.Period{p, 0} {
		have, err := books.SpendableFen(tx, a.CompoundID, at)
		if err != nil {
			return err
		}
		if have < fen {
			when := "目前"
			if at != 0 {
				when = "截至" + at.Chinese()
			}
			return books.Errorf(books.Invalid, "小区“%s”%s的可用资金只有 %s 元，不够支付 %s 元", a.Compound, when, books.FormatYuan(books.FromFen(have)), books.FormatYuan(amount))
		}
	}
	return nil
}

// recordPosting pays the application of a payment voucher being posted: its
// state follows what is now paid, an event and a log entry name the voucher
// and the poster. An application no longer payable (closed, returned,
// withdrawn since the voucher was prepared) refuses the posting.
func recordPosting(tx *books.Tx, v books.Voucher, by *books.Session, no string) error {
	a, err := loadApplication(tx, no)
	if err != nil {
		return err
	}
	if a.State != AppApproved && a.State != AppPartlyPaid {
		return books.Errorf(books.Conflict, "申请 %s %s，付款凭证 %s 不能记账；请删除或冲销这张凭证", a.No, a.StateName(), v.No())
	}
	var fen int64
	if err := tx.QueryRow(`SELECT amount_fen FROM payment WHERE voucher_id = ?`, v.ID).Scan(&fen); err != nil {
		return err
	}
	amount := books.FromFen(fen)
	// The voucher is not posted yet inside this rule: add it to what is paid.
	paid := a.Paid.Add(amount)
	to := AppPartlyPaid
	if paid.Equal(a.Approved) {
		to = AppPaid
	}
	now := tx.Now()
	if _, err := tx.Exec(`UPDATE application SET state = ?, updated_at = ? WHERE id = ?`, to, now, a.ID); err != nil {
		return err
	}
	opinion := fmt.Sprintf("凭证 %s %s 付款 %s 元，累计已付 %s 元 / 批准 %s 元（制单 %s，审核 %s）",
		v.Period.Chinese(), v.No(), books.FormatYuan(amount), books.FormatYuan(paid), books.FormatYuan(a.Approved), v.Preparer, v.Reviewer)
	if err := addEvent(tx, a.ID, a.Version, now, by.User(), "pay", a.State, to, opinion); err != nil {
		return err
	}
	return tx.Log("application.pay", "application", a.No, map[string]any{"state": a.StateName(), "paid": books.PlainYuan(a.Paid)},
		map[string]any{"state": AppStateName(to), "paid": books.PlainYuan(paid), "voucher": v.No() + " " + v.Period.String(),
			"amount": books.PlainYuan(amount), "preparer": v.Preparer, "reviewer": v.Reviewer})
}

// Close finishes an application (结项) once 实施结果公开 is recorded, by the
// 会计. A partly paid application closes only with an opinion saying why the
// rest is not paid.
func CloseApplication(s *books.Session, no, opinion string) error {
	if err := s.Require("结项", books.RoleAccountant); err != nil {
		return err
	}
	opinion = strings.TrimSpace(opinion)
	return s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppPaid && a.State != AppPartlyPaid {
			return books.Errorf(books.Conflict, "申请 %s %s；付款之后才能结项", a.No, a.StateName())
		}
		if a.Pending.IsPositive() {
			return books.Errorf(books.Conflict, "申请 %s 还有 %s 元的付款凭证没有记账；记账或删除之后才能结项", a.No, books.FormatYuan(a.Pending))
		}
		if a.State == AppPartlyPaid && opinion == "" {
			return books.Errorf(books.Invalid, "申请 %s 只付了 %s 元（批准 %s 元），结项须说明余款不再支付的原因", a.No, books.FormatYuan(a.Paid), books.FormatYuan(a.Approved))
		}
		if err := requireSteps(tx, a, PhaseClose, "结项"); err != nil {
			return err
		}
		return transition(s, tx, a, "close", AppClosed, opinion)
	})
}

// checkPaymentPosting holds the posting rules of spending: (a) no compound's
// spendable money goes below zero, at the voucher's month or any later one;
// (b) a payment voucher pays an application of the compound on its lines,
// within the approved amount; (c) a red-ink reversal of a payment gives the
// money back to its application (not after 结项), and the application's
// change is logged as the user posting the reversal.
func checkPaymentPosting(tx *books.Tx, v books.Voucher) error {
	if err := checkSpendable(tx, v); err != nil {
		return err
	}
	switch v.Kind {
	case books.VoucherPayment:
		return postPayment(tx, v)
	case books.VoucherReversal:
		return reversePayment(tx, v)
	}
	return nil
}

// checkSpendable refuses a voucher after which a compound it takes money
// from would have less than nothing spendable at the end of the voucher's
// month or of any later month it has balances in.
func checkSpendable(tx *books.Tx, v books.Voucher) error {
	special, err := specialCode(tx)
	if err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT l.compound_id, c.name, sum(l.debit_fen - l.credit_fen) FROM voucher_line l
		JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE l.voucher_id = ?2 AND `+books.SpendableAccountSQL+` GROUP BY l.compound_id`, special, v.ID)
	if err != nil {
		return err
	}
	type out struct {
		id   int64
		name string
	}
	var outs []out
	for rows.Next() {
		var o out
		var net int64
		if err := rows.Scan(&o.id, &o.name, &net); err != nil {
			rows.Close()
			return err
		}
		if net < 0 {
			outs = append(outs, o)
		}
	}
	rows.Close()
	for _, o := range outs {
		periods := []books.Period{v.Period}
		prow, err := tx.Query(`SELECT DISTINCT period FROM balance WHERE compound_id = ? AND period > ? ORDER BY period`, o.id, int(v.Period))
		if err != nil {
			return err
		}
		for prow.Next() {
			var p books.Period
			prow.Scan(&p)
			periods = append(periods, p)
		}
		prow.Close()
		for _, p := range periods {
			fen, err := books.SpendableFen(tx, o.id, p)
			if err != nil {
				return err
			}
			if fen < 0 {
				return books.Errorf(books.Invalid, "凭证 %s 记账后，小区“%s”截至%s的可用资金（现金、银行存款等货币资金）将为 %s 元，资金不足，不能记账",
					v.No(), o.name, p.Chinese(), books.FormatYuan(books.FromFen(fen)))
			}
		}
	}
	return nil
}

// postPayment checks a payment voucher against its application — the same
// compound, within the approved amount — and pays it.
func postPayment(tx *books.Tx, v books.Voucher) error {
	var appNo string
	var compoundID, approved, appID int64
	err := tx.QueryRow(`SELECT a.id, a.no, a.compound_id, a.approved_fen FROM payment p JOIN application a ON a.id = p.application_id WHERE p.voucher_id = ?`, v.ID).
		Scan(&appID, &appNo, &compoundID, &approved)
	if errors.Is(err, sql.ErrNoRows) {
		return books.Errorf(books.Invalid, "付款凭证 %s 没有对应的支出申请", v.No())
	} else if err != nil {
		return err
	}
	for _, l := range v.Lines {
		if l.CompoundID != compoundID {
			return books.Errorf(books.Invalid, "凭证 %s 第 %d 行用的是小区“%s”的资金，但申请 %s 属于另一个小区；一个小区的钱不能支付另一个小区的申请", v.No(), l.Seq, l.CompoundName, appNo)
		}
	}
	var paid int64
	if err := tx.QueryRow(`SELECT coalesce(sum(p.amount_fen), 0) FROM payment p WHERE p.application_id = ?
		AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = p.voucher_id AND r.status = 'posted')`, appID).Scan(&paid); err != nil {
		return err
	}
	if paid > approved {
		return books.Errorf(books.Invalid, "申请 %s 的付款合计 %s 元超过批准金额 %s 元", appNo, books.FormatYuan(books.FromFen(paid)), books.FormatYuan(books.FromFen(approved)))
	}
	return recordPosting(tx, v, tx.Session(), appNo)
}

// reversePayment gives a reversed payment's amount back to its application
// (never after 结项) and logs the change as the user posting the reversal.
func reversePayment(tx *books.Tx, v books.Voucher) error {
	by := tx.Session()
	var appID, approved, paidLeft, reversed int64
	var state, appNo string
	err := tx.QueryRow(`SELECT a.id, a.no, a.state, a.approved_fen, p.amount_fen FROM payment p JOIN application a ON a.id = p.application_id WHERE p.voucher_id = ?`, v.ReversesID).
		Scan(&appID, &appNo, &state, &approved, &reversed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	if state == AppClosed {
		return books.Errorf(books.Conflict, "凭证 %s 冲销的是已结项申请 %s 的付款，结项后不能冲销付款", v.No(), appNo)
	}
	// The reversal is not posted yet inside this check: count it out.
	if err := tx.QueryRow(`SELECT coalesce(sum(p.amount_fen), 0) FROM payment p JOIN voucher pv ON pv.id = p.voucher_id
		WHERE p.application_id = ? AND p.voucher_id <> ? AND pv.status = 'posted'
		AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = p.voucher_id AND r.status = 'posted')`, appID, v.ReversesID).Scan(&paidLeft); err != nil {
		return err
	}
	to := AppApproved
	switch {
	case paidLeft >= approved:
		to = AppPaid
	case paidLeft > 0:
		to = AppPartlyPaid
	}
	now := tx.Now()
	if to != state {
		if _, err := tx.Exec(`UPDATE application SET state = ?, updated_at = ? WHERE id = ?`, to, now, appID); err != nil {
			return err
		}
		var version int
		tx.QueryRow(`SELECT version FROM application WHERE id = ?`, appID).Scan(&version)
		if err := addEvent(tx, appID, version, now, by.User(), "pay_reversed", state, to,
			fmt.Sprintf("付款被凭证 %s 冲销，已付 %s 元", v.No(), books.FormatYuan(books.FromFen(paidLeft)))); err != nil {
			return err
		}
	}
	// The paid amount changes even when the state does not (one of two
	// partial payments reversed): the log records every reversal.
	var ow string
	var on int
	var op books.Period
	if err := tx.QueryRow(`SELECT word, number, period FROM voucher WHERE id = ?`, v.ReversesID).Scan(&ow, &on, &op); err != nil {
		return err
	}
	return tx.Log("application.pay_reversed", "application", appNo,
		map[string]any{"state": AppStateName(state), "paid": books.PlainYuan(books.FromFen(paidLeft + reversed))},
		map[string]any{"state": AppStateName(to), "paid": books.PlainYuan(books.FromFen(paidLeft)), "amount": books.PlainYuan(books.FromFen(reversed)),
			"voucher": v.No() + " " + v.Period.String(), "reverses": books.VoucherNo(ow, on) + " " + op.String()})
}

// releasePayment lets a draft payment voucher go (it never stays a draft,
// since Pay posts in the same transaction, but a hand-made draft linked by
// a tool must not block deletion).
func releasePayment(tx *books.Tx, v books.Voucher) error {
	_, err := tx.Exec(`DELETE FROM payment WHERE voucher_id = ?`, v.ID)
	return err
}

// verifyPayments reports applications paid beyond their approval, paid
// without approval, or paid from another compound's lines.
func verifyPayments(b *books.Book) []string {
	var problems []string
	rows, err := b.Reader().Query(`SELECT a.no, a.approved_fen, a.state, sum(p.amount_fen) FROM application a JOIN payment p ON p.application_id = a.id
		WHERE NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = p.voucher_id AND r.status = 'posted')
		GROUP BY a.id HAVING sum(p.amount_fen) > a.approved_fen OR a.state NOT IN ('approved', 'partly_paid', 'paid', 'closed')`)
	if err != nil {
		return []string{"无法读取支出申请的付款"}
	}
	for rows.Next() {
		var no, state string
		var approved, paid int64
		rows.Scan(&no, &approved, &state, &paid)
		problems = append(problems, fmt.Sprintf("支出申请 %s（%s）已付 %s 元，批准金额 %s 元：付款与审批不符", no, AppStateName(state), books.FormatYuan(books.FromFen(paid)), books.FormatYuan(books.FromFen(approved))))
	}
	rows.Close()
	rows, err = b.Reader().Query(`SELECT DISTINCT a.no, v.word, v.number, v.period FROM payment p JOIN application a ON a.id = p.application_id
		JOIN voucher v ON v.id = p.voucher_id JOIN voucher_line l ON l.voucher_id = v.id WHERE l.compound_id <> a.compound_id`)
	if err != nil {
		return problems
	}
	for rows.Next() {
		var no, word string
		var num int
		var p books.Period
		rows.Scan(&no, &word, &num, &p)
		problems = append(problems, fmt.Sprintf("%s 付款凭证 %s 用了另一个小区的资金支付申请 %s", p.Chinese(), books.VoucherNo(word, num), no))
	}
	rows.Close()
	return problems
}
