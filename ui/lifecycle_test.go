package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sunbooks/books"
	"sunbooks/books/standard"
)

func TestPostedVoucherIsReversedInRedInk(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("300")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("300")})
	u := openApp(t, path, "张会计")
	s := u.Show("vouchers").(*vouchersScreen)
	s.open(0)
	e := s.entry
	if !e.saveBtn.Disabled() || e.deleteBtn.Disabled() == false {
		t.Errorf("a posted voucher offers 保存 or 删除凭证")
	}
	memo := e.rows[0].memo
	u.win.Canvas().Focus(memo)
	typeKeys(t, u.win, "改")
	press(t, u.win, fyne.KeyBackspace)
	if memo.Text != "收到停车费" {
		t.Errorf("typing changed a posted voucher's memo to %q", memo.Text)
	}
	c := u.win.Canvas()
	tapButton(t, c, "红字冲销")
	tapButton(t, c, "生成冲销凭证")
	if e.v.Kind != books.VoucherReversal {
		t.Fatalf("no reversal shown; screen shows %q", visibleText(c))
	}
	assertShows(t, c, "红字冲销 记-0001 2026-03")
	assertShows(t, c, "-300.00")
	assertShows(t, c, "冲销2026年3月记-0001：收到停车费")
}

func TestDraftVoucherIsDeletedAfterConfirming(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	c := u.win.Canvas()
	tapButton(t, c, "删除凭证")
	assertShows(t, c, "确定删除凭证")
	tapButton(t, c, "删除凭证")
	if n, _ := u.book.CountVouchers(books.VoucherFilter{}); n != 0 {
		t.Errorf("%d vouchers after delete, want 0", n)
	}
	assertShows(t, c, "已删除凭证")
}

func TestBookOpenElsewhereIsRefusedInChinese(t *testing.T) {
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	a := test.NewTempApp(t)
	u := New(a, Options{Book: path})
	t.Cleanup(u.closeBook)
	if u.login != nil {
		t.Fatal("a book held by another window was opened for login")
	}
	c := u.win.Canvas()
	assertShows(t, c, "正由另一个程序（或另一台电脑）打开修改")
	tapButton(t, c, "只读打开")
	if u.login == nil || !u.book.ReadOnly() {
		t.Fatalf("只读打开 did not reach the login; screen shows %q", visibleText(c))
	}
	assertShows(t, c, "账簿以只读方式打开")
}

func TestRestoreFromBackupAsksToSignInAgain(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	snap, err := u.sess.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.sess.AddCompound("后来的小区"); err != nil {
		t.Fatal(err)
	}
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("备份与恢复")
	for i, sn := range s.snaps {
		if sn.Path == snap {
			s.snapSel = i
		}
	}
	c := u.win.Canvas()
	tapButton(t, c, "从所选备份恢复…")
	tapButton(t, c, "恢复")
	u.long.Wait()
	assertShows(t, c, "恢复账簿，请重新登录")
	if _, err := u.book.CompoundByName("后来的小区"); err == nil {
		t.Errorf("the compound added after the backup is still there after restoring it")
	}
}

func TestCancelledLongWorkDropsItsResult(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	release := make(chan struct{})
	finished := make(chan struct{})
	called := false
	u.runLong("测试", func(ctx context.Context, _ progressFunc) (any, error) {
		<-release
		defer close(finished)
		return nil, ctx.Err()
	}, func(any, error) { called = true })
	c := u.win.Canvas()
	assertShows(t, c, "正在处理，请稍候")
	tapButton(t, c, "取消")
	close(release)
	<-finished
	u.long.Wait()
	if called {
		t.Error("the result of cancelled work was used")
	}
	assertShows(t, c, "已取消")
}

func TestBatchReviewSkipsOwnVouchersAndSaysWhy(t *testing.T) {
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	for _, s := range []*books.Session{acc, acc, cash} {
		if _, err := s.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: []books.Line{
			{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("10")},
			{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("10")}}}); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	u := openApp(t, path, "李出纳")
	s := u.Show("vouchers").(*vouchersScreen)
	c := u.win.Canvas()
	tapButton(t, c, "成批审核")
	u.long.Wait()
	if n, _ := u.book.CountVouchers(books.VoucherFilter{Status: books.StatusReviewed}); n != 2 || s.rows.total != 3 {
		t.Errorf("after 成批审核 %d reviewed and %d listed, want 2 and 3", n, s.rows.total)
	}
	assertShows(t, c, "成批审核：完成 2 张。1 张没有办理")
	assertShows(t, c, "是您本人制单的，审核须由另一人进行")
}
