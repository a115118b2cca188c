package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cellEntry is a one-line entry that lets its form take keys first: Enter
// moves on, arrows walk completions, Ctrl+S saves even while typing (a
// focused Fyne entry otherwise swallows every shortcut).
type cellEntry struct {
	widget.Entry
	// readOnly shows the text as plainly as an editable cell (a disabled
	// entry greys it out) while refusing every change: a posted voucher
	// must stay readable.
	readOnly   bool
	onNav      func(*fyne.KeyEvent) bool // keys the whole form answers (PgUp/PgDn)
	onKey      func(*fyne.KeyEvent) bool
	onRune     func(rune) bool
	onShortcut func(fyne.Shortcut) bool
	onFocus    func()
	onBlur     func()
}

func newCell() *cellEntry {
	e := &cellEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey gives the form the key first.
func (e *cellEntry) TypedKey(k *fyne.KeyEvent) {
	if e.onNav != nil && e.onNav(k) {
		return
	}
	if e.readOnly {
		switch k.Name {
		case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
			e.Entry.TypedKey(k)
		}
		return
	}
	if e.onKey != nil && e.onKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// TypedRune gives the form the rune first ("=" fills the balancing amount).
func (e *cellEntry) TypedRune(r rune) {
	if e.readOnly {
		return
	}
	if e.onRune != nil && e.onRune(r) {
		return
	}
	e.Entry.TypedRune(r)
}

// TypedShortcut gives the form the shortcut first.
func (e *cellEntry) TypedShortcut(s fyne.Shortcut) {
	if e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	if e.readOnly {
		switch s.(type) {
		case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		default:
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// FocusGained tells the form which cell the person is in.
func (e *cellEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus()
	}
}

// setReadOnly switches between editing and reading.
func (e *cellEntry) setReadOnly(ro bool) {
	e.readOnly = ro
	if ro {
		e.SetPlaceHolder("")
	}
}

// FocusLost lets the form settle the cell (resolve an account typed by code).
func (e *cellEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

// isCtrl reports whether s is Ctrl (Cmd on macOS) with key.
func isCtrl(s fyne.Shortcut, key fyne.KeyName) bool {
	c, ok := s.(*desktop.CustomShortcut)
	return ok && c.KeyName == key && (c.Modifier == fyne.KeyModifierControl || c.Modifier == fyne.KeyModifierSuper)
}

func isEnter(k *fyne.KeyEvent) bool { return k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter }

// candidate is one thing a completing cell can become.
type candidate struct {
	label string // what the cell shows once chosen: "1002 银行存款"
	code  string
	name  string
	mnem  string // pinyin initials (助记码)
	// pathMnem is the initials of the parent's name and the own name run
	// together (yhckgsyh for 银行存款—工商银行), so the parent's 助记码 finds
	// its children.
	pathMnem string
	// aliases are other names accountants type for it (库存现金 for 现金),
	// with their 助记码; a child carries its parents' (银行 for
	// 银行存款—工商银行).
	aliases    []string
	aliasMnems []string
	id         int64
}

// match ranks c against what was typed: 0 no match; higher is better. Code
// prefix first (accountants know their codes), then pinyin initials, then
// the name.
func (c candidate) match(q string) int {
	q = strings.ToLower(strings.TrimSpace(q))
	switch {
	case q == "":
		return 1
	case q == strings.ToLower(c.label) || q == c.code || q == c.name:
		return 6
	case c.code != "" && strings.HasPrefix(c.code, q):
		return 5
	case c.mnem != "" && strings.HasPrefix(c.mnem, q), c.pathMnem != "" && strings.HasPrefix(c.pathMnem, q), hasPrefix(c.aliasMnems, q):
		return 4
	case hasPrefix(c.aliases, q):
		return 3
	case strings.HasPrefix(c.name, q):
		return 3
	case strings.Contains(c.name, q) || (c.mnem != "" && strings.Contains(c.mnem, q)) || strings.Contains(c.label, q):
		return 2
	}
	return 0
}

// hasPrefix reports whether one of list begins with q.
func hasPrefix(list []string, q string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, q) {
			return true
		}
	}
	return false
}

// matches returns the candidates for q, best first, at most n.
func matches(all []candidate, q string, n int) []candidate {
	type ranked struct {
		c candidate
		r int
	}
	var rs []ranked
	for _, c := range all {
		if r := c.match(q); r > 0 {
			rs = append(rs, ranked{c, r})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].r > rs[j].r })
	var out []candidate
	for i := 0; i < len(rs) && i < n; i++ {
		out = append(out, rs[i].c)
	}
	return out
}

// resolve finds the one candidate the text means: its label, code or name,
// or the only match.
func resolve(all []candidate, text string) (candidate, bool) {
	t := strings.TrimSpace(text)
	if t == "" {
		return candidate{}, false
	}
	for _, c := range all {
		if t == c.label || t == c.code || t == c.name {
			return c, true
		}
	}
	m := matches(all, t, 2)
	if len(m) == 1 {
		return m[0], true
	}
	return candidate{}, false
}

// suggestBox is the completion list under a cell. It is drawn in a layer of
// the form rather than as a Fyne pop-up, because a pop-up takes the keyboard
// focus away from the cell the person is typing in.
type suggestBox struct {
	layer *fyne.Container // no layout: the box is placed under the cell
	box   *fyne.Container
	rows  *fyne.Container
	items []candidate
	sel   int
	cell  *cellEntry
	pick  func(candidate)
}

func newSuggestBox() *suggestBox {
	s := &suggestBox{}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	bg.StrokeWidth = 1
	s.rows = container.NewVBox()
	s.box = container.NewStack(bg, container.NewPadded(s.rows))
	s.box.Hide()
	s.layer = container.NewWithoutLayout(s.box)
	return s
}

// show lists items under cell; with none for what is typed, it says so
// rather than leave the person guessing.
func (s *suggestBox) show(cell *cellEntry, items []candidate, pick func(candidate)) {
	s.cell, s.items, s.pick, s.sel = cell, items, pick, 0
	s.rows.Objects = nil
	if len(items) == 0 {
		typed := strings.TrimSpace(cell.Text)
		if typed == "" {
			s.hide()
			return
		}
		note := widget.NewLabel(fmt.Sprintf(lang.X("suggest.none", "没有找到“%s”：请输代码、名称或拼音首字母"), typed))
		note.Importance = widget.WarningImportance
		s.rows.Add(note)
		s.place(cell)
		return
	}
	for i, c := range items {
		c := c
		b := widget.NewButton(c.label, func() { pick(c) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if i == s.sel {
			b.Importance = widget.HighImportance
		}
		s.rows.Add(b)
	}
	s.place(cell)
}

// place shows the box under cell.
func (s *suggestBox) place(cell *cellEntry) {
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(cell).Subtract(d.AbsolutePositionForObject(s.layer))
	w := fyne.Max(cell.Size().Width, 300)
	s.box.Move(fyne.NewPos(pos.X, pos.Y+cell.Size().Height))
	s.box.Resize(fyne.NewSize(w, s.box.MinSize().Height))
	s.box.Show()
	s.rows.Refresh()
}

func (s *suggestBox) visible() bool { return s.box.Visible() && len(s.items) > 0 }

// noting reports whether the box says nothing was found.
func (s *suggestBox) noting() bool { return s.box.Visible() && len(s.items) == 0 }

func (s *suggestBox) hide() {
	s.items, s.cell = nil, nil
	s.box.Hide()
}

// move walks the highlighted item up or down.
func (s *suggestBox) move(d int) {
	if !s.visible() {
		return
	}
	s.sel = (s.sel + d + len(s.items)) % len(s.items)
	for i, o := range s.rows.Objects {
		b := o.(*widget.Button)
		b.Importance = widget.LowImportance
		if i == s.sel {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// hideUnless hides the list unless it belongs to cell.
func (s *suggestBox) hideUnless(cell *cellEntry) {
	if s.cell != cell {
		s.hide()
	}
}

func (s *suggestBox) selected() (candidate, bool) {
	if !s.visible() {
		return candidate{}, false
	}
	return s.items[s.sel], true
}

// colLayout lays cells out in a row with fixed fractions of the width, so
// the lines of a voucher line up like the printed form.
type colLayout struct{ fr []float32 }

func (l colLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	pad := theme.Padding()
	for i, o := range objs {
		if i >= len(l.fr) {
			break
		}
		w := size.Width * l.fr[i]
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w-pad, size.Height))
		x += w
	}
}

func (l colLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	w := float32(0)
	for _, o := range objs {
		m := o.MinSize()
		h = fyne.Max(h, m.Height)
		w += m.Width
	}
	return fyne.NewSize(w, h)
}
