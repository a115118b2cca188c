// Package auditdata writes a community book's year as data for an auditor
// (审计数据): UTF-8 CSV files and one .xlsx workbook of the chart, the
// compounds, the people, the vouchers and their lines, the opening and
// monthly balances, the spending applications with their decisions,
// deliberations and payments, and the operation log; a data dictionary; and
// a manifest of counts, totals and SHA-256 of every file, signed with the
// book's key.
package auditdata

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/xuri/excelize/v2"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// Format names the export's manifest.
const (
	Format  = "sunbooks-audit"
	Version = 1
	// Workbook is the .xlsx holding every table, a sheet each.
	Workbook = "审计数据.xlsx"
	// ManifestFile is the manifest as JSON; SignedManifest the same bytes in
	// an envelope signed with the book's key (books.FileKindAudit).
	ManifestFile   = "manifest.json"
	SignedManifest = "manifest.signed"
)

// File is one file of an export, as its manifest lists it.
type File struct {
	File   string `json:"file"`
	Table  string `json:"table,omitempty"`
	Name   string `json:"name"`
	Rows   int    `json:"rows,omitempty"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Totals are what an auditor checks the data against first.
type Totals struct {
	Vouchers       int    `json:"vouchers"`
	PostedVouchers int    `json:"posted_vouchers"`
	Lines          int    `json:"lines"`
	PostedDebit    string `json:"posted_debit"`
	PostedCredit   string `json:"posted_credit"`
	Applications   int    `json:"applications"`
	LogEntries     int    `json:"log_entries"`
}

// Manifest describes an export.
type Manifest struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	Street     string          `json:"street"`
	Community  string          `json:"community"`
	Code       string          `json:"code"`
	Chart      string          `json:"chart"`
	BookUUID   string          `json:"book_uuid"`
	Year       int             `json:"year"`
	ExportedAt string          `json:"exported_at"`
	ExportedBy string          `json:"exported_by"`
	LogHead    books.LogAnchor `json:"log_head"`
	Signer     string          `json:"signer"`
	Standard   string          `json:"standard"`
	Totals     Totals          `json:"totals"`
	Files      []File          `json:"files"`
}

// standardNote is what the manifest says of the element names.
const standardNote = "列名按 GB/T 24589《财经信息技术 会计核算软件数据接口》的数据元素分组（基础档案类、总账类）命名；" +
	"标准全文未公开，元素名参照公开资料与通行叫法，非逐一对应。Column names follow the element groups of GB/T 24589 " +
	"(basic files, general ledger) as public sources describe them; the standard's full element list was not available."

// Export writes year's data of the session's book into dir, which must be
// empty or not exist yet. The 会计 and the 审计 may export. Every table is
// read in one read transaction, so the files agree with each other.
func Export(ctx context.Context, s *books.Session, year int, dir string) (Manifest, error) {
	if err := s.Require("导出审计数据", books.RoleAccountant, books.RoleAuditor); err != nil {
		return Manifest{}, err
	}
	if year < 1900 || year > 9999 {
		return Manifest{}, books.Errorf(books.Invalid, "年份 %d 不对", year)
	}
	if err := emptyDir(dir); err != nil {
		return Manifest{}, err
	}
	b := s.Book()
	info, err := b.Info()
	if err != nil {
		return Manifest{}, err
	}
	if info.Kind != books.KindCommunity {
		return Manifest{}, books.Errorf(books.Invalid, "审计数据从社区账簿导出；这是街道账簿")
	}
	pub, err := b.PublicKey()
	if err != nil {
		return Manifest{}, err
	}
	m := Manifest{Format: Format, Version: Version, Street: info.Street, Community: info.Community, Code: info.Code, Chart: info.Chart,
		BookUUID: info.UUID, Year: year, ExportedAt: b.Stamp(), ExportedBy: s.User().Name, Signer: books.Fingerprint(pub), Standard: standardNote}
	q, done, err := snapshot(ctx, b)
	if err != nil {
		return m, err
	}
	defer done()
	if m.LogHead, err = logHead(q); err != nil {
		return m, err
	}
	x := &exporter{ctx: ctx, q: q, b: b, year: year, dir: dir, xlsx: excelize.NewFile()}
	defer x.xlsx.Close()
	for _, t := range x.tables() {
		f, err := x.write(t)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	dict, err := x.writeDictionary()
	if err != nil {
		return m, err
	}
	m.Files = append(m.Files, dict)
	x.xlsx.DeleteSheet("Sheet1")
	f, err := x.writeWorkbook(filepath.Join(dir, Workbook))
	if err != nil {
		return m, err
	}
	m.Files = append(m.Files, f)
	m.Totals = x.totals
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return m, books.Unexpected("audit manifest", err)
	}
	if _, err := writeFile(filepath.Join(dir, ManifestFile), data); err != nil {
		return m, err
	}
	signed, err := b.SignFile(books.FileKindAudit, data)
	if err != nil {
		return m, err
	}
	if _, err := writeFile(filepath.Join(dir, SignedManifest), signed); err != nil {
		return m, err
	}
	return m, nil
}

// emptyDir makes dir, or checks that it holds nothing: an export never
// mixes with files it did not write.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return books.Errorf(books.Invalid, "无法建立文件夹 %s：%v", dir, err)
		}
		return nil
	}
	if err != nil {
		return books.Errorf(books.Invalid, "%s 不是可用的文件夹", dir)
	}
	if len(entries) > 0 {
		return books.Errorf(books.Invalid, "文件夹 %s 不是空的：审计数据请导出到一个新的或空的文件夹", dir)
	}
	return nil
}

// snapshot opens a read transaction, so that every table is read as of one
// moment.
func snapshot(ctx context.Context, b *books.Book) (books.Querier, func(), error) {
	db, ok := b.Reader().(interface {
		BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
	})
	if !ok {
		return b.Reader(), func() {}, nil
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, books.Unexpected("audit snapshot", err)
	}
	return tx, func() { tx.Rollback() }, nil
}

func logHead(q books.Querier) (books.LogAnchor, error) {
	var a books.LogAnchor
	err := q.QueryRow(`SELECT id, hash FROM oplog ORDER BY id DESC LIMIT 1`).Scan(&a.Seq, &a.Hash)
	if err == sql.ErrNoRows {
		return a, nil
	}
	if err != nil {
		return a, books.Unexpected("audit log head", err)
	}
	return a, nil
}

// writeFile writes data whole, safely, and lists it.
func writeFile(path string, data []byte) (File, error) {
	if err := books.WriteFileAtomic(path, data); err != nil {
		return File{}, err
	}
	sum := sha256.Sum256(data)
	return File{File: filepath.Base(path), Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// exporter writes the tables, each to its CSV file and its sheet.
type exporter struct {
	ctx    context.Context
	q      books.Querier
	b      *books.Book
	year   int
	dir    string
	xlsx   *excelize.File
	totals Totals
	apps   []spending.Application // the year's, once read
}

// maxSheetRows is how many data rows a sheet takes before the table goes on
// in another (a worksheet holds 1,048,576 rows).
var maxSheetRows = 1_048_575

// counter counts bytes written.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// write streams t's rows into its CSV file (header: the columns' keys) and
// its sheet (header: their Chinese names).
func (x *exporter) write(t table) (File, error) {
	path := filepath.Join(x.dir, t.file)
	af, err := books.CreateAtomic(path)
	if err != nil {
		return File{}, err
	}
	defer af.Abort()
	var h hash.Hash = sha256.New()
	cnt := &counter{w: io.MultiWriter(af, h)}
	w := csv.NewWriter(cnt)
	keys := make([]string, len(t.cols))
	names := make([]any, len(t.cols))
	for i, c := range t.cols {
		keys[i], names[i] = c.key, c.cn
	}
	if err := w.Write(keys); err != nil {
		return File{}, err
	}
	sheets := 0
	var sw *excelize.StreamWriter
	rowInSheet := 0
	newSheet := func() error {
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return err
			}
		}
		sheets++
		name := t.cn
		if sheets > 1 {
			name = fmt.Sprintf("%s（%d）", t.cn, sheets)
		}
		if _, err := x.xlsx.NewSheet(name); err != nil {
			return err
		}
		if sw, err = x.xlsx.NewStreamWriter(name); err != nil {
			return err
		}
		rowInSheet = 1
		return sw.SetRow("A1", names)
	}
	if err := newSheet(); err != nil {
		return File{}, books.Unexpected("audit sheet", err)
	}
	rows := 0
	cells := make([]any, len(t.cols))
	err = t.rows(x, func(row []string) error {
		if rows++; rows%10000 == 0 {
			if err := x.ctx.Err(); err != nil {
				return books.Errorf(books.Cancelled, "已取消导出审计数据")
			}
		}
		if err := w.Write(row); err != nil {
			return err
		}
		if rowInSheet > maxSheetRows {
			if err := newSheet(); err != nil {
				return err
			}
		}
		rowInSheet++
		for i, v := range row {
			cells[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, rowInSheet)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		if books.ErrorCode(err) != books.Internal {
			return File{}, err
		}
		return File{}, books.Unexpected("audit "+t.file, err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return File{}, books.Unexpected("audit "+t.file, err)
	}
	if err := sw.Flush(); err != nil {
		return File{}, books.Unexpected("audit sheet", err)
	}
	if err := af.Commit(); err != nil {
		return File{}, err
	}
	return File{File: t.file, Table: t.en, Name: t.cn, Rows: rows, Bytes: cnt.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeWorkbook zips the workbook straight into its file, hashing it on the
// way: a year of a big book is tens of megabytes.
func (x *exporter) writeWorkbook(path string) (File, error) {
	af, err := books.CreateAtomic(path)
	if err != nil {
		return File{}, err
	}
	defer af.Abort()
	h := sha256.New()
	cnt := &counter{w: io.MultiWriter(af, h)}
	if err := x.xlsx.Write(cnt); err != nil {
		return File{}, books.Unexpected("audit workbook", err)
	}
	if err := af.Commit(); err != nil {
		return File{}, err
	}
	return File{File: filepath.Base(path), Name: "全部数据表（每表一个工作表）", Bytes: cnt.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// yuan writes fen as the book writes amounts: 1234.50.
func yuan(fen int64) string { return books.PlainYuan(books.FromFen(fen)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
