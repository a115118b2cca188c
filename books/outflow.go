package books

import (
	"database/sql"
	"fmt"
	"strings"
)

// SetApprovalExempt marks an account as exempt from the approval chain, or
// takes the mark away. Only the 会计 does this; it is logged, and the list is
// shown in the settings so an auditor sees every exemption.
func (s *Session) SetApprovalExempt(code string, exempt bool, reason string) error {
	if err := s.require("设置免审批科目", RoleAccountant); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if exempt && reason == "" {
		return Errorf(Invalid, "设为免审批科目必须写明原因")
	}
	ac, err := s.b.AccountByCode(code)
	if err != nil {
		return err
	}
	if ac.Class != ClassExpense && exempt {
		return Errorf(Invalid, "只有费用类科目可以设为免审批，%s 是%s类科目", ac.FullName(), ClassName(ac.Class))
	}
	return s.b.write(func(tx *sql.Tx) error {
		var was bool
		tx.QueryRow(`SELECT approval_exempt FROM account WHERE id = ?`, ac.ID).Scan(&was)
		if _, err := tx.Exec(`UPDATE account SET approval_exempt = ? WHERE id = ?`, exempt, ac.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "account.exempt", "account", ac.Code,
			map[string]bool{"approval_exempt": was}, map[string]any{"approval_exempt": exempt, "reason": reason})
	})
}

// ApprovalExempt lists the accounts exempt from the approval chain.
func (b *Book) ApprovalExempt() ([]Account, error) {
	rows, err := b.db.Query(`SELECT code FROM account WHERE approval_exempt = 1 ORDER BY code`)
	if err != nil {
		return nil, internal("list exempt accounts", err)
	}
	var codes []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	out := make([]Account, 0, len(codes))
	for _, c := range codes {
		a, err := b.AccountByCode(c)
		if err != nil {
			return nil, fmt.Errorf("list exempt accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

// checkMoneyAccounts refuses a voucher after which any money account it
// takes money out of would hold less than nothing for that compound, on the
// voucher's date or on any later date: a bank account is never overdrawn,
// not even for a day, and a back-dated payment cannot go before the
// receipts that pay for it. The balance runs over the posted lines (the
// months before from the kept balances) plus this voucher's.
func checkMoneyAccounts(tx *Tx, v Voucher) error {
	rows, err := tx.Query(`SELECT l.account_id, a.code, a.name, l.compound_id, c.name FROM voucher_line l
		JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE l.voucher_id = ? AND a.monetary <> '' GROUP BY l.account_id, l.compound_id
		HAVING sum(l.credit_fen - l.debit_fen) > 0 ORDER BY min(l.seq)`, v.ID)
	if err != nil {
		return err
	}
	type out struct {
		acc, comp      int64
		code, name, cp string
	}
	var outs []out
	for rows.Next() {
		var o out
		if err := rows.Scan(&o.acc, &o.code, &o.name, &o.comp, &o.cp); err != nil {
			rows.Close()
			return err
		}
		outs = append(outs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range outs {
		var opening int64
		if err := tx.QueryRow(`SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM balance WHERE account_id = ? AND compound_id = ? AND period < ?`,
			o.acc, o.comp, int(v.Period)).Scan(&opening); err != nil {
			return err
		}
		days, err := tx.Query(`SELECT v.date, sum(l.debit_fen - l.credit_fen) FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
			WHERE l.account_id = ? AND l.compound_id = ? AND l.period >= ? AND (v.status = 'posted' OR v.id = ?)
			GROUP BY v.date ORDER BY v.date`, o.acc, o.comp, int(v.Period), v.ID)
		if err != nil {
			return err
		}
		held, low, lowOn := opening, int64(0), ""
		for days.Next() {
			var date string
			var n int64
			if err := days.Scan(&date, &n); err != nil {
				days.Close()
				return err
			}
			held += n
			if date >= v.Date && held < low {
				low, lowOn = held, date
			}
		}
		days.Close()
		if err := days.Err(); err != nil {
			return err
		}
		if lowOn != "" {
			return Errorf(Invalid, "凭证 %s 记账后，小区“%s”的 %s %s 在 %s 的余额将为 %s 元；资金账户的余额任何一天都不能小于零，请先记入收款或核对日期",
				v.No(), o.cp, o.code, o.name, lowOn, FormatYuan(FromFen(low)))
		}
	}
	return nil
}
