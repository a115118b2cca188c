// Command sunbooks-bench measures a million-line book: the import against a bare SQLite baseline, then a full-range trial balance.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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
	lines := flag.Int("lines", 1_000_000, "voucher lines of the big import")
	small := flag.Int("small", 100_000, "voucher lines of the small import (to see growth)")
	pkgs := flag.Int("packages", 50, "community packages the street consolidates")
	pkgLines := flag.Int("package-lines", 20_000, "voucher lines in each package")
	only := flag.String("only", "", "run only these parts, comma separated: import, report, verify, notice, street")
	repeat := flag.Int("repeat", 3, "runs of each paired measure (import, verify, street); the median is reported")
	cli := flag.String("cli", "", "sunbooks-cli binary (default: build it into -dir)")
	flag.Parse()
	parts := map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts[p] = true
		}
	}
	cfg := config{dir: *dir, lines: *lines, small: *small, packages: *pkgs, packageLines: *pkgLines, cli: *cli, parts: parts, repeat: max(1, *repeat)}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "sunbooks-bench:", err)
		os.Exit(1)
	}
}

type config struct {
	dir                    string
	lines, small           int
	packages, packageLines int
	cli                    string
	parts                  map[string]bool // empty: every part
	repeat                 int             // runs of each paired measure
}

func (c config) runs(part string) bool { return len(c.parts) == 0 || c.parts[part] }

// importRun is one size's import against its baselines.
type importRun struct {
	lines            int
	limit, same, imp time.Duration
	rss              int64
	low, high        float64 // the ratios' range over the runs
}

func (r importRun) ratio() float64 { return r.imp.Seconds() / r.limit.Seconds() }

func run(cfg config) error {
	dir := cfg.dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cli := cfg.cli
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
	var t table
	book := filepath.Join(dir, "bench.sunbooks")
	if cfg.runs("import") {
		var runs []importRun
		for i, n := range []int{cfg.small, cfg.lines} {
			// The big import's book stays for the report and verify parts.
			into := filepath.Join(dir, "import-small.sunbooks")
			if i == 1 {
				into = book
			}
			// Paired runs (limit, same schema, import) on a machine whose
			// load varies: the run of the median ratio is reported.
			var tries []importRun
			for range cfg.repeat {
				r, err := importBench(dir, cli, n, into)
				if err != nil {
					return err
				}
				tries = append(tries, r)
			}
			sort.Slice(tries, func(i, j int) bool { return tries[i].ratio() < tries[j].ratio() })
			r := tries[len(tries)/2]
			for _, x := range tries {
				r.rss = max(r.rss, x.rss)
			}
			r.low, r.high = tries[0].ratio(), tries[len(tries)-1].ratio()
			runs = append(runs, r)
		}
		for _, r := range runs {
			ratio := r.ratio()
			t.add(fmt.Sprintf("import -post, %s lines", count(r.lines)),
				fmt.Sprintf("%.2f s = %.2f× the true limit (%.2f s; %.2f–%.2f× over %d runs), %.2f× the same-schema insert (%.2f s); peak RSS %.0f MB",
					r.imp.Seconds(), ratio, r.limit.Seconds(), r.low, r.high, cfg.repeat, r.imp.Seconds()/r.same.Seconds(), r.same.Seconds(), mb(r.rss)),
				"≤ 2.0× the limit, RSS < 100 MB", ratio <= 2.0 && mb(r.rss) < 100)
		}
		if len(runs) == 2 && runs[0].lines > 0 {
			g := runs[1].imp.Seconds() / runs[0].imp.Seconds()
			x := float64(runs[1].lines) / float64(runs[0].lines)
			t.add("import growth", fmt.Sprintf("%.1f× the time for %.0f× the lines", g, x), "linear", g <= x*1.15)
		}
	}
	if _, err := os.Stat(book); err != nil && (cfg.runs("report") || cfg.runs("verify")) {
		return fmt.Errorf("%s is missing: run the import part first", book)
	}
	if cfg.runs("report") {
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
		t.add("trial balance, 5 years (CLI)", fmt.Sprintf("best %.3f s, median %.3f s; peak RSS %.1f MB", tbs[0].Seconds(), tbs[len(tbs)/2].Seconds(), mb(rss)),
			"≤ 0.3 s, RSS < 100 MB", tbs[len(tbs)/2].Seconds() <= 0.3 && mb(rss) < 100)
	}
	if cfg.runs("verify") {
		fmt.Println("verify, and PRAGMA integrity_check of the same file")
		type pair struct{ ic, ver time.Duration }
		var pairs []pair
		var rss int64
		for range cfg.repeat {
			t0 := time.Now()
			if err := integrityCheck(book); err != nil {
				return err
			}
			ic := time.Since(t0)
			ver, r, err := runCLI(cli, "verify", "-book", book)
			if err != nil {
				return err
			}
			pairs = append(pairs, pair{ic, ver})
			rss = max(rss, r)
		}
		ratio := func(p pair) float64 { return p.ver.Seconds() / p.ic.Seconds() }
		sort.Slice(pairs, func(i, j int) bool { return ratio(pairs[i]) < ratio(pairs[j]) })
		m := pairs[len(pairs)/2]
		t.add(fmt.Sprintf("verify, %s lines (CLI)", count(cfg.lines)), fmt.Sprintf("%.2f s = %.2f× integrity_check (%.2f s; %.2f–%.2f× over %d runs); peak RSS %.1f MB",
			m.ver.Seconds(), ratio(m), m.ic.Seconds(), ratio(pairs[0]), ratio(pairs[len(pairs)-1]), cfg.repeat, mb(rss)),
			"≤ 2.5× integrity_check", ratio(m) <= 2.5)
	}
	if cfg.runs("notice") {
		fmt.Println("notice of a 300-item month (best of 5)")
		noticeBook := filepath.Join(dir, "notice.sunbooks")
		if err := noticeMonthBook(noticeBook, cli, filepath.Join(dir, "notice-300.csv")); err != nil {
			return err
		}
		var nts []time.Duration
		var rss int64
		for range 5 {
			d, r, err := runCLI(cli, "notice", "-book", noticeBook, "-month", noticeMonth.String(), "-compound", demo.SyntheticCompounds[0], "-out", filepath.Join(dir, "notice-300.pdf"))
			if err != nil {
				return err
			}
			nts = append(nts, d)
			rss = max(rss, r)
		}
		sort.Slice(nts, func(i, j int) bool { return nts[i] < nts[j] })
		t.add("notice, 300 items (CLI)", fmt.Sprintf("best %.3f s, median %.3f s; peak RSS %.1f MB", nts[0].Seconds(), nts[len(nts)/2].Seconds(), mb(rss)),
			"≤ 0.5 s", nts[len(nts)/2].Seconds() <= 0.5)
	}
	if cfg.runs("street") {
		fmt.Printf("street: %d packages of %s lines (made once, kept in %s)\n", cfg.packages, count(cfg.packageLines), filepath.Join(dir, "street"))
		var tries []streetResult
		for range cfg.repeat {
			r, err := streetBench(filepath.Join(dir, "street"), cli, cfg.packages, cfg.packageLines)
			if err != nil {
				return err
			}
			tries = append(tries, r)
		}
		sort.Slice(tries, func(i, j int) bool { return tries[i].consolidate < tries[j].consolidate })
		r := tries[len(tries)/2]
		for _, x := range tries {
			r.export = min(r.export, x.export)
			r.exportRSS, r.conRSS = max(r.exportRSS, x.exportRSS), max(r.conRSS, x.conRSS)
		}
		t.add(fmt.Sprintf("export package, %s lines (CLI)", count(r.lines)), fmt.Sprintf("best %.3f s; peak RSS %.1f MB", r.export.Seconds(), mb(r.exportRSS)),
			"≤ 0.3 s", r.export.Seconds() <= 0.3)
		t.add(fmt.Sprintf("street: consolidate import %d packages (%s lines) + report", r.packages, count(r.packages*r.lines)),
			fmt.Sprintf("%.2f s, median of %d (import %.2f s, report %.2f s); peak RSS %.1f MB", r.consolidate.Seconds(), len(tries), r.imp.Seconds(), r.report.Seconds(), mb(r.conRSS)),
			"≤ 10 s, RSS < 150 MB", r.consolidate.Seconds() <= 10 && mb(r.conRSS) < 150)
	}
	fmt.Println()
	t.print(os.Stdout)
	return nil
}

// importBench imports n generated lines into a fresh book with the CLI and
// the same file into the true limit and the same-schema baseline.
func importBench(dir, cli string, n int, book string) (importRun, error) {
	r := importRun{lines: n}
	data := filepath.Join(dir, fmt.Sprintf("vouchers-%d.csv", n))
	if _, err := os.Stat(data); err != nil {
		fmt.Printf("generating %d voucher lines into %s\n", n, data)
		f, err := os.Create(data)
		if err != nil {
			return r, err
		}
		if err := demo.WriteSyntheticCSV(f, n, 2021, 1); err != nil {
			f.Close()
			return r, err
		}
		if err := f.Close(); err != nil {
			return r, err
		}
	}
	fmt.Printf("import of %s lines: the true limit (one plain table), the same-schema insert, sunbooks-cli import -post\n", count(n))
	t0 := time.Now()
	if _, err := trueLimit(filepath.Join(dir, "limit.sqlite"), data); err != nil {
		return r, fmt.Errorf("true limit: %w", err)
	}
	r.limit = time.Since(t0)
	same := filepath.Join(dir, "baseline.sunbooks")
	if err := freshBook(same); err != nil {
		return r, err
	}
	t0 = time.Now()
	if _, err := sameSchema(same, data); err != nil {
		return r, fmt.Errorf("same-schema baseline: %w", err)
	}
	r.same = time.Since(t0)
	if err := freshBook(book); err != nil {
		return r, err
	}
	var err error
	if r.imp, r.rss, err = runCLI(cli, "import", "-book", book, "-post", data); err != nil {
		return r, err
	}
	return r, nil
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
	b, err := syntheticBook(path, "基准社区", "BENCH")
	if err != nil {
		return err
	}
	return b.Close()
}

// syntheticBook creates path afresh as an npo2004 book of community (code)
// in 城关街道, with the synthetic chart and compounds, and returns it open.
func syntheticBook(path, community, code string) (*books.Book, error) {
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(path + suffix)
	}
	os.RemoveAll(path + ".backups")
	b, err := books.Create(path, books.CreateOptions{Street: streetName, Community: community, Code: code, UserName: user, Password: password}, standard.Modules()...)
	if err != nil {
		return nil, err
	}
	s, err := b.Login(user, password)
	if err == nil {
		// A generated book: its migration needs no second user.
		err = s.SetSetting(books.SettingMigrationConfirm, "off")
	}
	if err == nil {
		err = demo.PrepareSynthetic(s)
	}
	if err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
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

// table is the bench's summary: each figure beside its target.
type table struct{ rows [][4]string }

func (t *table) add(what, measured, target string, met bool) {
	mark := "met"
	if !met {
		mark = "NOT MET"
	}
	t.rows = append(t.rows, [4]string{what, measured, target, mark})
}

func (t *table) print(w io.Writer) {
	width := 0
	for _, r := range t.rows {
		width = max(width, len(r[0]))
	}
	for _, r := range t.rows {
		fmt.Fprintf(w, "%-*s  %s\n%-*s  target %s: %s\n", width, r[0], r[1], width, "", r[2], r[3])
	}
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

// count writes 1000000 as 1M and 20000 as 20k.
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
