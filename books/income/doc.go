// Package income keeps a community's income beside the ledger core: the
// service rooms (社区服务用房), leases with base rent plus a share of turnover,
// their bills, receipts, arrears and early termination, other income (group
// buying, workshops, subsidies), and the quarterly deposit of each compound's
// money to the street special account.
//
// It reaches the core only through the seam in books/seam.go: it changes its
// own tables inside Session.Write, makes its vouchers with Tx.InsertVoucher,
// and hands the core its posting, deleting and verifying checks as the
// Module that every program opening a book passes to books.Open.
package income

import (
	"github.com/shopspring/decimal"

	"sunbooks/books"
)

var hundred = decimal.NewFromInt(100)

// internal wraps an unexpected error with the operation that failed.
func internal(op string, err error) error { return books.Unexpected(op, err) }
