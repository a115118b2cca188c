package books

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSpendableIsMonetaryBalanceOfTheCompound(t *testing.T) {
	tb := newTestBook(t)
	acc := tb.accountant
	if _, err := acc.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	tb.post("2026-01-05", line("租金收入", "100201", "阳光小区", "1000.00", ""), line("租金收入", "4901", "阳光小区", "", "1000.00"))
	tb.post("2026-01-06", line("备用金", "1001", "阳光小区", "200.00", ""), line("备用金", "100201", "阳光小区", "", "200.00"))
	tb.post("2026-02-03", line("保洁费", "5101", "阳光小区", "150.00", ""), line("保洁费", "1001", "阳光小区", "", "150.00"))
	tb.post("2026-02-04", line("公共收益", "1001", "和平小区", "90.00", ""), line("公共收益", "4901", "和平小区", "", "90.00"))
	sun, _ := tb.CompoundByName("阳光小区")
	peace, _ := tb.CompoundByName("和平小区")
	cases := []struct {
		name     string
		compound int64
		through  Period
		want     string
	}{
		{"january only: transfer between monetary accounts changes nothing", sun.ID, 202601, "1000.00"},
		{"february spending counts", sun.ID, 202602, "850.00"},
		{"through 0 means all months", sun.ID, 0, "850.00"},
		{"another compound's money is its own", peace.ID, 202602, "90.00"},
		{"before any posting", sun.ID, 202512, "0.00"},
	}
	for _, c := range cases {
		got, err := tb.Spendable(c.compound, c.through)
		if err != nil {
			t.Fatal(err)
		}
		if PlainYuan(got) != c.want {
			t.Errorf("%s: Spendable = %s, want %s", c.name, PlainYuan(got), c.want)
		}
	}
}

// reportBook is a book with bank sub-accounts, an opening balance in
// December 2025 and four vouchers in January and February 2026.
func reportBook(t *testing.T) *testBook {
	t.Helper()
	tb := newTestBook(t)
	for _, c := range [][2]string{{"100201", "工商银行"}, {"100202", "农业银行"}} {
		if _, err := tb.accountant.AddAccount("1002", c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	tb.post("2025-12-31", line("期初建账", "100201", "阳光小区", "10000.00", ""), line("期初建账", "3101", "阳光小区", "", "10000.00"))
	tb.post("2026-01-05", line("物业用房租金", "100201", "阳光小区", "1000.00", ""), line("物业用房租金", "4901", "阳光小区", "", "1000.00"))
	tb.post("2026-01-20", line("保洁费", "5101", "阳光小区", "300.00", ""), line("保洁费", "100201", "阳光小区", "", "300.00"))
	tb.post("2026-02-03", line("政府补助", "100202", "和平小区", "500.00", ""), line("政府补助", "4401", "和平小区", "", "500.00"))
	tb.post("2026-02-10", line("办公用品", "5201", "阳光小区", "200.00", ""), line("办公用品", "100201", "阳光小区", "", "200.00"))
	return tb
}

func tbRow(t *testing.T, tb TrialBalance, code string) []string {
	t.Helper()
	for _, r := range tb.Table().Rows {
		if r[0] == code {
			return r[2:]
		}
	}
	return nil
}

func TestTrialBalanceRules(t *testing.T) {
	tb := reportBook(t)
	peace, _ := tb.CompoundByName("和平小区")
	sun, _ := tb.CompoundByName("阳光小区")
	type want struct{ code, row string }
	cases := []struct {
		rule     string
		from, to Period
		compound int64
		want     []want
		absent   []string
	}{
		{"parents roll up their children and the 合计 row sums first-level accounts", 202601, 202602, 0, []want{
			{"1002", "10000.00 0.00 1500.00 500.00 11000.00 0.00"},
			{"100201", "10000.00 0.00 1000.00 500.00 10500.00 0.00"},
			{"100202", "0.00 0.00 500.00 0.00 500.00 0.00"},
			{"3101", "0.00 10000.00 0.00 0.00 0.00 10000.00"},
			{"5101", "0.00 0.00 300.00 0.00 300.00 0.00"},
			{"合计", "10000.00 10000.00 2000.00 2000.00 11500.00 11500.00"},
		}, []string{"1001", "4101"}},
		{"opening is everything before the range, closing = opening + period", 202602, 202602, sun.ID, []want{
			{"100201", "10700.00 0.00 0.00 200.00 10500.00 0.00"},
			{"4901", "0.00 1000.00 0.00 0.00 0.00 1000.00"},
			{"合计", "11000.00 11000.00 200.00 200.00 11000.00 11000.00"},
		}, []string{"100202", "4401"}},
		{"compound filter keeps only that compound's lines", 202601, 202602, peace.ID, []want{
			{"1002", "0.00 0.00 500.00 0.00 500.00 0.00"},
			{"4401", "0.00 0.00 0.00 500.00 0.00 500.00"},
			{"合计", "0.00 0.00 500.00 500.00 500.00 500.00"},
		}, []string{"100201", "3101", "5101"}},
		{"an account with no balance and no activity has no row", 202501, 202501, 0, []want{
			{"合计", "0.00 0.00 0.00 0.00 0.00 0.00"},
		}, []string{"1002", "3101"}},
	}
	for _, c := range cases {
		got, err := tb.TrialBalance(c.from, c.to, c.compound)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		for _, w := range c.want {
			r := tbRow(t, got, w.code)
			if s := strings.Join(r, " "); s != w.row {
				t.Errorf("%s: row %s = %q, want %q", c.rule, w.code, s, w.row)
			}
		}
		for _, code := range c.absent {
			if r := tbRow(t, got, code); r != nil {
				t.Errorf("%s: row %s present, want absent", c.rule, code)
			}
		}
		if !got.Balanced() {
			t.Errorf("%s: trial balance not balanced: %+v", c.rule, got.Total)
		}
		if last := got.Table().Rows[len(got.Table().Rows)-1][0]; last != "合计" {
			t.Errorf("%s: last row %q, want 合计", c.rule, last)
		}
	}
	if _, err := tb.TrialBalance(202603, 202601, 0); ErrorCode(err) != Invalid {
		t.Errorf("reversed range: err %v, want Invalid", err)
	}
}

func TestDetailLedgerRunningBalanceOnAnyPage(t *testing.T) {
	tb := reportBook(t)
	full, err := tb.DetailLedger(LedgerQuery{AccountCode: "1002", From: 202601, To: 202602})
	if err != nil {
		t.Fatal(err)
	}
	var entries []LedgerLine
	var kinds []string
	for _, l := range full.Lines {
		kinds = append(kinds, l.Memo)
		if l.Kind == LedgerEntry {
			entries = append(entries, l)
		}
	}
	wantKinds := "期初余额 物业用房租金 保洁费 本月合计 本年累计 政府补助 办公用品 本月合计 本年累计"
	if s := strings.Join(kinds, " "); s != wantKinds {
		t.Errorf("ledger lines = %q, want %q", s, wantKinds)
	}
	if full.Total != 4 || !full.Opening.Equal(yuan("10000")) {
		t.Errorf("Total %d Opening %s, want 4 and 10000", full.Total, full.Opening)
	}
	wantBal := []string{"11000.00", "10700.00", "11200.00", "11000.00"}
	for i, e := range entries {
		if PlainYuan(e.Balance) != wantBal[i] {
			t.Errorf("entry %d balance %s, want %s", i, PlainYuan(e.Balance), wantBal[i])
		}
		if e.VoucherID == 0 || e.VoucherNo == "" {
			t.Errorf("entry %d has no voucher for drill-down", i)
		}
	}
	// Every one-line page carries the right opening and running balance.
	for off := range entries {
		page, err := tb.DetailLedger(LedgerQuery{AccountCode: "1002", From: 202601, To: 202602, Offset: off, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		var got []LedgerLine
		for _, l := range page.Lines {
			if l.Kind == LedgerEntry {
				got = append(got, l)
			}
		}
		if len(got) != 1 || PlainYuan(got[0].Balance) != wantBal[off] {
			t.Errorf("page at offset %d: entries %+v, want balance %s", off, got, wantBal[off])
			continue
		}
		wantOpen := entries[off].Balance.Sub(entries[off].Debit).Add(entries[off].Credit)
		if !page.PageOpening.Equal(wantOpen) || page.Lines[0].Memo != map[bool]string{true: "期初余额", false: "承前页"}[off == 0] {
			t.Errorf("page at offset %d: opening %s (%s), want %s", off, page.PageOpening, page.Lines[0].Memo, wantOpen)
		}
	}
	// The page ending a month carries the month total and 本年累计 from the kept balances.
	page, _ := tb.DetailLedger(LedgerQuery{AccountCode: "1002", From: 202601, To: 202602, Offset: 3, Limit: 1})
	last := page.Lines[len(page.Lines)-1]
	month := page.Lines[len(page.Lines)-2]
	if month.Memo != "本月合计" || PlainYuan(month.Debit) != "500.00" || PlainYuan(month.Credit) != "200.00" ||
		last.Memo != "本年累计" || PlainYuan(last.Debit) != "1500.00" || PlainYuan(last.Credit) != "500.00" {
		t.Errorf("month end lines = %+v / %+v", month, last)
	}
	// A page in the middle of a month has no month total.
	page, _ = tb.DetailLedger(LedgerQuery{AccountCode: "1002", From: 202601, To: 202602, Offset: 2, Limit: 1})
	for _, l := range page.Lines {
		if l.Kind == LedgerMonthTotal {
			t.Errorf("mid-month page has a month total: %+v", l)
		}
	}
	// Compound filter.
	peace, _ := tb.CompoundByName("和平小区")
	p, _ := tb.DetailLedger(LedgerQuery{AccountCode: "1002", CompoundID: peace.ID, From: 202601, To: 202602})
	if p.Total != 1 || !p.Opening.IsZero() {
		t.Errorf("和平小区 ledger: total %d opening %s, want 1 and 0", p.Total, p.Opening)
	}
}

func TestJournalHasDailyTotals(t *testing.T) {
	tb := reportBook(t)
	tb.post("2026-02-10", line("银行手续费", "5201", "阳光小区", "5.00", ""), line("银行手续费", "100201", "阳光小区", "", "5.00"))
	j, err := tb.Journal("bank", 202602, 202602, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var memos []string
	for _, l := range j.Lines {
		memos = append(memos, l.Memo)
	}
	want := "期初余额 政府补助 本日合计 办公用品 银行手续费 本日合计 本月合计 本年累计"
	if s := strings.Join(memos, " "); s != want {
		t.Errorf("journal = %q, want %q", s, want)
	}
	day := j.Lines[5]
	if PlainYuan(day.Credit) != "205.00" || PlainYuan(day.Balance) != "10995.00" {
		t.Errorf("day total %+v, want credit 205.00 balance 10995.00", day)
	}
	if j.Title != "银行存款日记账" {
		t.Errorf("title %q", j.Title)
	}
	if _, err := tb.Journal("cash", 202602, 202602, 0, 0, 0); err != nil {
		t.Errorf("empty cash journal: %v", err)
	}
}

func TestGeneralLedgerMonthsAndYearToDate(t *testing.T) {
	tb := reportBook(t)
	gl, err := tb.GeneralLedger(202601, 202602, 0, "100201")
	if err != nil {
		t.Fatal(err)
	}
	if len(gl.Accounts) != 1 || gl.Accounts[0].Account.Code != "1002" {
		t.Fatalf("a child code selects its first-level account: %+v", gl.Accounts)
	}
	a := gl.Accounts[0]
	if PlainYuan(a.Opening) != "10000.00" || len(a.Months) != 2 {
		t.Fatalf("opening %s months %d", a.Opening, len(a.Months))
	}
	feb := a.Months[1]
	if PlainYuan(feb.Debit) != "500.00" || PlainYuan(feb.Credit) != "200.00" || PlainYuan(feb.Balance) != "11000.00" ||
		PlainYuan(feb.YearDebit) != "1500.00" || PlainYuan(feb.YearCredit) != "500.00" {
		t.Errorf("February = %+v", feb)
	}
	// 本年累计 counts the months before the range in the same year.
	gl, _ = tb.GeneralLedger(202602, 202602, 0, "5101")
	m := gl.Accounts[0].Months[0]
	if PlainYuan(gl.Accounts[0].Opening) != "300.00" || !m.Debit.IsZero() || PlainYuan(m.YearDebit) != "300.00" {
		t.Errorf("5101 February: opening %s month %+v", gl.Accounts[0].Opening, m)
	}
	all, _ := tb.GeneralLedger(202601, 202602, 0, "")
	for _, x := range all.Accounts {
		if x.Account.ParentID != 0 {
			t.Errorf("general ledger lists non-first-level %s", x.Account.Code)
		}
		if x.Account.Code == "1001" {
			t.Errorf("general ledger lists 1001 without balance or activity")
		}
	}
}

func TestBalanceSheetBalances(t *testing.T) {
	tb := reportBook(t)
	bs, err := tb.BalanceSheet(202602, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bs.TotalAssets.End.Equal(bs.TotalLiabilities.End.Add(bs.TotalEquity.End)) ||
		!bs.TotalAssets.YearStart.Equal(bs.TotalLiabilities.YearStart.Add(bs.TotalEquity.YearStart)) {
		t.Errorf("assets ≠ liabilities + net assets: %+v %+v %+v", bs.TotalAssets, bs.TotalLiabilities, bs.TotalEquity)
	}
	if PlainYuan(bs.TotalAssets.End) != "11000.00" || PlainYuan(bs.TotalAssets.YearStart) != "10000.00" {
		t.Errorf("assets %+v, want year start 10000 end 11000", bs.TotalAssets)
	}
	last := bs.Equity[len(bs.Equity)-1]
	if last.Name != "未结转收支结余" || PlainYuan(last.End) != "1000.00" {
		t.Errorf("uncarried result %+v, want 1000.00", last)
	}
	if bs.EquityTitle != "净资产" {
		t.Errorf("EquityTitle %q", bs.EquityTitle)
	}
}

func TestCompoundFundIdentityAcrossYearEndCarry(t *testing.T) {
	tb := reportBook(t)
	sun, _ := tb.CompoundByName("阳光小区")
	// 2025: one more income and expense, then the year-end carry.
	tb.post("2025-12-05", line("公共收益", "100201", "阳光小区", "800.00", ""), line("公共收益", "4901", "阳光小区", "", "800.00"))
	tb.post("2025-12-06", line("绿化养护", "5101", "阳光小区", "120.00", ""), line("绿化养护", "100201", "阳光小区", "", "120.00"))
	cv, err := tb.accountant.CarryYearEnd(2025)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(cv.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(cv.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rule                              string
		from, to                          Period
		open, income, expense, other, end string
	}{
		{"December: carry excluded from income and expense", 202512, 202512, "0.00", "800.00", "120.00", "10000.00", "10680.00"},
		{"January after carry: opening unchanged by the carry", 202601, 202601, "10680.00", "1000.00", "300.00", "0.00", "11380.00"},
		{"range over the year end", 202512, 202602, "0.00", "1800.00", "620.00", "10000.00", "11180.00"},
	}
	for _, c := range cases {
		r, err := tb.CompoundReport(c.from, c.to, sun.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Compounds) != 1 {
			t.Fatalf("%s: %d compounds", c.rule, len(r.Compounds))
		}
		f := r.Compounds[0]
		got := strings.Join([]string{PlainYuan(f.Opening), PlainYuan(f.TotalIncome), PlainYuan(f.TotalExpense), PlainYuan(f.OtherNetAsset), PlainYuan(f.Closing)}, " ")
		want := strings.Join([]string{c.open, c.income, c.expense, c.other, c.end}, " ")
		if got != want {
			t.Errorf("%s: 期初 收入 支出 其他 期末 = %s, want %s", c.rule, got, want)
		}
		if !f.Opening.Add(f.TotalIncome).Sub(f.TotalExpense).Add(f.OtherNetAsset).Equal(f.Closing) {
			t.Errorf("%s: 期初 + 收入 − 支出 ≠ 期末", c.rule)
		}
		fb, _ := tb.FundBalance(sun.ID, c.to)
		if !fb.Equal(f.Closing) {
			t.Errorf("%s: FundBalance %s ≠ Closing %s", c.rule, fb, f.Closing)
		}
	}
	all, _ := tb.CompoundReport(202601, 202602, 0)
	if len(all.Compounds) != 2 {
		t.Errorf("all compounds: %d, want 2", len(all.Compounds))
	}
}

func TestBalanceSheetRuralChartSaysOwnersEquity(t *testing.T) {
	b, err := Create(filepath.Join(t.TempDir(), "r.sunbooks"), CreateOptions{Street: "城关街道", Community: "前进村", Code: "371329101", Chart: "rural2023", UserName: "张会计", Password: "secret1"}, standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	acc.AddUser("李出纳", RoleCashier, "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	acc.AddCompound("一组")
	v, err := acc.SaveVoucher(Voucher{Date: "2026-02-01", Lines: []Line{line("经营收入", "102", "一组", "300", ""), line("经营收入", "501", "一组", "", "300")}})
	if err != nil {
		t.Fatal(err)
	}
	cash.ReviewVoucher(v.ID)
	if err := acc.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	bs, err := b.BalanceSheet(202602, 0)
	if err != nil {
		t.Fatal(err)
	}
	if bs.EquityTitle != "所有者权益" || bs.TotalEquity.Name != "所有者权益合计" {
		t.Errorf("rural equity title %q / %q", bs.EquityTitle, bs.TotalEquity.Name)
	}
	if PlainYuan(bs.TotalAssets.End) != "300.00" || !bs.TotalAssets.End.Equal(bs.TotalLiabilities.End.Add(bs.TotalEquity.End)) {
		t.Errorf("rural balance sheet: assets %s, liabilities %s, equity %s", bs.TotalAssets.End, bs.TotalLiabilities.End, bs.TotalEquity.End)
	}
}

// FundEntries are the lines behind the 小区收支明细: per compound they sum to
// its income and expense, without drafts and without the year-end carry.
func TestFundEntriesAddUpToTheCompoundReport(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-12-03", line("12月停车费", "1002", "阳光小区", "500", ""), line("", "4901", "阳光小区", "", "500"))
	tb.post("2026-12-05", line("保洁", "5101", "阳光小区", "120.30", ""), line("", "1002", "阳光小区", "", "120.30"))
	tb.post("2026-12-06", line("广告位", "1002", "和平小区", "80", ""), line("", "4901", "和平小区", "", "80"))
	v, err := tb.accountant.CarryYearEnd(2026)
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(v.ID)
	if _, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-12-31", Lines: []Line{line("草稿", "5101", "阳光小区", "9", ""), line("", "1002", "阳光小区", "", "9")}}); err != nil {
		t.Fatal(err)
	}
	entries, err := tb.FundEntries(202612, 202612, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3 (no draft, no carry): %+v", len(entries), entries)
	}
	if e := entries[1]; e.VoucherNo != "记-0002" || e.Class != ClassExpense || !e.ApprovalExempt || e.Preparer != "张会计" || !e.Debit.Equal(yuan("120.30")) {
		t.Errorf("second entry = %+v", e)
	}
	cr, err := tb.CompoundReport(202612, 202612, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cr.Compounds {
		in, out := FromFen(0), FromFen(0)
		for _, e := range entries {
			if e.CompoundID != f.Compound.ID {
				continue
			}
			if e.Class == ClassIncome {
				in = in.Add(e.Credit.Sub(e.Debit))
			} else {
				out = out.Add(e.Debit.Sub(e.Credit))
			}
		}
		if !in.Equal(f.TotalIncome) || !out.Equal(f.TotalExpense) {
			t.Errorf("%s: entries give income %s expense %s, the report %s and %s", f.Compound.Name, in, out, f.TotalIncome, f.TotalExpense)
		}
	}
	if only, _ := tb.FundEntries(202612, 202612, entries[2].CompoundID); len(only) != 1 || only[0].Memo != "广告位" {
		t.Errorf("one compound's entries = %+v", only)
	}
}
