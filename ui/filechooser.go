package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The file chooser is the app's own, in Chinese from its places (主目录,
// 桌面, 此电脑) to its buttons — Fyne's names its places in English with no
// way to change them — and it never offers a book's working files
// (-wal, -shm, -journal, .lock) as things to pick, move or delete.

// fileOpts say what the chooser asks for.
type fileOpts struct {
	title  string
	save   bool     // a file to write, named in the name box
	folder bool     // a folder, not a file
	name   string   // the name offered when saving
	exts   []string // the kinds of file shown (".pdf"); none: every file
}

// workingFile reports a file the app or SQLite keeps beside a book while it
// is open, or a half-written temporary file: never shown to pick.
func workingFile(name string) bool {
	n := strings.ToLower(name)
	for _, suffix := range []string{"-wal", "-shm", "-journal", ".lock", ".tmp"} {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return strings.HasPrefix(n, ".")
}

// fileChooser is one open chooser.
type fileChooser struct {
	u       *App
	opts    fileOpts
	dir     string
	entries []os.DirEntry
	picked  int // the file picked in entries, -1 for none
	where   *widget.Label
	problem *widget.Label
	list    *widget.List
	name    *widget.Entry
	ok      *keyButton
	dlg     dialog.Dialog
	done    func(path string)
}

// chooseFile shows the chooser; done gets the path chosen (not called when
// the person cancels).
func (u *App) chooseFile(o fileOpts, done func(path string)) *fileChooser {
	c := &fileChooser{u: u, opts: o, picked: -1, done: done}
	c.where = widget.NewLabel("")
	c.where.Wrapping = fyne.TextWrapBreak
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Hide()
	c.list = widget.NewList(func() int { return len(c.entries) },
		func() fyne.CanvasObject { return newFileItem() },
		func(i widget.ListItemID, o fyne.CanvasObject) { c.showItem(i, o.(*fileItem)) })
	c.name = widget.NewEntry()
	c.name.SetText(o.name)
	c.name.OnSubmitted = func(string) { c.confirm() }
	okLabel := lang.X("chooser.open", "打开")
	switch {
	case o.folder:
		okLabel = lang.X("chooser.pickfolder", "选择此文件夹")
	case o.save:
		okLabel = lang.X("chooser.save", "保存")
	}
	var cancel *keyButton
	c.ok = newKeyButton(okLabel, c.confirm)
	c.ok.Importance = widget.HighImportance
	cancel = newKeyButton(lang.X("dialog.cancel", "取消"), func() { c.dlg.Hide() })
	c.ok.onEscape, cancel.onEscape = cancel.OnTapped, cancel.OnTapped
	up := widget.NewButtonWithIcon(lang.X("chooser.up", "上一级"), theme.NavigateBackIcon(), c.up)
	newFolder := widget.NewButtonWithIcon(lang.X("chooser.newfolder", "新建文件夹"), theme.FolderNewIcon(), c.newFolder)

	top := container.NewBorder(nil, nil, up, newFolder, c.where)
	var nameRow fyne.CanvasObject = widget.NewLabel("")
	if o.save {
		nameRow = container.NewBorder(nil, nil, widget.NewLabel(lang.X("chooser.name", "文件名：")), nil, c.name)
	} else if !o.folder {
		nameRow = container.NewBorder(nil, nil, widget.NewLabel(lang.X("chooser.picked", "已选：")), nil, c.name)
		c.name.Disable()
	}
	kinds := ""
	if len(o.exts) > 0 {
		kinds = fmt.Sprintf(lang.X("chooser.kinds", "只列出 %s 文件"), strings.Join(uniqueLower(o.exts), "、"))
	}
	bottom := container.NewVBox(c.problem, nameRow, container.NewBorder(nil, nil, widget.NewLabel(kinds), container.NewHBox(cancel, c.ok)))
	body := container.NewBorder(top, bottom, container.NewVScroll(c.placeButtons()), nil, c.list)
	title := o.title
	if title == "" {
		title = okLabel
	}
	c.dlg = dialog.NewCustomWithoutButtons(title, body, u.win)
	size := u.win.Canvas().Size()
	c.dlg.Resize(fyne.NewSize(min(820, max(size.Width-40, 480)), min(580, max(size.Height-40, 360))))
	book := ""
	if u.book != nil {
		book = u.book.Path()
	}
	start := fileDir
	if start == "" && book != "" {
		start = filepath.Dir(book)
	}
	if start == "" {
		start, _ = os.UserHomeDir()
	}
	c.open(start)
	c.dlg.Show()
	if o.save {
		u.win.Canvas().Focus(c.name)
	}
	return c
}

// place is a folder offered at the side.
type place struct {
	name, path string
}

// places are the home folder and its usual folders (named either way), the
// book's folder, and the computer's drives (Windows) or its root.
func (c *fileChooser) places() []place {
	var out []place
	add := func(name, path string) {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			for _, p := range out {
				if p.path == path {
					return
				}
			}
			out = append(out, place{name, path})
		}
	}
	if c.u.book != nil {
		add(lang.X("chooser.bookdir", "账簿所在文件夹"), filepath.Dir(c.u.book.Path()))
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(lang.X("chooser.home", "主目录"), home)
		for _, f := range [][3]string{{"chooser.desktop", "桌面", "Desktop"}, {"chooser.documents", "文档", "Documents"}, {"chooser.downloads", "下载", "Downloads"}} {
			name := lang.X(f[0], f[1])
			add(name, filepath.Join(home, f[1]))
			add(name, filepath.Join(home, f[2]))
		}
	}
	if runtime.GOOS == "windows" {
		for d := 'A'; d <= 'Z'; d++ {
			add(fmt.Sprintf(lang.X("chooser.drive", "本地磁盘 (%c:)"), d), string(d)+`:\`)
		}
	} else {
		add(lang.X("chooser.computer", "计算机"), "/")
	}
	return out
}

func (c *fileChooser) placeButtons() fyne.CanvasObject {
	box := container.NewVBox()
	for _, p := range c.places() {
		p := p
		b := widget.NewButton(p.name, func() { c.open(p.path) })
		b.Alignment = widget.ButtonAlignLeading
		box.Add(b)
	}
	return box
}

// open shows the folder dir.
func (c *fileChooser) open(dir string) {
	dir = filepath.Clean(dir)
	all, err := os.ReadDir(dir)
	if err != nil {
		c.problem.SetText(fmt.Sprintf(lang.X("chooser.unreadable", "无法打开文件夹 %s（没有权限或已不存在）"), dir))
		c.problem.Show()
		return
	}
	c.problem.Hide()
	c.dir = dir
	c.where.SetText(dir)
	c.entries = c.entries[:0]
	for _, e := range all {
		if workingFile(e.Name()) {
			continue
		}
		if e.IsDir() || (!c.opts.folder && c.shows(e.Name())) {
			c.entries = append(c.entries, e)
		}
	}
	sort.SliceStable(c.entries, func(i, j int) bool {
		a, b := c.entries[i], c.entries[j]
		if a.IsDir() != b.IsDir() {
			return a.IsDir()
		}
		return strings.ToLower(a.Name()) < strings.ToLower(b.Name())
	})
	c.picked = -1
	if !c.opts.save && !c.opts.folder {
		c.name.SetText("")
	}
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
	c.updateOK()
}

// shows reports whether a file of that name is of a kind asked for.
func (c *fileChooser) shows(name string) bool {
	if len(c.opts.exts) == 0 {
		return true
	}
	for _, e := range c.opts.exts {
		if strings.EqualFold(filepath.Ext(name), e) {
			return true
		}
	}
	return false
}

func (c *fileChooser) up() {
	if parent := filepath.Dir(c.dir); parent != c.dir {
		c.open(parent)
	}
}

func (c *fileChooser) showItem(i int, it *fileItem) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	it.label.SetText(e.Name())
	if e.IsDir() {
		it.icon.SetResource(theme.FolderIcon())
	} else {
		it.icon.SetResource(theme.FileIcon())
	}
	it.setSelected(i == c.picked)
	it.onTap = func() { c.tap(i) }
	it.onDouble = func() {
		c.tap(i)
		if !e.IsDir() {
			c.confirm()
		}
	}
}

// tap enters a folder, or picks a file.
func (c *fileChooser) tap(i int) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	if e.IsDir() {
		c.open(filepath.Join(c.dir, e.Name()))
		return
	}
	c.picked = i
	c.name.SetText(e.Name())
	c.list.Refresh()
	c.updateOK()
}

func (c *fileChooser) updateOK() {
	if c.opts.folder || c.opts.save || c.picked >= 0 {
		c.ok.Enable()
	} else {
		c.ok.Disable()
	}
}

// confirm ends the choice with the folder shown, the file picked or the
// name typed; a file about to be written over is asked about first.
func (c *fileChooser) confirm() {
	var path string
	switch {
	case c.opts.folder:
		path = c.dir
	case c.opts.save:
		name := strings.TrimSpace(c.name.Text)
		if name == "" {
			c.problem.SetText(lang.X("chooser.noname", "请填写文件名"))
			c.problem.Show()
			return
		}
		if strings.ContainsAny(name, `/\`) {
			c.problem.SetText(lang.X("chooser.badname", "文件名里不能有 / 或 \\；要换文件夹，请在上面的列表里打开它"))
			c.problem.Show()
			return
		}
		path = filepath.Join(c.dir, name)
	case c.picked >= 0:
		path = filepath.Join(c.dir, c.entries[c.picked].Name())
	default:
		return
	}
	finish := func() {
		c.dlg.Hide()
		if c.opts.folder {
			fileDir = path
		} else {
			fileDir = filepath.Dir(path)
		}
		c.done(path)
	}
	if c.opts.save {
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			askConfirm(c.u.win, lang.X("chooser.exists.title", "文件已存在"),
				fmt.Sprintf(lang.X("chooser.exists", "文件“%s”已存在。替换它吗？"), filepath.Base(path)),
				lang.X("chooser.replace", "替换"), finish)
			return
		}
	}
	finish()
}

func (c *fileChooser) newFolder() {
	e := widget.NewEntry()
	e.SetPlaceHolder(lang.X("chooser.newfolder.ph", "文件夹名称"))
	dialog.ShowForm(lang.X("chooser.newfolder", "新建文件夹"), lang.X("chooser.create", "建立"), lang.X("dialog.cancel", "取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("chooser.foldername", "名称"), e)}, func(ok bool) {
			name := strings.TrimSpace(e.Text)
			if !ok || name == "" {
				return
			}
			dir := filepath.Join(c.dir, name)
			if strings.ContainsAny(name, `/\`) || os.Mkdir(dir, 0o755) != nil {
				c.problem.SetText(fmt.Sprintf(lang.X("chooser.mkdir", "无法在 %s 建立文件夹“%s”（名称不合适、已存在或没有写权限）"), c.dir, name))
				c.problem.Show()
				return
			}
			c.open(dir)
		}, c.u.win)
}

func uniqueLower(exts []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range exts {
		e = strings.ToLower(e)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// fileItem is one line of the chooser: an icon and a name, shaded when
// picked; a tap picks (or enters a folder), a double tap opens.
type fileItem struct {
	widget.BaseWidget
	icon     *widget.Icon
	label    *widget.Label
	shade    *canvas.Rectangle
	onTap    func()
	onDouble func()
}

func newFileItem() *fileItem {
	it := &fileItem{icon: widget.NewIcon(theme.FileIcon()), label: widget.NewLabel(""), shade: canvas.NewRectangle(color.Transparent)}
	it.label.Truncation = fyne.TextTruncateEllipsis
	it.ExtendBaseWidget(it)
	return it
}

// CreateRenderer draws the shade behind the icon and name.
func (it *fileItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(it.shade, container.NewBorder(nil, nil, it.icon, nil, it.label)))
}

func (it *fileItem) setSelected(on bool) {
	want := color.Color(color.Transparent)
	if on {
		want = theme.Color(theme.ColorNameSelection)
	}
	if it.shade.FillColor != want {
		it.shade.FillColor = want
		it.shade.Refresh()
	}
}

// Tapped picks the item.
func (it *fileItem) Tapped(*fyne.PointEvent) {
	if it.onTap != nil {
		it.onTap()
	}
}

// DoubleTapped opens the item.
func (it *fileItem) DoubleTapped(*fyne.PointEvent) {
	if it.onDouble != nil {
		it.onDouble()
	}
}
