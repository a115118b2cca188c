package books_test

import (
	"slices"
	"testing"

	"sunbooks/books/bookstest"
)

// A book opened as the product opens it (books/standard) runs the core's
// checks and then income's, in this order.
func TestProductBooksRunEveryCheckInOrder(t *testing.T) {
	want := []string{
		"post money.no-account-below-zero", "post spending.outflow-approved", "post spending.spendable-and-payments",
		"post income.release-on-reversal", "post lease.credit-on-reversal",
		"delete spending.release-payment", "delete lease.keep-credited-bill",
		"verify vouchers.four-eyes", "verify attachments.content", "verify log.state", "verify log.fingerprints",
		"verify spending.payments", "verify income.records-match-vouchers", "verify lease.credits-match-vouchers",
	}
	if got := bookstest.New(t).Checks(); !slices.Equal(got, want) {
		t.Errorf("a product book runs %q,\nwant %q", got, want)
	}
}
