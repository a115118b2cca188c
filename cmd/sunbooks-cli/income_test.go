package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// runAs runs the CLI in-process as a user whose password is secret1.
func runAs(t *testing.T, user string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := func(k string) string {
		return map[string]string{"SUNBOOKS_USER": user, "SUNBOOKS_PASSWORD": "secret1"}[k]
	}
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e, env)
	return code, o.String(), e.String()
}

// incomeBookFile is a community book of 阳光社区 with 张会计, 李出纳 and the
// compounds 阳光小区 and 和平小区.
func incomeBookFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.sunbooks")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	if _, err := acc.AddUser("李出纳", books.RoleCashier, "secret1"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// postDrafts reviews (李出纳) and posts (张会计) every draft voucher of a book.
func postDrafts(t *testing.T, path string) {
	t.Helper()
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	vs, err := b.Vouchers(books.VoucherFilter{Status: books.StatusDraft, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		rev := cash
		if v.Preparer == "李出纳" {
			rev = acc
		}
		if err := rev.ReviewVoucher(v.ID); err != nil {
			t.Fatalf("review %s: %v", v.No, err)
		}
		if err := acc.PostVoucher(v.ID); err != nil {
			t.Fatalf("post %s: %v", v.No, err)
		}
	}
}

func TestCLIIncomeWorkflow(t *testing.T) {
	book := incomeBookFile(t)
	steps := []struct {
		user string
		args []string
		code int
		out  string // in stdout (or stderr when code != 0)
	}{
		{"张会计", []string{"room", "add", "-book", book, "-compound", "阳光小区", "-location", "2号楼101", "-area", "120.50"}, 0, "120.50 平方米"},
		{"张会计", []string{"room", "add", "-book", book, "-compound", "阳光小区", "-location", "活动室", "-area", "20", "-use", "便民服务"}, 0, "便民服务"},
		{"张会计", []string{"room", "add", "-book", book, "-compound", "和平小区", "-location", "车库", "-area", "60", "-recovery", "待回收", "-title", "有争议"}, 0, "有争议"},
		{"张会计", []string{"room", "add", "-book", book, "-compound", "和平小区", "-location", "X", "-area", "1.234"}, 2, "两位小数"},
		{"张会计", []string{"room", "list", "-book", book, "-format", "csv"}, 0, "2,阳光小区,活动室,20.00,清晰,已回收,便民服务"},
		{"张会计", []string{"room", "edit", "-book", book, "-id", "3", "-title", "已确权"}, 0, "已确权"},
		{"张会计", []string{"lease", "add", "-book", book, "-room", "1", "-tenant", "好邻居超市", "-start", "2026-01-01", "-end", "2026-12-31", "-rent", "3000", "-share-rate", "5", "-threshold", "500000"}, 0, "租-0001"},
		{"张会计", []string{"lease", "list", "-book", book}, 0, "好邻居超市"},
		{"张会计", []string{"bill", "-book", book, "-month", "2026-01"}, 0, "应收 3,000.00"},
		{"张会计", []string{"bill", "-book", book, "-month", "2026-01"}, 0, "没有需要开具"},
		{"张会计", []string{"bill", "-book", book, "-month", "2026-01", "-lease", "租-0001"}, 1, "不能重复开票"},
		{"张会计", []string{"bill", "-book", book, "-month", "2026-02", "-lease", "1"}, 0, "2026-02 租金"},
		{"张会计", []string{"turnover", "-book", book, "-lease", "租-0001", "-year", "1", "-amount", "620000"}, 0, "应收分成 6,000.00"},
		{"张会计", []string{"bill", "-book", book, "-lease", "租-0001", "-share", "-year", "1", "-date", "2026-03-20"}, 0, "应收 6,000.00"},
		{"李出纳", []string{"receive", "-book", book, "-lease", "租-0001", "-date", "2026-01-10", "-amount", "3000"}, 0, "尚欠 12,000.00，其中待记账收款 3,000.00"},
		{"李出纳", []string{"receive", "-book", book, "-lease", "租-0001", "-date", "2026-01-11", "-amount", "9000.01"}, 1, "超过"},
		{"张会计", []string{"arrears", "-book", book, "-format", "csv"}, 0, "租-0001,好邻居超市,阳光小区,2号楼101,12000.00,0.00,12000.00,2026-01-01,3000.00"},
		{"李出纳", []string{"income", "add", "-book", book, "-compound", "和平小区", "-category", "团购佣金", "-amount", "500", "-date", "2026-01-15", "-payer", "某优选"}, 0, "团购佣金 收入 500.00"},
		{"李出纳", []string{"income", "add", "-book", book, "-compound", "和平小区", "-category", "共富工坊", "-amount", "1200", "-date", "2026-02-15"}, 0, "共富工坊"},
		{"张会计", []string{"income", "list", "-book", book, "-from", "2026-01", "-to", "2026-03", "-format", "csv"}, 0, "2026-01-15,和平小区,团购佣金,某优选,,500.00"},
		{"张会计", []string{"deposit", "-book", book, "-quarter", "2026Q5"}, 2, "季度"},
	}
	for _, s := range steps {
		code, out, errOut := runAs(t, s.user, s.args...)
		text := out
		if s.code != 0 {
			text = errOut
		}
		if code != s.code || !strings.Contains(text, s.out) {
			t.Fatalf("%s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", strings.Join(s.args[:2], " "), code, s.code, out, errOut, s.out)
		}
	}
	postDrafts(t, book)
	code, out, errOut := runAs(t, "张会计", "deposit", "-book", book, "-quarter", "2026Q1")
	if code != 0 || !strings.Contains(out, "共生成 2 张缴存凭证") || !strings.Contains(out, "3,000.00") || !strings.Contains(out, "1,700.00") {
		t.Fatalf("deposit: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runAs(t, "张会计", "deposit", "-book", book, "-quarter", "2026Q1")
	if code != 0 || !strings.Contains(out, "共生成 0 张") || !strings.Contains(out, "本季度已缴存") {
		t.Errorf("second deposit of the quarter:\n%s", out)
	}
}

func TestCLIRoomListWarnsBelowPublicServiceShare(t *testing.T) {
	book := incomeBookFile(t)
	if code, _, e := runAs(t, "张会计", "room", "add", "-book", book, "-compound", "阳光小区", "-location", "A", "-area", "100"); code != 0 {
		t.Fatal(e)
	}
	code, out, errOut := runAs(t, "张会计", "room", "list", "-book", book)
	if code != 0 || !strings.Contains(errOut, "低于政策要求") || !strings.Contains(out, "空置率 100.00%") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, e := runAs(t, "李出纳", "room", "add", "-book", book, "-compound", "阳光小区", "-location", "B", "-area", "10"); code != 1 || !strings.Contains(e, "会计") {
		t.Errorf("cashier adding a room: exit %d %s", code, e)
	}
}
