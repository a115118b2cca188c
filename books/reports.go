package books

import (
	"database/sql"
	"fmt"
)

// Spendable returns a compound's spendable money (可用资金) through the end of
// a month: the balance of the monetary accounts (cash, bank, other money, and
// their children) over the posted lines that carry the compound. through 0
// means every posted month. It reads the kept balances, never voucher lines.
func (b *Book) Spendable(compoundID int64, through Period) (Money, error) {
	fen, err := spendableFen(b.db, compoundID, through)
	if err != nil {
		return FromFen(0), internal("spendable", err)
	}
	return FromFen(fen), nil
}

// spendableFen is Spendable inside a transaction (posting checks run there
// and must see the balances the transaction has just written).
func spendableFen(q querier, compoundID int64, through Period) (int64, error) {
	if through == 0 {
		through = 999912
	}
	var fen sql.NullInt64
	err := q.QueryRow(`SELECT sum(b.debit_fen - b.credit_fen) FROM balance b JOIN account a ON a.id = b.account_id
		WHERE a.monetary <> '' AND b.compound_id = ? AND b.period <= ?`, compoundID, int(through)).Scan(&fen)
	if err != nil {
		return 0, fmt.Errorf("spendable of compound %d: %w", compoundID, err)
	}
	return fen.Int64, nil
}
