package books

// Reading a spreadsheet someone else made — a settlement sheet, a bank
// statement — whole: CSV in UTF-8 or GB18030 (as Excel on a Chinese PC
// saves it) or the first sheet of an .xlsx.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path/filepath"
	"strings"
)

// Limits of a table file: a month's settlement sheet or statement is far
// smaller.
const (
	MaxTableFile = 32 << 20
	MaxTableRows = 100_000
)

// TableFile is a spreadsheet read whole.
type TableFile struct {
	Name     string // the file's base name
	SHA256   string // of its bytes: the same file is recognised again
	Encoding string // how a CSV file's text was read; an .xlsx is UTF-8
	Header   []string
	Rows     []TableRow // after the header, blank rows left out
}

// TableRow is one row with its line (CSV) or row (.xlsx) number.
type TableRow struct {
	Line  int
	Cells []string
}

// Cell is the row's cell in column i, trimmed; "" past its end.
func (r TableRow) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return strings.TrimSpace(r.Cells[i])
}

// Column finds a header by name (spaces and a BOM ignored); -1 if absent.
func (t TableFile) Column(name string) int {
	name = strings.TrimSpace(name)
	for i, h := range t.Header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == name {
			return i
		}
	}
	return -1
}

// ReadTableFile reads path, a .csv or .xlsx of at most MaxTableFile bytes
// and MaxTableRows rows; its first row is the header.
func ReadTableFile(path string) (TableFile, error) {
	t := TableFile{Name: filepath.Base(path), Encoding: EncodingUTF8}
	data, err := readLimited(path, MaxTableFile, "表格文件")
	if err != nil {
		return t, err
	}
	sum := sha256.Sum256(data)
	t.SHA256 = hex.EncodeToString(sum[:])
	var rows rowReader
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		x, err := newXLSXRows(strings.NewReader(string(data)), int64(len(data)))
		if err != nil {
			return t, err
		}
		x.plain = true
		rows = x
	case ".csv", ".txt":
		var sniff encodingSniffer
		sniff.Write(data)
		t.Encoding = sniff.encoding()
		rows = newCSVRows(decoded(&lineLimiter{r: strings.NewReader(string(data)), max: MaxImportLine}, t.Encoding))
	default:
		return t, Errorf(Invalid, "%s 不是 .csv 或 .xlsx 文件", t.Name)
	}
	defer rows.Close()
	first := true
	for {
		rec, line, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return t, err
		}
		blank := true
		for _, c := range rec {
			blank = blank && strings.TrimSpace(c) == ""
		}
		if blank {
			continue
		}
		if first {
			t.Header, first = append([]string(nil), rec...), false
			continue
		}
		if len(t.Rows) >= MaxTableRows {
			return t, Errorf(Invalid, "%s 超过 %d 行的上限，没有读取", t.Name, MaxTableRows)
		}
		t.Rows = append(t.Rows, TableRow{Line: line, Cells: append([]string(nil), rec...)})
	}
	if first {
		return t, Errorf(Invalid, "%s 是空的", t.Name)
	}
	return t, nil
}
