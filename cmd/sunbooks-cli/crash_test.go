package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/exchange"
	"sunbooks/books/standard"
)

// TestKilledWorkLeavesBooksWhole kills the CLI (SIGKILL, as a power cut or
// the task manager would) at random points of an import, posting, a month's
// closing, a backup, a package export and a street's package import, and checks what is left: the book opens
// and verifies, it is as before the command or as after it, no broken
// snapshot is kept, and the package file is whole or absent. make test kills
// a dozen times; make stress a thousand (SUNBOOKS_STRESS_KILLS) and prints
// the count of bad outcomes.
func TestKilledWorkLeavesBooksWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the CLI")
	}
	kills := 12
	if s := os.Getenv("SUNBOOKS_STRESS_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
	dir := t.TempDir()
	cli := filepath.Join(dir, "sunbooks-cli")
	build := exec.Command("go", "build", "-o", cli, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the CLI: %v\n%s", err, out)
	}
	// The base book: three posted vouchers, January closed, and 200
	// reviewed drafts in March waiting to be posted. The street book trusts
	// it and gets its January package.
	base := reportBookFile(t)
	b, err := books.Open(base, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	if err := acc.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	ten, _ := books.ParseMoney("10")
	for i := 0; i < reviewedDrafts; i++ {
		v, err := acc.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: []books.Line{
			{Memo: "收费", AccountCode: "100201", CompoundName: "阳光小区", Debit: ten, Credit: books.FromFen(0)},
			{Memo: "收费", AccountCode: "4901", CompoundName: "阳光小区", Debit: books.FromFen(0), Credit: ten}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := cash.ReviewVoucher(v.ID); err != nil {
			t.Fatal(err)
		}
	}
	pkg, err := exchange.Export(t.Context(), acc, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	pkgFile := filepath.Join(dir, "2026-01.json")
	os.WriteFile(pkgFile, pkg.Data, 0o644)
	key, _ := b.ExportPublicKey()
	b.Close()
	baseStreet := filepath.Join(dir, "street.sunbooks")
	sb, err := books.Create(baseStreet, books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "张会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	director, _ := sb.Login("张会计", "secret1")
	if _, err := director.Trust(key); err != nil {
		t.Fatal(err)
	}
	sb.Close()
	rows := []string{books.ImportHeader}
	for i := 1; i <= 15000; i++ {
		rows = append(rows, fmt.Sprintf("2026-03-10,V%d,100201,工商银行,阳光小区,10.00,,收费", i), fmt.Sprintf("2026-03-10,V%d,4901,其他收入,阳光小区,,10.00,收费", i))
	}
	csv := filepath.Join(dir, "big.csv")
	os.WriteFile(csv, []byte(strings.Join(rows, "\n")+"\n"), 0o644)

	type job struct {
		name string
		args func(book, out string) []string
	}
	jobs := []job{
		{"import", func(book, _ string) []string { return []string{"import", "-book", book, csv} }},
		{"post", func(book, _ string) []string {
			return []string{"voucher", "post", "-book", book, "-month", "2026-03", "-all"}
		}},
		{"consolidate", func(book, _ string) []string { return []string{"consolidate", "import", "-book", book, pkgFile} }},
		{"close", func(book, _ string) []string { return []string{"close", "-book", book, "-month", "2026-02"} }},
		{"backup", func(book, _ string) []string { return []string{"backup", "-book", book} }},
		{"export", func(book, out string) []string {
			return []string{"export", "package", "-book", book, "-month", "2026-01", "-out", out}
		}},
	}
	baseFor := func(job string) string {
		if job == "consolidate" {
			return baseStreet
		}
		return base
	}
	// Each job is timed once, whole, so that the kills fall across it.
	took := map[string]time.Duration{}
	for _, j := range jobs {
		trial := filepath.Join(dir, "timing-"+j.name)
		os.MkdirAll(trial, 0o755)
		book := filepath.Join(trial, "book.sunbooks")
		copyForTrial(t, baseFor(j.name), book)
		cmd := exec.Command(cli, j.args(book, filepath.Join(trial, "2026-01.json"))...)
		cmd.Env = append(os.Environ(), "SUNBOOKS_USER=张会计", "SUNBOOKS_PASSWORD=secret1")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", j.name, err, out)
		}
		took[j.name] = time.Since(start)
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	bad, killedCount := 0, 0
	for i := 0; i < kills; i++ {
		j := jobs[i%len(jobs)]
		trial := filepath.Join(dir, fmt.Sprintf("t%d", i))
		os.MkdirAll(trial, 0o755)
		book := filepath.Join(trial, "book.sunbooks")
		copyForTrial(t, baseFor(j.name), book)
		out := filepath.Join(trial, "2026-01.json")
		cmd := exec.Command(cli, j.args(book, out)...)
		cmd.Env = append(os.Environ(), "SUNBOOKS_USER=张会计", "SUNBOOKS_PASSWORD=secret1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(r.Int64N(int64(took[j.name]) + 1))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		killed := false
		select {
		case <-done:
		case <-time.After(delay):
			cmd.Process.Kill()
			<-done
			killed = true
			killedCount++
		}
		if why := checkAfterKill(t, j.name, book, out); why != "" {
			bad++
			t.Errorf("%s killed after %v (killed %v): %s", j.name, delay, killed, why)
		}
	}
	t.Logf("%d runs, %d killed before they finished, %d bad outcomes", kills, killedCount, bad)
	if os.Getenv("SUNBOOKS_STRESS_KILLS") != "" {
		fmt.Printf("stress: %d runs, %d killed before they finished, %d bad outcomes\n", kills, killedCount, bad)
	}
}

// reviewedDrafts is how many reviewed drafts the crash test's book has.
const reviewedDrafts = 200

func copyForTrial(t *testing.T, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(out, in)
	out.Close()
}

// checkAfterKill says what is wrong with what a killed command left, or "".
func checkAfterKill(t *testing.T, job, book, out string) string {
	b, err := books.Open(book, standard.Modules()...)
	if err != nil {
		return "the book does not open: " + books.ErrorMessage(err)
	}
	defer b.Close()
	if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
		return fmt.Sprintf("verify: %q %v", problems, err)
	}
	switch job {
	case "import":
		before := 3 + reviewedDrafts
		if n, _ := b.CountVouchers(books.VoucherFilter{}); n != before && n != before+15000 {
			return fmt.Sprintf("%d vouchers: neither before (%d) nor after (%d)", n, before, before+15000)
		}
	case "post":
		// Each voucher is posted on its own: every one is reviewed or
		// posted, none lost, none half posted (verify checked balances).
		posted, _ := b.CountVouchers(books.VoucherFilter{Status: books.StatusPosted})
		reviewed, _ := b.CountVouchers(books.VoucherFilter{Status: books.StatusReviewed})
		if posted+reviewed != 3+reviewedDrafts {
			return fmt.Sprintf("%d posted and %d reviewed of %d", posted, reviewed, 3+reviewedDrafts)
		}
	case "consolidate":
		if got, _ := b.ImportedPackages(); len(got) > 1 {
			return fmt.Sprintf("%d packages held after importing one", len(got))
		}
	case "backup", "close":
		snaps, _ := b.Snapshots()
		for _, s := range snaps {
			if !s.Restorable {
				return "a broken snapshot is kept: " + s.Name
			}
		}
		if parts, _ := filepath.Glob(filepath.Join(b.BackupDir(), "*.partial")); len(parts) > 0 {
			return fmt.Sprintf("unfinished snapshots left after opening: %q", parts)
		}
	case "export":
		data, err := os.ReadFile(out)
		if err != nil {
			return "" // not written: as before
		}
		if _, err := exchange.Read(data); err != nil {
			return "the package file is there but broken: " + books.ErrorMessage(err)
		}
	}
	return ""
}
