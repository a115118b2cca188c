package income

import (
	"strings"
	"testing"
)

// The seal names a credit edited by hand, besides the credit check (the
// demo book, which the seal's own tests edit, ends no lease early).
func TestSealNamesACreditEditedByHand(t *testing.T) {
	b := editCredit(t, Module())
	p, err := b.Verify(t.Context())
	if err != nil || !strings.Contains(strings.Join(p, "\n"), "租金冲减（lease_credit 1）的内容与封存时不一致") {
		t.Errorf("Verify = %q, %v", p, err)
	}
}
