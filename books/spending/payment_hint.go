package spending

import (
	"database/sql"
	"errors"

	"sunbooks/books"
)

// LastPaymentAccount is the account debited by the book's most recent
// payment for an application of the given category (物业维修, 困难帮扶, …),
// so the next payment of that kind can offer it; "" when there is none, and
// the person must then choose (an arbitrary default would be a silent
// misposting). A reversed payment is passed over, because a reversal often
// corrects the very account it debited, and so is an account since retired
// or given sub-accounts, which can no longer take a payment.
func LastPaymentAccount(b *books.Book, category string) (string, error) {
	var code string
	err := b.Reader().QueryRow(`SELECT ac.code
		FROM payment p
		JOIN application a ON a.id = p.application_id
		JOIN voucher v ON v.id = p.voucher_id
		JOIN voucher_line l ON l.voucher_id = v.id AND l.debit_fen > 0
		JOIN account ac ON ac.id = l.account_id
		WHERE a.category = ? AND ac.active = 1
			AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = ac.id)
			AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = v.id AND r.status = 'posted')
		ORDER BY v.date DESC, p.id DESC LIMIT 1`, category).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", internal("last payment account", err)
	}
	return code, nil
}
