package income

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/moduletest"
)

// The seal names a credit edited by hand, besides the credit check (the
// demo book, which the seal's own tests edit, ends no lease early).
func TestSealNamesACreditEditedByHand(t *testing.T) {
	b := editCredit(t, Module())
	p, err := b.Verify(t.Context())
	if err != nil || !strings.Contains(strings.Join(p, "\n"), "租金冲减 租约 租-0001（lease_credit 1）的内容与封存时不一致") {
		t.Errorf("Verify = %q, %v", p, err)
	}
}

// A lease's rent lowered by hand bills nothing: the lease is read only as
// the program sealed it.
func TestNothingIsBilledOnALeaseEditedByHand(t *testing.T) {
	tb, l := leaseBook(t)
	b := moduletest.HandEdit(t, tb.Book, withSpending(Module()), `UPDATE lease_rent SET amount_fen = 100`)
	s, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = BillRent(s, l.Number, 202601, "")
	if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), "租约的租金标准 租约 租-0001（lease_rent 1,'2026-01-01'）的内容与封存时不一致") {
		t.Errorf("BillRent = %v, want Tampered naming the rent", err)
	}
}
