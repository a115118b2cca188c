package books

import (
	"reflect"
	"testing"
)

// Money moved between compounds in one voucher is other money out of the
// one and into the other, and no flow of the community: the same whether
// the statements are read once for a range or each on its own.
func TestStatementsReadOnceKeepEachCompoundsFlows(t *testing.T) {
	tb := statementBook(t)
	tb.post("2026-03-08", line("调剂资金", "100202", "和平小区", "700", ""), line("调剂资金", "100202", "阳光小区", "", "700"))
	sun, peace := tb.compoundID("阳光小区"), tb.compoundID("和平小区")
	scopes := []int64{0, sun, peace}
	kinds := []string{StatementBalanceSheet, StatementActivities, StatementCashFlow}
	all, err := tb.Statements(t.Context(), kinds, 202602, 202603, scopes)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2*len(kinds)*len(scopes) {
		t.Fatalf("%d statements, want %d", len(all), 2*len(kinds)*len(scopes))
	}
	i := 0
	for p := Period(202602); p <= 202603; p = p.Next() {
		for _, kind := range kinds {
			for _, c := range scopes {
				alone, err := tb.Statement(kind, p, c)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(all[i], alone) {
					t.Errorf("%s %s compound %d: read once\n%+v\nalone\n%+v", kind, p, c, all[i], alone)
				}
				// A compound's own balance sheet does not balance once money
				// moved to another compound with no account between them;
				// the community's statements do.
				if c == 0 && len(alone.Problems) > 0 {
					t.Errorf("%s %s compound %d: %q", kind, p, c, alone.Problems)
				}
				i++
			}
		}
	}
	// March's cash flows, read once (the last three statements).
	for i, want := range []map[int]string{
		{8: "3000.00", 19: "0.00"},   // the community: the transfer is no flow
		{8: "3000.00", 19: "700.00"}, // 阳光小区 paid it out
		{8: "700.00", 19: "0.00"},    // 和平小区 received it
	} {
		got := amounts(all[len(all)-3+i])
		for line, w := range want {
			if got[line] != w {
				t.Errorf("scope %d line %d: %q, want %q", scopes[i], line, got[line], w)
			}
		}
	}
}
