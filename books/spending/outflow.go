package spending

import (
	"database/sql"

	"sunbooks/books"
)

// "收支两条线": no money leaves a compound's fund unless an application went
// through the approval chain. A payment voucher (made by Pay) carries its
// application; any other voucher that takes money out of a compound — its
// monetary accounts (现金, 银行存款, 其他货币资金 and their children) fall in
// total for that compound — is refused at posting, unless the accounts it
// pays into are marked exempt by the 会计 (bank charges the bank deducts by
// itself, say). Moving money between a compound's own monetary accounts
// (withdrawing cash, the quarterly deposit) is not an outflow, but moving it
// to another compound is: a compound's money is spent on that compound only.
// Reversals and the year-end carry are not new spending; imported history
// is posted by the import itself, so an imported draft posted here is
// checked like any voucher.
func checkOutflow(tx *books.Tx, v books.Voucher) error {
	switch v.Kind {
	case books.VoucherPayment, books.VoucherReversal, books.VoucherCarry:
		return nil
	}
	rows, err := tx.Query(`SELECT l.compound_id, c.name,
			sum(CASE WHEN a.monetary <> '' THEN l.debit_fen - l.credit_fen ELSE 0 END),
			sum(l.debit_fen - l.credit_fen),
			group_concat(CASE WHEN a.monetary = '' AND a.approval_exempt = 0 AND l.debit_fen <> 0 THEN a.code || ' ' || a.name END, '、')
		FROM voucher_line l JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE l.voucher_id = ? GROUP BY l.compound_id ORDER BY min(l.seq)`, v.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, net, own int64
		var name string
		var unexempt sql.NullString
		if err := rows.Scan(&id, &name, &net, &own, &unexempt); err != nil {
			return err
		}
		if net < 0 && own < 0 {
			// The compound's own lines do not balance: what left its
			// money accounts was booked to another compound.
			return books.Errorf(books.Forbidden, "凭证 %s 把小区“%s”的资金 %s 元记到了其他小区；各小区的资金只能用于本小区，请把每个小区的分录分开记",
				v.No(), name, books.FormatYuan(books.FromFen(-own)))
		}
		if net < 0 && unexempt.Valid && unexempt.String != "" {
			return books.Errorf(books.Forbidden, "凭证 %s 从小区“%s”的资金中付出 %s 元（借记 %s），但没有经过审批的支出申请；"+
				"付款请在“支出审批”中对已批准的申请办理，或由会计把该科目设为免审批科目（如银行手续费）",
				v.No(), name, books.FormatYuan(books.FromFen(-net)), unexempt.String)
		}
	}
	return rows.Err()
}
