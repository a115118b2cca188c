package exchange

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sunbooks/books"
)

// ImportFiles gives each file the outcome Import gives it one after
// another, in the files' order: stored, refused with its file named (an
// unreadable or altered file among good ones stops nothing), or unchanged.
func TestImportFilesKeepsOrderAndOutcomes(t *testing.T) {
	tb := closedCommunity(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	jan, err := Export(t.Context(), tb.Accountant, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	feb, err := Export(t.Context(), tb.Accountant, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	altered := append([]byte(nil), feb.Data...)
	altered[len(altered)/2] ^= 1
	paths := []string{write("jan.sunpkg", jan.Data), write("bad.sunpkg", altered), write("missing.sunpkg", nil), write("feb.sunpkg", feb.Data), write("jan-again.sunpkg", jan.Data)}
	os.Remove(paths[2])
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	var order []int
	outcome := map[string]error{}
	var results []PackageImport
	ImportFiles(t.Context(), street, paths, func(i int, res PackageImport, err error) {
		order = append(order, i)
		outcome[filepath.Base(paths[i])] = err
		results = append(results, res)
	})
	if len(order) != len(paths) {
		t.Fatalf("outcomes for %v of %d files", order, len(paths))
	}
	for i, o := range order {
		if o != i {
			t.Fatalf("outcomes came in the order %v", order)
		}
	}
	for _, ok := range []string{"jan.sunpkg", "feb.sunpkg", "jan-again.sunpkg"} {
		if outcome[ok] != nil {
			t.Errorf("%s: %v", ok, outcome[ok])
		}
	}
	for _, bad := range []string{"bad.sunpkg", "missing.sunpkg"} {
		if outcome[bad] == nil {
			t.Errorf("%s was taken", bad)
		}
	}
	if !results[4].Unchanged || results[0].Vouchers != 2 || results[3].Vouchers != 1 {
		t.Errorf("results %+v", results)
	}
	pkgs, _ := street.Book().ImportedPackages()
	if len(pkgs) != 2 {
		t.Errorf("the street holds %d packages, want January and February", len(pkgs))
	}
}

// Ended before it starts, ImportFiles stores nothing and says so for each
// file.
func TestImportFilesStopsWhenCancelled(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "p.sunpkg")
	if err := os.WriteFile(p, pk.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	n := 0
	ImportFiles(ctx, street, []string{p, p}, func(i int, res PackageImport, err error) {
		n++
		if books.ErrorCode(err) != books.Cancelled {
			t.Errorf("file %d: %v, want cancelled", i, err)
		}
	})
	if n != 2 {
		t.Errorf("%d outcomes for 2 files", n)
	}
	if pkgs, _ := street.Book().ImportedPackages(); len(pkgs) != 0 {
		t.Errorf("a cancelled import stored %d packages", len(pkgs))
	}
}
