package books_test

import (
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// The demo book's statements tie out for every month of its year, for the
// community and for each compound.
func TestDemoStatementsTieOutEveryMonth(t *testing.T) {
	b, err := books.OpenReadOnly(demoBook(t), standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	compounds, err := b.Compounds(true)
	if err != nil {
		t.Fatal(err)
	}
	scopes := []int64{0}
	for _, c := range compounds {
		scopes = append(scopes, c.ID)
	}
	for p := books.Period(202501); p <= 202603; p = p.Next() {
		for _, c := range scopes {
			for _, kind := range []string{books.StatementBalanceSheet, books.StatementActivities, books.StatementCashFlow} {
				s, err := b.Statement(kind, p, c)
				if err != nil {
					t.Fatalf("%s %s compound %d: %v", kind, p, c, err)
				}
				if len(s.Problems) > 0 {
					t.Errorf("%s %s compound %d: %q", kind, p, c, s.Problems)
				}
			}
			s, _ := b.Statement(books.StatementBalanceSheet, p, c)
			if p == 202602 && c == 0 && s.Amount(60, 1).IsZero() {
				t.Errorf("%s: no assets at all", p)
			}
		}
	}
}
