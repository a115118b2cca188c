package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// newTestBookFile makes a community book in t.TempDir() with a 会计 张会计,
// a 出纳 李出纳, a 审计 王审计 (passwords "secret1") and compounds 阳光小区
// and 和平小区, and closes it so the app can open it.
func newTestBookFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "测试.sunbooks")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer b.Close()
	s, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	for _, u := range []struct {
		name string
		role books.Role
	}{{"李出纳", books.RoleCashier}, {"王审计", books.RoleAuditor}} {
		if _, err := s.AddUser(u.name, u.role, "secret1"); err != nil {
			t.Fatalf("AddUser: %v", err)
		}
	}
	for _, c := range []string{"阳光小区", "和平小区"} {
		if _, err := s.AddCompound(c); err != nil {
			t.Fatalf("AddCompound: %v", err)
		}
	}
	return path
}

// openApp starts the app on a book and signs in through the login form.
func openApp(t *testing.T, path, user string) *App {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, Options{Book: path})
	t.Cleanup(u.closeBook)
	if u.login == nil {
		t.Fatalf("no login form; screen shows %q", visibleText(u.win.Canvas()))
	}
	test.Type(u.login.user, user)
	test.Type(u.login.password, "secret1")
	test.Tap(u.login.button)
	if u.sess == nil {
		t.Fatalf("login as %s failed; screen shows %q", user, visibleText(u.win.Canvas()))
	}
	return u
}

// visibleText is every piece of text the person can see on the canvas,
// dialogs included, joined by " | ".
func visibleText(c fyne.Canvas) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				out = append(out, x.Text)
			}
		case *widget.Entry:
			// an entry's text is drawn by its renderer; the walk below finds it
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			for _, k := range r.Objects() {
				walk(k)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return strings.Join(out, " | ")
}

func assertShows(t *testing.T, c fyne.Canvas, want string) {
	t.Helper()
	if got := visibleText(c); !strings.Contains(got, want) {
		t.Errorf("screen does not show %q; it shows %q", want, got)
	}
}

// typeKeys types text into whatever has focus, as a keyboard would.
func typeKeys(t *testing.T, w fyne.Window, s string) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatalf("typing %q: nothing has focus", s)
	}
	for _, r := range s {
		f.TypedRune(r)
	}
}

// press sends a key to whatever has focus.
func press(t *testing.T, w fyne.Window, k fyne.KeyName) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatalf("pressing %s: nothing has focus", k)
	}
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

// tapButton taps the visible button labelled label, dialogs first (they are
// on top, as for a person).
func tapButton(t *testing.T, c fyne.Canvas, label string) {
	t.Helper()
	var found fyne.Tappable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			found = b
			return
		}
		if b, ok := o.(*keyButton); ok && b.Text == label { // a message's or confirmation's button
			found = b
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	overlays := c.Overlays().List()
	for i := len(overlays) - 1; i >= 0; i-- {
		walk(overlays[i])
	}
	walk(c.Content())
	if found == nil {
		t.Fatalf("no button %q on screen; it shows %q", label, visibleText(c))
	}
	test.Tap(found)
}
