package books

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// ColumnKind says how a table column is aligned and written.
type ColumnKind int

// Column kinds.
const (
	Text        ColumnKind = iota // left-aligned text
	MoneyColumn                   // an amount in yuan written "1234.50": right-aligned, a number in xlsx
)

// Table is a report laid out as rows of strings, ready to be written as CSV,
// xlsx or an aligned text table. Money cells hold plain amounts ("1234.50")
// or "" for none.
type Table struct {
	Title    string
	Subtitle string
	// Keys are the machine names of the columns, the header of the CSV; when
	// empty, the CSV header is Header.
	Keys   []string
	Header []string // the column titles people read
	Kinds  []ColumnKind
	Rows   [][]string
}

func (t Table) kind(i int) ColumnKind {
	if i < len(t.Kinds) {
		return t.Kinds[i]
	}
	return Text
}

// WriteCSV writes the header (Keys, or Header) and the rows as UTF-8 CSV.
// Cells a spreadsheet would read as a formula get a leading quote.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := t.Keys
	if len(head) == 0 {
		head = t.Header
	}
	if err := cw.Write(safeCells(head)); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := cw.Write(safeCells(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCells protects against formula injection: a cell starting with = + - @
// (or a tab or carriage return) would run as a formula when the file is
// opened in a spreadsheet, so it gets a leading apostrophe — except a plain
// negative number, which is data.
func safeCells(r []string) []string {
	out := make([]string, len(r))
	for i, s := range r {
		out[i] = safeCell(s)
	}
	return out
}

func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if s[0] == '-' && isPlainNumber(s[1:]) {
			return s
		}
		return "'" + s
	}
	return s
}

// isPlainNumber accepts digits with at most one decimal point.
func isPlainNumber(s string) bool {
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}

// WriteText writes an aligned text table for a terminal: title, subtitle,
// header, rows; amounts with thousands separators, right-aligned, zero blank.
func (t Table) WriteText(w io.Writer) error {
	rows := make([][]string, 0, len(t.Rows)+1)
	rows = append(rows, t.Header)
	for _, r := range t.Rows {
		out := make([]string, len(r))
		for i, s := range r {
			out[i] = s
			if t.kind(i) == MoneyColumn && s != "" {
				if m, err := ParseMoney(s); err == nil {
					out[i] = ""
					if !m.IsZero() {
						out[i] = FormatYuan(m)
					}
				}
			}
		}
		rows = append(rows, out)
	}
	widths := make([]int, len(t.Header))
	for _, r := range rows {
		for i, s := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], displayWidth(s))
			}
		}
	}
	var b strings.Builder
	if t.Title != "" {
		fmt.Fprintln(&b, t.Title)
	}
	if t.Subtitle != "" {
		fmt.Fprintln(&b, t.Subtitle)
	}
	for n, r := range rows {
		var line strings.Builder
		for i, s := range r {
			if i >= len(widths) {
				break
			}
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-displayWidth(s))
			if t.kind(i) == MoneyColumn && n > 0 {
				line.WriteString(pad + s)
			} else {
				line.WriteString(s + pad)
			}
		}
		fmt.Fprintln(&b, strings.TrimRight(line.String(), " "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth counts Chinese (wide) characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// WriteXLSX writes the table as an .xlsx workbook: title and subtitle rows,
// the header, then the rows, money cells as numbers formatted #,##0.00.
func (t Table) WriteXLSX(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(t.Title)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return internal("xlsx sheet", err)
	}
	moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("#,##0.00")})
	if err != nil {
		return internal("xlsx style", err)
	}
	boldStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return internal("xlsx style", err)
	}
	row := 1
	set := func(col, r int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, r)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, cell, v)
	}
	for _, s := range []string{t.Title, t.Subtitle} {
		if s == "" {
			continue
		}
		if err := set(1, row, s); err != nil {
			return internal("xlsx", err)
		}
		row++
	}
	for i, h := range t.Header {
		if err := set(i+1, row, h); err != nil {
			return internal("xlsx", err)
		}
	}
	if len(t.Header) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(t.Header), row)
		f.SetCellStyle(sheet, "A"+strconv.Itoa(row), end, boldStyle)
	}
	row++
	first := row
	for _, r := range t.Rows {
		for i, s := range r {
			var v any = s
			if t.kind(i) == MoneyColumn && s != "" {
				// Display only: the spreadsheet stores numbers as IEEE doubles,
				// so the exact decimal string is parsed here and nowhere else;
				// no arithmetic is done on the float. An amount that is not a
				// plain number stays text.
				if x, err := strconv.ParseFloat(s, 64); err == nil {
					v = x
				}
			}
			if err := set(i+1, row, v); err != nil {
				return internal("xlsx", err)
			}
		}
		row++
	}
	for i := range t.Header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w := displayWidth(t.Header[i])
		for _, r := range t.Rows {
			if i < len(r) {
				w = max(w, displayWidth(r[i])+2)
			}
		}
		f.SetColWidth(sheet, col, col, float64(min(max(w, 6), 60)))
		if t.kind(i) == MoneyColumn && row > first {
			f.SetCellStyle(sheet, col+strconv.Itoa(first), col+strconv.Itoa(row-1), moneyStyle)
		}
	}
	out, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := f.WriteTo(out); err != nil {
		return writeError(path, err)
	}
	return out.Commit()
}

func strPtr(s string) *string { return &s }

// sheetName makes a title a valid sheet name: at most 31 characters, none of
// []:*?/\.
func sheetName(title string) string {
	if title == "" {
		return "Sheet1"
	}
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, title)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	return s
}
