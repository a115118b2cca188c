package ui

import (
	"fyne.io/fyne/v2"
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
// so a double click drills into what the row shows.
type tableCell struct {
	widget.Label
	id       widget.TableCellID
	onTap    func(widget.TableCellID)
	onDouble func(widget.TableCellID)
}

func newTableCell(onTap, onDouble func(widget.TableCellID)) *tableCell {
	c := &tableCell{onTap: onTap, onDouble: onDouble}
	c.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
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
	width float32
	right bool // amounts align right
}

// newDataTable makes a virtual table with a header row; cell returns the
// text of a cell and whether it is red ink.
func newDataTable(cols []column, rows func() int, cell func(row, col int) (string, bool), onDouble func(row int)) *widget.Table {
	var t *widget.Table
	t = widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		func() fyne.CanvasObject {
			return newTableCell(func(id widget.TableCellID) { t.Select(id) }, func(id widget.TableCellID) {
				if onDouble != nil {
					onDouble(id.Row)
				}
			})
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			c := o.(*tableCell)
			c.id = id
			s, red := cell(id.Row, id.Col)
			c.Alignment = fyne.TextAlignLeading
			if cols[id.Col].right {
				c.Alignment = fyne.TextAlignTrailing
			}
			c.Importance = widget.MediumImportance
			if red {
				c.Importance = widget.DangerImportance
			}
			c.SetText(s)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle = fyne.TextStyle{Bold: true}
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
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
}
