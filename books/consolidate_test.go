package books

import (
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// streetBook is a street book of 城关街道 with one 街道 user.
func streetBook(t *testing.T) (*Book, *Session) {
	t.Helper()
	b, err := Create(filepath.Join(t.TempDir(), "street.sunbooks"), CreateOptions{Kind: KindStreet, Street: "城关街道", UserName: "王街道", Password: "secret1"})
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

func trustBook(t *testing.T, street *Session, community *Book) {
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
func closedCommunity(t *testing.T) *testBook {
	tb := newTestBook(t)
	tb.post("2026-01-05", line("收停车费", "1002", "阳光小区", "10000", ""), line("收停车费", "4301", "阳光小区", "", "10000"))
	tb.post("2026-01-20", line("付保洁费", "5101", "阳光小区", "2500.50", ""), line("付保洁费", "1002", "阳光小区", "", "2500.50"))
	tb.post("2026-02-03", line("收<电梯>广告费 & 场地费", "1002", "和平小区", "800", ""), line("收广告费", "4901", "和平小区", "", "800"))
	for _, p := range []Period{202601, 202602} {
		if err := tb.accountant.ClosePeriod(p); err != nil {
			t.Fatalf("close %s: %v", p, err)
		}
	}
	return tb
}

func TestPackageRequiresClosedPeriod(t *testing.T) {
	tb := closedCommunity(t)
	_, err := tb.accountant.ExportPackage(202601, 202603)
	if ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "2026年3月") {
		t.Errorf("export of an open month: %v", err)
	}
}

func TestPackageRoundTripIntoStreet(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := tb.accountant.ExportPackage(202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	m := pk.Manifest
	if m.CommunityCode != "371329001" || m.Counts["vouchers"] != 3 || m.Counts["lines"] != 6 || m.Debit != "13300.50" || m.Credit != m.Debit || m.Serial != 1 {
		t.Errorf("manifest %+v", m)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	res, err := street.ImportPackage("p1.sunpkg", pk.Data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Vouchers != 3 || res.Replaced || res.Unchanged {
		t.Errorf("import %+v", res)
	}
	c, err := street.Book().Consolidate(202601, 202602, ByAccount)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range c.Rows {
		got[r.AccountCode] = PlainYuan(r.Debit) + "/" + PlainYuan(r.Credit) + "/" + PlainYuan(r.Closing)
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
	c, _ = street.Book().Consolidate(202602, 202602, ByCompound)
	for _, r := range c.Rows {
		if r.AccountCode == "1002" && r.Compound == "阳光小区" && (PlainYuan(r.Opening) != "7499.50" || !r.Debit.IsZero()) {
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
func repack(t *testing.T, tb *testBook, data []byte, mutate func(p *Package)) []byte {
	t.Helper()
	f, err := ReadSigned(data, FileKindPackage)
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
	pl := packagePayload{Manifest: p.Manifest, Parts: map[string]json.RawMessage{}}
	for name, v := range parts {
		raw, _ := json.Marshal(v)
		pl.Parts[name] = raw
		pl.Manifest.Parts[name] = hashHex(raw)
	}
	payload, _ := json.Marshal(pl)
	priv, _ := tb.privateKey()
	out, err := signWith(priv, FileKindPackage, "2026-04-01 10:00:00", payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedPackagesAreRefusedWithReason(t *testing.T) {
	tb := closedCommunity(t)
	pk, err := tb.accountant.ExportPackage(202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	other := newTestBook(t) // same street, another key, registered under the same code? no: not registered
	otherTrusted := func() *Book {
		b, err := Create(filepath.Join(t.TempDir(), "o.sunbooks"), CreateOptions{Street: "城关街道", Community: "和平社区", Code: "371329002", UserName: "会计", Password: "secret1"})
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
	f, _ := ReadSigned(pk.Data, FileKindPackage)
	untrusted, _ := other.SignFile(FileKindPackage, f.Payload)
	opriv, _ := otherTrusted.privateKey()
	wrongSigner, _ := signWith(opriv, FileKindPackage, "2026-04-01 10:00:00", f.Payload)
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
	cpriv, _ := tb.privateKey()
	partAltered, _ := signWith(cpriv, FileKindPackage, "2026-04-01 10:00:00", altered)
	cases := []struct {
		name string
		data []byte
		code Code
		says string
	}{
		{"flipped byte", flipped, Tampered, ""},
		{"part altered", partAltered, Tampered, "SHA-256"},
		{"unknown community", untrusted, Forbidden, "不受信任"},
		{"wrong signer", wrongSigner, Forbidden, "371329002"},
		{"unbalanced voucher", unbalanced, Unbalanced, "借贷不平"},
		{"unknown account code", unknownAccount, Invalid, "9999"},
		{"voucher outside the period", outOfPeriod, Invalid, "不在数据包期间"},
		{"not a package at all", []byte("hello"), Invalid, ""},
	}
	for _, c := range cases {
		_, err := street.ImportPackage(c.name+".sunpkg", c.data)
		if ErrorCode(err) != c.code || !strings.Contains(ErrorMessage(err), c.name+".sunpkg") || !strings.Contains(ErrorMessage(err), c.says) {
			t.Errorf("%s: %v (code %s), want %s saying %q and naming the file", c.name, ErrorMessage(err), ErrorCode(err), c.code, c.says)
		}
	}
	if pkgs, _ := street.Book().ImportedPackages(); len(pkgs) != 0 {
		t.Errorf("refused packages were stored: %+v", pkgs)
	}
}

func TestReimportReplacesAndOlderNeverReplacesNewer(t *testing.T) {
	tb := closedCommunity(t)
	first, err := tb.accountant.ExportPackage(202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	// Reopen February, add a voucher, close again: the second export differs.
	if err := tb.accountant.ReopenPeriod(202602, "补记遗漏凭证"); err != nil {
		t.Fatal(err)
	}
	tb.post("2026-02-20", line("收场地费", "1002", "和平小区", "100", ""), line("收场地费", "4901", "和平小区", "", "100"))
	if err := tb.accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	second, err := tb.accountant.ExportPackage(202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := street.ImportPackage("first", first.Data); err != nil {
		t.Fatal(err)
	}
	res, err := street.ImportPackage("second", second.Data)
	if err != nil || !res.Replaced {
		t.Fatalf("newer import: %+v %v", res, err)
	}
	if _, err := street.ImportPackage("first", first.Data); ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "较旧") {
		t.Errorf("older over newer: %v", err)
	}
	res, err = street.ImportPackage("second", second.Data)
	if err != nil || !res.Unchanged {
		t.Errorf("same file again: %+v %v", res, err)
	}
	c, _ := street.Book().Consolidate(202601, 202602, ByAccount)
	if c.TotalDebit.StringFixed(2) != "13400.50" {
		t.Errorf("total after replacement %s, want 13400.50", c.TotalDebit)
	}
	// A package overlapping the imported range is refused.
	if err := tb.accountant.ReopenPeriod(202602, "再核对"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	feb, err := tb.accountant.ExportPackage(202602, 202602)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := street.ImportPackage("feb", feb.Data); ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "重叠") {
		t.Errorf("overlapping import: %v", err)
	}
}

func TestConsolidationXLSXCells(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := tb.accountant.ExportPackage(202601, 202602)
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := street.ImportPackage("p", pk.Data); err != nil {
		t.Fatal(err)
	}
	c, err := street.Book().Consolidate(202601, 202602, ByCommunity)
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
	if _, err := tb.accountant.AddUser("王业委", RoleCommittee, "secret1"); err != nil {
		t.Fatal(err)
	}
	committee, _ := tb.Login("王业委", "secret1")
	app, err := committee.Apply(ApplyInput{Compound: "阳光小区", Title: "更换路灯", Category: "基础设施", Amount: yuan("3000"), Payee: "明亮电器"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := committee.Attach(app.No, AttachmentInput{Name: "报价单.pdf", Data: []byte("%PDF-1.4\n% quote\n%%EOF\n")}); err != nil {
		t.Fatal(err)
	}
	pk, err := tb.accountant.ExportPackage(202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	sf, _ := ReadSigned(pk.Data, FileKindPackage)
	if strings.Contains(string(sf.Payload), "quote") || strings.Contains(string(sf.Payload), base64.StdEncoding.EncodeToString([]byte("%PDF-1.4"))[:8]) {
		t.Error("attachment contents travelled in the package")
	}
	if pk.Manifest.Counts["applications"] < 2 {
		t.Fatalf("counts %v", pk.Manifest.Counts)
	}
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	if _, err := street.ImportPackage("p", pk.Data); err != nil {
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
	if _, err := tb.cashier.ExportPackage(202601, 202601); ErrorCode(err) != Forbidden {
		t.Errorf("cashier export: %v", err)
	}
	if _, err := tb.accountant.AddUser("钱审计", RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	aud, _ := tb.Login("钱审计", "secret1")
	pk, err := aud.ExportPackage(202601, 202601)
	if err != nil || pk.Manifest.ExportedBy != "钱审计" {
		t.Errorf("auditor export: %+v %v", pk.Manifest, err)
	}
}

func TestPackageFromTheFutureIsRefused(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := tb.accountant.ExportPackage(202601, 202602)
	sb, street := streetBook(t)
	trustBook(t, street, tb.Book)
	sb.SetClock(func() time.Time { return time.Date(2026, 1, 20, 9, 0, 0, 0, time.Local) })
	if _, err := street.ImportPackage("p", pk.Data); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "之后") {
		t.Errorf("package after the street's date: %v", err)
	}
}

func TestRuralPackageConsolidates(t *testing.T) {
	b, err := Create(filepath.Join(t.TempDir(), "rural.sunbooks"), CreateOptions{Street: "城关街道", Community: "东村社区", Code: "371329009", Chart: "rural2023", UserName: "会计", Password: "secret1"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	clock := time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local)
	b.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock })
	s, _ := b.Login("会计", "secret1")
	s.AddUser("出纳", RoleCashier, "secret1")
	c, _ := b.Login("出纳", "secret1")
	s.AddCompound("东苑")
	if _, err := s.AddAccount("102", "10201", "基本户"); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVoucher(Voucher{Date: "2026-01-05", Lines: []Line{line("收租金", "10201", "东苑", "300", ""), line("收租金", "501", "东苑", "", "300")}})
	if err != nil {
		t.Fatal(err)
	}
	c.ReviewVoucher(v.ID)
	s.PostVoucher(v.ID)
	if err := s.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	pk, err := s.ExportPackage(202601, 202601)
	if err != nil {
		t.Fatal(err)
	}
	_, street := streetBook(t)
	trustBook(t, street, b)
	if _, err := street.ImportPackage("rural", pk.Data); err != nil {
		t.Fatal(err)
	}
	cons, _ := street.Book().Consolidate(202601, 202601, ByAccount)
	if len(cons.Rows) != 2 || cons.Rows[0].AccountCode != "10201" || cons.Rows[1].AccountCode != "501" || PlainYuan(cons.Rows[1].Closing) != "300.00" {
		t.Errorf("rows %+v", cons.Rows)
	}
}

func TestConsolidationNamesMissingCommunities(t *testing.T) {
	tb := closedCommunity(t)
	pk, _ := tb.accountant.ExportPackage(202601, 202601)
	other, err := Create(filepath.Join(t.TempDir(), "o.sunbooks"), CreateOptions{Street: "城关街道", Community: "和平社区", Code: "371329002", UserName: "会计", Password: "secret1"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, street := streetBook(t)
	trustBook(t, street, tb.Book)
	trustBook(t, street, other)
	if _, err := street.ImportPackage("p", pk.Data); err != nil {
		t.Fatal(err)
	}
	c, err := street.Book().Consolidate(202601, 202602, ByCommunity)
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
