package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

// Nothing typed on the voucher form is lost without a question: Ctrl+N, the
// 新凭证 button, the 凭证 menu, PgDn and opening a voucher from the list all
// ask first; Enter on the question keeps the typing, 放弃凭证 drops it.
func TestATypedVoucherIsNeverDroppedWithoutAsking(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("100")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("100")})
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	s := u.Show("vouchers").(*vouchersScreen)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	memo := e.rows[0].memo
	kept := func(how string) {
		t.Helper()
		assertShows(t, u.win.Canvas(), "填制中的凭证还没有保存")
		// The keyboard is on 取消: a hurried Enter keeps the voucher.
		press(t, u.win, fyne.KeyReturn)
		if e.rows[0].memo.Text != "收到补助" || !e.unsaved() {
			t.Fatalf("%s dropped the typed voucher (memo now %q)", how, e.rows[0].memo.Text)
		}
	}
	ctrlN := &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl}
	e.shortcut(ctrlN)
	kept("Ctrl+N")
	test.Tap(e.newBtn)
	kept("新凭证")
	s.startNew()
	kept("the 凭证 menu")
	e.pageKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	kept("PgDn")
	s.open(0)
	kept("opening a voucher from the list")

	// Agreed to, the form starts afresh.
	u.win.Canvas().Focus(memo)
	e.shortcut(ctrlN)
	tapButton(t, u.win.Canvas(), "放弃凭证")
	if e.rows[0].memo.Text != "" || e.unsaved() {
		t.Errorf("放弃凭证 kept the voucher: memo %q", e.rows[0].memo.Text)
	}
	// With nothing typed, Ctrl+N asks nothing.
	e.shortcut(ctrlN)
	if got := visibleText(u.win.Canvas()); strings.Contains(got, "填制中的凭证还没有保存") {
		t.Errorf("Ctrl+N on an empty form asks: %q", got)
	}
}

// An application typed on the form is not dropped by picking another in the
// list or starting a new one without a question either.
func TestATypedApplicationIsNeverDroppedWithoutAsking(t *testing.T) {
	community, _ := spendingBooks(t)
	no := submitted(t, community, "购买灭火器", "2000", "消防器材店")
	u := openApp(t, community, "王业委")
	s := u.Show("spending").(*spendingScreen)
	s.newApplication()
	if s.form.unsaved() {
		t.Fatalf("a new, empty application counts as typing")
	}
	s.form.title.SetText("更换三号楼路灯")
	s.form.amount.SetText("3000")
	s.selectRow(0)
	assertShows(t, u.win.Canvas(), "申请单上填写的内容还没有保存")
	press(t, u.win, fyne.KeyReturn) // the keyboard is on 取消
	if s.form.title.Text != "更换三号楼路灯" || s.cur != nil {
		t.Fatalf("picking %s dropped the typed application (title %q)", no, s.form.title.Text)
	}
	s.selectRow(0)
	tapButton(t, u.win.Canvas(), "放弃填写")
	if s.cur == nil || s.cur.No != no {
		t.Errorf("放弃填写 did not open %s", no)
	}
}

// Picking a room in the register does not replace what was typed on the
// room form without a question.
func TestATypedRoomIsNeverDroppedWithoutAsking(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("income").(*incomeScreen)
	c := u.win.Canvas()
	test.Type(s.rLocation, "1号楼底商")
	s.rCompound.SetSelected("阳光小区")
	test.Type(s.rArea, "120")
	tapButton(t, c, "登记用房")
	if len(s.rooms) != 1 {
		t.Fatalf("rooms %v", s.rooms)
	}
	s.clearRoom()
	test.Type(s.rLocation, "2号楼架空层")
	s.roomTable.Select(widget.TableCellID{Row: 0, Col: 0})
	assertShows(t, c, "登记或修改用房处填写的内容还没有保存")
	press(t, u.win, fyne.KeyReturn)
	if s.rLocation.Text != "2号楼架空层" {
		t.Fatalf("picking a room dropped the typing: %q", s.rLocation.Text)
	}
	s.roomTable.UnselectAll()
	s.roomTable.Select(widget.TableCellID{Row: 0, Col: 0})
	tapButton(t, c, "放弃填写")
	if s.rLocation.Text != "1号楼底商" {
		t.Errorf("放弃填写 did not show the room: %q", s.rLocation.Text)
	}
	// Shown and untouched, picking again asks nothing.
	s.roomTable.UnselectAll()
	s.roomTable.Select(widget.TableCellID{Row: 0, Col: 0})
	if strings.Contains(visibleText(c), "登记或修改用房处填写的内容还没有保存") {
		t.Errorf("picking with nothing typed asks")
	}
}

// Typing on any screen's form, not only the voucher's, holds signing out
// (and so closing the window and opening another book, which go the same
// way) until the person agrees to drop it; the question names each form.
func TestSigningOutAsksForTypingOnEveryScreen(t *testing.T) {
	u := openApp(t, leaseBookFile(t), "张会计")
	for _, id := range u.ScreenIDs() {
		u.Show(id)
	}
	s := u.Show("income").(*incomeScreen)
	for i := range s.tabs.Items {
		s.tabs.SelectIndex(i)
	}
	if w := u.unsavedWork(); len(w) > 0 {
		t.Fatalf("every screen shown, nothing typed, and yet unsaved: %v", w)
	}
	test.Type(s.lTenant, "李四便利店")
	test.Type(s.iMemo, "团购佣金")
	u.leaveApp(u.logout)
	assertShows(t, u.win.Canvas(), "租约、其他收入")
	press(t, u.win, fyne.KeyEscape)
	if u.sess == nil {
		t.Fatalf("Escape signed out and lost the typing")
	}
	if s.lTenant.Text != "李四便利店" {
		t.Fatalf("the lease form lost its typing: %q", s.lTenant.Text)
	}

	// The room form counts what changed since a room was shown on it.
	s.lTenant.SetText("")
	s.iMemo.SetText("")
	s.tabs.SelectIndex(0)
	if len(s.rooms) == 0 {
		t.Fatalf("the test book has no service rooms to pick")
	}
	s.pickRoom(0)
	if w := u.unsavedWork(); len(w) > 0 {
		t.Fatalf("a room shown on the form, untouched, counts as unsaved: %v", w)
	}
	test.Type(s.rNote, "已粉刷")
	if w := u.unsavedWork(); len(w) != 1 || w[0] != "社服用房" {
		t.Fatalf("a changed room form reads as %v, want [社服用房]", w)
	}
	u.leaveApp(u.logout)
	assertShows(t, u.win.Canvas(), "社服用房")
	tapButton(t, u.win.Canvas(), "放弃填写")
	if u.sess != nil {
		t.Errorf("放弃填写 did not sign out")
	}
}

// An opinion typed on an application is not dropped by picking another one
// in the list without a question, nor by signing out.
func TestATypedOpinionAsksBeforeAnotherApplication(t *testing.T) {
	community, _ := spendingBooks(t)
	u := openApp(t, community, "王业委")
	_, first := applyAndSubmit(t, u, "3000")
	_, second := applyAndSubmit(t, u, "2000")
	relogin(t, u, "赵书记")
	c := u.win.Canvas()
	s := u.Show("spending").(*spendingScreen)
	row := func(no string) int {
		for i, a := range s.apps {
			if a.No == no {
				return i
			}
		}
		t.Fatalf("%s is not in the list", no)
		return -1
	}
	s.open(first)
	closeDialogs(u) // 拆分支付提示: the two applications are to one payee
	test.Type(s.opinion, "请补充报价单")
	s.selectRow(row(second))
	assertShows(t, c, "这些地方填写的内容还没有保存："+first)
	press(t, u.win, fyne.KeyEscape)
	if s.cur.No != first || s.opinion.Text != "请补充报价单" {
		t.Fatalf("Escape moved to %s and the opinion reads %q", s.cur.No, s.opinion.Text)
	}
	if w := u.unsavedWork(); len(w) != 1 || w[0] != first+" 的意见" {
		t.Errorf("unsaved work %v", w)
	}
	s.selectRow(row(second))
	tapButton(t, c, "放弃填写")
	if s.cur.No != second || s.opinion.Text != "" {
		t.Errorf("放弃填写 shows %s with the opinion %q", s.cur.No, s.opinion.Text)
	}
	if w := u.unsavedWork(); len(w) != 0 {
		t.Errorf("nothing typed, yet unsaved: %v", w)
	}
}

// The 公示与电话 fields keep what was typed when another screen is shown and
// this one again (which rereads the book), and count as unsaved until saved.
func TestTypedSettingsSurviveAScreenChange(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("settings").(*settingsScreen)
	if !s.selectTab("公示与电话") {
		t.Fatal("no 公示与电话 tab")
	}
	s.Reload()
	s.phoneComm.SetText("")
	test.Type(s.phoneComm, "0531-1234567")
	u.Show("vouchers")
	u.Show("settings")
	if s.phoneComm.Text != "0531-1234567" {
		t.Fatalf("showing the screen again replaced the typing with %q", s.phoneComm.Text)
	}
	if w := u.unsavedWork(); len(w) != 1 || w[0] != "公示与电话" {
		t.Fatalf("unsaved work %v, want [公示与电话]", w)
	}
	tapButton(t, u.win.Canvas(), "保存")
	if got := u.book.Setting(books.SettingPhoneCommunity, ""); got != "0531-1234567" {
		t.Fatalf("saved %q", got)
	}
	if w := u.unsavedWork(); len(w) != 0 {
		t.Errorf("saved, yet unsaved: %v", w)
	}
}
