package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// A community's December, start to finish, from the terminal alone: the
// book made, vouchers entered and reviewed by another user, rent billed and
// received, a payment through an approved application, the quarter's
// deposit, the year-end carry and the closing of December — no database
// access, no app. December 2025 has ended whatever day the test runs.
//
// It is long on purpose: one scenario told from start to end, each step
// checked where it happens.
func TestCLIRunsACommunitysWholeMonth(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "社区.sunbooks")
	step := func(user string, args ...string) string {
		t.Helper()
		env := func(k string) string {
			return map[string]string{"SUNBOOKS_USER": user, "SUNBOOKS_PASSWORD": "secret1", "SUNBOOKS_NEW_PASSWORD": "secret1"}[k]
		}
		var o, e bytes.Buffer
		if code := run(args, strings.NewReader(""), &o, &e, env); code != 0 {
			t.Fatalf("%s %s: exit %d\n%s%s", user, strings.Join(args, " "), code, o.String(), e.String())
		}
		return o.String()
	}
	last := func(out string) string {
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return strings.TrimSpace(lines[len(lines)-1])
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Each of 李出纳 (review) and 张会计 (post) finishes every voucher of
	// December waiting for them.
	finish := func() {
		t.Helper()
		step("李出纳", "voucher", "review", "-book", book, "-month", "2025-12", "-all")
		step("张会计", "voucher", "post", "-book", book, "-month", "2025-12", "-all")
	}

	step("张会计", "init", "-book", book, "-street", "城关街道", "-community", "阳光社区", "-code", "371329001", "-user", "张会计")
	for _, u := range [][2]string{{"李出纳", "出纳"}, {"王业委", "业委会"}, {"赵书记", "社区党组织"}} {
		step("张会计", "user", "add", "-book", book, "-name", u[0], "-role", u[1])
	}
	step("张会计", "compound", "add", "-book", book, "-name", "阳光小区")

	// Vouchers entered by the 会计, reviewed by the 出纳, posted.
	v1 := last(step("张会计", "voucher", "add", "-book", book, "-file", write("v1.csv", books.ImportHeader+
		"\n2025-12-01,V1,1002,银行存款,阳光小区,80000.00,,上年结余转入\n2025-12-01,V1,3101,非限定性净资产,阳光小区,,80000.00,\n")))
	v2 := last(step("张会计", "voucher", "add", "-book", book, "-file", write("v2.csv", books.ImportHeader+
		"\n2025-12-02,V2,1002,银行存款,阳光小区,2400.00,,收停车费\n2025-12-02,V2,4901,其他收入,阳光小区,,2400.00,\n")))
	if code, _, errOut := runAs(t, "张会计", "voucher", "review", "-book", book, "-no", v1); code != 1 || !strings.Contains(errOut, "另一人") {
		t.Fatalf("the preparer reviews: exit %d %s", code, errOut)
	}
	step("李出纳", "voucher", "review", "-book", book, "-no", v1, "-no", v2)
	step("张会计", "voucher", "post", "-book", book, "-no", v1, "-no", v2)

	// Rent: a room, a lease, December billed and received.
	step("张会计", "room", "add", "-book", book, "-compound", "阳光小区", "-location", "1号楼101", "-area", "80", "-recovery", "已回收", "-use", "空置")
	step("张会计", "lease", "add", "-book", book, "-room", "1", "-tenant", "好邻居超市", "-start", "2025-12-01", "-end", "2026-11-30", "-rent", "3000")
	step("张会计", "bill", "-book", book, "-month", "2025-12")
	finish()
	step("张会计", "receive", "-book", book, "-lease", "租-0001", "-date", "2025-12-10", "-amount", "3000")
	finish()
	if out := step("张会计", "arrears", "-book", book, "-all", "-format", "csv"); !strings.Contains(out, "3000.00,3000.00,0.00") {
		t.Errorf("arrears after the December rent was received:\n%s", out)
	}

	// A 小微 payment: applied, deliberated, approved by the party and on
	// paper by the street, paid, reviewed by another, posted.
	scan := write("审批单.pdf", "%PDF-1.4\n% scan\n%%EOF\n")
	app := last(step("王业委", "apply", "-book", book, "-compound", "阳光小区", "-title", "更换路灯", "-amount", "1800", "-payee", "明亮电器", "-category", "物业维修", "-date", "2025-12-03"))
	step("赵书记", "deliberate", "-book", book, "-app", app, "-step", "两委联席会议决定", "-date", "2025-12-04", "-expected", "9", "-present", "7", "-for", "7")
	step("赵书记", "review", "-book", book, "-app", app, "-decision", "approve", "-opinion", "同意")
	step("张会计", "app", "paper", "-book", book, "-app", app, "-decision", "approve", "-approver", "孙主任", "-date", "2025-12-05", "-approval-no", "城街审〔2025〕12号", "-scan", scan)
	pay := refIn(t, step("李出纳", "pay", "-book", book, "-app", app, "-date", "2025-12-06", "-amount", "1800", "-from", "1002", "-to", "5101"))
	step("张会计", "voucher", "review", "-book", book, "-no", pay)
	step("李出纳", "voucher", "post", "-book", book, "-no", pay)
	step("赵书记", "deliberate", "-book", book, "-app", app, "-step", "实施结果公开", "-date", "2025-12-20")
	step("张会计", "app", "close", "-book", book, "-app", app)

	// The quarter's deposit and the year-end carry, then 结账.
	step("张会计", "deposit", "-book", book, "-quarter", "2025Q4")
	finish()
	step("张会计", "carry", "-book", book, "-year", "2025")
	finish()
	step("张会计", "close", "-book", book, "-month", "2025-12")
	step("张会计", "verify", "-book", book)

	b, err := books.OpenReadOnly(book, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !b.IsClosed(202512) {
		t.Fatal("December is not closed")
	}
	vs, _ := b.Vouchers(books.VoucherFilter{From: 202512, To: 202512, Limit: 1000})
	kinds := map[string]bool{}
	for _, v := range vs {
		kinds[v.Kind] = true
		if v.Status != books.StatusPosted || v.Reviewer == "" || v.Reviewer == v.Preparer {
			t.Errorf("%s (%s): %s, prepared by %s, reviewed by %q", v.No, v.Kind, v.Status, v.Preparer, v.Reviewer)
		}
	}
	for _, k := range []string{books.VoucherNormal, books.VoucherIncome, books.VoucherPayment, books.VoucherDeposit, books.VoucherCarry} {
		if !kinds[k] {
			t.Errorf("December has no %s voucher; kinds: %v", k, kinds)
		}
	}
}
