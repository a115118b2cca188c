package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sunbooks/assets"
	"sunbooks/books"
	"sunbooks/books/demo"
)

func TestLoginRefusesWrongPasswordInChinese(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a, Options{Book: newTestBookFile(t)})
	t.Cleanup(u.closeBook)
	test.Type(u.login.user, "张会计")
	test.Type(u.login.password, "wrong-password")
	test.Tap(u.login.button)
	if u.sess != nil {
		t.Fatal("signed in with a wrong password")
	}
	assertShows(t, u.win.Canvas(), "用户名或密码不对")
}

func TestStatusBarShowsUnitPeriodAndUser(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	c := u.win.Canvas()
	assertShows(t, c, "单位：城关街道 阳光社区")
	assertShows(t, c, "用户：张会计（会计）")
	assertShows(t, c, u.period.Chinese())
}

func TestRoleDecidesScreensAndButtons(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "王审计")
	if !slices.Contains(u.ScreenIDs(), "ledgers") {
		t.Errorf("an auditor is not offered 账簿: %v", u.ScreenIDs())
	}
	set, ok := u.Show("settings").(*settingsScreen)
	if !ok {
		t.Fatalf("an auditor cannot read the operation log: no 设置 in %v", u.ScreenIDs())
	}
	set.selectTab("会计科目")
	assertShows(t, u.win.Canvas(), "银行存款")
	if strings.Contains(visibleText(u.win.Canvas()), "增加下级科目") {
		t.Errorf("an auditor is offered 增加下级科目")
	}
	s, ok := u.Show("vouchers").(*vouchersScreen)
	if !ok {
		t.Fatalf("an auditor has no 凭证 screen: %v", u.ScreenIDs())
	}
	s.tabs.Select(s.entryTab)
	if s.entry.saveBtn.Visible() {
		t.Errorf("an auditor is offered 保存 on a voucher")
	}
}

var allStyles = []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Symbol: true}}

func TestThemeUsesBundledCJKFontForEveryStyle(t *testing.T) {
	th := NewTheme()
	for _, s := range allStyles {
		if got := th.Font(s); got.Name() != assets.FontName || len(got.Content()) != len(assets.FontTTF) {
			t.Errorf("Font(%+v) = %s, want the bundled %s", s, got.Name(), assets.FontName)
		}
	}
}

func TestFirstRunOpensTheDemoBookAndSaysSo(t *testing.T) {
	dir := t.TempDir()
	saved := demoPath
	demoPath = func() string { return filepath.Join(dir, "演示.sunbooks") }
	t.Cleanup(func() { demoPath = saved })
	made := ""
	a := test.NewTempApp(t)
	u := New(a, Options{DemoMaker: func(path string) error {
		made = path
		src := newTestBookFile(t)
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}})
	t.Cleanup(u.closeBook)
	u.long.Wait()
	if made != demoPath() {
		t.Errorf("demo made at %q, want %q", made, demoPath())
	}
	assertShows(t, u.win.Canvas(), "这是第一次运行，已为您打开演示账簿")
	if u.login.user.Text != "张会计" {
		t.Errorf("login user = %q, want 张会计 prefilled", u.login.user.Text)
	}

	// The second run opens the same book again, without the notice.
	u.closeBook()
	u2 := New(a, Options{})
	t.Cleanup(u2.closeBook)
	if u2.book == nil || u2.book.Path() != demoPath() {
		t.Fatalf("second run did not reopen the demo book")
	}
	if strings.Contains(visibleText(u2.win.Canvas()), "第一次运行") {
		t.Errorf("second run still says it is the first")
	}
}

// On the demo book, every screen of the shell fits the screen area of a
// 1280×720 window (the navigation and status bar take the rest), so nothing
// is pushed off a 1366×768 laptop.
func TestScreensFitALaptopWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "演示.sunbooks")
	b, err := demo.Create(path, demo.Options{Password: "secret1"})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	for _, id := range []string{"home", "vouchers", "ledgers", "settings"} {
		s := u.Show(id)
		if s == nil {
			t.Fatalf("no screen %s", id)
		}
		if m := s.Content().MinSize(); m.Width > 1100 || m.Height > 640 {
			t.Errorf("screen %s needs %.0f×%.0f, more than the 1100×640 a laptop window leaves it", id, m.Width, m.Height)
		}
	}
}

func TestNewBookAsksItsFirstUserToSignIn(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a, Options{Book: newTestBookFile(t)})
	t.Cleanup(u.closeBook)
	path := filepath.Join(t.TempDir(), "新社区.sunbooks")
	u.createBook(path, books.CreateOptions{Street: "城关街道", Community: "新社区", Code: "371329009", UserName: "刘会计", Password: "123"})
	assertShows(t, u.win.Canvas(), "密码至少要 6 个字符")
	u.createBook(path, books.CreateOptions{Street: "城关街道", Community: "新社区", Code: "371329009", UserName: "刘会计", Password: "secret1"})
	if u.login == nil || u.login.user.Text != "刘会计" {
		t.Fatalf("the new book does not ask 刘会计 to sign in; screen shows %q", visibleText(u.win.Canvas()))
	}
	assertShows(t, u.win.Canvas(), "单位：城关街道 新社区")
}
