package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// as runs the CLI as a user (password secret1; new users get secret1 too).
func as(t *testing.T, user string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := func(k string) string {
		return map[string]string{"SUNBOOKS_USER": user, "SUNBOOKS_PASSWORD": "secret1", "SUNBOOKS_NEW_PASSWORD": "secret1"}[k]
	}
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e, env)
	return code, o.String(), e.String()
}

// must runs the CLI and fails the test unless it exits 0.
func must(t *testing.T, user string, args ...string) string {
	t.Helper()
	code, out, errOut := as(t, user, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\nstdout: %s\nstderr: %s", user, args, code, out, errOut)
	}
	return out
}

// refused runs the CLI and fails the test unless it exits 1 with stderr
// containing want.
// refIn finds the voucher a command made, "2026-12/记-0002", in its output.
func refIn(t *testing.T, out string) string {
	t.Helper()
	ref := regexp.MustCompile(`\d{4}-\d{2}/记-\d{4}`).FindString(out)
	if ref == "" {
		t.Fatalf("no voucher number in:\n%s", out)
	}
	return ref
}

// payAndPost runs pay as payer, has reviewer review the payment voucher and
// payer post it, all through the CLI.
func payAndPost(t *testing.T, payer, reviewer string, args ...string) {
	t.Helper()
	ref := refIn(t, must(t, payer, args...))
	book := args[slices.Index(args, "-book")+1]
	must(t, reviewer, "voucher", "review", "-book", book, "-no", ref)
	must(t, payer, "voucher", "post", "-book", book, "-no", ref)
}

func refused(t *testing.T, want, user string, args ...string) {
	t.Helper()
	code, out, errOut := as(t, user, args...)
	if code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("%s %v: exit %d, want 1 with %q\nstdout: %s\nstderr: %s", user, args, code, want, out, errOut)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

type cliWorld struct {
	dir, community, street string
}

// newCLIWorld builds, through the CLI, a community book (会计 张会计, 出纳
// 李出纳, 业委会 王业委, 社区党组织 赵书记) and a street book (街道 孙主任)
// that trust each other's keys; compounds and an opening receipt are entered
// with the books API (their CLI commands belong to other issues).
func newCLIWorld(t *testing.T) cliWorld {
	t.Helper()
	dir := t.TempDir()
	w := cliWorld{dir: dir, community: filepath.Join(dir, "c.sunbooks"), street: filepath.Join(dir, "s.sunbooks")}
	must(t, "张会计", "init", "-book", w.community, "-street", "城关街道", "-community", "阳光社区", "-code", "371329001")
	for _, u := range [][2]string{{"李出纳", "出纳"}, {"王业委", "业委会"}, {"赵书记", "社区党组织"}} {
		must(t, "张会计", "user", "add", "-book", w.community, "-name", u[0], "-role", u[1])
	}
	must(t, "孙主任", "street", "init", "-book", w.street, "-street", "城关街道", "-user", "孙主任")
	cpub, spub := filepath.Join(dir, "c.pub"), filepath.Join(dir, "s.pub")
	must(t, "张会计", "key", "export", "-book", w.community, "-out", cpub)
	out := must(t, "孙主任", "key", "export", "-book", w.street, "-out", spub)
	if !strings.Contains(out, "公钥指纹：") {
		t.Fatalf("key export shows no fingerprint: %s", out)
	}
	must(t, "孙主任", "trust", "-book", w.street, "-key", cpub)
	must(t, "张会计", "trust", "-book", w.community, "-key", spub)
	if out := must(t, "孙主任", "key", "list", "-book", w.street); !strings.Contains(out, "阳光社区\t371329001") {
		t.Fatalf("street registry:\n%s", out)
	}

	b, err := books.Open(w.community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := acc.AddCompound(c); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := books.ParseMoney("100000")
	z := books.FromFen(0)
	v, err := acc.SaveVoucher(books.Voucher{Date: today(), Lines: []books.Line{
		{Memo: "公共收益", AccountCode: "1002", CompoundName: "阳光小区", Debit: m, Credit: z},
		{Memo: "公共收益", AccountCode: "4901", CompoundName: "阳光小区", Debit: z, Credit: m},
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
	return w
}

// today is the real date: decisions are stamped with the real clock and a
// payment may not precede its approval.
func today() string { return time.Now().Format("2006-01-02") }

func showJSON(t *testing.T, book, no string) map[string]any {
	t.Helper()
	out := must(t, "张会计", "app", "show", "-book", book, "-app", no, "-format", "json")
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("app show json: %v\n%s", err, out)
	}
	return m
}

func writePDF(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("%PDF-1.4\n% minutes\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSpendingEndToEndCLI runs a 重大 and a 小微 application from 草稿 to
// 已结项 across a community book and a street book through signed files.
//
// It is long on purpose: one scenario told from start to end, each step
// checked where it happens.
func TestSpendingEndToEndCLI(t *testing.T) {
	w := newCLIWorld(t)
	d := today()
	minutes := writePDF(t, w.dir, "居民代表会议记录.pdf")

	// 重大: 60,000 of 阳光小区's money.
	out := must(t, "王业委", "apply", "-book", w.community, "-compound", "阳光小区", "-title", "更换二号楼电梯", "-amount", "60000", "-payee", "红星电梯公司", "-category", "基础设施")
	major := lastLine(out)
	if !strings.HasPrefix(major, "申-") {
		t.Fatalf("apply's last line %q is not an application number", major)
	}
	if j := showJSON(t, w.community, major); j["state"] != "待党组织审核" || j["level"] != "重大" {
		t.Fatalf("after apply: %v", j)
	}
	refused(t, "须先完成", "赵书记", "review", "-book", w.community, "-app", major, "-decision", "approve", "-opinion", "同意")
	steps := []struct{ name, votes string }{
		{"社区党组织提议", ""}, {"两委联席会议商议", "9/8/7/1/0"}, {"党员大会审议", "40/35/30/3/2"},
		{"居民代表会议决议", "30/25/20/3/2"}, {"居务监督委员会评议", "5/5/5/0/0"},
	}
	for _, s := range steps {
		args := []string{"deliberate", "-book", w.community, "-app", major, "-step", s.name, "-date", d, "-form", "现场会议"}
		if s.votes != "" {
			f := strings.Split(s.votes, "/")
			args = append(args, "-expected", f[0], "-present", f[1], "-for", f[2], "-against", f[3], "-abstain", f[4])
		}
		if s.name == "居民代表会议决议" {
			args = append(args, "-attach", minutes)
		}
		must(t, "赵书记", args...)
	}
	must(t, "赵书记", "review", "-book", w.community, "-app", major, "-decision", "approve", "-opinion", "程序完备，同意报街道")
	req := filepath.Join(w.dir, "major.request")
	must(t, "张会计", "request", "export", "-book", w.community, "-app", major, "-out", req)
	out = must(t, "孙主任", "request", "import", "-book", w.street, req)
	for _, want := range []string{major, "居民代表会议决议", "居民代表会议记录.pdf", "更换二号楼电梯", "应到 30 实到 25"} {
		if !strings.Contains(out, want) {
			t.Fatalf("request import does not show %q:\n%s", want, out)
		}
	}
	got := t.TempDir()
	must(t, "孙主任", "request", "attachment", "-book", w.street, "-app", major, "-id", "1", "-dir", got)
	if b, err := os.ReadFile(filepath.Join(got, "居民代表会议记录.pdf")); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("street's copy of the minutes: %v", err)
	}
	dec := filepath.Join(w.dir, "major.decision")
	must(t, "孙主任", "approve", "-book", w.street, "-app", major, "-decision", "approve", "-opinion", "同意", "-out", dec)
	if out := must(t, "孙主任", "request", "show", "-book", w.street, "-app", major); !strings.Contains(out, "已批准") || !strings.Contains(out, "批-") {
		t.Fatalf("request show after the decision:\n%s", out)
	}
	must(t, "张会计", "decision", "import", "-book", w.community, dec)
	j := showJSON(t, w.community, major)
	if j["state"] != "已批准" || j["approved"] != "60000.00" || j["approval_no"] == nil {
		t.Fatalf("after decision: %v", j)
	}
	refused(t, "须先完成", "张会计", "pay", "-book", w.community, "-app", major, "-date", d, "-amount", "60000", "-from", "1002", "-to", "5101")
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", major, "-step", "报街道备案", "-date", d)
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", major, "-step", "决议公开", "-date", d)
	refused(t, "超出批准金额", "张会计", "pay", "-book", w.community, "-app", major, "-date", d, "-amount", "60000.01", "-from", "1002", "-to", "5101")
	out = must(t, "张会计", "pay", "-book", w.community, "-app", major, "-date", d, "-amount", "20000", "-from", "1002", "-to", "5101")
	first := refIn(t, out)
	if j := showJSON(t, w.community, major); j["state"] != "已批准" || j["paid"] != "0.00" {
		t.Fatalf("a payment not yet reviewed and posted counts as paid: %v", j)
	}
	refused(t, "另一人", "张会计", "voucher", "review", "-book", w.community, "-no", first)
	refused(t, "审核", "张会计", "voucher", "post", "-book", w.community, "-no", first)
	must(t, "李出纳", "voucher", "review", "-book", w.community, "-no", first)
	must(t, "张会计", "voucher", "post", "-book", w.community, "-no", first)
	if j := showJSON(t, w.community, major); j["state"] != "部分支付" || j["paid"] != "20000.00" {
		t.Fatalf("after first payment: %v", j)
	}
	payAndPost(t, "张会计", "李出纳", "pay", "-book", w.community, "-app", major, "-date", d, "-amount", "40000", "-from", "1002", "-to", "5101")
	refused(t, "实施结果公开", "张会计", "app", "close", "-book", w.community, "-app", major)
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", major, "-step", "实施结果公开", "-date", d)
	must(t, "张会计", "app", "close", "-book", w.community, "-app", major)
	j = showJSON(t, w.community, major)
	if j["no"] != major || j["state"] != "已结项" || j["level"] != "重大" || j["approved"] != "60000.00" || j["paid"] != "60000.00" {
		t.Fatalf("major at the end: %v", j)
	}

	// 小微: 3,000.
	minor := lastLine(must(t, "王业委", "apply", "-book", w.community, "-compound", "阳光小区", "-title", "购买垃圾桶", "-amount", "3000", "-payee", "绿源环保", "-category", "环境整治"))
	if j := showJSON(t, w.community, minor); j["level"] != "小微" {
		t.Fatalf("minor level: %v", j)
	}
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", minor, "-step", "两委联席会议决定", "-date", d, "-expected", "9", "-present", "7", "-for", "7")
	must(t, "赵书记", "review", "-book", w.community, "-app", minor, "-decision", "approve", "-opinion", "同意")
	req2 := filepath.Join(w.dir, "minor.request")
	must(t, "赵书记", "request", "export", "-book", w.community, "-app", minor, "-out", req2)
	must(t, "孙主任", "request", "import", "-book", w.street, req2)
	dec2 := filepath.Join(w.dir, "minor.decision")
	must(t, "孙主任", "approve", "-book", w.street, "-app", minor, "-decision", "approve", "-opinion", "同意", "-out", dec2)
	must(t, "张会计", "decision", "import", "-book", w.community, dec2)
	payAndPost(t, "李出纳", "张会计", "pay", "-book", w.community, "-app", minor, "-date", d, "-amount", "3000", "-from", "1002", "-to", "5101")
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", minor, "-step", "实施结果公开", "-date", d)
	must(t, "张会计", "app", "close", "-book", w.community, "-app", minor)
	j = showJSON(t, w.community, minor)
	if j["state"] != "已结项" || j["level"] != "小微" || j["approved"] != "3000.00" || j["paid"] != "3000.00" {
		t.Fatalf("minor at the end: %v", j)
	}

	// Replaying a decision is refused.
	refused(t, "已于", "张会计", "decision", "import", "-book", w.community, dec2)

	// The operation logs show every step.
	b, err := books.OpenReadOnly(w.community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, _ := b.SessionFor("张会计")
	log, err := s.Log(books.LogFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range log {
		if e.EntityID == major || e.EntityID == minor {
			count[e.Action]++
		}
	}
	for action, want := range map[string]int{"application.create": 2, "application.submit": 2, "application.deliberate": 10,
		"application.review_approve": 2, "application.request_export": 2, "application.decision_import": 2, "application.pay": 3, "application.close": 2} {
		if count[action] != want {
			t.Errorf("community log has %d × %s, want %d (all: %v)", count[action], action, want, count)
		}
	}
	sb, err := books.OpenReadOnly(w.street, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ss, _ := sb.SessionFor("孙主任")
	slog, _ := ss.Log(books.LogFilter{Limit: 100})
	scount := map[string]int{}
	for _, e := range slog {
		scount[e.Action]++
	}
	if scount["request.import"] != 2 || scount["request.decide"] != 2 || scount["key.trust"] != 1 {
		t.Errorf("street log: %v", scount)
	}
	code, _, errOut := as(t, "张会计", "verify", "-book", w.community)
	if code != 0 {
		t.Fatalf("verify: %s", errOut)
	}
}

// TestSignedFilesRefusedThroughCLI: the CLI refuses altered, swapped,
// replayed, misdirected and stale files with a Chinese reason and exit 1.
func TestSignedFilesRefusedThroughCLI(t *testing.T) {
	w := newCLIWorld(t)
	d := today()
	no := lastLine(must(t, "王业委", "apply", "-book", w.community, "-compound", "阳光小区", "-title", "修路灯", "-amount", "800", "-payee", "明亮电器", "-category", "基础设施"))
	must(t, "赵书记", "deliberate", "-book", w.community, "-app", no, "-step", "两委联席会议决定", "-date", d, "-expected", "9", "-present", "7", "-for", "7")
	must(t, "赵书记", "review", "-book", w.community, "-app", no, "-decision", "approve", "-opinion", "同意")
	req := filepath.Join(w.dir, "r.request")
	must(t, "张会计", "request", "export", "-book", w.community, "-app", no, "-out", req)
	reqData, _ := os.ReadFile(req)

	// The street refuses an altered request.
	bad := bytes.Clone(reqData)
	i := bytes.Index(bad, []byte(`"payload": "`)) + 30
	bad[i] ^= 0x04
	os.WriteFile(filepath.Join(w.dir, "bad.request"), bad, 0o644)
	refused(t, "改动", "孙主任", "request", "import", "-book", w.street, filepath.Join(w.dir, "bad.request"))
	must(t, "孙主任", "request", "import", "-book", w.street, req)
	refused(t, "已经导入过", "孙主任", "request", "import", "-book", w.street, req)
	dec := filepath.Join(w.dir, "d.decision")
	must(t, "孙主任", "approve", "-book", w.street, "-app", no, "-decision", "approve", "-opinion", "同意", "-out", dec)
	decData, _ := os.ReadFile(dec)

	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"a flipped byte", func() []byte {
			b := bytes.Clone(decData)
			j := bytes.Index(b, []byte(`"payload": "`)) + 40
			b[j] ^= 0x01
			return b
		}(), "改动"},
		{"a swapped signature", func() []byte {
			var e, r map[string]any
			json.Unmarshal(decData, &e)
			json.Unmarshal(reqData, &r)
			e["signature"] = r["signature"]
			b, _ := json.Marshal(e)
			return b
		}(), "签名验证失败"},
		{"a truncated file", decData[:len(decData)/2], "不完整"},
		{"a request given as a decision", reqData, "文件类型不对"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(w.dir, "x.decision")
			os.WriteFile(p, c.data, 0o644)
			refused(t, c.want, "张会计", "decision", "import", "-book", w.community, p)
		})
	}
	must(t, "张会计", "decision", "import", "-book", w.community, dec)
	refused(t, "导入过", "张会计", "decision", "import", "-book", w.community, dec)
	if j := showJSON(t, w.community, no); j["state"] != "已批准" {
		t.Fatalf("state %v", j["state"])
	}

	// A second community of the street cannot use the first one's decision.
	other := filepath.Join(w.dir, "o.sunbooks")
	must(t, "周会计", "init", "-book", other, "-street", "城关街道", "-community", "和平社区", "-code", "371329002")
	must(t, "周会计", "trust", "-book", other, "-key", filepath.Join(w.dir, "s.pub"))
	refused(t, "不是本社区", "周会计", "decision", "import", "-book", other, dec)

	// Policy files travel the same way.
	pol := filepath.Join(w.dir, "p.policy")
	must(t, "孙主任", "policy", "set", "-book", w.street, "-effective", "2026-01-01", "-minor", "3000", "-major", "30000")
	must(t, "孙主任", "policy", "export", "-book", w.street, "-out", pol)
	must(t, "张会计", "policy", "import", "-book", w.community, pol)
	out := must(t, "张会计", "policy", "show", "-book", w.community)
	if !strings.Contains(out, "30,000.00") || !strings.Contains(out, "居民代表会议决议") {
		t.Fatalf("policy show:\n%s", out)
	}
	// Set without -categories, the categories major by nature are the
	// default three, as they are written.
	if !strings.Contains(out, "工程建设、资产处置、一年以上合同") || strings.Contains(out, "`") {
		t.Errorf("policy set without -categories keeps the categories as:\n%s", out)
	}
	// Usage errors exit 2.
	if code, _, _ := as(t, "王业委", "apply", "-book", w.community, "-title", "x"); code != 2 {
		t.Fatalf("apply without flags: exit %d", code)
	}
}
