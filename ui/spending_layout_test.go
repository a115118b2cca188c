package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// saveShot writes what the window shows to $SUNBOOKS_UI_SHOTS/name.png, for
// a person to look at; without the variable it does nothing.
func saveShot(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("SUNBOOKS_UI_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// placed is a widget the person has to read or use, and the least room it
// needs to be usable.
type placed struct {
	name       string
	o          fyne.CanvasObject
	minW, minH float32
}

// checkPlaced fails for a widget that is hidden, reaches past the window,
// is narrower or lower than it needs, or is cut below its own minimum.
func checkPlaced(t *testing.T, w fyne.Window, ws []placed) {
	t.Helper()
	win := w.Canvas().Size()
	d := fyne.CurrentApp().Driver()
	for _, x := range ws {
		if !x.o.Visible() {
			t.Errorf("%s is not shown", x.name)
			continue
		}
		pos, size := d.AbsolutePositionForObject(x.o), x.o.Size()
		if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width || pos.Y+size.Height > win.Height {
			t.Errorf("%s at %v size %v reaches past the %v window", x.name, pos, size, win)
		}
		if size.Width < x.minW || size.Height < x.minH {
			t.Errorf("%s is %v; want at least %v×%v", x.name, size, x.minW, x.minH)
		}
		if m := x.o.MinSize(); size.Width < m.Width || size.Height < m.Height {
			t.Errorf("%s is %v, cut below its minimum %v", x.name, size, m)
		}
	}
}

func TestDeliberationFormFitsA1280x720Window(t *testing.T) {
	community, _ := spendingBooks(t)
	no := submitted(t, community, "更换3号楼路灯及线路维修", "3000", "明亮电器行")
	u := openApp(t, community, "赵书记")
	u.win.Resize(fyne.NewSize(1280, 720))
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	s.open(no)
	s.tabs.SelectIndex(1)
	saveShot(t, u.win, "议事记录页-1280x720")
	tapButton(t, c, "新增议事记录…")
	p := s.delib
	// Typing the meeting date replaces today's; Tab goes along the row.
	typeKeys(t, u.win, "2026-03-05")
	if p.date.Text != "2026-03-05" {
		t.Errorf("date typed over today's reads %q, want 2026-03-05", p.date.Text)
	}
	// Tab, passing over a picker's drop-down button.
	nextField := func() {
		c.FocusNext()
		if _, ok := c.Focused().(*widget.Button); ok {
			c.FocusNext()
		}
	}
	nextField()
	if c.Focused() != p.form {
		t.Errorf("Tab from 日期 goes to %T, want 会议形式 beside it", c.Focused())
	}
	nextField()
	if c.Focused() != p.expected {
		t.Errorf("Tab from 会议形式 goes to %T, want 应到人数 on the next row", c.Focused())
	}
	test.Type(p.note, "会议由社区党组织书记主持，应到9人，实到7人。经讨论，同意更换3号楼路灯并检修线路。")
	saveShot(t, u.win, "议事记录-1280x720")

	checkPlaced(t, u.win, []placed{
		{"步骤", p.step, 300, 0},
		{"日期", p.date, 120, 0},
		{"会议形式", p.form, 140, 0},
		{"应到人数", p.expected, 80, 0},
		{"实到人数", p.present, 80, 0},
		{"赞成票", p.votesFor, 80, 0},
		{"反对票", p.against, 80, 0},
		{"弃权票", p.abstain, 80, 0},
		{"结果", p.outcome, 100, 0},
		// The minutes: several lines of Chinese readable at once.
		{"会议纪要与说明", p.note, 500, 100},
		{"附件列表", p.fileList, 200, 0},
		{"记录议事", p.recordBtn, 0, 0},
	})
	// The dialog is sized to the window, not to its contents.
	if got := p.dlg.MinSize(); got.Width > 1280 {
		t.Errorf("the dialog needs %v, wider than the window", got)
	}
}

func TestFileSizeNeverReadsZeroForASmallFile(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {17, "17 B"}, {1023, "1023 B"}, {1024, "1.0 KB"}, {250 * 1024, "250.0 KB"}, {3 << 20, "3.0 MB"}} {
		if got := fileSize(tc.n); got != tc.want {
			t.Errorf("fileSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
