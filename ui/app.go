// Package ui is the desktop app's Fyne shell and screens over one open book.
package ui

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/assets"
	"sunbooks/books"
)

// Options say what the app opens with.
type Options struct {
	// Book is the book to open (-book). Empty opens the last book used, or on
	// the first run the demo book.
	Book string
	// User and Password prefill the login form (SUNBOOKS_USER and
	// SUNBOOKS_PASSWORD, as for the CLI); the person still presses 登录.
	User, Password string
	// DemoMaker makes the demo book at a path when the first run finds none;
	// nil means demo.Create with the password demo123.
	DemoMaker func(path string) error
}

// Screen is one screen of the main window. The shell builds it the first
// time it is shown and calls Reload every time it is shown again or the
// working period changes, so a screen reads the book only when looked at.
type Screen interface {
	Content() fyne.CanvasObject
	Reload()
}

// keyHandler is a screen that answers keys typed with nothing focused.
type keyHandler interface {
	typedKey(k *fyne.KeyEvent) bool
}

// screenDef is a screen's place in the shell: each screen file defines its
// own, and screens lists them.
type screenDef struct {
	id    string
	title func() string
	// roles that are offered the screen; nil for everyone.
	roles []books.Role
	// kinds of book the screen belongs to; nil for both.
	kinds []string
	build func(a *App) Screen
	// menu adds the screen's own items to the main menu (with shortcuts
	// that work while an entry has focus); optional.
	menu func(a *App) *fyne.Menu
}

// screens are the shell's screens in menu order; this is the one place a
// screen is wired in.
func screens() []screenDef {
	return []screenDef{homeScreenDef(), vouchersScreenDef(), ledgersScreenDef(), spendingScreenDef(),
		incomeScreenDef(), noticeScreenDef(), exchangeScreenDef(), settingsScreenDef()}
}

func (d screenDef) allowed(role books.Role, kind string) bool {
	ok := d.roles == nil
	for _, r := range d.roles {
		ok = ok || r == role
	}
	if !ok {
		return false
	}
	if d.kinds == nil {
		return true
	}
	for _, k := range d.kinds {
		if k == kind {
			return true
		}
	}
	return false
}

type openScreen struct {
	def    screenDef
	screen Screen
	// view is the screen inside a scroller: a screen taller than the window
	// scrolls instead of pushing the status bar off a small laptop screen.
	view fyne.CanvasObject
}

// App is the main window over one book and one signed-in user.
type App struct {
	fyne fyne.App
	win  fyne.Window
	opts Options

	book   *books.Book
	sess   *books.Session
	info   books.Info
	period books.Period

	// the shell, built after login
	screens   []*openScreen
	current   int
	nav       *widget.List
	body      *fyne.Container
	unitLabel *widget.Label
	userLabel *widget.Label
	periodSel *widget.Select
	periods   []books.Period
	// states are the book's months as last read; screens use them rather
	// than reading Periods again (it scans every voucher of a big book).
	states []books.PeriodState
	hint   *widget.Label

	// login is the sign-in form while it is shown (tests type into it).
	login *loginForm
	// startButtons are the start screen's buttons while it is shown.
	startButtons *fyne.Container
	// long counts long work not yet reported (tests wait on it).
	long sync.WaitGroup
	// reading counts previews reading the book off the UI goroutine;
	// closeBook waits for them, so none reads a closed book.
	reading sync.WaitGroup
	// previewShown is the last printout preview shown (tests look at it).
	previewShown *docView
}

// New makes the app's main window and shows the start: the book from the
// options, the last one used, or on the first run the demo book; then login.
func New(a fyne.App, o Options) *App {
	a.Settings().SetTheme(NewTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow(lang.X("app.title", "阳光账本"))
	// Fits a 1366×768 office laptop with its taskbar.
	w.Resize(fyne.NewSize(1280, 720))
	u := &App{fyne: a, win: w, opts: o, current: -1}
	w.SetOnClosed(u.closeBook)
	w.SetCloseIntercept(func() { u.leaveApp(w.Close) })
	u.start()
	return u
}

// Window returns the main window.
func (u *App) Window() fyne.Window { return u.win }

// ShowAndRun shows the main window and runs the app until it is closed.
func (u *App) ShowAndRun() { u.win.ShowAndRun() }

func (u *App) closeBook() {
	u.reading.Wait()
	if u.book != nil {
		u.book.Close()
	}
	u.book, u.sess, u.screens, u.current = nil, nil, nil, -1
}

// role is the signed-in user's role.
func (u *App) role() books.Role {
	if u.sess == nil {
		return ""
	}
	return u.sess.User().Role
}

// can reports whether the signed-in user has one of roles; screens use it to
// offer only the buttons the book would accept. A book opened read-only
// accepts no change from anyone.
func (u *App) can(roles ...books.Role) bool {
	if u.book == nil || u.book.ReadOnly() {
		return false
	}
	for _, r := range roles {
		if u.role() == r {
			return true
		}
	}
	return false
}

// buildShell lays out the main window after login: navigation on the left,
// the screen in the middle, and the status bar with unit, period and user.
func (u *App) buildShell() {
	u.screens = nil
	for _, d := range screens() {
		if d.allowed(u.role(), u.info.Kind) {
			u.screens = append(u.screens, &openScreen{def: d})
		}
	}
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		// The template text only sizes the column (eight CJK characters).
		func() fyne.CanvasObject { return widget.NewLabel("0  一二三四五六") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(fmt.Sprintf("%d  %s", id+1, u.screens[id].def.title()))
		})
	u.nav.OnSelected = func(id widget.ListItemID) { u.show(id) }

	u.unitLabel = widget.NewLabel(u.unitText())
	u.unitLabel.TextStyle = fyne.TextStyle{Bold: true}
	u.userLabel = widget.NewLabel(fmt.Sprintf(lang.X("status.user", "用户：%s（%s）"), u.sess.User().Name, u.role().Name()))
	u.periodSel = widget.NewSelect(nil, func(string) {
		i := u.periodSel.SelectedIndex()
		if i >= 0 && i < len(u.periods) && u.periods[i] != u.period {
			u.period = u.periods[i]
			u.reloadCurrent()
		}
	})
	u.loadPeriods()
	u.hint = widget.NewLabel("")
	u.hint.Importance = widget.SuccessImportance
	status := container.NewHBox(u.unitLabel, widget.NewSeparator(),
		widget.NewLabel(lang.X("status.period", "期间：")), u.periodSel, widget.NewSeparator(),
		u.userLabel, widget.NewSeparator(), u.hint)

	u.body = container.NewStack()
	navBox := container.NewBorder(nil, nil, nil, widget.NewSeparator(), u.nav)
	split := container.NewHSplit(navBox, u.body)
	split.Offset = 0.12
	u.win.SetContent(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), status), nil, nil, split))
	u.win.SetMainMenu(u.mainMenu())
	u.addScreenShortcuts()
	// Keys typed with nothing focused (a posted voucher's cells are
	// read-only) go to the screen, if it wants them.
	u.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if u.current >= 0 && u.current < len(u.screens) {
			if h, ok := u.screens[u.current].screen.(keyHandler); ok {
				h.typedKey(k)
			}
		}
	})
	if len(u.screens) > 0 {
		u.nav.Select(0)
	}
}

func (u *App) unitText() string {
	s := fmt.Sprintf(lang.X("status.unit", "单位：%s %s"), u.info.Street, u.info.Community)
	if u.info.Kind == books.KindStreet {
		s = fmt.Sprintf(lang.X("status.unit.street", "单位：%s（街道账簿）"), u.info.Street)
	}
	if u.book != nil && u.book.ReadOnly() {
		s += lang.X("status.readonly", "（只读）")
	}
	return s
}

// unitName is the book's unit as printed: street and community.
func (u *App) unitName() string {
	if u.info.Kind == books.KindStreet {
		return u.info.Street
	}
	return u.info.Street + u.info.Community
}

// loadPeriods fills the period picker and chooses the working month: the
// first month not yet closed, which is the one the accountant is keeping.
func (u *App) loadPeriods() {
	ps, err := u.book.Periods()
	if err != nil {
		showError(u.win, err)
		return
	}
	u.states = ps
	u.periods = nil
	var names []string
	chosen := books.Period(0)
	for _, p := range ps {
		u.periods = append(u.periods, p.Period)
		name := p.Period.Chinese()
		if p.Closed {
			name += lang.X("status.closed", "（已结账）")
		} else if chosen == 0 {
			chosen = p.Period
		}
		names = append(names, name)
	}
	if u.period != 0 {
		chosen = u.period
	}
	if chosen == 0 && len(ps) > 0 {
		chosen = ps[len(ps)-1].Period
	}
	u.period = chosen
	u.periodSel.SetOptions(names)
	for i, p := range u.periods {
		if p == chosen {
			u.periodSel.SetSelectedIndex(i)
		}
	}
}

// show switches to the i-th screen, building it on first use.
func (u *App) show(i int) {
	if i < 0 || i >= len(u.screens) {
		return
	}
	s := u.screens[i]
	first := s.screen == nil
	if first {
		s.screen = s.def.build(u)
		s.view = container.NewScroll(s.screen.Content())
	}
	u.current = i
	// The status line tells what was just done on the screen left; on
	// another screen it would read as news about this one.
	u.setHint("")
	u.body.Objects = []fyne.CanvasObject{s.view}
	u.body.Refresh()
	s.screen.Reload()
	u.win.SetTitle(lang.X("app.title", "阳光账本") + " — " + s.def.title())
}

// Show switches to the screen with the given id ("vouchers", "ledgers" …)
// and returns it, or nil when the user's role is not offered it.
func (u *App) Show(id string) Screen {
	for i, s := range u.screens {
		if s.def.id == id {
			if u.nav != nil {
				u.nav.Select(i)
			}
			if u.current != i {
				u.show(i)
			}
			return s.screen
		}
	}
	return nil
}

// ScreenIDs lists the screens offered to the signed-in user, in menu order.
func (u *App) ScreenIDs() []string {
	var ids []string
	for _, s := range u.screens {
		ids = append(ids, s.def.id)
	}
	return ids
}

func (u *App) reloadCurrent() {
	if u.current >= 0 && u.current < len(u.screens) && u.screens[u.current].screen != nil {
		u.screens[u.current].screen.Reload()
	}
}

// changed is called after a screen changed the book: periods may have new
// states, and other screens will reload when shown.
func (u *App) changed() {
	if u.periodSel != nil {
		u.loadPeriods()
	}
}

// Periods returns the book's months as last read (after login and after
// every change made through the app).
func (u *App) Periods() []books.PeriodState { return u.states }

// setHint shows a short line in the status bar (what was just done).
func (u *App) setHint(s string) {
	if u.hint != nil {
		u.hint.SetText(s)
	}
}

// menuItem is a menu entry; with a key (Ctrl+key), the window runs its
// action on that key wherever the focus is, and its label says so, as the
// buttons do ("新凭证 (Ctrl+N)"). Fyne 2.7 draws a keyboard shortcut beside
// the label in a colour whose alpha it cuts from 16 to 8 bits (shortcutColor:
// 0xf332 becomes 0x32), a fifth of the text's strength, near white on white;
// so the shortcut given to Fyne is a menuKey, which it matches by name to run
// the action but does not draw.
func menuItem(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, action)
	if key != "" {
		sc := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierControl}
		it.Label += " (Ctrl+" + string(key) + ")"
		it.Shortcut = menuKey(sc.ShortcutName())
	}
	return it
}

// menuKey is a fyne.Shortcut by name only: not a fyne.KeyboardShortcut, so
// a menu does not draw it, and the same name as the desktop.CustomShortcut
// the window makes of the key press, so the menu still answers it.
type menuKey string

func (k menuKey) ShortcutName() string { return string(k) }

func (u *App) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu(lang.X("menu.file", "文件"),
		fyne.NewMenuItem(lang.X("menu.open", "打开账簿…"), func() { u.leaveApp(u.chooseBook) }),
		fyne.NewMenuItem(lang.X("menu.create", "新建账簿…"), func() { u.leaveApp(u.createBookDialog) }),
		fyne.NewMenuItem(lang.X("menu.logout", "注销（换用户登录）"), func() { u.leaveApp(u.logout) }),
	)
	var items []*fyne.MenuItem
	for i, s := range u.screens {
		i := i
		var key fyne.KeyName
		if i < 9 {
			key = fyne.KeyName(fmt.Sprint(i + 1))
		}
		items = append(items, menuItem(s.def.title(), key, func() { u.nav.Select(i) }))
	}
	menus := []*fyne.Menu{file, fyne.NewMenu(lang.X("menu.screens", "功能"), items...)}
	for _, s := range u.screens {
		if s.def.menu != nil {
			if m := s.def.menu(u); m != nil {
				menus = append(menus, m)
			}
		}
	}
	return fyne.NewMainMenu(menus...)
}

// addScreenShortcuts lets Ctrl+1…9 switch screens when no entry has focus
// (with an entry focused the main menu's shortcuts do it).
func (u *App) addScreenShortcuts() {
	for i := range u.screens {
		if i >= 9 {
			break
		}
		i := i
		u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(fmt.Sprint(i + 1)), Modifier: fyne.KeyModifierControl},
			func(fyne.Shortcut) { u.nav.Select(i) })
	}
}

func (u *App) logout() {
	u.win.SetMainMenu(nil)
	u.sess, u.screens, u.current = nil, nil, -1
	u.showLogin("")
}
