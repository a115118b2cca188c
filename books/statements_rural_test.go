package books

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ruralBook is a rural2023 book with a year behind it (not carried) and a
// quarter of business.
func ruralBook(t *testing.T) *testBook {
	path := filepath.Join(t.TempDir(), "rural.sunbooks")
	clock := time.Date(2027, 1, 15, 9, 0, 0, 0, time.Local)
	tick := func() time.Time { clock = clock.Add(time.Second); return clock }
	b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光村", Code: "371329101", Chart: "rural2023", UserName: "张会计", Password: "secret1", Now: tick}, standIn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	acc, _ := b.Login("张会计", "secret1")
	if _, err := acc.AddUser("李出纳", RoleCashier, "secret1"); err != nil {
		t.Fatal(err)
	}
	cash, _ := b.Login("李出纳", "secret1")
	if _, err := acc.AddCompound("一组"); err != nil {
		t.Fatal(err)
	}
	tb := &testBook{Book: b, t: t, accountant: acc, cashier: cash}
	for _, v := range []struct{ date, dr, cr, amount string }{
		{"2025-05-01", "102", "301", "50000"}, {"2025-06-01", "102", "501", "8000"}, {"2025-07-01", "513", "102", "1000"},
		{"2026-01-05", "151", "102", "6000"}, {"2026-01-31", "513", "152", "200"}, {"2026-02-10", "102", "503", "3000"},
		{"2026-02-20", "514", "102", "500"}, {"2026-03-01", "102", "201", "1000"},
	} {
		tb.post(v.date, line("业务", v.dr, "一组", v.amount, ""), line("业务", v.cr, "一组", "", v.amount))
	}
	return tb
}

// The rural forms, built from the chart's structure: every line on a fixed
// book, both checks passing, and each check able to fail.
func TestRuralStatements(t *testing.T) {
	tb := ruralBook(t)
	bs, err := tb.Statement(StatementBalanceSheet, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := amounts(bs)
	want := map[int]string{1: "57000.00 54500.00", 10: "57000.00 54500.00", 16: "0.00 6000.00", 17: "0.00 200.00", 18: "0.00 5800.00",
		30: "0.00 5800.00", 40: "57000.00 60300.00", 41: "0.00 1000.00", 50: "0.00 1000.00", 60: "0.00 1000.00", 61: "50000.00 50000.00", 63: "7000.00 9300.00",
		65: "57000.00 59300.00", 70: "57000.00 60300.00"}
	for _, l := range []int{2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 19, 20, 21, 22, 23, 24, 42, 43, 44, 45, 46, 51, 52, 53, 55, 62} {
		want[l] = "0.00 0.00"
	}
	if len(got) != len(want) {
		t.Errorf("%d numbered lines, want %d", len(got), len(want))
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("balance sheet line %d: %q, want %q", line, got[line], w)
		}
	}
	if len(bs.Problems) > 0 || !strings.Contains(bs.Note, "尚未与其附录的报表格式逐项核对") || bs.Lines[bs.Right].Item != "流动负债：" {
		t.Errorf("problems %q, note %q, right half %q", bs.Problems, bs.Note, bs.Lines[bs.Right].Item)
	}
	is, err := tb.Statement(StatementActivities, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	got = amounts(is)
	wantIS := map[int]string{1: "0.00 0.00", 2: "0.00 0.00", 3: "0.00 0.00", 4: "0.00 200.00", 5: "0.00 -200.00", 6: "0.00 0.00", 7: "0.00 3000.00",
		8: "0.00 0.00", 9: "0.00 500.00", 10: "0.00 0.00", 11: "0.00 2300.00", 12: "0.00 0.00",
		13: "0.00 2300.00", 14: "0.00 7000.00", 16: "0.00 9300.00", 17: "0.00 0.00", 20: "0.00 9300.00"}
	if len(got) != len(wantIS) {
		t.Errorf("%d numbered lines, want %d", len(got), len(wantIS))
	}
	for line, w := range wantIS {
		if got[line] != w {
			t.Errorf("income statement line %d: %q, want %q", line, got[line], w)
		}
	}
	if len(is.Problems) > 0 || is.Title != "收益及收益分配表" {
		t.Errorf("%s: problems %q", is.Title, is.Problems)
	}
	if _, err := tb.Statement(StatementCashFlow, 202603, 0); ErrorCode(err) != Invalid {
		t.Errorf("a rural book's cash flow: %v", err)
	}
	if _, err := tb.DB().Exec(`UPDATE balance SET credit_fen = credit_fen + 100 WHERE period = 202602 AND account_id = (SELECT id FROM account WHERE code = '503')`); err != nil {
		t.Fatal(err)
	}
	bs, _ = tb.Statement(StatementBalanceSheet, 202603, 0)
	is, _ = tb.Statement(StatementActivities, 202603, 0)
	if !strings.Contains(strings.Join(bs.Problems, "\n"), "期末数：资产总计（第 40 行）60,300.00 不等于负债和所有者权益总计（第 70 行）60,301.00") ||
		!strings.Contains(strings.Join(is.Problems, "\n"), "本年收益 2,300.00（加直接记入收益科目的 0.00）不等于资产负债表未分配收益的变动 2,301.00") {
		t.Errorf("checks after a hand edit: %q %q", bs.Problems, is.Problems)
	}
}
