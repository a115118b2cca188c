package books

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// streetTrusting is a street book on 2026-04-10, its director signed in,
// trusting a community book's key.
func streetTrusting(t *testing.T) (*testBook, *Book, *Session, TrustedKey) {
	t.Helper()
	community := newTestBook(t)
	street, err := Create(filepath.Join(t.TempDir(), "street.sunbooks"), CreateOptions{Kind: KindStreet, Street: "城关街道", UserName: "王街道", Password: "secret1"}, standIn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { street.Close() })
	street.SetClock(func() time.Time { return time.Date(2026, 4, 10, 9, 0, 0, 0, time.Local) })
	director, err := street.Login("王街道", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := community.ExportPublicKey()
	tk, err := director.Trust(key)
	if err != nil {
		t.Fatal(err)
	}
	return community, street, director, tk
}

// StorePackage holds its rules for any caller, not only for the exchange
// package's import: the street's user, a registered community key that
// matches the package's community, the street's own packages, no future.
func TestStorePackageRefusesWhatNoCallerMaySkip(t *testing.T) {
	community, street, director, tk := streetTrusting(t)
	good := StoredPackage{File: "p.sunpkg", CommunityCode: "371329001", Community: "阳光社区", Street: "城关街道", BookUUID: "u",
		From: 202601, To: 202602, Chart: "npo2004", Serial: 1, ExportedAt: "2026-03-01 10:00:00", Signer: tk.Fingerprint, SHA256: "x", Manifest: []byte("{}")}
	tests := []struct {
		name   string
		by     *Session
		change func(p *StoredPackage)
		code   Code
		says   string
	}{
		{"a community's accountant does not store", community.accountant, nil, Forbidden, ""},
		{"an unregistered signer", director, func(p *StoredPackage) { p.Signer = "0000-0000" }, Forbidden, "没有在本账簿登记"},
		{"a key registered to another community", director, func(p *StoredPackage) { p.CommunityCode = "371329002" }, Forbidden, "371329002"},
		{"another street's package", director, func(p *StoredPackage) { p.Street = "东城街道" }, Invalid, "东城街道"},
		{"a period after today", director, func(p *StoredPackage) { p.To = 202605 }, Invalid, "之后"},
	}
	for _, tt := range tests {
		p := good
		if tt.change != nil {
			tt.change(&p)
		}
		_, err := tt.by.StorePackage(t.Context(), p)
		if ErrorCode(err) != tt.code || !strings.Contains(ErrorMessage(err), tt.says) {
			t.Errorf("%s: StorePackage = %v, want %s saying %q", tt.name, err, tt.code, tt.says)
		}
	}
	if held, _ := street.ImportedPackages(); len(held) != 0 {
		t.Fatalf("refused packages were stored: %+v", held)
	}
	if _, err := director.StorePackage(t.Context(), good); err != nil {
		t.Fatalf("the package as signed: %v", err)
	}
	if held, _ := street.ImportedPackages(); len(held) != 1 {
		t.Errorf("held %d packages, want 1", len(held))
	}
}

// A package's lines are written in batches: every line is stored, in the
// package's order, whatever their number against the batch, and the book
// verifies clean after each.
func TestStorePackageKeepsEveryLineInOrder(t *testing.T) {
	_, street, director, tk := streetTrusting(t)
	for serial, n := range []int{1, batchRows - 1, batchRows, batchRows + 1, 2*batchRows + 5, 0} {
		p := StoredPackage{File: "p.sunpkg", CommunityCode: "371329001", Community: "阳光社区", Street: "城关街道", BookUUID: "u",
			From: 202601, To: 202601, Chart: "npo2004", Serial: int64(serial + 1), ExportedAt: "2026-03-01 10:00:00", Signer: tk.Fingerprint, SHA256: fmt.Sprint(serial), Manifest: []byte("{}")}
		var want []string
		for i := range n {
			l := StoredLine{Period: 202601, VoucherNo: fmt.Sprintf("记-%04d", i/2+1), Date: "2026-01-05", Seq: i%2 + 1, Memo: fmt.Sprintf("第 %d 行 'x'", i),
				AccountCode: "1002", Compound: "阳光小区", Debit: int64(i + 1)}
			p.Lines = append(p.Lines, l)
			want = append(want, fmt.Sprintf("%s %d %s %d", l.VoucherNo, l.Seq, l.Memo, l.Debit))
		}
		if _, err := director.StorePackage(t.Context(), p); err != nil {
			t.Fatalf("%d lines: %v", n, err)
		}
		var got []string
		rows, err := street.DB().Query(`SELECT voucher_no, seq, memo, debit_fen FROM consol_line ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var no, memo string
			var seq, d int64
			if err := rows.Scan(&no, &seq, &memo, &d); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %d %s %d", no, seq, memo, d))
		}
		rows.Close()
		if !slices.Equal(got, want) {
			t.Errorf("%d lines: stored %d lines %.200q, want %.200q", n, len(got), got, want)
		}
		if held, err := street.ImportedPackages(); err != nil || len(held) != 1 || held[0].Vouchers != (n+1)/2 {
			t.Errorf("%d lines: held %+v, %v; want 1 package of %d vouchers", n, held, err, (n+1)/2)
		}
		if problems, err := street.Verify(t.Context()); err != nil || len(problems) > 0 {
			t.Errorf("%d lines: Verify = %q, %v", n, problems, err)
		}
	}
}
