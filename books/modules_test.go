package books_test

import (
	"slices"
	"testing"

	"sunbooks/books/bookstest"
)

// A book opened as the product opens it (books/standard) runs the core's
// checks, then income's, then spending's, in this order.
func TestProductBooksRunEveryCheckInOrder(t *testing.T) {
	want := []string{
		"post money.no-account-below-zero", "post income.release-on-reversal", "post lease.credit-on-reversal",
		"post spending.outflow-approved", "post spending.spendable-and-payments",
		"delete lease.keep-credited-bill", "delete spending.release-payment",
		"verify vouchers.four-eyes", "verify log.state", "verify log.fingerprints",
		"verify income.records-match-vouchers", "verify lease.credits-match-vouchers",
		"verify attachments.content", "verify spending.payments",
	}
	if got := bookstest.New(t).Checks(); !slices.Equal(got, want) {
		t.Errorf("a product book runs %q,\nwant %q", got, want)
	}
}
