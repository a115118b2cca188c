package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

func printCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := func(k string) string {
		return map[string]string{"SUNBOOKS_USER": "张会计", "SUNBOOKS_PASSWORD": "secret1", "SUNBOOKS_CONFIRM_PASSWORD": "secret1"}[k]
	}
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e, env)
	return code, o.String(), e.String()
}

// printBook makes a book with 阳光小区 and 和平小区, 1,000.00 of February
// income for 阳光小区, and n March vouchers imported and posted through the
// CLI: every third an expense, the others income.
func printBook(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.sunbooks")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	acc, _ := b.Login("张会计", "secret1")
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := acc.AddUser("王业委", books.RoleCommittee, "secret1"); err != nil {
		t.Fatal(err)
	}
	// 李出纳 confirms the migration below.
	if _, err := acc.AddUser("李出纳", books.RoleCashier, "secret1"); err != nil {
		t.Fatal(err)
	}
	b.Close()
	var csv strings.Builder
	csv.WriteString("date,voucher_no,account_code,account_name,compound,debit,credit,memo\n")
	fmt.Fprintf(&csv, "2026-02-10,F1,1002,银行存款,阳光小区,1000.00,,2月停车费\n2026-02-10,F1,4901,其他收入,阳光小区,,1000.00,2月停车费\n")
	for i := 1; i <= n; i++ {
		date := fmt.Sprintf("2026-03-%02d", 1+i%28)
		amt := fmt.Sprintf("%d.%02d", 100+i, i%100)
		if i%3 == 0 {
			fmt.Fprintf(&csv, "%s,M%d,5101,业务活动成本,阳光小区,%s,,支付公共区域保洁绿化养护费用第%d笔\n%s,M%d,1002,银行存款,阳光小区,,%s,\n", date, i, amt, i, date, i, amt)
		} else {
			fmt.Fprintf(&csv, "%s,M%d,1002,银行存款,阳光小区,%s,,停车费收入第%d笔\n%s,M%d,4901,其他收入,阳光小区,,%s,\n", date, i, amt, i, date, i, amt)
		}
	}
	file := filepath.Join(dir, "v.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := printCLI(t, "import", "-book", path, "-post", "-confirm-user", "李出纳", file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	return path
}

func popplerText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, installed by make test): %v %s", err, out)
	}
	return strings.ReplaceAll(string(out), " ", "")
}

func popplerPages(t *testing.T, pdf string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	var n int
	for _, ln := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(ln, "Pages:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &n)
		}
	}
	return n
}

func TestNoticeCommandWritesTheMonthsNotice(t *testing.T) {
	book := printBook(t, 6)
	if code, _, errOut := printCLI(t, "setting", "set", "-book", book, "-key", "phone.community", "-value", "0539-1234567"); code != 0 {
		t.Fatalf("setting set: exit %d: %s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "notice.pdf")
	code, stdout, errOut := printCLI(t, "notice", "-book", book, "-month", "2026-03", "-compound", "阳光小区", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q does not name the file", stdout)
	}
	if !strings.Contains(errOut, "2026年3月 还没有结账") {
		t.Errorf("stderr %q does not warn that March is not closed", errOut)
	}
	text := popplerText(t, out)
	// Income 101.01+102.02+104.04+105.05 = 412.12; expense 103.03+106.06 = 209.09.
	for _, want := range []string{"阳光社区财务公开榜", "阳光小区公共收益收支公示（2026年3月）", "公示期：2026年4月1日至2026年4月7日",
		"1,000.00", "412.12", "209.09", "1,203.03", books.Capital(books.FromFen(120303)), "0539-1234567", "第1页共1页"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "和平小区公共收益") {
		t.Errorf("-compound 阳光小区 printed another compound's sheet")
	}

	all := filepath.Join(t.TempDir(), "all.pdf")
	if code, _, errOut := printCLI(t, "notice", "-book", book, "-month", "2026-03", "-paper", "A3", "-landscape", "-out", all); code != 0 {
		t.Fatalf("all compounds: exit %d: %s", code, errOut)
	}
	if n := popplerPages(t, all); n != 2 {
		t.Errorf("all compounds: %d pages, want one sheet per compound", n)
	}
	if text := popplerText(t, all); !strings.Contains(text, "和平小区公共收益收支公示") || !strings.Contains(text, "本月无收支事项") {
		t.Errorf("all compounds lacks 和平小区's empty sheet:\n%s", text)
	}
}

func TestNoticeCommandUsageAndRefusals(t *testing.T) {
	book := printBook(t, 1)
	out := filepath.Join(t.TempDir(), "n.pdf")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing -out", []string{"notice", "-book", book, "-month", "2026-03"}, 2, "-out"},
		{"missing -month", []string{"notice", "-book", book, "-out", out}, 2, "-month"},
		{"bad month", []string{"notice", "-book", book, "-month", "2026-13", "-out", out}, 2, "月份"},
		{"bad paper", []string{"notice", "-book", book, "-month", "2026-03", "-paper", "B5", "-out", out}, 2, "A4"},
		{"not a pdf", []string{"notice", "-book", book, "-month", "2026-03", "-out", "x.txt"}, 2, ".pdf"},
		{"unknown compound", []string{"notice", "-book", book, "-month", "2026-03", "-compound", "无名小区", "-out", out}, 1, "无名小区"},
		{"missing folder", []string{"notice", "-book", book, "-month", "2026-03", "-out", filepath.Join(t.TempDir(), "no", "n.pdf")}, 1, "无法写入"},
	} {
		code, _, errOut := printCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%s: exit %d (%q), want %d mentioning %q", tc.name, code, errOut, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused command left %s", out)
	}
}

func TestNoticeCommand300Items(t *testing.T) {
	book := printBook(t, 300)
	out := filepath.Join(t.TempDir(), "big.pdf")
	if code, _, errOut := printCLI(t, "notice", "-book", book, "-month", "2026-03", "-compound", "阳光小区", "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pages := popplerPages(t, out)
	if pages < 5 {
		t.Fatalf("300 items on %d pages", pages)
	}
	text := popplerText(t, out)
	if c := strings.Count(text, "审批编号"); c != pages {
		t.Errorf("table header on %d of %d pages", c, pages)
	}
	if !strings.Contains(text, fmt.Sprintf("第%d页共%d页", pages, pages)) || !strings.Contains(text, "停车费收入第299笔") {
		t.Errorf("last page or last item missing")
	}
}

func TestPrintVoucherAndReports(t *testing.T) {
	book := printBook(t, 3)
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		args  []string
		wants []string
		pages int
	}{
		{"one voucher", []string{"print", "voucher", "-book", book, "-month", "2026-03", "-no", "记-0001"},
			[]string{"记账凭证", "记字第0001号", "101.01", books.Capital(books.FromFen(10101)), "制单：张会计"}, 1},
		{"the month's vouchers, two to a page", []string{"print", "voucher", "-book", book, "-month", "2026-03"},
			[]string{"记字第0003号", "103.03"}, 2},
		{"trial balance", []string{"print", "trial-balance", "-book", book, "-from", "2026-02", "-to", "2026-03"},
			[]string{"科目余额表", "编制单位：阳光社区", "1002", "银行存款", "合计"}, 1},
		{"ledger", []string{"print", "ledger", "-book", book, "-account", "1002", "-from", "2026-03", "-to", "2026-03"},
			[]string{"明细账", "停车费收入第1笔", "本月合计"}, 1},
		{"journal", []string{"print", "journal", "-book", book, "-kind", "bank", "-from", "2026-03", "-to", "2026-03"},
			[]string{"银行存款日记账"}, 1},
		{"compounds", []string{"print", "compounds", "-book", book, "-from", "2026-03", "-to", "2026-03"},
			[]string{"阳光小区"}, 1},
	} {
		out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".pdf")
		code, _, errOut := printCLI(t, append(tc.args, "-out", out)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, errOut)
			continue
		}
		text := popplerText(t, out)
		for _, w := range tc.wants {
			if !strings.Contains(text, strings.ReplaceAll(w, " ", "")) {
				t.Errorf("%s: PDF lacks %q:\n%s", tc.name, w, text)
			}
		}
		if n := popplerPages(t, out); n != tc.pages {
			t.Errorf("%s: %d pages, want %d", tc.name, n, tc.pages)
		}
	}
	if code, _, _ := printCLI(t, "print", "ledger", "-book", book, "-from", "2026-03", "-to", "2026-03", "-out", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("ledger without -account: exit %d, want 2", code)
	}
	if code, _, errOut := printCLI(t, "print", "voucher", "-book", book, "-month", "2026-03", "-no", "记-0999", "-out", filepath.Join(dir, "x.pdf")); code != 1 || !strings.Contains(errOut, "记-0999") {
		t.Errorf("unknown voucher: exit %d %q", code, errOut)
	}
}

func TestPrintApprovalCommand(t *testing.T) {
	book := printBook(t, 1)
	b, err := books.Open(book, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := b.SessionFor("王业委")
	a, err := spending.Apply(w, spending.ApplyInput{Compound: "阳光小区", Title: "更换单元门禁", Purpose: "3号楼门禁损坏", Category: "基础设施", Amount: books.FromFen(123450), Payee: "安防公司"})
	if err == nil {
		a, err = spending.Submit(w, a.No, "")
	}
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "app.pdf")
	code, _, errOut := printCLI(t, "print", "approval", "-book", book, "-app", a.No, "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	text := popplerText(t, out)
	for _, want := range []string{"支出审批单", a.No, "更换单元门禁", "1,234.50", "壹仟贰佰叁拾肆元伍角整", "安防公司", "议事程序", "两委联席会议决定", "审批流程", "提交申请", "王业委", "街道党工委（盖章）"} {
		if !strings.Contains(text, want) {
			t.Errorf("approval form lacks %q:\n%s", want, text)
		}
	}
	if code, _, errOut := printCLI(t, "print", "approval", "-book", book, "-app", "申-2026-9999", "-out", out); code != 1 || errOut == "" {
		t.Errorf("unknown application: exit %d %q", code, errOut)
	}
}

func TestPrintConsolidationCommand(t *testing.T) {
	book := printBook(t, 3)
	dir := t.TempDir()
	street := filepath.Join(dir, "street.sunbooks")
	pkg := filepath.Join(dir, "p.sunpkg")
	pub := filepath.Join(dir, "c.pub")
	as := func(user string, args ...string) {
		t.Helper()
		env := func(k string) string {
			return map[string]string{"SUNBOOKS_USER": user, "SUNBOOKS_PASSWORD": "secret1"}[k]
		}
		var o, e bytes.Buffer
		if code := run(args, strings.NewReader(""), &o, &e, env); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e.String())
		}
	}
	as("张会计", "close", "-book", book, "-month", "2026-02")
	as("张会计", "close", "-book", book, "-month", "2026-03")
	as("张会计", "export", "package", "-book", book, "-from", "2026-02", "-to", "2026-03", "-out", pkg)
	as("张会计", "key", "export", "-book", book, "-out", pub)
	as("孙主任", "street", "init", "-book", street, "-street", "城关街道", "-user", "孙主任")
	as("孙主任", "trust", "-book", street, "-key", pub)
	as("孙主任", "consolidate", "import", "-book", street, pkg)
	out := filepath.Join(dir, "cons.pdf")
	as("孙主任", "print", "consolidation", "-book", street, "-from", "2026-02", "-to", "2026-03", "-by", "compound", "-out", out)
	text := popplerText(t, out)
	for _, want := range []string{"城关街道社区账务汇总表", "编制单位：城关街道", "371329001", "阳光小区", "银行存款", "合计", "第1页共1页"} {
		if !strings.Contains(text, want) {
			t.Errorf("consolidation lacks %q:\n%s", want, text)
		}
	}
}
