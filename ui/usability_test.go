package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// savedReviewed makes a balanced voucher as 张会计 and has 李出纳 review it;
// it returns the book's path and the 出纳's app on the voucher list.
func savedReviewed(t *testing.T) (*App, *vouchersScreen) {
	t.Helper()
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	u.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(ctrlS)
	u.win.Close()
	c := openApp(t, path, "李出纳")
	s := c.Show("vouchers").(*vouchersScreen)
	s.table.Select(tableCell0)
	test.Tap(s.reviewBtn)
	s.table.Select(tableCell0)
	return c, s
}

func status(t *testing.T, u *App) string {
	t.Helper()
	v, err := u.book.Vouchers(books.VoucherFilter{})
	if err != nil || len(v) != 1 {
		t.Fatalf("vouchers: %v, %v", v, err)
	}
	return v[0].Status
}

func TestMessageIsDismissedFromTheKeyboardAndGivesFocusBack(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	entryOf(t, u)
	memo := u.win.Canvas().Focused()
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		showError(u.win, books.Errorf(books.Invalid, "第 1 行：找不到“zzzz”这个科目"))
		if u.win.Canvas().Overlays().Top() == nil {
			t.Fatalf("no dialog shown")
		}
		press(t, u.win, k)
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("%s does not close the message", k)
		}
		if u.win.Canvas().Focused() != memo {
			t.Errorf("after %s the keyboard is on %T, not back in the memo cell", k, u.win.Canvas().Focused())
		}
	}
}

func TestPostingAVoucherIsAskedFirst(t *testing.T) {
	u, s := savedReviewed(t)
	test.Tap(s.postBtn)
	assertShows(t, u.win.Canvas(), "记账后不能再修改或删除")
	press(t, u.win, fyne.KeyEscape)
	if got := status(t, u); got != books.StatusReviewed {
		t.Errorf("after Escape the voucher is %s, want still reviewed", books.StatusName(got))
	}
	s.table.Select(tableCell0)
	test.Tap(s.postBtn)
	tapButton(t, u.win.Canvas(), "取消")
	if got := status(t, u); got != books.StatusReviewed {
		t.Errorf("after 取消 the voucher is %s, want still reviewed", books.StatusName(got))
	}
	s.table.Select(tableCell0)
	test.Tap(s.postBtn)
	press(t, u.win, fyne.KeyReturn)
	if got := status(t, u); got != books.StatusPosted {
		t.Errorf("after confirming the voucher is %s, want posted", books.StatusName(got))
	}
}

func TestBatchPostingSaysHowManyAndAsksFirst(t *testing.T) {
	u, s := savedReviewed(t)
	test.Tap(s.batchPost)
	assertShows(t, u.win.Canvas(), "将当前筛选下 1")
	press(t, u.win, fyne.KeyEscape)
	if got := status(t, u); got != books.StatusReviewed {
		t.Errorf("after Escape the voucher is %s, want still reviewed", books.StatusName(got))
	}
	test.Tap(s.batchPost)
	press(t, u.win, fyne.KeyReturn)
	u.long.Wait()
	if got := status(t, u); got != books.StatusPosted {
		t.Errorf("after confirming the voucher is %s, want posted", books.StatusName(got))
	}
}

func TestVoucherFormAsksBeforePosting(t *testing.T) {
	u, s := savedReviewed(t)
	s.open(0)
	test.Tap(s.entry.postBtn)
	assertShows(t, u.win.Canvas(), "记账后不能再修改或删除")
	press(t, u.win, fyne.KeyEscape)
	if got := status(t, u); got != books.StatusReviewed {
		t.Errorf("after Escape the voucher is %s, want still reviewed", books.StatusName(got))
	}
	test.Tap(s.entry.postBtn)
	press(t, u.win, fyne.KeyReturn)
	if got := status(t, u); got != books.StatusPosted {
		t.Errorf("after confirming the voucher is %s, want posted", books.StatusName(got))
	}
}

func TestSpendingHintOffersNewApplicationOnlyToTheCommittee(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	u.Show("spending")
	assertShows(t, u.win.Canvas(), "请在左侧选择一份申请。")
	if got := visibleText(u.win.Canvas()); strings.Contains(got, "新建申请") {
		t.Errorf("the 会计 is told to click 新建申请, which only the 业委会 has: %q", got)
	}
}

func TestIncomeCompoundFilterShowsItsChoiceWhole(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("income").(*incomeScreen)
	u.win.Resize(fyne.NewSize(1280, 720))
	got := s.roomFilter.Size().Width
	text := fyne.MeasureText(s.roomFilter.Selected, theme.TextSize(), fyne.TextStyle{}).Width
	// text, the padding either side and the drop-down arrow
	need := text + 4*theme.InnerPadding() + theme.IconInlineSize()
	if s.roomFilter.Selected == "" || got < need {
		t.Errorf("the 小区 filter is %.0f wide for %q, which needs %.0f", got, s.roomFilter.Selected, need)
	}
}

func TestClosingOffersTheFirstOpenMonth(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("settings").(*settingsScreen)
	s.loadPeriods()
	if len(s.periods) == 0 || s.periods[0].Closed {
		t.Fatalf("periods = %+v, want the working month open", s.periods)
	}
	if s.periodSel != 0 {
		t.Errorf("chosen month = %d, want 0 (%s, the first open one)", s.periodSel, s.periods[0].Period.Chinese())
	}
	tapButton(t, u.win.Canvas(), "结账")
	assertShows(t, u.win.Canvas(), "结账 "+s.periods[0].Period.Chinese()+"？")
	press(t, u.win, fyne.KeyEscape)
	if u.book.IsClosed(s.periods[0].Period) {
		t.Errorf("Escape closed the month")
	}
}

func TestAuditorIsNotShownReviewOrPost(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "王审计")
	s := u.Show("vouchers").(*vouchersScreen)
	for name, b := range map[string]fyne.CanvasObject{"审核": s.reviewBtn, "记账": s.postBtn, "成批审核": s.batchReview, "成批记账": s.batchPost} {
		if b.Visible() {
			t.Errorf("the voucher list shows %s to an auditor", name)
		}
	}
	s.tabs.Select(s.entryTab)
	for name, b := range map[string]fyne.CanvasObject{"审核": s.entry.reviewBtn, "取消审核": s.entry.unreviewBtn, "记账": s.entry.postBtn} {
		if b.Visible() {
			t.Errorf("the voucher form shows %s to an auditor", name)
		}
	}
	if !s.entry.printBtn.Visible() {
		t.Errorf("the voucher form hides 打印 from an auditor")
	}
	if s.entryTab.Text != "查看凭证" {
		t.Errorf("an auditor's voucher tab reads %q, want 查看凭证", s.entryTab.Text)
	}
}

func TestOperationLogNamesActionsInChinese(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	u.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(ctrlS)
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("操作日志")
	s.loadLog()
	got := visibleText(u.win.Canvas())
	if !strings.Contains(got, "填制凭证") || strings.Contains(got, "voucher.create") {
		t.Errorf("the log does not name the voucher's creation in Chinese: %q", got)
	}
}

// Every action books writes to the log has a Chinese name here; a new one
// added in books without a name would show its code.
func TestEveryLoggedActionHasAChineseName(t *testing.T) {
	files, err := filepath.Glob("../books/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("books sources: %v, %v", files, err)
	}
	re := regexp.MustCompile(`(?:appendLog\(tx, [^,]+, [^,]+, |insertVoucher\(tx, [^,]+, [^,]+, |action :?= )"([a-z_]+\.[a-z_.]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			seen++
			if logActionName(m[1]) == m[1] {
				t.Errorf("%s logs %q, which the log screen shows untranslated", filepath.Base(f), m[1])
			}
		}
	}
	if seen < 30 {
		t.Errorf("found only %d logged actions in books; the pattern no longer matches the code", seen)
	}
}

func TestSigningOutWithAVoucherTypedAsksFirst(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	if u.unsavedVoucher() {
		t.Fatalf("an empty new voucher counts as unsaved typing")
	}
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	u.leaveApp(u.logout)
	assertShows(t, u.win.Canvas(), "填制中的凭证还没有保存")
	press(t, u.win, fyne.KeyEscape)
	if u.sess == nil {
		t.Fatalf("Escape signed out and lost the voucher")
	}
	// Saved, nothing is lost: signing out goes straight on.
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	if u.unsavedVoucher() {
		t.Fatalf("a saved voucher counts as unsaved typing")
	}
	u.leaveApp(u.logout)
	if u.sess != nil {
		t.Errorf("signing out after saving asked or did nothing")
	}
}

func TestStatusLineDoesNotCarryOldNews(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	if !strings.Contains(u.hint.Text, "已保存凭证") {
		t.Fatalf("status line after saving = %q", u.hint.Text)
	}
	// The next voucher is refused: the line no longer says 已保存.
	test.Tap(e.newBtn)
	typeLine(t, u, "买花", "5201", "阳光小区", "100", "")
	typeLine(t, u, "", "1001", "", "", "90")
	test.Tap(e.saveBtn)
	if strings.Contains(u.hint.Text, "已保存") {
		t.Errorf("status line says %q beside a refused voucher", u.hint.Text)
	}
	u.setHint("已生成 PDF")
	u.Show("ledgers")
	if u.hint.Text != "" {
		t.Errorf("status line on 账簿 still says %q", u.hint.Text)
	}
}

func TestDashboardDoesNotAskThePreparerToReviewTheirOwnVoucher(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	u.Show("home")
	if got := visibleText(u.win.Canvas()); strings.Contains(got, "待审核凭证") {
		t.Errorf("the preparer is told a voucher waits on their review: %q", got)
	}
	u.win.Close()
	c := openApp(t, path, "李出纳")
	assertShows(t, c.win.Canvas(), "待审核凭证 1 张")
}

func TestRejectingAnApplicationAsksFirst(t *testing.T) {
	community, _ := spendingBooks(t)
	u := openApp(t, community, "王业委")
	_, no := applyAndSubmit(t, u, "3000")
	relogin(t, u, "赵书记")
	s := u.Show("spending").(*spendingScreen)
	s.open(no)
	c := u.win.Canvas()
	test.Type(s.opinion, "不符合用途")
	tapButton(t, c, "驳回")
	assertShows(t, c, "驳回后申请终止")
	press(t, u.win, fyne.KeyEscape)
	if a, err := spending.ApplicationByNo(u.book, no); err != nil || a.State != spending.AppPartyReview {
		t.Fatalf("after Escape the application is %+v (%v), want still at 党组织审核", a.State, err)
	}
	tapButton(t, c, "驳回")
	press(t, u.win, fyne.KeyReturn)
	if a, err := spending.ApplicationByNo(u.book, no); err != nil || a.State != spending.AppRejected {
		t.Errorf("after confirming the application is %+v (%v), want rejected", a.State, err)
	}
}
