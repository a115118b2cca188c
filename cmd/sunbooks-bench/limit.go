package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// openBare opens a SQLite file as the books open theirs (WAL, synchronous
// FULL, foreign keys, an immediate write lock), so that a baseline differs
// from the import only in what it writes.
func openBare(path string) (*sql.DB, error) {
	v := url.Values{}
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "busy_timeout(5000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	v.Add("_txlock", "immediate")
	return sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+v.Encode())
}

// openCSV opens the generated CSV past its header, for both baselines.
func openCSV(data string) (*csv.Reader, *os.File, error) {
	f, err := os.Open(data)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		f.Close()
		return nil, nil, err
	}
	return r, f, nil
}

// fen reads an amount of the generated CSV ("1234.5", "") as integer fen.
func fen(s string) int64 {
	if s == "" {
		return 0
	}
	i, f, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(i+(f + "00")[:2], 10, 64)
	return n
}

// trueLimit is the least any import of data can cost here: the CSV's rows
// into one plain table of a new SQLite file — no indexes, no triggers, no
// other table — in one transaction, amounts as integer fen, with the same
// connection settings as a book. It checks nothing.
func trueLimit(path, data string) (int, error) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	db, err := openBare(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE line (date TEXT, no TEXT, account TEXT, compound TEXT, debit INTEGER, credit INTEGER, memo TEXT)`); err != nil {
		return 0, err
	}
	r, f, err := openCSV(data)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`INSERT INTO line VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		if _, err := st.Exec(rec[0], rec[1], rec[2], rec[4], fen(rec[5]), fen(rec[6]), rec[7]); err != nil {
			return 0, err
		}
		n++
	}
	return n, tx.Commit()
}

// integrityCheck runs PRAGMA integrity_check over a book file, read only,
// as the floor under verify (which runs it among its checks).
func integrityCheck(path string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return errors.New("integrity_check: " + res)
	}
	return nil
}

// sameSchema is the bare program the import was first measured against: read the CSV,
// look up account and compound ids, insert each voucher and its lines with
// prepared statements in one transaction. It checks nothing, keeps no
// balances and signs nothing.
//
// It is long on purpose: a bare, straight-line program is what the
// benchmark compares against.
func sameSchema(path, data string) (int, error) {
	db, err := openBare(path)
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
	r, f, err := openCSV(data)
	if err != nil {
		return 0, err
	}
	defer f.Close()
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
