package books

import (
	"database/sql"
	"time"
)

// This file lists every rule the core runs at its three doors — posting a
// voucher, deleting a draft, verifying a book — in the order they run. Open,
// Create, OpenReadOnly and Restore give each Book this list (newBook); no
// other file adds to it, so what posting checks is read here, not pieced
// together from init functions. TestEveryRuleIsNeeded fails when a rule is
// dropped from a list.

// postRule runs inside the posting transaction after the voucher's lines
// are validated and its balances added; an error refuses the posting and
// rolls everything back. by is the session posting it, so a rule that
// changes other records logs them as that user.
type postRule struct {
	name string
	run  func(tx *sql.Tx, v Voucher, by *Session) error
}

// deleteRule runs inside the transaction that deletes a draft voucher,
// before it goes: it releases what other records linked to the draft, or
// refuses the deletion.
type deleteRule struct {
	name string
	run  func(tx *sql.Tx, v Voucher) error
}

// verifyRule is one of Verify's checks beyond the core's own (integrity, the
// log's chain, balances, fingerprints); it returns the problems it finds in
// words for the person verifying.
type verifyRule struct {
	name string
	run  func(b *Book) []string
}

// rules is what a book runs at each door.
type rules struct {
	post   []postRule
	delete []deleteRule
	verify []verifyRule
}

// bookRules returns the rules every book runs, in run order.
func bookRules() rules {
	return rules{
		post: []postRule{
			// A posted reversal makes the bill, receipt, income item or
			// deposit its voucher made stop counting.
			{"income.release-on-reversal", releaseIncomeOnReversal},
			// A posted reversal of a lease-termination credit makes the
			// credit stop counting; a credited bill is reversed only after.
			{"lease.credit-on-reversal", releaseCreditOnReversal},
			// No money account of a compound goes below zero on any day
			// from the voucher's date on.
			{"money.no-account-below-zero", checkMoneyAccounts},
			// Money leaves a compound only through an approved application
			// or an approval-exempt account.
			{"spending.outflow-approved", checkOutflow},
			// No compound's spendable money goes below zero; a payment
			// pays its own compound's application within its approval;
			// a reversed payment gives the application its amount back.
			{"spending.spendable-and-payments", checkPaymentPosting},
		},
		delete: []deleteRule{
			{"lease.keep-credited-bill", keepCreditedBill},
			{"spending.release-payment", releasePayment},
		},
		verify: []verifyRule{
			{"vouchers.four-eyes", verifyFourEyes},
			{"attachments.content", verifyAttachments},
			{"log.state", verifyStateAgainstLog},
			{"log.fingerprints", verifyFingerprintsAgainstLog},
			{"income.records-match-vouchers", verifyIncomeRecords},
			{"lease.credits-match-vouchers", verifyLeaseCredits},
			{"spending.payments", verifyPayments},
		},
	}
}

// newBook is the one place a Book value is made, so every book carries the
// same rules.
func newBook(db *sql.DB, path string, lk *writeLock, readOnly bool) *Book {
	return &Book{db: db, path: path, lock: lk, readOnly: readOnly, now: time.Now, rules: bookRules()}
}

func (r rules) checkPost(tx *sql.Tx, v Voucher, by *Session) error {
	for _, rule := range r.post {
		if err := rule.run(tx, v, by); err != nil {
			return err
		}
	}
	return nil
}

func (r rules) checkDelete(tx *sql.Tx, v Voucher) error {
	for _, rule := range r.delete {
		if err := rule.run(tx, v); err != nil {
			return err
		}
	}
	return nil
}

func (r rules) verifyBook(b *Book) []string {
	var problems []string
	for _, rule := range r.verify {
		problems = append(problems, rule.run(b)...)
	}
	return problems
}
