package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/standard"
)

const (
	prefRecent   = "recent_books"
	prefFirstRun = "first_run_done"
	maxRecent    = 8
)

// DemoPath is where the first run keeps the demo book: in the user's own
// folder, so a PC without write access to the program folder still works.
func DemoPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "sunbooks", "演示-阳光社区.sunbooks")
}

// demoPassword is the demo users' password, said on screen at first run.
const demoPassword = "demo123"

func (u *App) makeDemo(path string) error {
	if u.opts.DemoMaker != nil {
		return u.opts.DemoMaker(path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return books.Errorf(books.Internal, "无法建立文件夹 %s", filepath.Dir(path))
	}
	b, err := demo.Create(path, demo.Options{Password: demoPassword})
	if err != nil {
		return err
	}
	return b.Close()
}

// demoPath is where openDemo looks; tests point it at a temporary folder.
var demoPath = DemoPath

// start opens the book the app was asked for, the last one used, or on the
// first run the demo book; then it asks who is signing in.
func (u *App) start() {
	path := u.opts.Book
	if path == "" {
		if recent := u.recent(); len(recent) > 0 {
			path = recent[0]
		} else if !u.fyne.Preferences().Bool(prefFirstRun) {
			u.openDemo(true)
			return
		}
	}
	if path == "" {
		u.showStart("")
		return
	}
	if err := u.openBook(path); err != nil {
		u.refused(path, err)
		return
	}
	u.showLogin("")
}

// refused shows why a book did not open; a book another window is keeping
// may still be read (an auditor, a second look at the figures).
func (u *App) refused(path string, err error) {
	u.showStart(errorText(err))
	if books.ErrorCode(err) != books.Locked {
		return
	}
	ro := widget.NewButton(lang.X("start.readonly", "只读打开"), func() {
		b, err := books.OpenReadOnly(path, standard.Modules()...)
		if err != nil {
			showError(u.win, err)
			return
		}
		info, err := b.Info()
		if err != nil {
			b.Close()
			showError(u.win, err)
			return
		}
		u.closeBook()
		u.book, u.info, u.period = b, info, 0
		setOpenBookPath(b.Path())
		u.showLogin(lang.X("start.readonly.note", "账簿以只读方式打开：可以查看和打印，不能修改。"))
	})
	u.startButtons.Add(ro)
}

// openDemo opens the demo book, building it first (off the UI goroutine) if
// this PC has none, and says so on the login screen.
func (u *App) openDemo(firstRun bool) {
	path := demoPath()
	open := func() {
		if err := u.openBook(path); err != nil {
			u.showStart(errorText(err))
			return
		}
		u.fyne.Preferences().SetBool(prefFirstRun, true)
		msg := fmt.Sprintf(lang.X("start.demo.open", "已打开演示账簿（%s）。数据都是虚构的，可以随意练习；用户 张会计，密码 demo123。"), path)
		if firstRun {
			msg = fmt.Sprintf(lang.X("start.demo",
				"这是第一次运行，已为您打开演示账簿（%s）。演示账簿里的数据都是虚构的，可以随意练习；用户 张会计，密码 demo123。正式记账请在“文件”菜单中新建账簿。"), path)
		}
		u.opts.User = "张会计"
		u.showLogin(msg)
	}
	if _, err := os.Stat(path); err == nil {
		open()
		return
	}
	u.showStart(lang.X("start.demo.making", "正在建立演示账簿，请稍候……"))
	u.runLong(lang.X("start.demo.title", "建立演示账簿"), func(ctx context.Context, p progressFunc) (any, error) {
		return nil, u.makeDemo(path)
	}, func(_ any, err error) {
		if err != nil {
			u.showStart(errorText(err))
			return
		}
		open()
	})
}

// openBook opens a book for writing and remembers it among the recent books.
func (u *App) openBook(path string) error {
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		return err
	}
	info, err := b.Info()
	if err != nil {
		b.Close()
		return err
	}
	u.closeBook()
	u.book, u.info, u.period = b, info, 0
	setOpenBookPath(b.Path())
	u.remember(path)
	return nil
}

func (u *App) recent() []string {
	var out []string
	for _, p := range u.fyne.Preferences().StringList(prefRecent) {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func (u *App) remember(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := []string{path}
	for _, p := range u.fyne.Preferences().StringList(prefRecent) {
		if p != path && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	u.fyne.Preferences().SetStringList(prefRecent, list)
}

// showStart is the window with no book open: open, create, recent books.
func (u *App) showStart(msg string) {
	u.win.SetMainMenu(nil)
	title := appTitle()
	note := widget.NewLabel(msg)
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.DangerImportance
	items := container.NewVBox()
	for _, p := range u.recent() {
		p := p
		items.Add(widget.NewButton(p, func() { u.openAndLogin(p) }))
	}
	if len(items.Objects) == 0 {
		items.Add(widget.NewLabel(lang.X("start.norecent", "（还没有打开过账簿）")))
	}
	buttons := container.NewHBox(
		widget.NewButton(lang.X("start.open", "打开账簿…"), u.chooseBook),
		widget.NewButton(lang.X("start.create", "新建账簿…"), u.createBookDialog),
	)
	buttons.Add(widget.NewButton(lang.X("start.demobutton", "打开演示账簿"), func() { u.openDemo(false) }))
	u.startButtons = buttons
	form := container.NewVBox(title, note, buttons, widget.NewSeparator(),
		widget.NewLabel(lang.X("start.recent", "最近打开的账簿：")), items)
	u.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(620, form.MinSize().Height), form)))
}

func (u *App) openAndLogin(path string) {
	if err := u.openBook(path); err != nil {
		u.refused(path, err)
		return
	}
	u.showLogin("")
}

func (u *App) chooseBook() {
	u.chooseFile(fileOpts{title: lang.X("start.open.title", "打开账簿"), exts: []string{".sunbooks", ".sqlite", ".db"}}, u.openAndLogin)
}

// showLogin asks for user and password; msg is shown above the form (the
// first-run notice).
func (u *App) showLogin(msg string) {
	u.win.SetMainMenu(nil)
	u.win.SetTitle(lang.X("app.title", "阳光账本"))
	lf := newLoginForm(u)
	lf.notice.SetText(msg)
	lf.notice.Hidden = msg == ""
	u.login = lf
	u.win.SetContent(lf.content)
	u.win.Canvas().Focus(lf.user)
	if lf.user.Text != "" {
		u.win.Canvas().Focus(lf.password)
	}
}

// appTitle is the app's name as the start and login screens show it.
func appTitle() fyne.CanvasObject {
	t := canvas.NewText(lang.X("app.title", "阳光账本"), theme.Color(theme.ColorNamePrimary))
	t.TextSize = 28
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Alignment = fyne.TextAlignCenter
	return t
}

// loginForm is the sign-in screen of an open book.
type loginForm struct {
	u        *App
	notice   *widget.Label
	user     *widget.Entry
	password *widget.Entry
	message  *widget.Label
	button   *widget.Button
	content  fyne.CanvasObject
}

func newLoginForm(u *App) *loginForm {
	f := &loginForm{u: u}
	head := widget.NewLabelWithStyle(u.unitText(), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	path := widget.NewLabelWithStyle(u.book.Path(), fyne.TextAlignCenter, fyne.TextStyle{})
	path.SizeName = theme.SizeNameCaptionText // smaller, but dark enough to read (low importance is 2.8:1)
	path.Truncation = fyne.TextTruncateEllipsis
	f.notice = widget.NewLabel("")
	f.notice.Wrapping = fyne.TextWrapWord
	f.notice.Importance = widget.HighImportance
	f.user = widget.NewEntry()
	f.user.SetPlaceHolder(lang.X("login.user.hint", "用户名，如 张会计"))
	f.user.SetText(u.opts.User)
	f.password = widget.NewPasswordEntry()
	f.password.SetText(u.opts.Password)
	f.message = widget.NewLabel("")
	f.message.Importance = widget.DangerImportance
	f.message.Wrapping = fyne.TextWrapWord
	f.button = widget.NewButton(lang.X("login.button", "登录"), f.submit)
	f.button.Importance = widget.HighImportance
	f.user.OnSubmitted = func(string) { u.win.Canvas().Focus(f.password) }
	f.password.OnSubmitted = func(string) { f.submit() }
	form := widget.NewForm(
		widget.NewFormItem(lang.X("login.user", "用户"), f.user),
		widget.NewFormItem(lang.X("login.password", "密码"), f.password),
	)
	other := widget.NewButton(lang.X("login.other", "换一本账簿…"), func() { u.closeBook(); u.showStart("") })
	other.Importance = widget.LowImportance
	box := container.NewVBox(
		appTitle(),
		head, path, f.notice, form, f.message, container.NewHBox(f.button, other))
	f.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(560, box.MinSize().Height+60), box))
	return f
}

// submit signs in; a refusal is shown on the form in Chinese and the
// password is cleared for the next try.
func (f *loginForm) submit() {
	s, err := f.u.book.Login(strings.TrimSpace(f.user.Text), f.password.Text)
	if err != nil {
		f.message.SetText(errorText(err))
		f.password.SetText("")
		f.u.win.Canvas().Focus(f.password)
		return
	}
	f.u.sess = s
	f.u.login = nil
	f.u.buildShell()
	if n, last := s.FailedBefore(); n > 0 {
		f.u.setHint(fmt.Sprintf(lang.X("login.failed.before", "注意：自您上次成功登录以来，有 %d 次用您的用户名登录失败（最近一次 %s）。如不是您本人，请告知会计并修改密码。"), n, last))
	}
}

// createBook makes a new book and asks its first user to sign in.
func (u *App) createBook(path string, o books.CreateOptions) {
	b, err := books.Create(path, o, standard.Modules()...)
	if err != nil {
		showError(u.win, err)
		return
	}
	b.Close()
	u.opts.User, u.opts.Password = o.UserName, ""
	u.openAndLogin(path)
}

// createBookDialog asks for a new book's identity and first user and makes it.
func (u *App) createBookDialog() {
	kind := widget.NewRadioGroup([]string{lang.X("create.community", "社区账簿"), lang.X("create.street", "街道账簿")}, nil)
	kind.SetSelected(lang.X("create.community", "社区账簿"))
	kind.Horizontal = true
	street, community, code := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	chart := widget.NewSelect(nil, nil)
	var charts []string
	for _, c := range books.ChartNames() {
		charts = append(charts, c)
		chart.Options = append(chart.Options, books.ChartTitle(c))
	}
	chart.SetSelectedIndex(0)
	user, pw := widget.NewEntry(), widget.NewPasswordEntry()
	user.SetText(lang.X("create.defaultuser", "会计"))
	file := widget.NewEntry()
	home, _ := os.UserHomeDir()
	file.SetText(filepath.Join(home, "账簿.sunbooks"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("create.kind", "类型"), kind),
		widget.NewFormItem(lang.X("create.street.name", "街道"), street),
		widget.NewFormItem(lang.X("create.community.name", "社区"), community),
		widget.NewFormItem(lang.X("create.code", "社区代码"), code),
		widget.NewFormItem(lang.X("create.chart", "科目模板"), chart),
		widget.NewFormItem(lang.X("create.user", "第一个用户"), user),
		widget.NewFormItem(lang.X("create.password", "密码（至少 6 位）"), pw),
		widget.NewFormItem(lang.X("create.file", "文件"), file),
	}
	d := dialog.NewForm(lang.X("create.title", "新建账簿"), lang.X("create.ok", "建立"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		o := books.CreateOptions{Street: street.Text, Community: community.Text, Code: code.Text,
			Chart: charts[max(chart.SelectedIndex(), 0)], UserName: user.Text, Password: pw.Text}
		if kind.Selected == lang.X("create.street", "街道账簿") {
			o.Kind = books.KindStreet
		}
		u.createBook(file.Text, o)
	}, u.win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}
