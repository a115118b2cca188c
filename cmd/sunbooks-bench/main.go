// Command sunbooks-bench measures a million-line book: the import against a bare SQLite baseline, then a full-range trial balance.
package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/standard"
)

const (
	user     = "张会计"
	password = "bench123"
)

func main() {
	dir := flag.String("dir", "bench", "folder for the generated data and books")
	lines := flag.Int("lines", 1_000_000, "voucher lines to generate")
	cli := flag.String("cli", "", "sunbooks-cli binary (default: build it into -dir)")
	flag.Parse()
	if err := run(*dir, *lines, *cli); err != nil {
		fmt.Fprintln(os.Stderr, "sunbooks-bench:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, cli string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if cli == "" {
		cli = filepath.Join(dir, "sunbooks-cli")
		fmt.Println("building", cli)
		cmd := exec.Command("go", "build", "-o", cli, "./cmd/sunbooks-cli")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build cli: %w", err)
		}
	}
	data := filepath.Join(dir, fmt.Sprintf("vouchers-%d.csv", n))
	if _, err := os.Stat(data); err != nil {
		fmt.Printf("generating %d voucher lines into %s\n", n, data)
		f, err := os.Create(data)
		if err != nil {
			return err
		}
		if err := demo.WriteSyntheticCSV(f, n, 2021, 1); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	baseBook := filepath.Join(dir, "baseline.sunbooks")
	book := filepath.Join(dir, "bench.sunbooks")
	for _, p := range []string{baseBook, book} {
		if err := freshBook(p); err != nil {
			return err
		}
	}

	fmt.Println("(a) baseline: bare Go, the same rows into the same schema, one transaction")
	t0 := time.Now()
	rows, err := baseline(baseBook, data)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	base := time.Since(t0)
	fmt.Printf("    %d lines in %.2f s\n", rows, base.Seconds())

	fmt.Println("(b) sunbooks-cli import -post")
	imp, impRSS, err := runCLI(cli, "import", "-book", book, "-post", data)
	if err != nil {
		return err
	}
	fmt.Printf("    %.2f s\n", imp.Seconds())

	fmt.Println("(c) sunbooks-cli report trial-balance 2021-01 … 2025-12 (best of 5)")
	var tbs []time.Duration
	var rss int64
	for range 5 {
		d, r, err := runCLI(cli, "report", "trial-balance", "-book", book, "-from", "2021-01", "-to", "2025-12", "-format", "csv", "-out", os.DevNull)
		if err != nil {
			return err
		}
		tbs = append(tbs, d)
		rss = max(rss, r)
	}
	sort.Slice(tbs, func(i, j int) bool { return tbs[i] < tbs[j] })

	fmt.Println("(d) sunbooks-cli verify")
	ver, verRSS, err := runCLI(cli, "verify", "-book", book)
	if err != nil {
		return err
	}

	fmt.Println("(e) sunbooks-cli notice of a 300-item month (best of 5)")
	noticeBook := filepath.Join(dir, "notice.sunbooks")
	if err := noticeMonthBook(noticeBook, cli, filepath.Join(dir, "notice-300.csv")); err != nil {
		return err
	}
	var nts []time.Duration
	var ntRSS int64
	for range 5 {
		d, r, err := runCLI(cli, "notice", "-book", noticeBook, "-month", noticeMonth.String(), "-compound", demo.SyntheticCompounds[0], "-out", filepath.Join(dir, "notice-300.pdf"))
		if err != nil {
			return err
		}
		nts = append(nts, d)
		ntRSS = max(ntRSS, r)
	}
	sort.Slice(nts, func(i, j int) bool { return nts[i] < nts[j] })

	ratio := imp.Seconds() / base.Seconds()
	fmt.Println()
	fmt.Printf("lines                     %d\n", rows)
	fmt.Printf("baseline insert           %.2f s\n", base.Seconds())
	fmt.Printf("import -post              %.2f s   ratio %.2f× (target ≤ 1.5×), peak RSS %.0f MB\n", imp.Seconds(), ratio, float64(impRSS)/1024)
	fmt.Printf("trial balance (CLI)       best %.3f s, median %.3f s (target ≤ 0.3 s)\n", tbs[0].Seconds(), tbs[len(tbs)/2].Seconds())
	fmt.Printf("trial balance peak RSS    %.1f MB (target < 100 MB)\n", float64(rss)/1024)
	fmt.Printf("verify (CLI)              %.2f s, peak RSS %.1f MB\n", ver.Seconds(), float64(verRSS)/1024)
	fmt.Printf("notice, 300 items (CLI)   best %.3f s, median %.3f s, peak RSS %.1f MB (target ≤ 0.5 s)\n", nts[0].Seconds(), nts[len(nts)/2].Seconds(), float64(ntRSS)/1024)
	return nil
}

// noticeMonth is the month of the notice benchmark's book.
const noticeMonth = books.Period(202506)

// noticeMonthBook makes a book whose first compound has 300 items in
// noticeMonth, imported and posted through the CLI; not timed.
func noticeMonthBook(path, cli, data string) error {
	if err := freshBook(path); err != nil {
		return err
	}
	f, err := os.Create(data)
	if err != nil {
		return err
	}
	if err := demo.WriteNoticeMonthCSV(f, demo.SyntheticCompounds[0], noticeMonth, 300, 1); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, _, err = runCLI(cli, "import", "-book", path, "-post", data)
	return err
}

// freshBook creates an empty npo2004 book with the synthetic chart and
// compounds; setup is not timed.
func freshBook(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(path + suffix)
	}
	os.RemoveAll(path + ".backups")
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "基准社区", Code: "BENCH", UserName: user, Password: password}, standard.Modules()...)
	if err != nil {
		return err
	}
	defer b.Close()
	s, err := b.Login(user, password)
	if err != nil {
		return err
	}
	// A generated book: its migration needs no second user.
	if err := s.SetSetting(books.SettingMigrationConfirm, "off"); err != nil {
		return err
	}
	return demo.PrepareSynthetic(s)
}

// runCLI runs the CLI as a child process and returns its wall time and peak
// resident set (KB).
func runCLI(cli string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "SUNBOOKS_USER="+user, "SUNBOOKS_PASSWORD="+password)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return d, 0, fmt.Errorf("%s %s: %v\n%s", filepath.Base(cli), strings.Join(args[:2], " "), err, errOut.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // kilobytes on Linux
	}
	return d, rss, nil
}

// baseline is the bare program the import is measured against: read the CSV,
// look up account and compound ids, insert each voucher and its lines with
// prepared statements in one transaction. It checks nothing, keeps no
// balances and signs nothing.
//
// It is long on purpose: a bare, straight-line program is what the
// benchmark compares against.
func baseline(path, data string) (int, error) {
	v := url.Values{}
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "busy_timeout(5000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	v.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+v.Encode())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ids := func(q string) (map[string]int64, error) {
		m := map[string]int64{}
		rows, err := db.Query(q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var id int64
			if err := rows.Scan(&id, &k); err != nil {
				return nil, err
			}
			m[k] = id
		}
		return m, rows.Err()
	}
	accounts, err := ids(`SELECT id, code FROM account`)
	if err != nil {
		return 0, err
	}
	compounds, err := ids(`SELECT id, name FROM compound`)
	if err != nil {
		return 0, err
	}
	f, err := os.Open(data)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return 0, err
	}
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	vStmt, err := tx.Prepare(`INSERT INTO voucher (period, word, number, date, status, kind, source_ref, preparer_id, created_at) VALUES (?, '记', ?, ?, 'draft', 'import', ?, 1, ?)`)
	if err != nil {
		return 0, err
	}
	lStmt, err := tx.Prepare(`INSERT INTO voucher_line (voucher_id, seq, period, memo, account_id, compound_id, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	fen := func(s string) int64 {
		if s == "" {
			return 0
		}
		i, f, _ := strings.Cut(s, ".")
		n, _ := strconv.ParseInt(i+(f + "00")[:2], 10, 64)
		return n
	}
	var lastKey, memo string
	var vid int64
	seq, number, lastPeriod, n := 0, 0, 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		period, _ := strconv.Atoi(rec[0][:4] + rec[0][5:7])
		if key := rec[0][:7] + rec[1]; key != lastKey {
			if period != lastPeriod {
				number, lastPeriod = 0, period
			}
			number++
			res, err := vStmt.Exec(period, number, rec[0], rec[1], "2026-01-01 00:00:00")
			if err != nil {
				return 0, err
			}
			vid, _ = res.LastInsertId()
			lastKey, seq = key, 0
		}
		seq++
		if rec[7] != "" || seq == 1 {
			memo = rec[7] // a blank memo repeats the one above, as the import stores it
		}
		if _, err := lStmt.Exec(vid, seq, period, memo, accounts[rec[2]], compounds[rec[4]], fen(rec[5]), fen(rec[6])); err != nil {
			return 0, err
		}
		n++
	}
	return n, tx.Commit()
}
