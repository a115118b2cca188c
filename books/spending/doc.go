// Package spending keeps a community's spending beside the ledger core:
// applications with their matter levels and the dated level policy, the
// procedures they go through (业委会申请 → 社区党组织审核 → 街道党工委审批)
// with the deliberation each step requires, the signed approval requests and
// decisions that travel between community and street, attachments, and
// payment: nothing is paid that was not approved.
//
// It reaches the core only through the seam in books/seam.go: it changes its
// own tables inside Session.Write, makes its vouchers with Tx.InsertVoucher,
// and hands the core its posting, deleting and verifying checks as the
// Module that every program opening a book passes to books.Open.
package spending

import (
	"strings"

	"sunbooks/books"
)

// internal wraps an unexpected error with the operation that failed.
func internal(op string, err error) error { return books.Unexpected(op, err) }

// specialCode is the code of the street special account, whose money is not
// spendable.
func specialCode(q books.Querier) (string, error) {
	p, err := books.SpecialAccountPlace(q)
	return p.Code, err
}

// likeEscape escapes s for a LIKE pattern with ESCAPE '\\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
