package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pager keeps a few pages of a long query in memory, so a table over a
// million rows reads only the rows on screen.
type pager[T any] struct {
	size  int
	total int
	// open means the count is not known: total grows a page at a time as
	// the person scrolls to the end of what was read (the operation log).
	open  bool
	pages map[int][]T
	fetch func(offset, limit int) ([]T, error)
	onErr func(error)
}

func newPager[T any](size int, fetch func(offset, limit int) ([]T, error), onErr func(error)) *pager[T] {
	return &pager[T]{size: size, pages: map[int][]T{}, fetch: fetch, onErr: onErr}
}

// reset forgets the cached pages; total is the new row count.
func (p *pager[T]) reset(total int) {
	p.total = total
	p.pages = map[int][]T{}
}

// resetOpen forgets the cached pages of a list whose length is unknown; the
// first page is read to start.
func (p *pager[T]) resetOpen() {
	p.open = true
	p.reset(1)
	p.row(0)
}

// row returns row i, reading its page when needed.
func (p *pager[T]) row(i int) (T, bool) {
	var zero T
	if i < 0 || i >= p.total {
		return zero, false
	}
	n := i / p.size
	page, ok := p.pages[n]
	if !ok {
		if len(p.pages) > 16 {
			p.pages = map[int][]T{}
		}
		var err error
		page, err = p.fetch(n*p.size, p.size)
		if err != nil {
			if p.onErr != nil {
				p.onErr(err)
			}
			p.total = 0
			return zero, false
		}
		p.pages[n] = page
		if p.open {
			if len(page) == p.size {
				p.total = max(p.total, (n+1)*p.size+1)
			} else {
				p.total = n*p.size + len(page)
			}
		}
	}
	if j := i - n*p.size; j < len(page) {
		return page[j], true
	}
	return zero, false
}

// tableCell is a table cell that reports taps and double taps with its row,
// so a double click drills into what the row shows, and shades itself when
// its row is the selected one: a table selects rows, not cells.
type tableCell struct {
	widget.BaseWidget
	label    *widget.Label
	shade    *canvas.Rectangle
	id       widget.TableCellID
	onTap    func(widget.TableCellID)
	onDouble func(widget.TableCellID)
}

func newTableCell(onTap, onDouble func(widget.TableCellID)) *tableCell {
	c := &tableCell{onTap: onTap, onDouble: onDouble, label: widget.NewLabel(""), shade: canvas.NewRectangle(color.Transparent)}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer draws the shade behind the label.
func (c *tableCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.shade, c.label))
}

// setSelected shades the cell as part of the selected row, or not.
func (c *tableCell) setSelected(on bool) {
	want := color.Color(color.Transparent)
	if on {
		want = theme.Color(theme.ColorNameSelection)
	}
	if c.shade.FillColor != want {
		c.shade.FillColor = want
		c.shade.Refresh()
	}
}

// Tapped selects the row.
func (c *tableCell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap(c.id)
	}
}

// DoubleTapped drills into the row.
func (c *tableCell) DoubleTapped(*fyne.PointEvent) {
	if c.onDouble != nil {
		c.onDouble(c.id)
	}
}

// column describes one column of a data table.
type column struct {
	title string
	width float32 // the least it is given; text columns grow to their content
	right bool    // amounts align right
}

// fitSample is how many rows column widths are measured on: the first page
// a person sees, without reading a million-row table through.
const fitSample = 200

// dataTable is a virtual table with a header row whose columns are sized to
// their content and the width there is, and whose selection is a row.
type dataTable struct {
	widget.Table
	cols  []column
	rows  func() int
	cell  func(row, col int) (string, bool)
	width []float32 // the columns' widths as last set
	// fitted is the table width the columns were last fitted to.
	fitted float32
	// selRow is the selected row, -1 for none; selCol the cell picked in
	// it, which Fyne shades itself.
	selRow, selCol int
	// OnSelected is called with the cell picked; the whole row is shown
	// selected.
	OnSelected func(widget.TableCellID)
}

// newDataTable makes a data table; cell returns the text of a cell and
// whether it is red ink; onDouble drills into a row.
func newDataTable(cols []column, rows func() int, cell func(row, col int) (string, bool), onDouble func(row int)) *dataTable {
	t := &dataTable{cols: cols, rows: rows, cell: cell, selRow: -1, selCol: -1}
	t.Length = func() (int, int) { return rows(), len(cols) }
	t.CreateCell = func() fyne.CanvasObject {
		return newTableCell(func(id widget.TableCellID) { t.Select(id) }, func(id widget.TableCellID) {
			if onDouble != nil {
				onDouble(id.Row)
			}
		})
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		c := o.(*tableCell)
		c.id = id
		s, red := cell(id.Row, id.Col)
		c.label.Alignment = fyne.TextAlignLeading
		if cols[id.Col].right {
			c.label.Alignment = fyne.TextAlignTrailing
		}
		c.label.Importance = widget.MediumImportance
		if red {
			c.label.Importance = widget.DangerImportance
		}
		c.label.SetText(s)
		c.setSelected(id.Row == t.selRow && id.Col != t.selCol)
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle = fyne.TextStyle{Bold: true}
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col >= 0 && id.Col < len(cols) {
			l.SetText(cols[id.Col].title)
			l.Alignment = fyne.TextAlignLeading
			if cols[id.Col].right {
				l.Alignment = fyne.TextAlignTrailing
			}
		}
	}
	t.Table.OnSelected = func(id widget.TableCellID) {
		if t.selRow != id.Row || t.selCol != id.Col {
			t.selRow, t.selCol = id.Row, id.Col
			t.Table.Refresh()
		}
		if t.OnSelected != nil {
			t.OnSelected(id)
		}
	}
	t.ExtendBaseWidget(t)
	t.width = make([]float32, len(cols))
	for i, c := range cols {
		t.setWidth(i, c.width)
	}
	return t
}

func (t *dataTable) setWidth(col int, w float32) {
	if t.width[col] != w {
		t.width[col] = w
		t.SetColumnWidth(col, w)
	}
}

// UnselectAll clears the selected row.
func (t *dataTable) UnselectAll() {
	t.selRow, t.selCol = -1, -1
	t.Table.UnselectAll()
	t.Table.Refresh()
}

// Resize fits the columns to the new width.
func (t *dataTable) Resize(s fyne.Size) {
	t.Table.Resize(s)
	if s.Width != t.fitted {
		t.fit()
	}
}

// Refresh fits the columns to the data shown, then redraws.
func (t *dataTable) Refresh() {
	t.fit()
	t.Table.Refresh()
}

// fit sizes the columns: each to its content (the header and the first
// rows), at least its declared width; spare width goes to the text columns
// so the table fills its place; when the content is wider than the table,
// the widest text columns give way (their cells end in "…").
func (t *dataTable) fit() {
	// Each column is followed by a divider as wide as the padding.
	avail := t.Size().Width - theme.ScrollBarSize() - theme.Padding()*float32(len(t.cols)+1)
	if avail <= 0 || t.cell == nil {
		return
	}
	t.fitted = t.Size().Width
	pad := 2*theme.InnerPadding() + 2
	want := make([]float32, len(t.cols))
	for i, c := range t.cols {
		want[i] = max(c.width, fyne.MeasureText(c.title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+pad)
	}
	n := min(t.rows(), fitSample)
	for r := 0; r < n; r++ {
		for i := range t.cols {
			s, _ := t.cell(r, i)
			if s != "" {
				want[i] = max(want[i], fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width+pad)
			}
		}
	}
	widths := fitWidths(t.cols, want, avail)
	for i, w := range widths {
		t.setWidth(i, w)
	}
}

// fitWidths shares avail among the columns wanting want: text columns
// (not right-aligned) grow or shrink, figures keep their width.
func fitWidths(cols []column, want []float32, avail float32) []float32 {
	out := append([]float32(nil), want...)
	var total, text float32
	for i, c := range cols {
		total += want[i]
		if !c.right {
			text += want[i]
		}
	}
	switch {
	case total < avail && text > 0:
		// Spare room goes to the text columns, in proportion.
		extra := avail - total
		for i, c := range cols {
			if !c.right {
				out[i] += extra * want[i] / text
			}
		}
	case total > avail:
		// Cap the text columns at the level that makes the table fit; a
		// column never goes below its declared width.
		fixed := total - text
		lo, hi := float32(0), float32(0)
		for i, c := range cols {
			if !c.right {
				hi = max(hi, want[i])
			}
		}
		for k := 0; k < 30; k++ {
			mid := (lo + hi) / 2
			sum := fixed
			for i, c := range cols {
				if !c.right {
					sum += max(min(want[i], mid), c.width)
				}
			}
			if sum > avail {
				hi = mid
			} else {
				lo = mid
			}
		}
		for i, c := range cols {
			if !c.right {
				out[i] = max(min(want[i], lo), c.width)
			}
		}
	}
	return out
}
