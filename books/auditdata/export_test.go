package auditdata

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"

	"sunbooks/books"
	"sunbooks/books/demo"
)

// demoBook is the demo: two years of a community's books, with spending
// applications, closed months and a draft or two.
func demoBook(t *testing.T) *books.Book {
	t.Helper()
	path := filepath.Join(t.TempDir(), "演示.sunbooks")
	b, err := demo.Create(path, demo.Options{Password: "secret1", Today: time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func login(t *testing.T, b *books.Book, name string) *books.Session {
	t.Helper()
	s, err := b.Login(name, "secret1")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// load reads the export's CSV files into tables of a new SQLite database,
// every column as text, as an auditor's tool would.
func load(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "reload.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".csv")
		head := rows[0]
		if _, err := db.Exec(fmt.Sprintf(`CREATE TABLE %q ("%s" TEXT)`, name, strings.Join(head, `" TEXT, "`))); err != nil {
			t.Fatal(err)
		}
		tx, _ := db.Begin()
		for _, r := range rows[1:] {
			args := make([]any, len(r))
			for i, v := range r {
				args[i] = v
			}
			if _, err := tx.Exec(fmt.Sprintf(`INSERT INTO %q VALUES (%s)`, name, strings.TrimSuffix(strings.Repeat("?,", len(r)), ",")), args...); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// The export of a year, loaded into SQLite by someone who has only its
// files and its dictionary, gives the book's trial balance of that year to
// the fen: every account, its parents summed, opening, the year's debits and
// credits, closing.
func TestExportReloadsToTheTrialBalance(t *testing.T) {
	b := demoBook(t)
	dir := filepath.Join(t.TempDir(), "审计数据")
	m, err := Export(t.Context(), login(t, b, "张会计"), 2026, dir)
	if err != nil {
		t.Fatalf("Export: %s", books.ErrorMessage(err))
	}
	db := load(t, dir)
	const fen = `CAST(replace(%s, '.', '') AS INTEGER)`
	f := func(c string) string { return fmt.Sprintf(fen, c) }
	q := `WITH RECURSIVE up(code, anc) AS (
			SELECT account_code, account_code FROM accounts
			UNION ALL SELECT up.code, a.parent_code FROM up JOIN accounts a ON a.account_code = up.anc WHERE a.parent_code <> ''),
		leaf(code, open, dr, cr) AS (
			SELECT account_code, sum(` + f("opening_debit") + ` - ` + f("opening_credit") + `), 0, 0 FROM opening_balances GROUP BY account_code
			UNION ALL SELECT account_code, 0, sum(` + f("debit") + `), sum(` + f("credit") + `) FROM voucher_lines WHERE status = '已记账' GROUP BY account_code)
		SELECT up.anc, sum(leaf.open), sum(leaf.dr), sum(leaf.cr) FROM leaf JOIN up ON up.code = leaf.code GROUP BY up.anc`
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	side := func(v int64) string {
		return books.PlainYuan(books.FromFen(max(v, 0))) + " " + books.PlainYuan(books.FromFen(max(-v, 0)))
	}
	for rows.Next() {
		var code string
		var open, dr, cr int64
		if err := rows.Scan(&code, &open, &dr, &cr); err != nil {
			t.Fatal(err)
		}
		if open == 0 && dr == 0 && cr == 0 {
			continue
		}
		got[code] = side(open) + " " + books.PlainYuan(books.FromFen(dr)) + " " + books.PlainYuan(books.FromFen(cr)) + " " + side(open+dr-cr)
	}
	rows.Close()
	tb, err := b.TrialBalance(202601, 202612, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) < 10 {
		t.Fatalf("the demo's trial balance has %d rows", len(tb.Rows))
	}
	opened := false
	for _, r := range tb.Rows {
		want := strings.Join([]string{books.PlainYuan(r.OpeningDebit), books.PlainYuan(r.OpeningCredit), books.PlainYuan(r.PeriodDebit),
			books.PlainYuan(r.PeriodCredit), books.PlainYuan(r.ClosingDebit), books.PlainYuan(r.ClosingCredit)}, " ")
		if got[r.Account.Code] != want {
			t.Errorf("%s %s: reloaded %q, the book says %q", r.Account.Code, r.Account.Name, got[r.Account.Code], want)
		}
		opened = opened || !r.OpeningDebit.IsZero() || !r.OpeningCredit.IsZero()
		delete(got, r.Account.Code)
	}
	if len(got) > 0 {
		t.Errorf("the export has accounts the trial balance lacks: %v", got)
	}
	if !opened {
		t.Error("the demo's 2026 opens with no balance: the opening balances are not tested")
	}
	if m.Totals.PostedDebit != m.Totals.PostedCredit || m.Totals.PostedVouchers == 0 || m.Totals.Applications == 0 || m.Totals.LogEntries == 0 {
		t.Errorf("totals %+v", m.Totals)
	}
	// Each monthly balance row adds up, and follows on from the month before.
	var bad int
	db.QueryRow(`SELECT count(*) FROM period_balances WHERE ` + f("opening_debit") + ` - ` + f("opening_credit") + ` + ` + f("period_debit") + ` - ` + f("period_credit") +
		` <> ` + f("closing_debit") + ` - ` + f("closing_credit")).Scan(&bad)
	if bad != 0 {
		t.Errorf("%d monthly balance rows do not add up", bad)
	}
}

// Every file is listed in the signed manifest with its rows, size and hash;
// the workbook holds every table, a sheet each with the same rows; the
// dictionary names every column of every file.
func TestExportIsListedSignedAndDescribed(t *testing.T) {
	b := demoBook(t)
	dir := t.TempDir()
	m, err := Export(t.Context(), login(t, b, "王审计"), 2026, dir)
	if err != nil {
		t.Fatalf("an auditor exports: %s", books.ErrorMessage(err))
	}
	pub, _ := b.PublicKey()
	vm, problems, err := Verify(dir, pub)
	if err != nil || len(problems) > 0 || vm.Year != 2026 || vm.ExportedBy != "王审计" {
		t.Fatalf("Verify of a fresh export: %v %v %+v", problems, err, vm)
	}
	wb, err := excelize.OpenFile(filepath.Join(dir, Workbook))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	dict, _ := os.ReadFile(filepath.Join(dir, "dictionary.csv"))
	described, _ := csv.NewReader(strings.NewReader(string(dict))).ReadAll()
	has := map[string]bool{}
	for _, r := range described[1:] {
		has[r[0]+"."+r[3]] = true
		if r[3] != "" && (r[4] == "" || r[5] == "") {
			t.Errorf("dictionary row %q lacks its Chinese name or type", r)
		}
	}
	for _, f := range m.Files {
		if !strings.HasSuffix(f.File, ".csv") {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(dir, f.File))
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil || len(rows)-1 != f.Rows {
			t.Errorf("%s: %d rows, manifest says %d (%v)", f.File, len(rows)-1, f.Rows, err)
			continue
		}
		if f.File == "dictionary.csv" {
			continue
		}
		for _, c := range rows[0] {
			if !has[f.File+"."+c] {
				t.Errorf("the dictionary does not describe %s.%s", f.File, c)
			}
		}
		sheet, err := wb.GetRows(f.Name)
		if err != nil || len(sheet) != len(rows) {
			t.Errorf("sheet %s: %d rows, the CSV %d (%v)", f.Name, len(sheet), len(rows), err)
		}
	}

	// One byte changed in a file, a file added: both named.
	path := filepath.Join(dir, "voucher_lines.csv")
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 1
	os.WriteFile(path, data, 0o644)
	os.WriteFile(filepath.Join(dir, "extra.csv"), []byte("x"), 0o644)
	_, problems, err = Verify(dir, pub)
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0], "voucher_lines.csv") || !strings.Contains(problems[1], "extra.csv") {
		t.Errorf("Verify after tampering: %q %v", problems, err)
	}
	// Signed by another key: refused.
	other := demoBook(t)
	otherKey, _ := other.PublicKey()
	if _, _, err := Verify(dir, otherKey); err == nil {
		t.Error("a manifest signed by another book passes")
	}
}

// Only the 会计 and the 审计 export; never into a folder holding files.
func TestExportRefusals(t *testing.T) {
	b := demoBook(t)
	if _, err := Export(t.Context(), login(t, b, "李出纳"), 2026, t.TempDir()); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("a 出纳 exports: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "old.csv"), []byte("x"), 0o644)
	if _, err := Export(t.Context(), login(t, b, "张会计"), 2026, dir); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "不是空的") {
		t.Errorf("export into a folder with files: %v", err)
	}
	if _, err := Export(t.Context(), login(t, b, "张会计"), 12026, t.TempDir()); books.ErrorCode(err) != books.Invalid {
		t.Errorf("year 12026: %v", err)
	}
}
