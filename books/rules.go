package books

import (
	"context"
	"database/sql"
	"time"
)

// This file lists every rule the core runs at its three doors — posting a
// voucher, deleting a draft, verifying a book — in the order they run; the
// subdomains' modules (seam.go) add theirs after them when a book is opened
// (newBook). Nothing else adds to a book's rules, so what posting checks is
// read here and in the modules the edges pass to Open, not pieced together
// from init functions. TestEveryRuleIsNeeded fails when a rule is dropped
// from a list.

// rules is what a book runs at each door.
type rules struct {
	post   []PostCheck
	delete []DeleteCheck
	verify []VerifyCheck
}

// coreRules returns the rules the ledger core runs itself, in run order.
func coreRules() rules {
	return rules{
		post: []PostCheck{
			// No money account of a compound goes below zero on any day
			// from the voucher's date on.
			{"money.no-account-below-zero", checkMoneyAccounts},
		},
		verify: []VerifyCheck{
			{"vouchers.four-eyes", verifyFourEyes},
			{"log.state", verifyStateAgainstLog},
			{"log.fingerprints", verifyFingerprintsAgainstLog},
		},
	}
}

// bookRules returns what a book with modules runs: the core's rules, then
// each module's in the order the modules are given.
func bookRules(modules []Module) rules {
	r := coreRules()
	for _, m := range modules {
		r.post = append(r.post, m.Post...)
		r.delete = append(r.delete, m.Delete...)
		r.verify = append(r.verify, m.Verify...)
	}
	return r
}

// newBook is the one place a Book value is made, so every book carries the
// core's rules and its modules'.
func newBook(db *sql.DB, path string, lk *writeLock, readOnly bool, modules []Module) *Book {
	return &Book{db: db, path: path, lock: lk, readOnly: readOnly, now: time.Now, modules: modules, rules: bookRules(modules)}
}

func (r rules) checkPost(tx *Tx, v Voucher) error {
	for _, rule := range r.post {
		if err := rule.Run(tx, v); err != nil {
			return err
		}
	}
	return nil
}

func (r rules) checkDelete(tx *Tx, v Voucher) error {
	for _, rule := range r.delete {
		if err := rule.Run(tx, v); err != nil {
			return err
		}
	}
	return nil
}

func (r rules) verifyBook(ctx context.Context, b *Book) ([]string, error) {
	var problems []string
	for _, rule := range r.verify {
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		problems = append(problems, rule.Run(b)...)
	}
	return problems, nil
}

// Checks names the checks the book runs, in run order, each with its door:
// "post …", "delete …", "verify …" — the core's, then its modules'.
func (b *Book) Checks() []string {
	var out []string
	for _, x := range b.rules.post {
		out = append(out, "post "+x.Name)
	}
	for _, x := range b.rules.delete {
		out = append(out, "delete "+x.Name)
	}
	for _, x := range b.rules.verify {
		out = append(out, "verify "+x.Name)
	}
	return out
}
