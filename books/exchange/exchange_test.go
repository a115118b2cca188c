package exchange

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sunbooks/books"
	"sunbooks/books/bookstest"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// streetBook is a street book of 城关街道 with one 街道 user.
func streetBook(t *testing.T) (*books.Book, *books.Session) {
	t.Helper()
	b, err := books.Create(filepath.Join(t.TempDir(), "street.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "王街道", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	clock := time.Date(2026, 4, 10, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	s, err := b.Login("王街道", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	return b, s
}

func trustBook(t *testing.T, street *books.Session, community *books.Book) {
	t.Helper()
	key, err := community.ExportPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := street.Trust(key); err != nil {
		t.Fatalf("Trust: %v", err)
	}
}

// closedCommunity is a community book with two closed months of vouchers.
func closedCommunity(t *testing.T) *bookstest.Book {
	tb := bookstest.New(t)
	tb.Post("2026-01-05", bookstest.Line("收停车费", "1002", "阳光小区", "10000", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "10000"))
	tb.Post("2026-01-20", bookstest.Line("付保洁费", "5101", "阳光小区", "2500.50", ""), bookstest.Line("付保洁费", "1002", "阳光小区", "", "2500.50"))
	tb.Post("2026-02-03", bookstest.Line("收<电梯>广告费 & 场地费", "1002", "和平小区", "800", ""), bookstest.Line("收广告费", "4901", "和平小区", "", "800"))
	for _, p := range []books.Period{202601, 202602} {
		if err := tb.Accountant.ClosePeriod(p); err != nil {
			t.Fatalf("close %s: %v", p, err)
		}
	}
	return tb
}

func TestPackageRequiresClosedPeriod(t *testing.T) {
	tb := closedCommunity(t)
	_, err := Export(t.Context(), tb.Accountant, 202601, 202603)
	if books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "2026年3月") {
		t.Errorf("export of an open month: %v", err)
	}
}

func TestPackageRoundTripIntoStreet(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	m := pk.Manifest
	if m.CommunityCode != "371329001" || m.Counts["vouchers"] != 3 || m.Counts["lines"] != 6 || m.Debit != "13300.50" || m.Credit != m.Debit || m.Serial != 1 {
		t.Errorf("manifest %+v", m)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	res, err := Import(t.Context(), street, "p1.sunpkg", pk.Data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Vouchers != 3 || res.Replaced || res.Unchanged {
		t.Errorf("import %+v", res)
	}
	c, err := Consolidate(t.Context(), street.Book(), 202601, 202602, ByAccount)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range c.Rows {
		got[r.AccountCode] = books.PlainYuan(r.Debit) + "/" + books.PlainYuan(r.Credit) + "/" + books.PlainYuan(r.Closing)
	}
	want := map[string]string{"1002": "10800.00/2500.50/8299.50", "4301": "0.00/10000.00/10000.00", "4901": "0.00/800.00/800.00", "5101": "2500.50/0.00/2500.50"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("account %s = %s, want %s", k, got[k], v)
		}
	}
	if c.TotalDebit.StringFixed(2) != "13300.50" || !c.TotalDebit.Equal(c.TotalCredit) {
		t.Errorf("totals %s %s", c.TotalDebit, c.TotalCredit)
	}
	// February alone opens with January's balances.
	c, _ = Consolidate(t.Context(), street.Book(), 202602, 202602, ByCompound)
	for _, r := range c.Rows {
		if r.AccountCode == "1002" && r.Compound == "阳光小区" && (books.PlainYuan(r.Opening) != "7499.50" || !r.Debit.IsZero()) {
			t.Errorf("阳光小区 1002 in February: %+v", r)
		}
	}
	pkgs, _ := street.Book().ImportedPackages()
	if len(pkgs) != 1 || pkgs[0].Vouchers != 3 {
		t.Errorf("ImportedPackages = %+v", pkgs)
	}
}

// repack decodes a package, lets mutate change its parts, fixes the hashes
// and counts in the manifest and signs it again with the community's key, so
// only the rule under test can refuse it.
func repack(t *testing.T, tb *bookstest.Book, data []byte, mutate func(p *Package)) []byte {
	t.Helper()
	f, err := books.ReadSigned(data, books.FileKindPackage)
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodePackage(f.Payload)
	if err != nil {
		t.Fatal(err)
	}
	mutate(&p)
	parts := map[string]any{"accounts": p.accounts, "compounds": p.compounds, "vouchers": p.vouchers, "balances": p.balances,
		"opening": p.opening, "applications": p.applications}
	if p.Manifest.Version >= 2 {
		parts["statements"] = p.statements
	} else {
		delete(p.Manifest.Parts, "statements")
		delete(p.Manifest.Counts, "statements")
	}
	pl := packagePayload{Manifest: p.Manifest, Parts: map[string]json.RawMessage{}}
	for name, v := range parts {
		raw, _ := json.Marshal(v)
		pl.Parts[name] = raw
		pl.Manifest.Parts[name] = hashHex(raw)
	}
	payload, _ := json.Marshal(pl)
	out, err := tb.SignFile(books.FileKindPackage, payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedPackagesAreRefusedWithReason(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	other := bookstest.New(t) // same street, another key, registered under the same code? no: not registered
	otherTrusted := func() *books.Book {
		b, err := books.Create(filepath.Join(t.TempDir(), "o.sunbooks"), books.CreateOptions{Street: "城关街道", Community: "和平社区", Code: "371329002", UserName: "会计", Password: "secret1"}, standard.Modules()...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	}()
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	trustBook(t, street, otherTrusted)

	flipped := []byte(string(pk.Data))
	i := strings.Index(string(flipped), `"payload": "`) + 40
	if flipped[i] == 'A' {
		flipped[i] = 'B'
	} else {
		flipped[i] = 'A'
	}
	f, _ := books.ReadSigned(pk.Data, books.FileKindPackage)
	untrusted, _ := other.SignFile(books.FileKindPackage, f.Payload)
	wrongSigner, _ := otherTrusted.SignFile(books.FileKindPackage, f.Payload)
	unbalanced := repack(t, tb, pk.Data, func(p *Package) {
		p.vouchers[0].Lines[0].Debit += 1
	})
	unknownAccount := repack(t, tb, pk.Data, func(p *Package) {
		p.accounts = append(p.accounts, pkgAccount{Code: "9999", Name: "自造科目", Class: "asset", Direction: "debit", Active: true})
		p.Manifest.Counts["accounts"]++
		p.vouchers[0].Lines[0].Account = "9999"
	})
	outOfPeriod := repack(t, tb, pk.Data, func(p *Package) { p.vouchers[0].Period = 202605 })
	// A part changed after the manifest was made, then signed again: only
	// the part's hash can tell.
	var pl packagePayload
	json.Unmarshal(f.Payload, &pl)
	pl.Parts["vouchers"] = json.RawMessage(strings.Replace(string(pl.Parts["vouchers"]), "收停车费", "收停车费（改）", 1))
	altered, _ := json.Marshal(pl)
	partAltered, _ := tb.SignFile(books.FileKindPackage, altered)
	cases := []struct {
		name string
		data []byte
		code books.Code
		says string
	}{
		{"flipped byte", flipped, books.Tampered, ""},
		{"part altered", partAltered, books.Tampered, "SHA-256"},
		{"unknown community", untrusted, books.Forbidden, "不受信任"},
		{"wrong signer", wrongSigner, books.Forbidden, "371329002"},
		{"unbalanced voucher", unbalanced, books.Unbalanced, "借贷不平"},
		{"unknown account code", unknownAccount, books.Invalid, "9999"},
		{"voucher outside the period", outOfPeriod, books.Invalid, "不在数据包期间"},
		{"not a package at all", []byte("hello"), books.Invalid, ""},
	}
	for _, c := range cases {
		_, err := Import(t.Context(), street, c.name+".sunpkg", c.data)
		if books.ErrorCode(err) != c.code || !strings.Contains(books.ErrorMessage(err), c.name+".sunpkg") || !strings.Contains(books.ErrorMessage(err), c.says) {
			t.Errorf("%s: %v (code %s), want %s saying %q and naming the file", c.name, books.ErrorMessage(err), books.ErrorCode(err), c.code, c.says)
		}
	}
	if pkgs, _ := street.Book().ImportedPackages(); len(pkgs) != 0 {
		t.Errorf("refused packages were stored: %+v", pkgs)
	}
}

func TestReimportReplacesAndOlderNeverReplacesNewer(t *testing.T) {
	tb := closedCommunity(t)
	first, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	// Reopen February, add a voucher, close again: the second export differs.
	if err := tb.Accountant.ReopenPeriod(202602, "补记遗漏凭证"); err != nil {
		t.Fatal(err)
	}
	tb.Post("2026-02-20", bookstest.Line("收场地费", "1002", "和平小区", "100", ""), bookstest.Line("收场地费", "4901", "和平小区", "", "100"))
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	second, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "first", first.Data); err != nil {
		t.Fatal(err)
	}
	res, err := Import(t.Context(), street, "second", second.Data)
	if err != nil || !res.Replaced {
		t.Fatalf("newer import: %+v %v", res, err)
	}
	if _, err := Import(t.Context(), street, "first", first.Data); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "较旧") {
		t.Errorf("older over newer: %v", err)
	}
	res, err = Import(t.Context(), street, "second", second.Data)
	if err != nil || !res.Unchanged {
		t.Errorf("same file again: %+v %v", res, err)
	}
	c, _ := Consolidate(t.Context(), street.Book(), 202601, 202602, ByAccount)
	if c.TotalDebit.StringFixed(2) != "13400.50" {
		t.Errorf("total after replacement %s, want 13400.50", c.TotalDebit)
	}
	// A package overlapping the imported range is refused.
	if err := tb.Accountant.ReopenPeriod(202602, "再核对"); err != nil {
		t.Fatal(err)
	}
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	feb, err := Export(t.Context(), tb.Accountant, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(t.Context(), street, "feb", feb.Data); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "重叠") {
		t.Errorf("overlapping import: %v", err)
	}
}

func TestConsolidationXLSXCells(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := Export(t.Context(), tb.Accountant, 202601, 202602)
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "p", pk.Data); err != nil {
		t.Fatal(err)
	}
	c, err := Consolidate(t.Context(), street.Book(), 202601, 202602, ByCommunity)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := c.Table().WriteXLSX(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var found, total bool
	for _, r := range rows {
		joined := strings.Join(r, "|")
		if strings.Contains(joined, "371329001|阳光社区|1002|银行存款|借") {
			found = true
		}
		if len(r) > 0 && r[0] == "合计" {
			total = true
		}
	}
	if !found || !total {
		t.Errorf("xlsx rows %q", rows)
	}
}

func TestPackageCarriesApplications(t *testing.T) {
	tb := closedCommunity(t)
	if _, err := tb.Accountant.AddUser("王业委", books.RoleCommittee, "secret1"); err != nil {
		t.Fatal(err)
	}
	committee, _ := tb.Login("王业委", "secret1")
	app, err := spending.Apply(committee, spending.ApplyInput{Compound: "阳光小区", Title: "更换路灯", Category: "基础设施", Amount: bookstest.Yuan("3000"), Payee: "明亮电器"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spending.Attach(committee, app.No, spending.AttachmentInput{Name: "报价单.pdf", Data: []byte("%PDF-1.4\n% quote\n%%EOF\n")}); err != nil {
		t.Fatal(err)
	}
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	sf, _ := books.ReadSigned(pk.Data, books.FileKindPackage)
	if strings.Contains(string(sf.Payload), "quote") || strings.Contains(string(sf.Payload), base64.StdEncoding.EncodeToString([]byte("%PDF-1.4"))[:8]) {
		t.Error("attachment contents travelled in the package")
	}
	if pk.Manifest.Counts["applications"] < 2 {
		t.Fatalf("counts %v", pk.Manifest.Counts)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "p", pk.Data); err != nil {
		t.Fatal(err)
	}
	var row string
	if err := street.Book().DB().QueryRow(`SELECT row FROM consol_record WHERE tbl = 'application'`).Scan(&row); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "更换路灯") || !strings.Contains(row, app.No) {
		t.Errorf("application record %s", row)
	}
	if err := street.Book().DB().QueryRow(`SELECT row FROM consol_record WHERE tbl = 'attachment'`).Scan(&row); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, `"sha256"`) || !strings.Contains(row, "报价单.pdf") {
		t.Errorf("attachment record %s", row)
	}
}

func TestPackageExportRoles(t *testing.T) {
	tb := closedCommunity(t)
	if _, err := Export(t.Context(), tb.Cashier, 202601, 202601); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("cashier export: %v", err)
	}
	if _, err := tb.Accountant.AddUser("钱审计", books.RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	aud, _ := tb.Login("钱审计", "secret1")
	pk, err := Export(t.Context(), aud, 202601, 202601)
	if err != nil || pk.Manifest.ExportedBy != "钱审计" {
		t.Errorf("auditor export: %+v %v", pk.Manifest, err)
	}
}

func TestPackageFromTheFutureIsRefused(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := Export(t.Context(), tb.Accountant, 202601, 202602)
	sb, street := streetBook(t)
	trustBook(t, street, tb.Book)
	sb.SetClock(func() time.Time { return time.Date(2026, 1, 20, 9, 0, 0, 0, time.Local) })
	if _, err := Import(t.Context(), street, "p", pk.Data); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "之后") {
		t.Errorf("package after the street's date: %v", err)
	}
}

func TestRuralPackageConsolidates(t *testing.T) {
	b, err := books.Create(filepath.Join(t.TempDir(), "rural.sunbooks"), books.CreateOptions{Street: "城关街道", Community: "东村社区", Code: "371329009", Chart: "rural2023", UserName: "会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	clock := time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	s, _ := b.Login("会计", "secret1")
	s.AddUser("出纳", books.RoleCashier, "secret1")
	c, _ := b.Login("出纳", "secret1")
	s.AddCompound("东苑")
	if _, err := s.AddAccount("102", "10201", "基本户"); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVoucher(books.Voucher{Date: "2026-01-05", Lines: []books.Line{bookstest.Line("收租金", "10201", "东苑", "300", ""), bookstest.Line("收租金", "501", "东苑", "", "300")}})
	if err != nil {
		t.Fatal(err)
	}
	c.ReviewVoucher(v.ID)
	s.PostVoucher(v.ID)
	if err := s.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	pk, err := Export(t.Context(), s, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, b)
	if _, err := Import(t.Context(), street, "rural", pk.Data); err != nil {
		t.Fatal(err)
	}
	cons, _ := Consolidate(t.Context(), street.Book(), 202601, 202601, ByAccount)
	if len(cons.Rows) != 2 || cons.Rows[0].AccountCode != "10201" || cons.Rows[1].AccountCode != "501" || books.PlainYuan(cons.Rows[1].Closing) != "300.00" {
		t.Errorf("rows %+v", cons.Rows)
	}
}

func TestConsolidationNamesMissingCommunities(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := Export(t.Context(), tb.Accountant, 202601, 202601)
	other, err := books.Create(filepath.Join(t.TempDir(), "o.sunbooks"), books.CreateOptions{Street: "城关街道", Community: "和平社区", Code: "371329002", UserName: "会计", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	trustBook(t, street, other)
	if _, err := Import(t.Context(), street, "p", pk.Data); err != nil {
		t.Fatal(err)
	}
	c, err := Consolidate(t.Context(), street.Book(), 202601, 202602, ByCommunity)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(c.Missing, "；")
	if len(c.Missing) != 2 || !strings.Contains(joined, "和平社区（371329002）缺少 2026-01、2026-02") || !strings.Contains(joined, "阳光社区（371329001）缺少 2026-02") {
		t.Errorf("Missing = %q", c.Missing)
	}
	if !strings.Contains(c.Table().Subtitle, "缺少") {
		t.Errorf("subtitle %q", c.Table().Subtitle)
	}
}

func TestPackageCarriesTheLogHeadToTheStreet(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := tb.LogAnchor()
	if pk.Manifest.LogHead == nil || *pk.Manifest.LogHead != head || logEntryOf(t, tb.Book, "package.export") != head.Seq {
		t.Fatalf("manifest log head %+v, book head %+v: want the export's own entry", pk.Manifest.LogHead, head)
	}
	read, err := Read(pk.Data)
	if err != nil || read.Manifest.LogHead == nil || *read.Manifest.LogHead != head {
		t.Errorf("read back: %+v %v", read.Manifest.LogHead, err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	res, err := Import(t.Context(), street, "p.sunpkg", pk.Data)
	if err != nil || res.LogHead == nil || *res.LogHead != head {
		t.Fatalf("import: %+v %v", res, err)
	}
	pkgs, err := street.Book().ImportedPackages()
	if err != nil || len(pkgs) != 1 || pkgs[0].LogHead == nil || *pkgs[0].LogHead != head {
		t.Errorf("ImportedPackages: %+v %v", pkgs, err)
	}
	if err := tb.VerifyAnchor(pkgs[0].LogHead.Seq, pkgs[0].LogHead.Hash); err != nil {
		t.Errorf("the street's anchor does not check against the community book: %v", err)
	}
}

func TestPackageWithoutLogHeadStillImports(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	old := repack(t, tb, pk.Data, func(p *Package) { p.Manifest.LogHead = nil })
	if strings.Contains(string(old), "log_head") {
		t.Fatal("the repacked file still has a log head")
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "old.sunpkg", old); err != nil {
		t.Fatalf("old-format package: %v", err)
	}
	pkgs, _ := street.Book().ImportedPackages()
	if len(pkgs) != 1 || pkgs[0].LogHead != nil {
		t.Errorf("ImportedPackages: %+v", pkgs)
	}
	// A newer package with a log head replaces it.
	if err := tb.Accountant.ReopenPeriod(202602, "补记"); err != nil {
		t.Fatal(err)
	}
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	pk2, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Import(t.Context(), street, "new.sunpkg", pk2.Data); err != nil || !res.Replaced {
		t.Errorf("new package over an old-format one: %+v %v", res, err)
	}
}

func TestPackageWithAShorterLogIsRefused(t *testing.T) {
	tb := closedCommunity(t)
	jan, err := Export(t.Context(), tb.Accountant, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	feb, err := Export(t.Context(), tb.Accountant, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	// Imported out of order: January was exported first, with the shorter
	// log, and is no sign of anything.
	for _, p := range []Result{feb, jan} {
		if _, err := Import(t.Context(), street, p.Manifest.From, p.Data); err != nil {
			t.Fatalf("import %s: %v", p.Manifest.From, err)
		}
	}
	febHead := *feb.Manifest.LogHead
	// A book put back to an old backup or rewritten, exporting February
	// again later: the serial and the clock move on, the log does not.
	for _, tc := range []struct {
		name   string
		mutate func(m *PackageManifest)
		msg    string
	}{
		{"log shorter than February's", func(m *PackageManifest) { m.LogHead.Seq = febHead.Seq - 3 }, "还短"},
		{"restored serial, later clock", func(m *PackageManifest) { m.Serial = 1; m.LogHead.Seq = febHead.Seq - 1 }, "还短"},
		{"same length, other history", func(m *PackageManifest) { m.LogHead.Hash = strings.Repeat("0", 64) }, "校验码不同"},
		{"log head dropped", func(m *PackageManifest) { m.LogHead = nil }, "没有操作日志锚点"},
	} {
		again := repack(t, tb, feb.Data, func(p *Package) {
			head := febHead
			p.Manifest.LogHead = &head
			p.Manifest.Serial++
			p.Manifest.ExportedAt = "2026-04-20 10:00:00"
			tc.mutate(&p.Manifest)
		})
		_, err := Import(t.Context(), street, "again", again)
		if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), tc.msg) {
			t.Errorf("%s: %v, want Tampered saying %q", tc.name, err, tc.msg)
		}
	}
	// A genuine later export with a longer log passes.
	again := repack(t, tb, feb.Data, func(p *Package) {
		head := books.LogAnchor{Seq: febHead.Seq + 4, Hash: strings.Repeat("a", 64)}
		p.Manifest.LogHead = &head
		p.Manifest.Serial++
		p.Manifest.ExportedAt = "2026-04-20 10:00:00"
	})
	if res, err := Import(t.Context(), street, "again", again); err != nil || !res.Replaced {
		t.Errorf("later export with a longer log: %+v %v", res, err)
	}
}

// The case the log-length check is for: the community puts its book back to
// an old backup (losing entries made since) and exports again; the serial
// goes back with the file, the clock does not.
func TestPackageFromARestoredBookIsRefused(t *testing.T) {
	tb := closedCommunity(t)
	snap, err := tb.Accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	tb.Post("2026-03-05", bookstest.Line("收停车费", "1002", "阳光小区", "500", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "500"))
	tb.Post("2026-03-06", bookstest.Line("收停车费", "1002", "阳光小区", "600", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "600"))
	jan, err := Export(t.Context(), tb.Accountant, 202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "jan", jan.Data); err != nil {
		t.Fatal(err)
	}

	path := tb.Path()
	if _, err := tb.Accountant.Restore(t.Context(), snap); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	clock := time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	acc, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	feb, err := Export(t.Context(), acc, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if feb.Manifest.Serial != jan.Manifest.Serial || feb.Manifest.LogHead.Seq >= jan.Manifest.LogHead.Seq {
		t.Fatalf("the restored book should export serial %d again with a shorter log: %+v", jan.Manifest.Serial, feb.Manifest)
	}
	_, err = Import(t.Context(), street, "feb", feb.Data)
	if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), "恢复到旧备份或被改写") {
		t.Errorf("package of the restored book: %v", err)
	}
}

// A community that starts a new book (a new key, trusted by the street, a
// log beginning again) is not held to the old book's log; the old book's
// key stays held to it.
func TestPackageFromANewBookIsNotHeldToTheOldLog(t *testing.T) {
	old := closedCommunity(t)
	// The old book's log grows well past the new one's.
	for day := 1; day < 11; day++ {
		old.Post(fmt.Sprintf("2026-03-%02d", day), bookstest.Line("收停车费", "1002", "阳光小区", "100", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "100"))
	}
	feb, err := Export(t.Context(), old.Accountant, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, old.Book)
	if _, err := Import(t.Context(), street, "old feb", feb.Data); err != nil {
		t.Fatal(err)
	}

	fresh := closedCommunity(t)
	later := time.Date(2026, 4, 1, 9, 0, 0, 0, time.Local)
	fresh.SetClock(func() time.Time { later = later.Add(time.Second); return later })
	again, err := Export(t.Context(), fresh.Accountant, 202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if again.Manifest.LogHead.Seq >= feb.Manifest.LogHead.Seq {
		t.Fatalf("the new book's log (%d) should be shorter than the old one's (%d)", again.Manifest.LogHead.Seq, feb.Manifest.LogHead.Seq)
	}
	// Not trusted yet: refused as an unknown signer, not for its log.
	if _, err := Import(t.Context(), street, "new feb", again.Data); err == nil || strings.Contains(books.ErrorMessage(err), "还短") {
		t.Fatalf("package of an untrusted new book: %v", err)
	}
	trustBook(t, street, fresh.Book)
	if _, err := Import(t.Context(), street, "new feb", again.Data); err != nil {
		t.Fatalf("package of the trusted new book: %v", err)
	}
}

func TestPackageReplacementLogsWhatItReplaced(t *testing.T) {
	tb := closedCommunity(t)
	first, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := Import(t.Context(), street, "first.pkg", first.Data); err != nil {
		t.Fatal(err)
	}
	if res, err := Import(t.Context(), street, "second.pkg", second.Data); err != nil || !res.Replaced {
		t.Fatalf("newer import: %+v %v", res, err)
	}
	sum := sha256.Sum256(first.Data)
	old := hex.EncodeToString(sum[:])
	log, _ := street.Log(books.LogFilter{Text: "package.replace"})
	if len(log) != 1 || !strings.Contains(log[0].Before, old) {
		t.Errorf("replace log = %+v, want the replaced package (its SHA-256 %s) as before", log, old)
	}
}

// logEntryOf returns the id of the first entry with the action.
func logEntryOf(t *testing.T, b *books.Book, action string) int64 {
	t.Helper()
	var id int64
	if err := b.DB().QueryRow(`SELECT min(id) FROM oplog WHERE action = ?`, action).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
