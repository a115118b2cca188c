package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// spendingBooks makes a community book (newTestBookFile plus a 业委会 王业委
// and a 社区党组织 赵书记; 阳光小区 funded with 200,000 in the bank) and a
// street book (街道 孙主任, password "secret1") that trust each other, both
// closed so the app can open them.
func spendingBooks(t *testing.T) (community, street string) {
	t.Helper()
	community = newTestBookFile(t)
	postVoucher(t, community, "2026-03-01",
		books.Line{Memo: "公共收益", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("200000")},
		books.Line{Memo: "公共收益", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("200000")})
	cb, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	acc, _ := cb.Login("张会计", "secret1")
	for _, u := range []struct {
		name string
		role books.Role
	}{{"王业委", books.RoleCommittee}, {"赵书记", books.RoleParty}} {
		if _, err := acc.AddUser(u.name, u.role, "secret1"); err != nil {
			t.Fatalf("AddUser: %v", err)
		}
	}
	street = filepath.Join(t.TempDir(), "街道.sunbooks")
	sb, err := books.Create(street, books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "孙主任", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatalf("Create street: %v", err)
	}
	defer sb.Close()
	director, _ := sb.Login("孙主任", "secret1")
	ck, _ := cb.ExportPublicKey()
	sk, _ := sb.ExportPublicKey()
	if _, err := director.Trust(ck); err != nil {
		t.Fatalf("street trusts community: %v", err)
	}
	if _, err := acc.Trust(sk); err != nil {
		t.Fatalf("community trusts street: %v", err)
	}
	return community, street
}

// relogin signs out and in again as another user of the same book.
func relogin(t *testing.T, u *App, user string) {
	t.Helper()
	u.logout()
	u.login.user.SetText(user)
	u.login.password.SetText("secret1")
	test.Tap(u.login.button)
	if u.sess == nil || u.sess.User().Name != user {
		t.Fatalf("login as %s failed; screen shows %q", user, visibleText(u.win.Canvas()))
	}
}

// closeDialogs dismisses the dialogs a step left open, as a person would.
func closeDialogs(u *App) {
	for _, o := range u.win.Canvas().Overlays().List() {
		u.win.Canvas().Overlays().Remove(o)
	}
}

// writePNG writes a small PNG (a scanned page stand-in) and returns its path.
func writePNG(t *testing.T, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// streetDecides imports a request file into the street book and approves it
// through the books API, returning the decision file's path.
func streetDecides(t *testing.T, street, request string) string {
	t.Helper()
	sb, err := books.Open(street, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	d, _ := sb.Login("孙主任", "secret1")
	data, err := os.ReadFile(request)
	if err != nil {
		t.Fatal(err)
	}
	r, err := spending.ImportRequest(d, data)
	if err != nil {
		t.Fatalf("ImportRequest: %v", err)
	}
	dec, err := spending.StreetDecide(d, r.CommunityCode, r.AppNo, "approve", "同意实施", books.FromFen(0))
	if err != nil {
		t.Fatalf("StreetDecide: %v", err)
	}
	path := filepath.Join(t.TempDir(), "decision.json")
	if err := os.WriteFile(path, dec, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// applyAndSubmit fills the form as 王业委 and submits; it returns the number.
func applyAndSubmit(t *testing.T, u *App, amount string) (*spendingScreen, string) {
	t.Helper()
	s, ok := u.Show("spending").(*spendingScreen)
	if !ok {
		t.Fatalf("no 支出审批 screen for %s: %v", u.sess.User().Name, u.ScreenIDs())
	}
	c := u.win.Canvas()
	tapButton(t, c, "新建申请")
	s.form.compound.SetSelected("阳光小区")
	test.Type(s.form.title, "更换路灯")
	s.form.category.SetText("基础设施")
	test.Type(s.form.amount, amount)
	test.Type(s.form.payee, "明亮电器行")
	assertShows(t, c, "事项等级：小微事项")
	tapButton(t, c, "保存草稿")
	if s.cur == nil {
		t.Fatalf("the application was not saved; screen shows %q", visibleText(c))
	}
	no := s.cur.No
	assertShows(t, c, no)
	assertShows(t, c, "【草稿】")
	tapButton(t, c, "提交")
	assertShows(t, c, "【待党组织审核】")
	return s, no
}

// It is long on purpose: one scenario told from start to end, each step
// checked where it happens.
func TestSpendingApplicationFromFormToPayment(t *testing.T) {
	community, street := spendingBooks(t)
	u := openApp(t, community, "王业委")
	_, no := applyAndSubmit(t, u, "3000")
	c := u.win.Canvas()

	// 社区党组织: review before the deliberation is refused in Chinese.
	relogin(t, u, "赵书记")
	s := u.Show("spending").(*spendingScreen)
	assertShows(t, c, no) // waiting on 社区党组织
	s.open(no)
	tapButton(t, c, "审核通过")
	assertShows(t, c, "党组织审核通过之前须先完成：两委联席会议决定（未")
	closeDialogs(u)

	// Record the step with its minutes, then approve.
	s.tabs.SelectIndex(1)
	if s.delib.step.Selected != "两委联席会议决定" {
		t.Fatalf("next step offered = %q, want 两委联席会议决定", s.delib.step.Selected)
	}
	assertShows(t, c, "下一步：两委联席会议决定")
	tapButton(t, c, "新增议事记录…")
	assertShows(t, c, "表决步骤：填写应到、实到人数和票数")
	s.delib.date.SetText(todayDate())
	test.Type(s.delib.expected, "9")
	test.Type(s.delib.present, "7")
	test.Type(s.delib.votesFor, "6")
	s.delib.addFile(writePNG(t, "会议记录.png"))
	tapButton(t, c, "记录议事")
	assertShows(t, c, "✔ 已通过（"+todayDate()+"）")
	assertShows(t, c, "会议记录.png")
	test.Type(s.opinion, "同意")
	tapButton(t, c, "审核通过")
	assertShows(t, c, "【待街道审批】")
	s.tabs.SelectIndex(2)
	assertShows(t, c, "党组织审核通过　赵书记（社区党组织）")

	// 会计 exports the request; the street approves it; the decision comes back.
	relogin(t, u, "张会计")
	s = u.Show("spending").(*spendingScreen)
	s.open(no)
	req := filepath.Join(t.TempDir(), "request.json")
	done := make(chan error, 1)
	s.exportRequest(req, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("export request: %v", err)
	}
	dec := streetDecides(t, street, req)

	// A tampered decision is refused, plainly.
	data, _ := os.ReadFile(dec)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, bytes.Replace(data, []byte(`"signature": "`), []byte(`"signature": "AA`), 1), 0o644)
	s.importDecisionFile(bad)
	assertShows(t, c, "✘ bad.json：")
	closeDialogs(u)

	s.importDecisionFile(dec)
	assertShows(t, c, "✔ 签名有效：城关街道 (指纹 ")
	assertShows(t, c, "【已批准】")
	assertShows(t, c, "批-")

	// Pay the approved amount.
	s.tabs.SelectIndex(3)
	if got := s.pay.amount.Text; got != "3,000.00" {
		t.Errorf("amount offered = %q, want 3,000.00 (amounts always with thousands separators)", got)
	}
	s.pay.date.SetText(todayDate())
	// No payment of the category yet: no account is offered, and paying
	// without one is refused rather than posted to some expense account.
	assertShows(t, c, "本账簿尚无“基础设施”类支出的付款记录，请选择支出科目。")
	tapButton(t, c, "付款")
	assertShows(t, c, "请选择支出科目（借方）")
	closeDialogs(u)
	// The account is found by its 助记码, as in the voucher entry.
	u.win.Canvas().Focus(s.pay.to)
	typeKeys(t, u.win, "ywhd")
	assertShows(t, c, "5101 业务活动成本")
	press(t, u.win, fyne.KeyReturn)
	if got := s.pay.to.Text; got != "5101 业务活动成本" {
		t.Fatalf("expense account picked by ywhd = %q, want 5101 业务活动成本", got)
	}
	tapButton(t, c, "付款")
	// The payment voucher is asked first, naming the payee.
	assertShows(t, c, "由制单人以外的人审核")
	if strings.Contains(visibleText(c), "待审核") {
		t.Errorf("a payment voucher made before the person confirmed")
	}
	press(t, u.win, fyne.KeyReturn)
	// Made, not paid: it waits for a second person.
	assertShows(t, c, "待审核")
	assertShows(t, c, "批准金额 3,000.00 元　已付 0.00 元　待审核/待记账 3,000.00 元　未付 0.00 元")
	if strings.Contains(visibleText(c), "【已支付】") {
		t.Errorf("paid before the payment voucher was reviewed and posted")
	}
	a, err := spending.ApplicationByNo(u.book, s.cur.No)
	if err != nil || len(a.Payments) != 1 {
		t.Fatalf("application after paying: %+v %v", a, err)
	}
	party, err := u.book.Login("赵书记", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	if err := party.ReviewVoucher(a.Payments[0].VoucherID); err != nil {
		t.Fatal(err)
	}
	if err := u.sess.PostVoucher(a.Payments[0].VoucherID); err != nil {
		t.Fatal(err)
	}
	s.open(a.No)
	assertShows(t, c, "【已支付】")
	assertShows(t, c, "批准金额 3,000.00 元　已付 3,000.00 元　未付 0.00 元")
}

func TestSpendingRefusalsShowInChinese(t *testing.T) {
	community, _ := spendingBooks(t)
	u := openApp(t, community, "王业委")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	tapButton(t, c, "新建申请")
	s.form.compound.SetSelected("阳光小区")
	test.Type(s.form.title, "买花")
	s.form.category.SetText("环境整治")
	test.Type(s.form.amount, "12.345")
	tapButton(t, c, "保存草稿")
	assertShows(t, c, "申请金额（元）“12.345”不是有效的金额")
	closeDialogs(u)
	s.form.amount.SetText("100")
	tapButton(t, c, "保存草稿")
	assertShows(t, c, "请填写收款人")
	if strings.Contains(visibleText(c), "sql") {
		t.Errorf("raw error text on screen: %q", visibleText(c))
	}
}

func TestStreetImportsRequestAndApproves(t *testing.T) {
	community, street := spendingBooks(t)
	// The community side, straight through the books API.
	cb, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := cb.Login("王业委", "secret1")
	p, _ := cb.Login("赵书记", "secret1")
	acc, _ := cb.Login("张会计", "secret1")
	a, err := spending.Apply(w, spending.ApplyInput{Compound: "阳光小区", Title: "修缮凉亭", Category: "物业维修", Amount: money("8000"), Payee: "建工队"})
	if err != nil {
		t.Fatal(err)
	}
	spending.Submit(w, a.No, "")
	for _, st := range []string{spending.StepPartyProposal, spending.StepJointDecision} {
		in := spending.DeliberationInput{Step: st, Date: todayDate(), Form: "现场会议"}
		if st == spending.StepJointDecision {
			in.Expected, in.Present, in.For = 9, 8, 7
		}
		if _, err := spending.Deliberate(p, a.No, in); err != nil {
			t.Fatalf("Deliberate %s: %v", st, err)
		}
	}
	if err := spending.Review(p, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	data, err := spending.ExportRequest(acc, a.No)
	if err != nil {
		t.Fatal(err)
	}
	cb.Close()
	req := filepath.Join(t.TempDir(), "request.json")
	os.WriteFile(req, data, 0o644)
	junk := filepath.Join(t.TempDir(), "junk.json")
	os.WriteFile(junk, []byte("not a file"), 0o644)

	u := openApp(t, street, "孙主任")
	s, ok := u.Show("spending").(*spendingScreen)
	if !ok {
		t.Fatalf("no 支出审批 on a street book: %v", u.ScreenIDs())
	}
	c := u.win.Canvas()
	imported := make(chan struct{}, 1)
	s.importRequests([]string{junk, req}, func() { imported <- struct{}{} })
	<-imported
	closeDialogs(u)
	assertShows(t, c, "✘ junk.json：这个文件不是阳光账本的签名文件")
	assertShows(t, c, "✔ request.json：签名有效：阳光社区 (指纹 ")
	assertShows(t, c, "待审批")
	assertShows(t, c, "修缮凉亭")

	// Deciding without an opinion is refused; with one it is signed.
	tapButton(t, c, "批准")
	assertShows(t, c, "请填写审批意见")
	closeDialogs(u)
	test.Type(s.opinion, "同意实施")
	tapButton(t, c, "批准")
	closeDialogs(u) // the save dialog
	assertShows(t, c, "【已批准】")
	out := filepath.Join(t.TempDir(), "decision.json")
	s.exportDecision(out)
	assertShows(t, c, "审批决定已导出")

	// The community accepts the decision.
	u.closeBook()
	cb, err = books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	acc, _ = cb.Login("张会计", "secret1")
	dec, _ := os.ReadFile(out)
	got, err := spending.ImportDecision(acc, dec)
	if err != nil {
		t.Fatalf("ImportDecision: %v", err)
	}
	if got.State != spending.AppApproved {
		t.Errorf("state after the decision = %s, want 已批准", got.StateName())
	}
}

// submitted creates and submits an application by 王业委 straight through
// the books API and returns its number.
func submitted(t *testing.T, path, title, amount, payee string) string {
	t.Helper()
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	w, _ := b.Login("王业委", "secret1")
	a, err := spending.Apply(w, spending.ApplyInput{Compound: "阳光小区", Title: title, Category: "物业维修", Amount: money(amount), Payee: payee})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if a, err = spending.Submit(w, a.No, ""); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	return a.No
}

func TestSpendingSplitWarningMustBeAcknowledgedAndLevelRaised(t *testing.T) {
	community, _ := spendingBooks(t)
	submitted(t, community, "修水管", "3000", "同一维修队")
	no := submitted(t, community, "修水泵", "3000", "同一维修队")
	u := openApp(t, community, "赵书记")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	s.open(no)
	assertShows(t, c, "疑似拆分支付")
	assertShows(t, c, "确认拆分提示")

	tapButton(t, c, "审核通过")
	assertShows(t, c, "有拆分支付提示，审核人须先确认")
	closeDialogs(u)
	test.Type(s.opinion, "两项为不同设备的维修，已核实")
	tapButton(t, c, "确认拆分提示")
	assertShows(t, c, "已由赵书记于")

	// Raising the level needs a reason; with one it sticks.
	s.raise(spending.LevelMajor, "")
	assertShows(t, c, "提高事项等级须说明理由")
	closeDialogs(u)
	s.raise(spending.LevelMajor, "涉及供水安全")
	assertShows(t, c, "重大事项　【待党组织审核】")
	assertShows(t, c, "按标准为小微事项，已提高：涉及供水安全")
}

func TestSpendingPaperApproval(t *testing.T) {
	community, _ := spendingBooks(t)
	no := submitted(t, community, "购买灭火器", "2000", "消防器材店")
	b, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := b.Login("赵书记", "secret1")
	if _, err := spending.Deliberate(p, no, spending.DeliberationInput{Step: spending.StepJointDecision, Date: todayDate(), Form: "现场会议", Expected: 9, Present: 8, For: 8}); err != nil {
		t.Fatal(err)
	}
	if err := spending.Review(p, no, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	b.Close()

	u := openApp(t, community, "张会计")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	s.open(no)
	assertShows(t, c, "纸质审批…")
	in := spending.PaperDecision{Decision: "approve", ApprovalNo: "城街批〔2026〕7号", Approver: "孙主任", Date: todayDate(), Opinion: "同意购置"}
	s.paper(in, "", "")
	assertShows(t, c, "纸质审批须附上审批单的扫描件")
	closeDialogs(u)
	s.paper(in, "", writePNG(t, "审批单.png"))
	assertShows(t, c, "【已批准】")
	assertShows(t, c, "2,000.00 元，审批编号 城街批〔2026〕7号（纸质审批）")
	s.tabs.SelectIndex(2)
	assertShows(t, c, "纸质审批通过")

	opened := make(chan string, 1)
	saved := openFile
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })
	tapButton(t, c, "打印审批单")
	if st, err := os.Stat(<-opened); err != nil || st.Size() == 0 {
		t.Errorf("打印审批单 wrote no PDF: %v", err)
	}
}
