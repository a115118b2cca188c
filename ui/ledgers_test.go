package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// postVoucher posts a voucher straight through the books API: 张会计 makes
// it, 李出纳 reviews it, 张会计 posts it.
func postVoucher(t *testing.T, path, date string, lines ...books.Line) {
	t.Helper()
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	v, err := acc.SaveVoucher(books.Voucher{Date: date, Lines: lines})
	if err != nil {
		t.Fatalf("SaveVoucher: %v", err)
	}
	if err := cash.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := acc.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
}

func money(s string) books.Money {
	m, err := books.ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

func TestTrialBalanceShowsPostedFigures(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("8888.88")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("8888.88")})
	u := openApp(t, path, "张会计")
	s := u.Show("ledgers").(*ledgersScreen)
	// The working month is the first one not closed: March 2026.
	if u.period != 202603 {
		t.Fatalf("working period = %s, want 2026-03", u.period)
	}
	c := u.win.Canvas()
	assertShows(t, c, "科目余额表")
	assertShows(t, c, "1002")
	assertShows(t, c, "银行存款")
	assertShows(t, c, "8,888.88")

	// Drill: the trial balance's 1002 row opens the detail ledger, whose line
	// opens the voucher.
	row := -1
	for i, code := range s.codes {
		if code == "1002" {
			row = i
		}
	}
	s.drill(row)
	assertShows(t, c, "明细账")
	assertShows(t, c, "收到停车费")
	drilled := -1
	for i, id := range s.vouchers {
		if id != 0 {
			drilled = i
		}
	}
	if drilled < 0 {
		t.Fatalf("the detail ledger has no voucher line; shows %q", visibleText(c))
	}
	s.drill(drilled)
	assertShows(t, c, "记-0001")
	assertShows(t, c, "已记账")
}

func TestExportWritesXLSX(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("100")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("100")})
	u := openApp(t, path, "张会计")
	s := u.Show("ledgers").(*ledgersScreen)
	out := filepath.Join(t.TempDir(), "科目余额表.xlsx")
	done := make(chan error, 1)
	s.export(out, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("export: %v", err)
	}
	u.long.Wait()
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Errorf("no xlsx written at %s: %v", out, err)
	}
}

func TestPrintWritesPDFAndOpensIt(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("100")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("100")})
	opened := make(chan string, 2)
	saved := openFile
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })

	u := openApp(t, path, "张会计")
	u.Show("ledgers")
	tapButton(t, u.win.Canvas(), "打印")
	pdf := <-opened
	u.long.Wait()
	b, err := os.ReadFile(pdf)
	if err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("打印 opened %s, which is not a PDF: %v", pdf, err)
	}
	os.Remove(pdf)

	s := u.Show("vouchers").(*vouchersScreen)
	s.open(0)
	tapButton(t, u.win.Canvas(), "打印")
	pdf = <-opened
	u.long.Wait()
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("voucher 打印 opened %s, which is not a PDF: %v", pdf, err)
	}
	os.Remove(pdf)
}

// 资产负债表 shows the official form's lines with their 行次, says whether
// its checks pass, and prints as the form.
func TestBalanceSheetShowsTheFormAndItsChecks(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("8888.88")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("8888.88")})
	opened := make(chan string, 1)
	saved := openFile
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })
	u := openApp(t, path, "张会计")
	s := u.Show("ledgers").(*ledgersScreen)
	s.kind.SetSelectedIndex(repBalanceSheet)
	c := u.win.Canvas()
	assertShows(t, c, "资产负债表")
	assertShows(t, c, "会民非01表")
	assertShows(t, c, "8,888.88")
	assertShows(t, c, "校验通过")
	last := s.tab.Rows[len(s.tab.Rows)-1]
	if s.statement == nil || s.tab.Rows[1][0] != "1" || last[0] != "120" || !strings.Contains(last[1], "负债和净资产总计") || last[3] != "8888.88" {
		t.Fatalf("statement %v, first line %q, last %q", s.statement, s.tab.Rows[1], last)
	}
	tapButton(t, c, "打印")
	pdf := <-opened
	u.long.Wait()
	b, err := os.ReadFile(pdf)
	if err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("打印 opened %s, which is not a PDF: %v", pdf, err)
	}
	os.Remove(pdf)

	// 业务活动表 likewise.
	s.kind.SetSelectedIndex(repActivities)
	assertShows(t, c, "会民非02表")
	assertShows(t, c, "提供服务收入")
	assertShows(t, c, "校验通过")
	if s.statement == nil || s.statement.Kind != books.StatementActivities {
		t.Fatalf("statement %v", s.statement)
	}
	s.kind.SetSelectedIndex(repCashFlow)
	assertShows(t, c, "会民非03表")
	assertShows(t, c, "接受捐赠收到的现金")
	assertShows(t, c, "校验通过")
}
