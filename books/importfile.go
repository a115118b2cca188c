package books

// Reading an import file, CSV or .xlsx, row by row, and its amounts in fen.

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// rowReader yields the records of an import file with their line numbers.
type rowReader interface {
	Next() (rec []string, line int, err error) // io.EOF at the end
	Close() error
}

type csvRows struct {
	r *csv.Reader
}

func newCSVRows(f io.Reader) *csvRows {
	br := bufio.NewReaderSize(f, 1<<20)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &csvRows{r: r}
}

func (c *csvRows) Next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, Errorf(Invalid, "第 %d 行：CSV 格式不对（引号不配对或字段有误）", pe.StartLine)
		}
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

func (c *csvRows) Close() error { return nil }

type xlsxRows struct {
	f    *excelize.File
	rows *excelize.Rows
	n    int
	// plain leaves the cells as they are: no date made of the first
	// column, no padding to the import's eight columns.
	plain bool
}

// maxXLSXExpanded is MaxXLSXExpanded; tests lower it.
var maxXLSXExpanded int64 = MaxXLSXExpanded

// newXLSXRows opens an .xlsx of size bytes. What its parts unzip to is added
// up from the zip's directory first: a small file that unzips to gigabytes
// is refused before anything is unzipped (and a part that unzips to more
// than its directory says fails in archive/zip).
func newXLSXRows(r io.ReaderAt, size int64) (*xlsxRows, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, Errorf(Invalid, "文件不是有效的 .xlsx 工作簿")
	}
	var expanded uint64
	for _, zf := range zr.File {
		expanded += zf.UncompressedSize64
	}
	if expanded > uint64(maxXLSXExpanded) {
		return nil, Errorf(Invalid, ".xlsx 工作簿解压后有 %.0f MB，超过 %s 的上限（文件可能是故意构造的压缩包），没有读取", float64(expanded)/(1<<20), sizeLimit(maxXLSXExpanded))
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: maxXLSXExpanded, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, Errorf(Invalid, "文件不是有效的 .xlsx 工作簿")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, Errorf(Invalid, ".xlsx 工作簿里没有工作表")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, Errorf(Invalid, "无法读取 .xlsx 的第一个工作表")
	}
	return &xlsxRows{f: f, rows: rows}, nil
}

func (x *xlsxRows) Next() ([]string, int, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, 0, Errorf(Invalid, ".xlsx 第 %d 行读取失败", x.n+1)
		}
		return nil, 0, io.EOF
	}
	x.n++
	if x.n > MaxImportRows+1 {
		return nil, x.n, Errorf(Invalid, "工作表超过 %d 行的上限，没有导入", MaxImportRows)
	}
	// Raw values: amounts as stored, not as a number format shows them
	// ("1,000.50", "¥1,000.50"); a date cell is a serial number, made a date
	// here.
	rec, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.n, Errorf(Invalid, "第 %d 行：读取失败", x.n)
	}
	if x.plain {
		return rec, x.n, nil
	}
	if x.n > 1 && len(rec) > 0 {
		if serial, err := strconv.ParseFloat(strings.TrimSpace(rec[0]), 64); err == nil && serial > 0 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				rec[0] = t.Format("2006-01-02")
			}
		}
	}
	for len(rec) > 0 && len(rec) < 8 {
		rec = append(rec, "") // a spreadsheet drops empty trailing cells
	}
	return rec, x.n, nil
}

func (x *xlsxRows) Close() error {
	x.rows.Close()
	return x.f.Close()
}

// parseFen reads an amount into fen without going through decimals (a
// million-line import parses two million amounts): optional sign, digits
// with optional thousands separators, at most two decimals. ok is false for
// anything ParseMoney would refuse or that it should explain.
func parseFen(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 18 || (hasDot && (len(frac) == 0 || len(frac) > 2)) {
		return 0, false
	}
	if strings.Contains(intPart, ",") {
		// Thousands separators are rare in files: take the careful path.
		m, err := ParseMoney(s)
		if err != nil {
			return 0, false
		}
		n, err := ToFen(m)
		if neg {
			n = -n
		}
		return n, err == nil
	}
	if len(intPart) > 14 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	for i := 0; i < 2; i++ {
		n *= 10
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n += int64(c - '0')
		}
	}
	if n > MaxFen {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}
