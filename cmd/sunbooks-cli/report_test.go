package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// cliEnv is the environment of the CLI tests: 张会计 with password secret1.
func cliEnv(k string) string {
	return map[string]string{"SUNBOOKS_USER": "张会计", "SUNBOOKS_PASSWORD": "secret1", "SUNBOOKS_CONFIRM_PASSWORD": "secret1"}[k]
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e, cliEnv)
	return code, o.String(), e.String()
}

// reportBookFile makes a closed book file with a bank child account, two
// compounds and three posted vouchers in 2026-01 and 2026-02.
func reportBookFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.sunbooks")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	acc, _ := b.Login("张会计", "secret1")
	if _, err := acc.AddUser("李出纳", books.RoleCashier, "secret1"); err != nil {
		t.Fatal(err)
	}
	cash, _ := b.Login("李出纳", "secret1")
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := acc.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	if err := acc.SetApprovalExempt("5101", true, "测试：本测试不涉及支出审批"); err != nil {
		t.Fatal(err)
	}
	post := func(date, memo, dr, cr, comp, amt string) {
		m, _ := books.ParseMoney(amt)
		z := books.FromFen(0)
		v, err := acc.SaveVoucher(books.Voucher{Date: date, Lines: []books.Line{
			{Memo: memo, AccountCode: dr, CompoundName: comp, Debit: m, Credit: z},
			{Memo: memo, AccountCode: cr, CompoundName: comp, Debit: z, Credit: m},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := cash.ReviewVoucher(v.ID); err != nil {
			t.Fatal(err)
		}
		if err := acc.PostVoucher(v.ID); err != nil {
			t.Fatal(err)
		}
	}
	post("2026-01-05", "物业用房租金", "100201", "4901", "阳光小区", "1234.50")
	post("2026-01-20", "=HYPERLINK(\"x\")", "5101", "100201", "阳光小区", "300.00")
	post("2026-02-03", "政府补助", "100201", "4401", "和平小区", "500.00")
	return path
}

func TestReportTrialBalanceCSVIsExact(t *testing.T) {
	book := reportBookFile(t)
	code, out, errOut := runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "account_code,account_name,opening_debit,opening_credit,period_debit,period_credit,closing_debit,closing_credit\n" +
		"1002,银行存款,0.00,0.00,1734.50,300.00,1434.50,0.00\n" +
		"100201,工商银行,0.00,0.00,1734.50,300.00,1434.50,0.00\n" +
		"4401,政府补助收入,0.00,0.00,0.00,500.00,0.00,500.00\n" +
		"4901,其他收入,0.00,0.00,0.00,1234.50,0.00,1234.50\n" +
		"5101,业务活动成本,0.00,0.00,300.00,0.00,300.00,0.00\n" +
		"合计,,0.00,0.00,2034.50,2034.50,1734.50,1734.50\n"
	if out != want {
		t.Errorf("csv =\n%s\nwant\n%s", out, want)
	}
}

func TestReportTrialBalanceCompoundAndFormats(t *testing.T) {
	book := reportBookFile(t)
	code, out, errOut := runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-02", "-to", "2026-02", "-compound", "和平小区", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; last != "合计,,0.00,0.00,500.00,500.00,500.00,500.00" {
		t.Errorf("合计 row for 和平小区 = %q", last)
	}
	if strings.Contains(out, "4901") {
		t.Errorf("另一个小区的科目出现在 和平小区 的余额表里:\n%s", out)
	}
	code, out, _ = runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02")
	if code != 0 || !strings.Contains(out, "科目余额表") || !strings.Contains(out, "1,734.50") || !strings.Contains(out, "合计") {
		t.Errorf("table output (exit %d):\n%s", code, out)
	}
	xlsx := filepath.Join(t.TempDir(), "tb.xlsx")
	if code, _, e := runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "xlsx", "-out", xlsx); code != 0 {
		t.Fatalf("xlsx exit %d: %s", code, e)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() == 0 {
		t.Errorf("xlsx not written: %v", err)
	}
}

func TestReportUsageAndRefusals(t *testing.T) {
	book := reportBookFile(t)
	cases := []struct {
		rule string
		args []string
		code int
	}{
		{"missing -to is a usage error", []string{"report", "trial-balance", "-book", book, "-from", "2026-01"}, 2},
		{"bad month is a usage error", []string{"report", "trial-balance", "-book", book, "-from", "2026-13", "-to", "2026-02"}, 2},
		{"xlsx without -out is a usage error", []string{"report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "xlsx"}, 2},
		{"unknown compound is refused", []string{"report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-compound", "无此小区"}, 1},
		{"journal kind must be cash or bank", []string{"report", "journal", "-book", book, "-kind", "gold", "-from", "2026-01", "-to", "2026-02"}, 2},
		{"ledger needs an account", []string{"report", "ledger", "-book", book, "-from", "2026-01", "-to", "2026-02"}, 2},
		{"unknown account is refused", []string{"report", "ledger", "-book", book, "-account", "9999", "-from", "2026-01", "-to", "2026-02"}, 1},
	}
	for _, c := range cases {
		if code, _, e := runCLI(t, c.args...); code != c.code {
			t.Errorf("%s: exit %d, want %d (%s)", c.rule, code, c.code, e)
		}
	}
}

func TestReportOtherBooks(t *testing.T) {
	book := reportBookFile(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"report", "ledger", "-book", book, "-account", "1002", "-from", "2026-01", "-to", "2026-02", "-format", "csv"},
			[]string{"date,voucher_no,memo,account_code,compound,debit,credit,direction,balance", "期初余额", "本月合计", "本年累计", "2026-01-20,记-0002,\"'=HYPERLINK(\"\"x\"\")\"", ",借,1434.50"}},
		{[]string{"report", "journal", "-book", book, "-kind", "bank", "-from", "2026-01", "-to", "2026-02"},
			[]string{"银行存款日记账", "本日合计"}},
		{[]string{"report", "compounds", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv"},
			[]string{"阳光小区,收入,4901,其他收入,1234.50", "阳光小区,期末余额,,,,,934.50", "和平小区,期末余额,,,,,500.00"}},
		{[]string{"report", "balance-sheet", "-book", book, "-month", "2026-02", "-format", "csv"},
			[]string{"line,item,col1,col2\n", "\n1,货币资金,0.00,1434.50\n", "\n60,资产总计,0.00,1434.50\n", "\n101,非限定性净资产,0.00,1434.50\n", "\n120,负债和净资产总计,0.00,1434.50\n"}},
		{[]string{"report", "general-ledger", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv"},
			[]string{"1002,银行存款,2026-02,本年累计,1734.50,300.00,借,1434.50"}},
	}
	for _, c := range cases {
		code, out, e := runCLI(t, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args[:2], code, e)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args[:2], w, out)
			}
		}
	}
}

func TestReportReadsWhileTheAppHoldsTheBook(t *testing.T) {
	book := reportBookFile(t)
	b, err := books.Open(book, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	code, out, e := runCLI(t, "report", "trial-balance", "-book", book, "-from", "2026-01", "-to", "2026-02", "-format", "csv")
	if code != 0 || !strings.Contains(out, "合计,,0.00,0.00,2034.50,2034.50") {
		t.Errorf("report while the book is open for writing: exit %d: %s %s", code, out, e)
	}
}
