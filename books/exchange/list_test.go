package exchange

import (
	"testing"

	"sunbooks/books/moduletest"
	"sunbooks/books/standard"
)

// The list of imported packages gives each one's vouchers: from its
// manifest, or counted from its lines when the manifest gives no count.
func TestImportedPackagesCountVouchers(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	want := pk.Manifest.Counts["vouchers"]
	if want < 2 {
		t.Fatalf("the package has %d vouchers", want)
	}
	street, director := streetBook(t)
	trustBook(t, director, tb.Book)
	if _, err := Import(t.Context(), director, "p.sunpkg", pk.Data); err != nil {
		t.Fatal(err)
	}
	held, err := street.ImportedPackages()
	if err != nil || len(held) != 1 || held[0].Vouchers != want {
		t.Fatalf("ImportedPackages = %+v, %v; want %d vouchers", held, err, want)
	}
	b := moduletest.HandEdit(t, street, standard.Modules(), `UPDATE consol_package SET manifest = json_remove(manifest, '$.counts')`)
	held, err = b.ImportedPackages()
	if err != nil || len(held) != 1 || held[0].Vouchers != want {
		t.Errorf("without counts in the manifest: %+v, %v; want %d vouchers", held, err, want)
	}
}
