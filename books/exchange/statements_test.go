package exchange

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/bookstest"
)

// The package carries each month's statements; the street adds up its
// communities' line by line, checks the sum, and names a community whose
// package (of the version before statements) carries none.
func TestStreetConsolidatesTheCommunitiesStatements(t *testing.T) {
	sun := closedCommunity(t)
	peace := bookstest.NewCommunity(t, "和平社区", "371329002")
	peace.Post("2026-01-08", bookstest.Line("收场地费", "1002", "和平小区", "700", ""), bookstest.Line("收场地费", "4301", "和平小区", "", "700"))
	for _, p := range []books.Period{202601, 202602} {
		if err := peace.Accountant.ClosePeriod(p); err != nil {
			t.Fatal(err)
		}
	}
	_, street := streetBook(t)
	var want [2]books.Money
	for i, c := range []*bookstest.Book{sun, peace} {
		trustBook(t, street, c.Book)
		pk, err := Export(t.Context(), c.Accountant, 202601, 202602)
		if err != nil {
			t.Fatal(err)
		}
		if pk.Manifest.Version != 2 || pk.Manifest.Counts["statements"] != 2*3*3 {
			t.Errorf("package version %d with %d statements, want 2 months × 3 forms × (community + 2 compounds)", pk.Manifest.Version, pk.Manifest.Counts["statements"])
		}
		if _, err := Import(t.Context(), street, "p", pk.Data); err != nil {
			t.Fatal(err)
		}
		s, _ := c.Statement(books.StatementBalanceSheet, 202602, 0)
		want[0] = want[0].Add(s.Amount(1, 1))
		a, _ := c.Statement(books.StatementActivities, 202602, 0)
		want[1] = want[1].Add(a.Amount(45, 5))
		_ = i
	}
	bs, err := ConsolidatedStatement(t.Context(), street.Book(), books.StatementBalanceSheet, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if !bs.Amount(1, 1).Equal(want[0]) || !bs.Amount(60, 1).Equal(bs.Amount(120, 1)) || len(bs.Problems) > 0 || bs.FormNo != "会民非01表" {
		t.Errorf("consolidated balance sheet: 货币资金 %s, want %s; 60 %s, 120 %s; problems %q", bs.Amount(1, 1), want[0], bs.Amount(60, 1), bs.Amount(120, 1), bs.Problems)
	}
	if !strings.Contains(bs.Note, "汇总 2 个社区：阳光社区（371329001）、和平社区（371329002）") || bs.Unit != "城关街道" {
		t.Errorf("note %q, unit %q", bs.Note, bs.Unit)
	}
	act, err := ConsolidatedStatement(t.Context(), street.Book(), books.StatementActivities, 202602)
	if err != nil || !act.Amount(45, 5).Equal(want[1]) {
		t.Errorf("consolidated activities: 净资产变动额 %s, want %s: %v", act.Amount(45, 5), want[1], err)
	}

	// A package of the version before statements still imports; the
	// consolidated statement names its community as missing.
	third := bookstest.NewCommunity(t, "幸福社区", "371329003")
	third.Post("2026-01-09", bookstest.Line("收费", "1002", "阳光小区", "10", ""), bookstest.Line("收费", "4301", "阳光小区", "", "10"))
	if err := third.Accountant.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	pk, err := Export(t.Context(), third.Accountant, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	old := repack(t, third, pk.Data, func(p *Package) {
		p.Manifest.Version = 1
		p.statements = nil
	})
	trustBook(t, street, third.Book)
	if _, err := Import(t.Context(), street, "old", old); err != nil {
		t.Fatalf("a version 1 package: %v", err)
	}
	bs, _ = ConsolidatedStatement(t.Context(), street.Book(), books.StatementBalanceSheet, 202601)
	if !strings.Contains(bs.Note, "缺少：幸福社区（371329003）") {
		t.Errorf("note %q", bs.Note)
	}
	// A statement edited by hand in the street's book is refused.
	if _, err := street.Book().DB().Exec(`UPDATE consol_statement SET data = replace(data, '"Title":"资产负债表"', '"Title":"资产负债表 "') WHERE kind = 'balance-sheet'`); err != nil {
		t.Fatal(err)
	}
	if _, err := ConsolidatedStatement(t.Context(), street.Book(), books.StatementBalanceSheet, 202601); books.ErrorCode(err) != books.Tampered {
		t.Errorf("a statement edited by hand: %v, want Tampered", err)
	}
}
