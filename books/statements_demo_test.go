package books_test

import (
	"reflect"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// demoScopes opens the demo book read-only and names its statements'
// scopes: the community (0), then each compound.
func demoScopes(t *testing.T) (*books.Book, []int64) {
	t.Helper()
	b, err := books.OpenReadOnly(demoBook(t), standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	compounds, err := b.Compounds(true)
	if err != nil {
		t.Fatal(err)
	}
	scopes := []int64{0}
	for _, c := range compounds {
		scopes = append(scopes, c.ID)
	}
	return b, scopes
}

// The demo book's statements tie out for every month of its year, for the
// community and for each compound.
func TestDemoStatementsTieOutEveryMonth(t *testing.T) {
	b, scopes := demoScopes(t)
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

// Statements, which reads the lines once for a whole range, gives what
// Statement gives for each month, kind and scope on its own: over a range
// of the demo book starting in mid-year and crossing a year end.
func TestStatementsReadOnceEqualEachAlone(t *testing.T) {
	b, scopes := demoScopes(t)
	kinds := []string{books.StatementBalanceSheet, books.StatementActivities, books.StatementCashFlow}
	const from, to = books.Period(202506), books.Period(202603)
	all, err := b.Statements(t.Context(), kinds, from, to, scopes)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for p := from; p <= to; p = p.Next() {
		for _, kind := range kinds {
			for _, c := range scopes {
				alone, err := b.Statement(kind, p, c)
				if err != nil {
					t.Fatal(err)
				}
				if i >= len(all) {
					t.Fatalf("Statements gave %d statements, fewer than the range has", len(all))
				}
				if !reflect.DeepEqual(all[i], alone) {
					t.Errorf("%s %s compound %d: read once\n%+v\nalone\n%+v", kind, p, c, all[i], alone)
				}
				i++
			}
		}
	}
	if i != len(all) {
		t.Errorf("Statements gave %d statements, want %d", len(all), i)
	}
	if _, err := b.Statements(t.Context(), kinds, to, from, scopes); err == nil {
		t.Error("a range ending before it starts was accepted")
	}
}
