package books

// Review, posting and red-ink reversal: the doors a voucher goes through after it is saved.

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

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
	// What posting decides on — closed months, accounts (and their
	// exemption from approval), compounds, settings — is as the program
	// left it.
	for _, table := range []string{"period_close", "account", "compound", "setting"} {
		if err := s.b.requireSealed(tx, table, nil); err != nil {
			return err
		}
	}
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
