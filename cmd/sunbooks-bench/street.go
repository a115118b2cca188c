package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/standard"
)

// The street's bench: communities of one street, each with a book of
// generated vouchers over the first months of a year, closed, and its
// signed period package; a street book that trusts every community's key.
const (
	streetName    = "城关街道"
	streetUser    = "王街道"
	packageFrom   = books.Period(202501)
	packageMonths = 6
)

// streetSetup makes (or finds from an earlier run) n community books of
// lines lines each and their packages, and a fresh street book trusting
// them; it returns the street book and the package files. Not timed.
func streetSetup(dir, cli string, n, lines int) (street string, packages []string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	to := packageFrom + packageMonths - 1
	var keys [][]byte
	for i := range n {
		book := filepath.Join(dir, fmt.Sprintf("community-%02d.sunbooks", i+1))
		pkg := filepath.Join(dir, fmt.Sprintf("community-%02d-%d.sbpkg", i+1, lines))
		if _, err := os.Stat(pkg); err != nil {
			if err := communityBook(book, i+1, lines); err != nil {
				return "", nil, fmt.Errorf("community %d: %w", i+1, err)
			}
			if _, _, err := runCLI(cli, "export", "package", "-book", book, "-from", packageFrom.String(), "-to", to.String(), "-out", pkg); err != nil {
				return "", nil, err
			}
		}
		key, err := publicKey(book)
		if err != nil {
			return "", nil, err
		}
		keys = append(keys, key)
		packages = append(packages, pkg)
	}
	street = filepath.Join(dir, "street.sunbooks")
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(street + suffix)
	}
	os.RemoveAll(street + ".backups")
	b, err := books.Create(street, books.CreateOptions{Kind: books.KindStreet, Street: streetName, UserName: streetUser, Password: password}, standard.Modules()...)
	if err != nil {
		return "", nil, err
	}
	defer b.Close()
	s, err := b.Login(streetUser, password)
	if err != nil {
		return "", nil, err
	}
	for _, k := range keys {
		if _, err := s.Trust(k); err != nil {
			return "", nil, err
		}
	}
	return street, packages, nil
}

// communityBook makes community i's book: the synthetic chart and
// compounds, lines generated lines over packageMonths months from
// packageFrom imported and posted, every month closed.
func communityBook(path string, i, lines int) error {
	b, err := syntheticBook(path, fmt.Sprintf("基准社区%02d", i), fmt.Sprintf("BENCH%02d", i))
	if err != nil {
		return err
	}
	defer b.Close()
	s, err := b.Login(user, password)
	if err != nil {
		return err
	}
	data := path + ".csv"
	f, err := os.Create(data)
	if err != nil {
		return err
	}
	if err := demo.WriteSyntheticMonthsCSV(f, lines, packageFrom, packageMonths, uint64(i)); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	defer os.Remove(data)
	if _, err := s.ImportFile(context.Background(), data, books.ImportOptions{Post: true}); err != nil {
		return err
	}
	for p := packageFrom; p < packageFrom+packageMonths; p++ {
		if err := s.ClosePeriod(p); err != nil {
			return err
		}
	}
	return nil
}

func publicKey(path string) ([]byte, error) {
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return b.ExportPublicKey()
}

// streetResult is the street's timings.
type streetResult struct {
	packages, lines   int
	export            time.Duration // best of 3, one package of lines lines
	consolidate       time.Duration // consolidate import of every package, then the report
	imp, report       time.Duration
	exportRSS, conRSS int64
}

// streetBench times a package's export and the street's import and
// consolidated report of every package.
func streetBench(dir, cli string, n, lines int) (streetResult, error) {
	res := streetResult{packages: n, lines: lines}
	street, pkgs, err := streetSetup(dir, cli, n, lines)
	if err != nil {
		return res, err
	}
	to := packageFrom + packageMonths - 1
	first := filepath.Join(dir, "community-01.sunbooks")
	for range 3 {
		d, rss, err := runCLI(cli, "export", "package", "-book", first, "-from", packageFrom.String(), "-to", to.String(), "-out", filepath.Join(dir, "export-timed.sbpkg"))
		if err != nil {
			return res, err
		}
		if res.export == 0 || d < res.export {
			res.export = d
		}
		res.exportRSS = max(res.exportRSS, rss)
	}
	args := append([]string{"consolidate", "import", "-book", street, "-user", streetUser}, pkgs...)
	d, rss, err := runCLI(cli, args...)
	if err != nil {
		return res, err
	}
	res.imp, res.conRSS = d, rss
	d, rss, err = runCLI(cli, "consolidate", "report", "-book", street, "-user", streetUser, "-from", packageFrom.String(), "-to", to.String(), "-by", "community", "-format", "csv", "-out", os.DevNull)
	if err != nil {
		return res, err
	}
	res.report = d
	res.consolidate = res.imp + res.report
	res.conRSS = max(res.conRSS, rss)
	return res, nil
}
