// Package exchange writes, verifies and imports the signed period packages a community sends its street, and builds the street's consolidated report from them.
package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// A period package is what a community sends its street for consolidation:
// its chart, compounds, the posted vouchers of a closed month range, the kept
// balances of those months and the opening balances before them, and its
// application records, with a manifest of counts, totals and the SHA-256 of
// every part, all inside one envelope signed with the community's key
// (books.SignFile, kind books.FileKindPackage). Amounts inside are INTEGER fen.

// Version 2 adds the statutory statements of every month (statements);
// a version 1 package, which has none, is still read.
const (
	packageFormat  = "sunbooks-period-package"
	packageVersion = 2
)

// Package parts of each version, in the order they are written.
var packageParts = map[int][]string{
	1: {"accounts", "compounds", "vouchers", "balances", "opening", "applications"},
	2: {"accounts", "compounds", "vouchers", "balances", "opening", "applications", "statements"},
}

// PackageManifest describes a period package.
type PackageManifest struct {
	Format        string `json:"format"`
	Version       int    `json:"version"`
	CommunityCode string `json:"community_code"`
	Community     string `json:"community"`
	Street        string `json:"street"`
	BookUUID      string `json:"book_uuid"`
	From          string `json:"from"` // YYYY-MM
	To            string `json:"to"`
	Chart         string `json:"chart"`
	ChartTitle    string `json:"chart_title"`
	// ChartVersion identifies the chart as extended by the community: the
	// first 16 hex digits of the SHA-256 of its accounts part.
	ChartVersion string `json:"chart_version"`
	// Serial counts the packages the book has exported; with BookUUID it
	// orders two packages of the same period.
	Serial     int64             `json:"serial"`
	ExportedAt string            `json:"exported_at"`
	ExportedBy string            `json:"exported_by"`
	Closed     bool              `json:"closed"`
	Counts     map[string]int    `json:"counts"`
	Debit      string            `json:"debit"`  // total of the voucher lines, "1234.50"
	Credit     string            `json:"credit"` // total of the voucher lines
	Parts      map[string]string `json:"parts"`  // part name → hex SHA-256 of its bytes
	// LogHead is the community's operation-log head right after the export
	// was logged: the street keeps it as an anchor outside the community's
	// file, and a later package with a shorter log shows a restored or
	// rewritten book. Nil in packages of versions before anchors.
	LogHead *books.LogAnchor `json:"log_head,omitempty"`
}

type packagePayload struct {
	Manifest PackageManifest            `json:"manifest"`
	Parts    map[string]json.RawMessage `json:"parts"`
}

type pkgAccount struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Parent    string `json:"parent,omitempty"`
	Class     string `json:"class"`
	Direction string `json:"direction"`
	Monetary  string `json:"monetary,omitempty"`
	Active    bool   `json:"active"`
}

type pkgCompound struct {
	Name     string `json:"name"`
	Archived bool   `json:"archived,omitempty"`
}

type pkgLine struct {
	Seq      int    `json:"seq"`
	Memo     string `json:"memo"`
	Account  string `json:"account"`
	Compound string `json:"compound"`
	Debit    int64  `json:"debit"`
	Credit   int64  `json:"credit"`
}

type pkgVoucher struct {
	Period      int       `json:"period"`
	No          string    `json:"no"`
	Date        string    `json:"date"`
	Kind        string    `json:"kind"`
	Attachments int       `json:"attachments"`
	SourceRef   string    `json:"source_ref,omitempty"`
	Preparer    string    `json:"preparer"`
	Reviewer    string    `json:"reviewer"`
	Poster      string    `json:"poster"`
	Lines       []pkgLine `json:"lines"`
}

type pkgBalance struct {
	Account  string `json:"account"`
	Compound string `json:"compound"`
	Period   int    `json:"period"` // 0 in the opening part
	Debit    int64  `json:"debit"`
	Credit   int64  `json:"credit"`
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Result is what an export wrote.
type Result struct {
	Manifest PackageManifest
	Data     []byte // the signed file
}

// Export builds the signed period package of the closed months from through
// to, read through books' API. books.Session.RecordPackageExport checks who
// may export what (the 会计 or the 审计, closed months only) and records the
// export in the log, whether or not the file is then saved.
func Export(ctx context.Context, s *books.Session, from, to books.Period) (Result, error) {
	if err := s.CheckPackageExport(from, to); err != nil {
		return Result{}, err
	}
	b := s.Book()
	info, err := b.Info()
	if err != nil {
		return Result{}, err
	}
	parts, counts, debit, credit, err := readParts(ctx, b, from, to)
	if e := books.Stopped(ctx); e != nil {
		// Stopped before anything was recorded: the export counter and the
		// log are untouched, as if it had not been asked for.
		return Result{}, e
	}
	if err != nil {
		return Result{}, err
	}
	m := PackageManifest{Format: packageFormat, Version: packageVersion, CommunityCode: info.Code, Community: info.Community,
		Street: info.Street, BookUUID: info.UUID, From: from.String(), To: to.String(), Chart: info.Chart,
		ChartTitle: books.ChartTitle(info.Chart), ChartVersion: hashHex(parts["accounts"])[:16], Closed: true,
		Counts: counts, Debit: books.PlainYuan(books.FromFen(debit)), Credit: books.PlainYuan(books.FromFen(credit)), Parts: map[string]string{},
		ExportedBy: s.User().Name}
	for _, name := range packageParts[packageVersion] {
		m.Parts[name] = hashHex(parts[name])
	}
	st, err := s.RecordPackageExport(from, to, counts["vouchers"], books.FromFen(debit), books.FromFen(credit))
	if err != nil {
		return Result{}, err
	}
	m.Serial, m.ExportedAt, m.LogHead = st.Serial, st.At, st.LogHead
	payload, err := payloadJSON(m, parts)
	if err != nil {
		return Result{}, fmt.Errorf("export package: %w", err)
	}
	data, err := b.SignFile(books.FileKindPackage, payload)
	if err != nil {
		return Result{}, err
	}
	return Result{Manifest: m, Data: data}, nil
}

// readParts reads the book into the package parts.
func readParts(ctx context.Context, b *books.Book, from, to books.Period) (map[string][]byte, map[string]int, int64, int64, error) {
	fail := func(err error) (map[string][]byte, map[string]int, int64, int64, error) {
		return nil, nil, 0, 0, err
	}
	// The statements, worked out from the lines on their own, are read
	// while the rest is: on a PC's second core, half the time of an export.
	var st []books.Statement
	stErr := make(chan error, 1)
	go func() {
		var err error
		st, err = packageStatements(ctx, b, from, to)
		stErr <- err
	}()
	waited := false
	wait := func() error { waited = true; return <-stErr }
	defer func() {
		if !waited {
			<-stErr
		}
	}()

	parts := map[string][]byte{}
	counts := map[string]int{}
	put := func(name string, v any, n int) error {
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("package part %s: %w", name, err)
		}
		parts[name], counts[name] = data, n
		return nil
	}

	accs, err := b.Accounts()
	if err != nil {
		return fail(err)
	}
	byID := map[int64]string{}
	for _, a := range accs {
		byID[a.ID] = a.Code
	}
	pa := []pkgAccount{}
	for _, a := range accs {
		pa = append(pa, pkgAccount{Code: a.Code, Name: a.Name, Parent: byID[a.ParentID], Class: a.Class, Direction: a.Direction, Monetary: a.Monetary, Active: a.Active})
	}
	if err := put("accounts", pa, len(pa)); err != nil {
		return fail(err)
	}

	comps, err := b.Compounds(true)
	if err != nil {
		return fail(err)
	}
	pc := []pkgCompound{}
	for _, c := range comps {
		pc = append(pc, pkgCompound{Name: c.Name, Archived: c.Archived})
	}
	if err := put("compounds", pc, len(pc)); err != nil {
		return fail(err)
	}

	vs, err := b.PostedVouchers(ctx, from, to)
	if err != nil {
		return fail(err)
	}
	pv := []pkgVoucher{}
	var debit, credit int64
	nlines := 0
	for _, v := range vs {
		x := pkgVoucher{Period: int(v.Period), No: v.No(), Date: v.Date, Kind: v.Kind, Attachments: v.Attachments, SourceRef: v.SourceRef,
			Preparer: v.Preparer, Reviewer: v.Reviewer, Poster: v.Poster, Lines: []pkgLine{}}
		for _, l := range v.Lines {
			d, c := fen(l.Debit), fen(l.Credit)
			x.Lines = append(x.Lines, pkgLine{Seq: l.Seq, Memo: l.Memo, Account: l.AccountCode, Compound: l.CompoundName, Debit: d, Credit: c})
			debit += d
			credit += c
			nlines++
		}
		pv = append(pv, x)
	}
	if err := put("vouchers", pv, len(pv)); err != nil {
		return fail(err)
	}
	counts["lines"] = nlines

	wire := func(kb []books.KeptBalance) []pkgBalance {
		out := []pkgBalance{}
		for _, x := range kb {
			out = append(out, pkgBalance{Account: x.AccountCode, Compound: x.Compound, Period: int(x.Period), Debit: fen(x.Debit), Credit: fen(x.Credit)})
		}
		return out
	}
	bal, err := b.KeptBalances(from, to)
	if err != nil {
		return fail(err)
	}
	if err := put("balances", wire(bal), len(bal)); err != nil {
		return fail(err)
	}
	opening, err := b.BalancesBefore(from)
	if err != nil {
		return fail(err)
	}
	if err := put("opening", wire(opening), len(opening)); err != nil {
		return fail(err)
	}

	apps, n, err := spending.Records(b)
	if err != nil {
		return fail(err)
	}
	if err := put("applications", apps, n); err != nil {
		return fail(err)
	}
	if err := wait(); err != nil {
		return fail(err)
	}
	if err := put("statements", st, len(st)); err != nil {
		return fail(err)
	}
	return parts, counts, debit, credit, nil
}

// fen is an amount the book holds as whole fen, in fen.
func fen(m books.Money) int64 {
	n, _ := books.ToFen(m)
	return n
}

// Package is a verified period package, read back.
type Package struct {
	Manifest     PackageManifest
	Signer       string // fingerprint of the signing key
	SHA256       string // of the whole file
	accounts     []pkgAccount
	compounds    []pkgCompound
	vouchers     []pkgVoucher
	balances     []pkgBalance
	opening      []pkgBalance
	applications map[string][]json.RawMessage
	statements   []books.Statement
}

// Vouchers is the number of vouchers the package carries.
func (p Package) Vouchers() int { return len(p.vouchers) }

// decodePackage checks a package's payload: the manifest, every part against
// its hash and count, the period, the chart, each voucher's balance and the
// balances against the lines. Each refusal says what is wrong.
func decodePackage(payload []byte) (Package, error) {
	var p Package
	raw, err := p.readPayload(payload)
	if err != nil {
		return p, err
	}
	m := p.Manifest
	if m.Format != packageFormat {
		return p, books.Errorf(books.Invalid, "这不是期间数据包")
	}
	if packageParts[m.Version] == nil {
		return p, books.Errorf(books.Invalid, "数据包格式版本 %d 本程序不认识，请升级阳光账本", m.Version)
	}
	if err := p.checkParts(raw); err != nil {
		return p, err
	}
	from, to, err := checkManifest(m)
	if err != nil {
		return p, err
	}
	known, err := p.checkAccounts()
	if err != nil {
		return p, err
	}
	sums, err := p.checkVouchers(known, from, to)
	if err != nil {
		return p, err
	}
	if err := p.checkMonthBalances(known, sums, from, to); err != nil {
		return p, err
	}
	return p, p.checkOpening(known)
}

// checkParts checks the parts read: each matching the SHA-256 and the count
// the manifest gives for it, none missing and none more.
func (p *Package) checkParts(raw map[string][]byte) error {
	m := p.Manifest
	names := packageParts[m.Version]
	for _, name := range names {
		part, ok := raw[name]
		if !ok {
			return books.Errorf(books.Tampered, "数据包缺少“%s”部分", name)
		}
		if hashHex(part) != m.Parts[name] {
			return books.Errorf(books.Tampered, "数据包“%s”部分的 SHA-256 与清单不符，内容被改动过", name)
		}
	}
	if len(raw) != len(names) || len(m.Parts) != len(names) {
		return books.Errorf(books.Tampered, "数据包含有清单以外的部分")
	}
	napps := 0
	for _, recs := range p.applications {
		napps += len(recs)
	}
	nlines := 0
	for _, v := range p.vouchers {
		nlines += len(v.Lines)
	}
	counts := map[string]int{"accounts": len(p.accounts), "compounds": len(p.compounds), "vouchers": len(p.vouchers),
		"balances": len(p.balances), "opening": len(p.opening), "applications": napps, "lines": nlines}
	if m.Version >= 2 {
		counts["statements"] = len(p.statements)
	}
	for name, n := range counts {
		if m.Counts[name] != n {
			return books.Errorf(books.Tampered, "数据包“%s”的条数（%d）与清单（%d）不符", name, n, m.Counts[name])
		}
	}
	return nil
}

// checkManifest checks the manifest's period (returned), closing, community
// code and log anchor.
func checkManifest(m PackageManifest) (from, to books.Period, err error) {
	from, err1 := books.ParsePeriod(m.From)
	to, err2 := books.ParsePeriod(m.To)
	if err1 != nil || err2 != nil || from > to {
		return 0, 0, books.Errorf(books.Invalid, "数据包的期间“%s 至 %s”不对", m.From, m.To)
	}
	if !m.Closed {
		return 0, 0, books.Errorf(books.Invalid, "数据包的期间 %s 至 %s 没有结账", m.From, m.To)
	}
	if strings.TrimSpace(m.CommunityCode) == "" {
		return 0, 0, books.Errorf(books.Invalid, "数据包没有社区代码")
	}
	if h := m.LogHead; h != nil && (h.Seq < 1 || len(h.Hash) != 64 || strings.Trim(h.Hash, "0123456789abcdef") != "") {
		return 0, 0, books.Errorf(books.Invalid, "数据包清单中的操作日志锚点（第 %d 条 %s）格式不对", h.Seq, h.Hash)
	}
	return from, to, nil
}

// checkAccounts checks each account belongs to the package's chart; it
// returns them by code.
func (p *Package) checkAccounts() (map[string]pkgAccount, error) {
	m := p.Manifest
	codes := books.ChartCodes(m.Chart)
	if codes == nil {
		return nil, books.Errorf(books.Invalid, "数据包使用的科目模板“%s”本程序不认识", m.Chart)
	}
	top := map[string]bool{}
	for _, c := range codes {
		top[c] = true
	}
	known := map[string]pkgAccount{}
	for _, a := range p.accounts {
		ok := top[a.Code]
		for c := range top {
			ok = ok || (strings.HasPrefix(a.Code, c) && len(a.Code) > len(c))
		}
		if !ok {
			return nil, books.Errorf(books.Invalid, "科目代码 %s %s 不属于%s", a.Code, a.Name, books.ChartTitle(m.Chart))
		}
		known[a.Code] = a
	}
	return known, nil
}

// pkgSumKey is an account's lines of a compound in a month.
type pkgSumKey struct {
	acc, comp string
	period    int
}

// checkVouchers checks each voucher lies in the period, uses known accounts
// and compounds and balances, and that the totals match the manifest; it
// returns the sums of the lines per account, compound and month.
func (p *Package) checkVouchers(known map[string]pkgAccount, from, to books.Period) (map[pkgSumKey][2]int64, error) {
	m := p.Manifest
	comps := map[string]bool{}
	for _, c := range p.compounds {
		comps[c.Name] = true
	}
	sums := map[pkgSumKey][2]int64{}
	var debit, credit int64
	for _, v := range p.vouchers {
		if books.Period(v.Period) < from || books.Period(v.Period) > to || !books.Period(v.Period).Valid() {
			return nil, books.Errorf(books.Invalid, "凭证 %s 的月份 %d 不在数据包期间 %s 至 %s 内", v.No, v.Period, m.From, m.To)
		}
		var d, c int64
		for _, l := range v.Lines {
			if _, ok := known[l.Account]; !ok {
				return nil, books.Errorf(books.Invalid, "%s 凭证 %s 第 %d 行的科目代码 %s 不在科目表中", books.Period(v.Period).Chinese(), v.No, l.Seq, l.Account)
			}
			if !comps[l.Compound] {
				return nil, books.Errorf(books.Invalid, "%s 凭证 %s 第 %d 行的小区“%s”不在小区表中", books.Period(v.Period).Chinese(), v.No, l.Seq, l.Compound)
			}
			d += l.Debit
			c += l.Credit
			k := pkgSumKey{l.Account, l.Compound, v.Period}
			s := sums[k]
			sums[k] = [2]int64{s[0] + l.Debit, s[1] + l.Credit}
		}
		if d != c {
			return nil, books.Errorf(books.Unbalanced, "%s 凭证 %s 借贷不平：借方 %s，贷方 %s", books.Period(v.Period).Chinese(), v.No, books.FormatYuan(books.FromFen(d)), books.FormatYuan(books.FromFen(c)))
		}
		debit += d
		credit += c
	}
	if books.PlainYuan(books.FromFen(debit)) != m.Debit || books.PlainYuan(books.FromFen(credit)) != m.Credit {
		return nil, books.Errorf(books.Tampered, "凭证借贷合计（%s / %s）与清单（%s / %s）不符", books.PlainYuan(books.FromFen(debit)), books.PlainYuan(books.FromFen(credit)), m.Debit, m.Credit)
	}
	return sums, nil
}

// checkMonthBalances checks each month balance lies in the period, is of a
// known account and equals its lines' sums, and that no lines lack one.
func (p *Package) checkMonthBalances(known map[string]pkgAccount, sums map[pkgSumKey][2]int64, from, to books.Period) error {
	for _, bl := range p.balances {
		if books.Period(bl.Period) < from || books.Period(bl.Period) > to {
			return books.Errorf(books.Invalid, "余额表的月份 %d 不在数据包期间内", bl.Period)
		}
		if _, ok := known[bl.Account]; !ok {
			return books.Errorf(books.Invalid, "余额表的科目代码 %s 不在科目表中", bl.Account)
		}
		k := pkgSumKey{bl.Account, bl.Compound, bl.Period}
		if sums[k] != [2]int64{bl.Debit, bl.Credit} {
			return books.Errorf(books.Tampered, "%s 科目 %s 小区“%s”的余额与凭证分录不符", books.Period(bl.Period).Chinese(), bl.Account, bl.Compound)
		}
		delete(sums, k)
	}
	for k, s := range sums {
		if s[0] != 0 || s[1] != 0 {
			return books.Errorf(books.Tampered, "%s 科目 %s 小区“%s”有凭证分录却没有余额", books.Period(k.period).Chinese(), k.acc, k.comp)
		}
	}
	return nil
}

// checkOpening checks the opening balances are of known accounts and
// balance.
func (p *Package) checkOpening(known map[string]pkgAccount) error {
	var od, oc int64
	for _, bl := range p.opening {
		if _, ok := known[bl.Account]; !ok {
			return books.Errorf(books.Invalid, "期初余额的科目代码 %s 不在科目表中", bl.Account)
		}
		od += bl.Debit
		oc += bl.Credit
	}
	if od != oc {
		return books.Errorf(books.Unbalanced, "期初余额借贷不平：借方 %s，贷方 %s", books.FormatYuan(books.FromFen(od)), books.FormatYuan(books.FromFen(oc)))
	}
	return nil
}

// Read opens a period package file and verifies it completely except
// for whether its signer is trusted (Import checks that against the
// street's registry). It is for showing a file before importing it.
func Read(data []byte) (Package, error) {
	f, err := books.ReadSigned(data, books.FileKindPackage)
	if err != nil {
		return Package{}, err
	}
	p, err := decodePackage(f.Payload)
	p.Signer, p.SHA256 = f.Signer, f.SHA256
	return p, err
}

// pkgSortedKeys returns a map's keys in order.
func pkgSortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// packageStatements are the statutory statements of every month of the
// package, for the community and each compound: those its chart has.
func packageStatements(ctx context.Context, b *books.Book, from, to books.Period) ([]books.Statement, error) {
	info, err := b.Info()
	if err != nil {
		return nil, err
	}
	kinds := []string{books.StatementBalanceSheet, books.StatementActivities}
	if info.Chart == "npo2004" {
		kinds = append(kinds, books.StatementCashFlow)
	}
	compounds, err := b.Compounds(true)
	if err != nil {
		return nil, err
	}
	scopes := []int64{0}
	for _, c := range compounds {
		scopes = append(scopes, c.ID)
	}
	// In the order the street reads them: month by month, each kind, the
	// community then each compound.
	return b.Statements(ctx, kinds, from, to, scopes)
}
