package books

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// A period package is what a community sends its street for consolidation:
// its chart, compounds, the posted vouchers of a closed month range, the kept
// balances of those months and the opening balances before them, and its
// application records, with a manifest of counts, totals and the SHA-256 of
// every part, all inside one envelope signed with the community's key
// (signed.go, kind FileKindPackage). Amounts inside are INTEGER fen.

const (
	packageFormat  = "sunbooks-period-package"
	packageVersion = 1
)

// Package parts, in the order they are written.
var packageParts = []string{"accounts", "compounds", "vouchers", "balances", "opening", "applications"}

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
	LogHead *LogAnchor `json:"log_head,omitempty"`
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

// applicationTables are the spending records a package carries, when the
// book has them; attachment contents stay home (only their size and hash go).
var applicationTables = []string{"application", "application_event", "deliberation", "decision", "payment", "attachment"}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// PackageResult is what an export wrote.
type PackageResult struct {
	Manifest PackageManifest
	Data     []byte // the signed file
}

// ExportPackage builds the signed period package of the closed months from
// through to. Every month of the range must be closed, so the street never
// consolidates figures that may still change.
func (s *Session) ExportPackage(from, to Period) (PackageResult, error) {
	if err := s.require("导出期间数据包", RoleAccountant, RoleAuditor); err != nil {
		return PackageResult{}, err
	}
	if !from.Valid() || !to.Valid() || from > to {
		return PackageResult{}, Errorf(Invalid, "数据包的期间不对：%s 至 %s", from, to)
	}
	info, err := s.b.Info()
	if err != nil {
		return PackageResult{}, err
	}
	if info.Kind != KindCommunity {
		return PackageResult{}, Errorf(Invalid, "只有社区账簿导出期间数据包")
	}
	var open []string
	for p := from; p <= to; p = p.Next() {
		if !s.b.IsClosed(p) {
			open = append(open, p.Chinese())
		}
	}
	if len(open) > 0 {
		return PackageResult{}, Errorf(Conflict, "%s 还没有结账，结账后才能导出期间数据包", strings.Join(open, "、"))
	}
	parts, counts, debit, credit, err := s.b.packageParts(from, to)
	if err != nil {
		return PackageResult{}, err
	}
	m := PackageManifest{Format: packageFormat, Version: packageVersion, CommunityCode: info.Code, Community: info.Community,
		Street: info.Street, BookUUID: info.UUID, From: from.String(), To: to.String(), Chart: info.Chart,
		ChartTitle: ChartTitle(info.Chart), ChartVersion: hashHex(parts["accounts"])[:16], Closed: true,
		Counts: counts, Debit: PlainYuan(FromFen(debit)), Credit: PlainYuan(FromFen(credit)), Parts: map[string]string{},
		ExportedBy: s.user.Name}
	for _, name := range packageParts {
		m.Parts[name] = hashHex(parts[name])
	}
	// The serial and the log entry are written whether or not the file is
	// then saved: the log shows every package that left the book.
	if s.b.readOnly {
		m.ExportedAt = s.b.stamp()
		head, err := s.b.LogAnchor()
		if err != nil {
			return PackageResult{}, err
		}
		if !head.IsZero() {
			m.LogHead = &head
		}
	} else {
		err = s.b.tx(context.Background(), func(tx *sql.Tx) error {
			var serial string
			tx.QueryRow(`SELECT value FROM setting WHERE key = 'package.serial'`).Scan(&serial)
			n, _ := strconv.ParseInt(serial, 10, 64)
			m.Serial = n + 1
			m.ExportedAt = s.b.stamp()
			if _, err := tx.Exec(`INSERT INTO setting (key, value) VALUES ('package.serial', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(m.Serial)); err != nil {
				return err
			}
			if err := appendLog(tx, m.ExportedAt, s.user, "package.export", "package", m.From+".."+m.To, nil, map[string]any{
				"serial": m.Serial, "vouchers": counts["vouchers"], "debit": m.Debit, "credit": m.Credit}); err != nil {
				return err
			}
			head, err := logAnchor(tx)
			m.LogHead = &head
			return err
		})
		if err != nil {
			return PackageResult{}, fmt.Errorf("export package: %w", err)
		}
	}
	payload, err := json.Marshal(packagePayload{Manifest: m, Parts: rawParts(parts)})
	if err != nil {
		return PackageResult{}, internal("export package", err)
	}
	data, err := s.b.SignFile(FileKindPackage, payload)
	if err != nil {
		return PackageResult{}, err
	}
	return PackageResult{Manifest: m, Data: data}, nil
}

func rawParts(parts map[string][]byte) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range parts {
		out[k] = json.RawMessage(v)
	}
	return out
}

// packageParts reads the book into the package parts.
func (b *Book) packageParts(from, to Period) (map[string][]byte, map[string]int, int64, int64, error) {
	fail := func(err error) (map[string][]byte, map[string]int, int64, int64, error) {
		return nil, nil, 0, 0, internal("package parts", err)
	}
	parts := map[string][]byte{}
	counts := map[string]int{}
	put := func(name string, v any, n int) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		parts[name], counts[name] = data, n
		return nil
	}

	accs, err := b.Accounts()
	if err != nil {
		return nil, nil, 0, 0, err
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
		return nil, nil, 0, 0, err
	}
	pc := []pkgCompound{}
	for _, c := range comps {
		pc = append(pc, pkgCompound{Name: c.Name, Archived: c.Archived})
	}
	if err := put("compounds", pc, len(pc)); err != nil {
		return fail(err)
	}

	rows, err := b.db.Query(`SELECT v.id, v.period, v.word, v.number, v.date, v.kind, v.attachments, v.source_ref, p.name, coalesce(r.name, ''), coalesce(po.name, '')
		FROM voucher v JOIN user p ON p.id = v.preparer_id LEFT JOIN user r ON r.id = v.reviewer_id LEFT JOIN user po ON po.id = v.poster_id
		WHERE v.status = 'posted' AND v.period BETWEEN ? AND ? ORDER BY v.period, v.word, v.number`, int(from), int(to))
	if err != nil {
		return fail(err)
	}
	pv := []pkgVoucher{}
	idx := map[int64]int{}
	for rows.Next() {
		var v pkgVoucher
		var id int64
		var word string
		var num int
		if err := rows.Scan(&id, &v.Period, &word, &num, &v.Date, &v.Kind, &v.Attachments, &v.SourceRef, &v.Preparer, &v.Reviewer, &v.Poster); err != nil {
			rows.Close()
			return fail(err)
		}
		v.No = VoucherNo(word, num)
		v.Lines = []pkgLine{}
		idx[id] = len(pv)
		pv = append(pv, v)
	}
	rows.Close()
	rows, err = b.db.Query(`SELECT l.voucher_id, l.seq, l.memo, a.code, c.name, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE v.status = 'posted' AND v.period BETWEEN ? AND ? ORDER BY l.voucher_id, l.seq`, int(from), int(to))
	if err != nil {
		return fail(err)
	}
	var debit, credit int64
	nlines := 0
	for rows.Next() {
		var id int64
		var l pkgLine
		if err := rows.Scan(&id, &l.Seq, &l.Memo, &l.Account, &l.Compound, &l.Debit, &l.Credit); err != nil {
			rows.Close()
			return fail(err)
		}
		if i, ok := idx[id]; ok {
			pv[i].Lines = append(pv[i].Lines, l)
			debit += l.Debit
			credit += l.Credit
			nlines++
		}
	}
	rows.Close()
	if err := put("vouchers", pv, len(pv)); err != nil {
		return fail(err)
	}
	counts["lines"] = nlines

	readBalances := func(q string, args ...any) ([]pkgBalance, error) {
		rows, err := b.db.Query(q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []pkgBalance{}
		for rows.Next() {
			var x pkgBalance
			if err := rows.Scan(&x.Account, &x.Compound, &x.Period, &x.Debit, &x.Credit); err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
	bal, err := readBalances(`SELECT a.code, c.name, b.period, b.debit_fen, b.credit_fen FROM balance b
		JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id
		WHERE b.period BETWEEN ? AND ? AND (b.debit_fen <> 0 OR b.credit_fen <> 0) ORDER BY b.period, a.code, c.name`, int(from), int(to))
	if err != nil {
		return fail(err)
	}
	if err := put("balances", bal, len(bal)); err != nil {
		return fail(err)
	}
	opening, err := readBalances(`SELECT a.code, c.name, 0, sum(b.debit_fen), sum(b.credit_fen) FROM balance b
		JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id
		WHERE b.period < ? GROUP BY a.code, c.name HAVING sum(b.debit_fen) <> 0 OR sum(b.credit_fen) <> 0 ORDER BY a.code, c.name`, int(from))
	if err != nil {
		return fail(err)
	}
	if err := put("opening", opening, len(opening)); err != nil {
		return fail(err)
	}

	apps, n, err := b.applicationRecords()
	if err != nil {
		return fail(err)
	}
	if err := put("applications", apps, n); err != nil {
		return fail(err)
	}
	return parts, counts, debit, credit, nil
}

// applicationRecords dumps the spending tables that exist in the book, row by
// row as column → value; a BLOB becomes its size and SHA-256.
func (b *Book) applicationRecords() (map[string][]map[string]any, int, error) {
	out := map[string][]map[string]any{}
	n := 0
	for _, t := range applicationTables {
		var exists int
		b.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, t).Scan(&exists)
		if exists == 0 {
			continue
		}
		rows, err := b.db.Query(`SELECT * FROM "` + t + `" ORDER BY rowid`)
		if err != nil {
			return nil, 0, err
		}
		cols, _ := rows.Columns()
		recs := []map[string]any{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, 0, err
			}
			rec := map[string]any{}
			for i, c := range cols {
				if blob, ok := vals[i].([]byte); ok {
					rec[c] = map[string]any{"size": len(blob), "sha256": hashHex(blob)}
					continue
				}
				rec[c] = vals[i]
			}
			recs = append(recs, rec)
		}
		rows.Close()
		out[t] = recs
		n += len(recs)
	}
	return out, n, nil
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
}

// Vouchers is the number of vouchers the package carries.
func (p Package) Vouchers() int { return len(p.vouchers) }

// decodePackage checks a package's payload: the manifest, every part against
// its hash and count, the period, the chart, each voucher's balance and the
// balances against the lines. Each refusal says what is wrong.
func decodePackage(payload []byte) (Package, error) {
	var p Package
	var pl packagePayload
	if err := json.Unmarshal(payload, &pl); err != nil {
		return p, Errorf(Tampered, "数据包内容无法读取")
	}
	m := pl.Manifest
	if m.Format != packageFormat {
		return p, Errorf(Invalid, "这不是期间数据包")
	}
	if m.Version != packageVersion {
		return p, Errorf(Invalid, "数据包格式版本 %d 本程序不认识，请升级阳光账本", m.Version)
	}
	p.Manifest = m
	for _, name := range packageParts {
		raw, ok := pl.Parts[name]
		if !ok {
			return p, Errorf(Tampered, "数据包缺少“%s”部分", name)
		}
		if hashHex(raw) != m.Parts[name] {
			return p, Errorf(Tampered, "数据包“%s”部分的 SHA-256 与清单不符，内容被改动过", name)
		}
	}
	if len(pl.Parts) != len(packageParts) || len(m.Parts) != len(packageParts) {
		return p, Errorf(Tampered, "数据包含有清单以外的部分")
	}
	dec := func(name string, v any) error {
		if err := json.Unmarshal(pl.Parts[name], v); err != nil {
			return Errorf(Tampered, "数据包“%s”部分无法读取", name)
		}
		return nil
	}
	for name, v := range map[string]any{"accounts": &p.accounts, "compounds": &p.compounds, "vouchers": &p.vouchers,
		"balances": &p.balances, "opening": &p.opening, "applications": &p.applications} {
		if err := dec(name, v); err != nil {
			return p, err
		}
	}
	napps := 0
	for _, recs := range p.applications {
		napps += len(recs)
	}
	nlines := 0
	for _, v := range p.vouchers {
		nlines += len(v.Lines)
	}
	for name, n := range map[string]int{"accounts": len(p.accounts), "compounds": len(p.compounds), "vouchers": len(p.vouchers),
		"balances": len(p.balances), "opening": len(p.opening), "applications": napps, "lines": nlines} {
		if m.Counts[name] != n {
			return p, Errorf(Tampered, "数据包“%s”的条数（%d）与清单（%d）不符", name, n, m.Counts[name])
		}
	}
	from, err1 := ParsePeriod(m.From)
	to, err2 := ParsePeriod(m.To)
	if err1 != nil || err2 != nil || from > to {
		return p, Errorf(Invalid, "数据包的期间“%s 至 %s”不对", m.From, m.To)
	}
	if !m.Closed {
		return p, Errorf(Invalid, "数据包的期间 %s 至 %s 没有结账", m.From, m.To)
	}
	if strings.TrimSpace(m.CommunityCode) == "" {
		return p, Errorf(Invalid, "数据包没有社区代码")
	}
	if h := m.LogHead; h != nil && (h.Seq < 1 || len(h.Hash) != 64 || strings.Trim(h.Hash, "0123456789abcdef") != "") {
		return p, Errorf(Invalid, "数据包清单中的操作日志锚点（第 %d 条 %s）格式不对", h.Seq, h.Hash)
	}
	tmpl, ok := chartTemplates[m.Chart]
	if !ok {
		return p, Errorf(Invalid, "数据包使用的科目模板“%s”本程序不认识", m.Chart)
	}
	top := map[string]bool{}
	for _, a := range tmpl.accounts {
		top[a.code] = true
	}
	known := map[string]pkgAccount{}
	for _, a := range p.accounts {
		ok := top[a.Code]
		for c := range top {
			ok = ok || (strings.HasPrefix(a.Code, c) && len(a.Code) > len(c))
		}
		if !ok {
			return p, Errorf(Invalid, "科目代码 %s %s 不属于%s", a.Code, a.Name, tmpl.title)
		}
		known[a.Code] = a
	}
	comps := map[string]bool{}
	for _, c := range p.compounds {
		comps[c.Name] = true
	}
	type key struct {
		acc, comp string
		period    int
	}
	sums := map[key][2]int64{}
	var debit, credit int64
	for _, v := range p.vouchers {
		if Period(v.Period) < from || Period(v.Period) > to || !Period(v.Period).Valid() {
			return p, Errorf(Invalid, "凭证 %s 的月份 %d 不在数据包期间 %s 至 %s 内", v.No, v.Period, m.From, m.To)
		}
		var d, c int64
		for _, l := range v.Lines {
			if _, ok := known[l.Account]; !ok {
				return p, Errorf(Invalid, "%s 凭证 %s 第 %d 行的科目代码 %s 不在科目表中", Period(v.Period).Chinese(), v.No, l.Seq, l.Account)
			}
			if !comps[l.Compound] {
				return p, Errorf(Invalid, "%s 凭证 %s 第 %d 行的小区“%s”不在小区表中", Period(v.Period).Chinese(), v.No, l.Seq, l.Compound)
			}
			d += l.Debit
			c += l.Credit
			k := key{l.Account, l.Compound, v.Period}
			s := sums[k]
			sums[k] = [2]int64{s[0] + l.Debit, s[1] + l.Credit}
		}
		if d != c {
			return p, Errorf(Unbalanced, "%s 凭证 %s 借贷不平：借方 %s，贷方 %s", Period(v.Period).Chinese(), v.No, FormatYuan(FromFen(d)), FormatYuan(FromFen(c)))
		}
		debit += d
		credit += c
	}
	if PlainYuan(FromFen(debit)) != m.Debit || PlainYuan(FromFen(credit)) != m.Credit {
		return p, Errorf(Tampered, "凭证借贷合计（%s / %s）与清单（%s / %s）不符", PlainYuan(FromFen(debit)), PlainYuan(FromFen(credit)), m.Debit, m.Credit)
	}
	for _, bl := range p.balances {
		if Period(bl.Period) < from || Period(bl.Period) > to {
			return p, Errorf(Invalid, "余额表的月份 %d 不在数据包期间内", bl.Period)
		}
		if _, ok := known[bl.Account]; !ok {
			return p, Errorf(Invalid, "余额表的科目代码 %s 不在科目表中", bl.Account)
		}
		k := key{bl.Account, bl.Compound, bl.Period}
		if sums[k] != [2]int64{bl.Debit, bl.Credit} {
			return p, Errorf(Tampered, "%s 科目 %s 小区“%s”的余额与凭证分录不符", Period(bl.Period).Chinese(), bl.Account, bl.Compound)
		}
		delete(sums, k)
	}
	for k, s := range sums {
		if s[0] != 0 || s[1] != 0 {
			return p, Errorf(Tampered, "%s 科目 %s 小区“%s”有凭证分录却没有余额", Period(k.period).Chinese(), k.acc, k.comp)
		}
	}
	var od, oc int64
	for _, bl := range p.opening {
		if _, ok := known[bl.Account]; !ok {
			return p, Errorf(Invalid, "期初余额的科目代码 %s 不在科目表中", bl.Account)
		}
		od += bl.Debit
		oc += bl.Credit
	}
	if od != oc {
		return p, Errorf(Unbalanced, "期初余额借贷不平：借方 %s，贷方 %s", FormatYuan(FromFen(od)), FormatYuan(FromFen(oc)))
	}
	return p, nil
}

// ReadPackage opens a period package file and verifies it completely except
// for whether its signer is trusted (ImportPackage checks that against the
// street's registry). It is for showing a file before importing it.
func ReadPackage(data []byte) (Package, error) {
	f, err := ReadSigned(data, FileKindPackage)
	if err != nil {
		return Package{}, err
	}
	p, err := decodePackage(f.Payload)
	p.Signer, p.SHA256 = f.Signer, f.SHA256
	return p, err
}

// packageNewer reports whether a is a later export than b of the same
// period: by serial within one book, else by export time.
func packageNewer(aUUID string, aSerial int64, aAt, bUUID string, bSerial int64, bAt string) bool {
	if aUUID == bUUID {
		return aSerial > bSerial
	}
	return aAt > bAt
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
