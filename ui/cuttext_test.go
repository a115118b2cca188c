package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books/demo"
)

// officeScreen is the common office screen the app must read well on.
var officeScreen = fyne.NewSize(1366, 768)

// cut is a piece of text shown shortened although the window had room.
type cut struct {
	where, text string
	need, have  float32
}

// cutLabels walks what o shows and returns every label whose text is cut
// off: a label (or table cell) too narrow for its one line. A table cell is
// forgiven only when its table already fills its width (no room was left);
// other labels never.
func cutLabels(o fyne.CanvasObject, where string) []cut {
	var out []cut
	var walk func(o fyne.CanvasObject, table *dataTable)
	walk = func(o fyne.CanvasObject, table *dataTable) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *dataTable:
			table = x
		case *tableCell:
			if c := labelCut(x.label); c != nil && !tableFull(table) {
				c.where = where + " table"
				out = append(out, *c)
			}
			return
		case *widget.Label:
			if c := labelCut(x); c != nil {
				c.where = where
				out = append(out, *c)
			}
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k, table)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k, table)
			}
		}
	}
	walk(o, nil)
	return out
}

// labelCut reports a single-line label whose text is wider than the label.
func labelCut(l *widget.Label) *cut {
	if l.Truncation == fyne.TextTruncateOff || l.Wrapping != fyne.TextWrapOff || l.Text == "" || l.Size().Width <= 0 {
		return nil
	}
	need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	if need <= l.Size().Width+1 {
		return nil
	}
	return &cut{text: l.Text, need: need, have: l.Size().Width}
}

// tableFull reports whether a table's columns already take its whole width.
func tableFull(t *dataTable) bool {
	if t == nil {
		return false
	}
	total := float32(0)
	for _, w := range t.width {
		total += w + theme.Padding() // the column and its divider
	}
	return total >= t.Size().Width-theme.ScrollBarSize()-theme.Padding()-2
}

// tabsOf finds the tab containers o shows.
func tabsOf(o fyne.CanvasObject) []*container.AppTabs {
	var out []*container.AppTabs
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if t, ok := o.(*container.AppTabs); ok {
			out = append(out, t)
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
	walk(o)
	return out
}

// On the demo book at 1366×768, no screen and no tab of a screen shows a
// label cut short where the window had room for it.
func TestNoTextIsCutAtOfficeScreenSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "演示.sunbooks")
	b, err := demo.Create(path, demo.Options{Password: "secret1", Today: time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	u.win.Resize(officeScreen)
	var cuts []string
	check := func(where string) {
		u.reading.Wait()
		u.win.Content().Refresh()
		for _, c := range cutLabels(u.win.Content(), where) {
			cuts = append(cuts, fmt.Sprintf("%s: %q needs %.0f, has %.0f", c.where, c.text, c.need, c.have))
		}
	}
	for _, id := range u.ScreenIDs() {
		s := u.Show(id)
		check(id)
		for _, tabs := range tabsOf(s.Content()) {
			for i, item := range tabs.Items {
				tabs.SelectIndex(i)
				check(id + " › " + item.Text)
			}
			tabs.SelectIndex(0)
		}
	}
	if len(cuts) > 0 {
		t.Errorf("%d labels cut short at %v:\n%s", len(cuts), officeScreen, strings.Join(cuts, "\n"))
	}
}

// The check sees a cut: a table narrower than its content, with width to
// spare beside it, is reported; once fitted to its width, it is not.
func TestCutTextCheckFindsACutTableCell(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	long := "购置分类垃圾桶及配套设施（含安装、运输）"
	tbl := newDataTable([]column{{title: "事项", width: 60}, {title: "金额", width: 90, right: true}},
		func() int { return 1 }, func(row, col int) (string, bool) {
			if col == 0 {
				return long, false
			}
			return "2,600.00", false
		}, nil)
	w := test.NewWindow(container.NewGridWrap(fyne.NewSize(700, 200), tbl))
	defer w.Close()
	w.Resize(fyne.NewSize(720, 220))
	if cuts := cutLabels(w.Content(), "fitted"); len(cuts) != 0 {
		t.Errorf("a table fitted to its width reports cuts: %+v", cuts)
	}
	if tbl.width[0] < fyne.MeasureText(long, theme.TextSize(), fyne.TextStyle{}).Width {
		t.Errorf("事项 is %v wide with room for %q", tbl.width[0], long)
	}
	// Squeezed back to its declared widths, with room beside it: a cut.
	tbl.setWidth(0, 60)
	tbl.Table.Refresh()
	if cuts := cutLabels(w.Content(), "squeezed"); len(cuts) == 0 {
		t.Errorf("a cut table cell with room beside it is not reported")
	}
}

// Picking a cell selects its row: every cell of the row is shaded, and
// only that row's.
func TestTableSelectsWholeRows(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	picked := -1
	tbl := newDataTable([]column{{title: "编号", width: 80}, {title: "事项", width: 120}, {title: "金额", width: 90, right: true}},
		func() int { return 3 }, func(row, col int) (string, bool) { return fmt.Sprintf("r%dc%d", row, col), false }, nil)
	tbl.OnSelected = func(id widget.TableCellID) { picked = id.Row }
	w := test.NewWindow(tbl)
	defer w.Close()
	w.Resize(fyne.NewSize(500, 200))
	tbl.Select(widget.TableCellID{Row: 1, Col: 2})
	if picked != 1 {
		t.Fatalf("OnSelected got row %d, want 1", picked)
	}
	shaded := map[string]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *tableCell:
			shaded[x.label.Text] = x.shade.FillColor == theme.Color(theme.ColorNameSelection)
			return
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
	walk(tbl)
	// Fyne shades the picked cell itself; the cell shades the rest of its row.
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			name := fmt.Sprintf("r%dc%d", r, c)
			if on, ok := shaded[name]; !ok || on != (r == 1 && c != 2) {
				t.Errorf("cell %s shaded %v (drawn %v); want the rest of row 1 shaded, nothing else", name, on, ok)
			}
		}
	}
	tbl.UnselectAll()
	walk(tbl)
	for name, on := range shaded {
		if on {
			t.Errorf("cell %s still shaded after UnselectAll", name)
		}
	}
}
