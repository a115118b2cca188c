package books

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// What the core keeps of period packages (the file format, its checks and
// the consolidated report are books/exchange's): on the community's side the
// record of every export (a serial and a log entry) and the data a package
// carries; on the street's side the store of imported packages, with the
// rules no caller may skip — only a 街道 user stores, only a package signed
// by the registered key of the community it names, never an older export
// over a newer one, never overlapping periods, never a community log that
// went backwards — and the sums the consolidation reads.

// ---- the community's side ----------------------------------------------------

// ExportStamp is what RecordPackageExport wrote.
type ExportStamp struct {
	Serial int64  // the book's count of exports; 0 from a read-only book
	At     string // "YYYY-MM-DD HH:MM:SS"
	// LogHead is the operation log's head right after the export was
	// logged; nil for an empty log.
	LogHead *LogAnchor
}

// CheckPackageExport refuses an export of from..to the session may not make:
// only the 会计 and the 审计 export, only from a community book, and only
// months that are closed, so the street never consolidates figures that may
// still change.
func (s *Session) CheckPackageExport(from, to Period) error {
	if err := s.require("导出期间数据包", RoleAccountant, RoleAuditor); err != nil {
		return err
	}
	if !from.Valid() || !to.Valid() || from > to {
		return Errorf(Invalid, "数据包的期间不对：%s 至 %s", from, to)
	}
	info, err := s.b.Info()
	if err != nil {
		return err
	}
	if info.Kind != KindCommunity {
		return Errorf(Invalid, "只有社区账簿导出期间数据包")
	}
	var open []string
	for p := from; p <= to; p = p.Next() {
		if !s.b.IsClosed(p) {
			open = append(open, p.Chinese())
		}
	}
	if len(open) > 0 {
		return Errorf(Conflict, "%s 还没有结账，结账后才能导出期间数据包", strings.Join(open, "、"))
	}
	return nil
}

// RecordPackageExport checks the export again and records it: the book's
// export serial goes up by one and the log shows the package (its voucher
// count and totals) whether or not the file is then saved. A book opened
// read-only (an auditor's copy) records nothing and stamps the current log
// head.
func (s *Session) RecordPackageExport(from, to Period, vouchers int, debit, credit Money) (ExportStamp, error) {
	if err := s.CheckPackageExport(from, to); err != nil {
		return ExportStamp{}, err
	}
	var st ExportStamp
	if s.b.readOnly {
		st.At = s.b.stamp()
		head, err := s.b.LogAnchor()
		if err != nil {
			return ExportStamp{}, err
		}
		if !head.IsZero() {
			st.LogHead = &head
		}
		return st, nil
	}
	err := s.b.write(func(tx *sql.Tx) error {
		var serial string
		tx.QueryRow(`SELECT value FROM setting WHERE key = 'package.serial'`).Scan(&serial)
		n, _ := strconv.ParseInt(serial, 10, 64)
		st.Serial = n + 1
		st.At = s.b.stamp()
		if _, err := tx.Exec(`INSERT INTO setting (key, value) VALUES ('package.serial', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(st.Serial)); err != nil {
			return err
		}
		// The package carries the log head: its own entry comes last.
		if err := s.b.sealNow(tx, s.user); err != nil {
			return err
		}
		if err := appendLog(tx, st.At, s.user, "package.export", "package", from.String()+".."+to.String(), nil, map[string]any{
			"serial": st.Serial, "vouchers": vouchers, "debit": PlainYuan(debit), "credit": PlainYuan(credit)}); err != nil {
			return err
		}
		head, err := logAnchor(tx)
		st.LogHead = &head
		return err
	})
	if err != nil {
		return ExportStamp{}, fmt.Errorf("export package: %w", err)
	}
	return st, nil
}

// PostedVouchers returns the posted vouchers of a month range with their
// lines, in month, word and number order.
func (b *Book) PostedVouchers(ctx context.Context, from, to Period) ([]Voucher, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	rows, err := b.db.QueryContext(ctx, `SELECT v.id, v.period, v.word, v.number, v.date, v.status, v.kind, v.attachments, v.source_ref, coalesce(v.reverses_id, 0),
			p.name, coalesce(r.name, ''), coalesce(po.name, ''), coalesce(v.reviewed_at, ''), coalesce(v.posted_at, '')
		FROM voucher v JOIN user p ON p.id = v.preparer_id LEFT JOIN user r ON r.id = v.reviewer_id LEFT JOIN user po ON po.id = v.poster_id
		WHERE v.status = 'posted' AND v.period BETWEEN ? AND ? ORDER BY v.period, v.word, v.number`, int(from), int(to))
	if err != nil {
		return nil, internal("posted vouchers", err)
	}
	var out []Voucher
	idx := map[int64]int{}
	for rows.Next() {
		var v Voucher
		if err := rows.Scan(&v.ID, &v.Period, &v.Word, &v.Number, &v.Date, &v.Status, &v.Kind, &v.Attachments, &v.SourceRef, &v.ReversesID,
			&v.Preparer, &v.Reviewer, &v.Poster, &v.ReviewedAt, &v.PostedAt); err != nil {
			rows.Close()
			return nil, internal("posted vouchers", err)
		}
		idx[v.ID] = len(out)
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("posted vouchers", err)
	}
	rows, err = b.db.Query(`SELECT l.voucher_id, l.seq, l.memo, a.id, a.code, a.name, c.id, c.name, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE v.status = 'posted' AND v.period BETWEEN ? AND ? ORDER BY l.voucher_id, l.seq`, int(from), int(to))
	if err != nil {
		return nil, internal("posted vouchers", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, d, c int64
		var l Line
		if err := rows.Scan(&id, &l.Seq, &l.Memo, &l.AccountID, &l.AccountCode, &l.AccountName, &l.CompoundID, &l.CompoundName, &d, &c); err != nil {
			return nil, internal("posted vouchers", err)
		}
		l.Debit, l.Credit = FromFen(d), FromFen(c)
		if i, ok := idx[id]; ok {
			out[i].Lines = append(out[i].Lines, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal("posted vouchers", err)
	}
	return out, nil
}

// KeptBalance is one account × compound × month of the kept balances: the
// debits and credits posted there.
type KeptBalance struct {
	AccountCode string
	Compound    string
	Period      Period // 0 for a sum over the months before a range
	Debit       Money
	Credit      Money
}

// KeptBalances returns the kept balances of a month range that moved, by
// month, account code and compound.
func (b *Book) KeptBalances(from, to Period) ([]KeptBalance, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	return b.keptBalances(`SELECT a.code, c.name, b.period, b.debit_fen, b.credit_fen FROM balance b
		JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id
		WHERE b.period BETWEEN ? AND ? AND (b.debit_fen <> 0 OR b.credit_fen <> 0) ORDER BY b.period, a.code, c.name`, int(from), int(to))
}

// BalancesBefore returns, per account and compound, the debits and credits
// posted in every month before the given one (Period 0): the opening
// balances of a range that starts there.
func (b *Book) BalancesBefore(p Period) ([]KeptBalance, error) {
	return b.keptBalances(`SELECT a.code, c.name, 0, sum(b.debit_fen), sum(b.credit_fen) FROM balance b
		JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id
		WHERE b.period < ? GROUP BY a.code, c.name HAVING sum(b.debit_fen) <> 0 OR sum(b.credit_fen) <> 0 ORDER BY a.code, c.name`, int(p))
}

func (b *Book) keptBalances(q string, args ...any) ([]KeptBalance, error) {
	rows, err := b.db.Query(q, args...)
	if err != nil {
		return nil, internal("kept balances", err)
	}
	defer rows.Close()
	out := []KeptBalance{}
	for rows.Next() {
		var x KeptBalance
		var d, c int64
		if err := rows.Scan(&x.AccountCode, &x.Compound, &x.Period, &d, &c); err != nil {
			return nil, internal("kept balances", err)
		}
		x.Debit, x.Credit = FromFen(d), FromFen(c)
		out = append(out, x)
	}
	return out, rows.Err()
}

// ---- the street's side ---------------------------------------------------------

// StoredPackage is a verified period package as the street book keeps it.
// Amounts are in fen, as in the package.
type StoredPackage struct {
	File          string // the file's name, for messages and the log
	CommunityCode string
	Community     string
	Street        string
	BookUUID      string
	From, To      Period
	Chart         string
	ChartVersion  string
	Serial        int64
	ExportedAt    string
	Signer        string // fingerprint of the signing key
	SHA256        string // of the whole file
	Manifest      []byte // the manifest as the file carries it (JSON)
	LogHead       *LogAnchor
	Debit, Credit string // the vouchers' totals, for the log
	Vouchers      int
	Accounts      []StoredAccount
	// Balances holds the opening balances (Period 0) and the months'.
	Balances []StoredBalance
	Lines    []StoredLine
	Records  []StoredRecord
	// Statements are the statements the package carries (version 2 on).
	Statements []StoredStatement
}

// StoredStatement is one statement of a stored package: its form, month,
// compound ("" for the whole community) and the statement as JSON.
type StoredStatement struct {
	Kind     string
	Period   Period
	Compound string
	Data     []byte
}

// StoredAccount is an account of a stored package's chart.
type StoredAccount struct{ Code, Name, Class, Direction string }

// StoredBalance is a kept balance of a stored package, in fen.
type StoredBalance struct {
	AccountCode, Compound string
	Period                int // 0: the opening balances
	Debit, Credit         int64
}

// StoredLine is a voucher line of a stored package, in fen.
type StoredLine struct {
	Period                int
	VoucherNo, Date       string
	Seq                   int
	Memo                  string
	AccountCode, Compound string
	Debit, Credit         int64
}

// StoredRecord is a spending record of a stored package: its table and the
// row as JSON.
type StoredRecord struct {
	Table string
	Row   []byte
}

// StoreOutcome says what StorePackage did.
type StoreOutcome struct {
	// Replaced is set when an earlier package of the same community and
	// period was replaced; Unchanged when the very same file was stored
	// before and nothing changed.
	Replaced, Unchanged bool
}

// CheckPackageStore refuses a session that may not store packages: only a
// 街道 user of a street book does.
func (s *Session) CheckPackageStore() error {
	if err := s.require("导入期间数据包", RoleStreet); err != nil {
		return err
	}
	info, err := s.b.Info()
	if err != nil {
		return err
	}
	if info.Kind != KindStreet {
		return Errorf(Invalid, "期间数据包只能导入街道账簿")
	}
	return nil
}

// StorePackage keeps a verified package in the street book, logged. Refused
// with the reason: a user other than 街道, a community book, a signer that is
// not the registered key of the community the package names, another
// street's package, a period after today, a community log shorter than in a
// package exported before it (checkPackageLog), an older export of a period
// already stored, or a period overlapping another package of the same
// community. A newer export of the same community and period replaces the
// earlier one.
//
// Cancelling ctx stops it while it writes the package's rows; nothing is
// stored then.
func (s *Session) StorePackage(ctx context.Context, p StoredPackage) (StoreOutcome, error) {
	var out StoreOutcome
	if err := s.CheckPackageStore(); err != nil {
		return out, err
	}
	info, err := s.b.Info()
	if err != nil {
		return out, err
	}
	keys, err := s.b.TrustedKeys()
	if err != nil {
		return out, err
	}
	var tk *TrustedKey
	for i := range keys {
		if keys[i].Fingerprint == p.Signer {
			tk = &keys[i]
		}
	}
	if tk == nil {
		return out, Errorf(Forbidden, "数据包的签名密钥（%s）没有在本账簿登记", p.Signer)
	}
	if tk.Kind != KindCommunity || tk.Code != p.CommunityCode {
		return out, Errorf(Forbidden, "数据包自称是社区代码 %s（%s）的，却是用登记给社区代码 %s（%s）的密钥签名的", p.CommunityCode, p.Community, tk.Code, tk.Community)
	}
	if p.Street != info.Street {
		return out, Errorf(Invalid, "数据包属于“%s”，不属于本街道“%s”", p.Street, info.Street)
	}
	if !p.From.Valid() || !p.To.Valid() || p.From > p.To {
		return out, Errorf(Invalid, "数据包的期间“%s 至 %s”不对", p.From, p.To)
	}
	if now := s.b.now(); int(p.To) > now.Year()*100+int(now.Month()) {
		return out, Errorf(Invalid, "数据包的期间 %s 至 %s 在本机日期 %s 之后，请核对社区电脑或本机的日期", p.From, p.To, now.Format("2006-01-02"))
	}
	err = s.b.tx(ctx, func(tx *sql.Tx) error {
		if err := checkPackageLog(tx, p); err != nil {
			return err
		}
		var oldID, oldSerial int64
		var oldUUID, oldAt, oldSHA string
		var before any
		err := tx.QueryRow(`SELECT id, book_uuid, serial, exported_at, file_sha256 FROM consol_package WHERE community_code = ? AND period_from = ? AND period_to = ?`,
			p.CommunityCode, int(p.From), int(p.To)).Scan(&oldID, &oldUUID, &oldSerial, &oldAt, &oldSHA)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case oldSHA == p.SHA256:
			out.Unchanged = true
			return nil
		case !packageNewer(p.BookUUID, p.Serial, p.ExportedAt, oldUUID, oldSerial, oldAt):
			return Errorf(Conflict, "已导入的 %s 至 %s 数据包（%s 导出，第 %d 号）比这个（%s 导出，第 %d 号）更新，较旧的数据包不会替换较新的",
				p.From, p.To, oldAt, oldSerial, p.ExportedAt, p.Serial)
		default:
			if _, err := tx.Exec(`DELETE FROM consol_package WHERE id = ?`, oldID); err != nil {
				return err
			}
			out.Replaced = true
			before = map[string]any{"serial": oldSerial, "exported_at": oldAt, "sha256": oldSHA, "book_uuid": oldUUID}
		}
		var of, ot Period
		err = tx.QueryRow(`SELECT period_from, period_to FROM consol_package WHERE community_code = ? AND period_from <= ? AND period_to >= ? LIMIT 1`,
			p.CommunityCode, int(p.To), int(p.From)).Scan(&of, &ot)
		if err == nil {
			return Errorf(Conflict, "社区 %s 已导入的 %s 至 %s 数据包与这个数据包的期间 %s 至 %s 重叠；请导入相同期间的数据包来替换", p.Community, of, ot, p.From, p.To)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		now := s.b.stamp()
		r, err := tx.Exec(`INSERT INTO consol_package (community_code, community, street, book_uuid, period_from, period_to, chart, chart_version, serial,
			exported_at, signer, file_sha256, manifest, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.CommunityCode, p.Community, p.Street, p.BookUUID, int(p.From), int(p.To), p.Chart, p.ChartVersion, p.Serial,
			p.ExportedAt, p.Signer, p.SHA256, string(p.Manifest), now, s.user.Name)
		if err != nil {
			return err
		}
		id, _ := r.LastInsertId()
		if err := storePackageRows(ctx, tx, id, p); err != nil {
			return err
		}
		if err := s.b.markWhole(tx, id); err != nil {
			return err
		}
		action := "package.import"
		if out.Replaced {
			action = "package.replace"
		}
		return appendLog(tx, now, s.user, action, "package", p.CommunityCode+" "+p.From.String()+".."+p.To.String(), before, map[string]any{
			"file": filepath.Base(p.File), "community": p.Community, "serial": p.Serial, "exported_at": p.ExportedAt,
			"sha256": p.SHA256, "vouchers": p.Vouchers, "debit": p.Debit, "credit": p.Credit, "log_head": p.LogHead})
	})
	if err != nil {
		if e := stopped(ctx); e != nil {
			return StoreOutcome{}, e
		}
		return StoreOutcome{}, err
	}
	return out, nil
}

func storePackageRows(ctx context.Context, tx *sql.Tx, id int64, p StoredPackage) error {
	for _, s := range p.Statements {
		if _, err := tx.Exec(`INSERT INTO consol_statement (package_id, kind, period, compound, data) VALUES (?, ?, ?, ?, ?)`,
			id, s.Kind, int(s.Period), s.Compound, string(s.Data)); err != nil {
			return err
		}
	}
	for _, a := range p.Accounts {
		if _, err := tx.Exec(`INSERT INTO consol_account (package_id, code, name, class, direction) VALUES (?, ?, ?, ?, ?)`, id, a.Code, a.Name, a.Class, a.Direction); err != nil {
			return err
		}
	}
	bal, err := tx.Prepare(`INSERT INTO consol_balance (package_id, account_code, compound, period, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer bal.Close()
	for i, b := range p.Balances {
		if i%1000 == 0 {
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		if _, err := bal.Exec(id, b.AccountCode, b.Compound, b.Period, b.Debit, b.Credit); err != nil {
			return err
		}
	}
	if err := storeLines(ctx, tx, id, p.Lines); err != nil {
		return err
	}
	for _, r := range p.Records {
		if _, err := tx.Exec(`INSERT INTO consol_record (package_id, tbl, row) VALUES (?, ?, ?)`, id, r.Table, string(r.Row)); err != nil {
			return err
		}
	}
	return nil
}

// storeLines writes a package's lines, in their order.
func storeLines(ctx context.Context, tx *sql.Tx, id int64, lines []StoredLine) error {
	ins := newRowBatch(tx, `INSERT INTO consol_line (package_id, period, voucher_no, date, seq, memo, account_code, compound, debit_fen, credit_fen) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	defer ins.close()
	for i, l := range lines {
		if i%1000 == 0 {
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		if err := ins.add(id, l.Period, l.VoucherNo, l.Date, l.Seq, l.Memo, l.AccountCode, l.Compound, l.Debit, l.Credit); err != nil {
			return err
		}
	}
	return ins.flush()
}

// packageNewer reports whether a is a later export than b of the same
// period: by serial within one book, else by export time.
func packageNewer(aUUID string, aSerial int64, aAt, bUUID string, bSerial int64, bAt string) bool {
	if aUUID == bUUID {
		return aSerial > bSerial
	}
	return aAt > bAt
}

// ImportedPackage is one package held by the street book.
type ImportedPackage struct {
	CommunityCode string
	Community     string
	From, To      Period
	Chart         string
	Serial        int64
	ExportedAt    string
	ImportedAt    string
	ImportedBy    string
	Signer        string
	SHA256        string
	Vouchers      int
	// LogHead is the community's operation-log head the package carried,
	// nil when it carried none (a version before anchors).
	LogHead *LogAnchor
}

// ImportedPackages lists the packages held, by community and period.
func (b *Book) ImportedPackages() ([]ImportedPackage, error) {
	rows, err := b.db.Query(`SELECT p.id, p.community_code, p.community, p.period_from, p.period_to, p.chart, p.serial, p.exported_at, p.imported_at, p.imported_by,
		p.signer, p.file_sha256, p.manifest
		FROM consol_package p ORDER BY p.community_code, p.period_from`)
	if err != nil {
		return nil, internal("list packages", err)
	}
	var out []ImportedPackage
	var ids []int64
	for rows.Next() {
		var p ImportedPackage
		var id int64
		var manifest string
		if err := rows.Scan(&id, &p.CommunityCode, &p.Community, &p.From, &p.To, &p.Chart, &p.Serial, &p.ExportedAt, &p.ImportedAt, &p.ImportedBy, &p.Signer, &p.SHA256, &manifest); err != nil {
			rows.Close()
			return nil, internal("list packages", err)
		}
		p.LogHead = manifestLogHead(manifest)
		// The manifest's count, checked against the vouchers at import,
		// spares counting a million lines; the lines are counted only
		// for a manifest without one.
		p.Vouchers = manifestCount(manifest, "vouchers")
		out = append(out, p)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("list packages", err)
	}
	for i := range out {
		if out[i].Vouchers < 0 {
			if err := b.db.QueryRow(`SELECT count(DISTINCT period || voucher_no) FROM consol_line WHERE package_id = ?`, ids[i]).Scan(&out[i].Vouchers); err != nil {
				return nil, internal("list packages", err)
			}
		}
	}
	return out, nil
}

// manifestCount is the count of name a stored package's manifest gives, or
// -1 when it gives none.
func manifestCount(manifest, name string) int {
	var m struct {
		Counts map[string]int `json:"counts"`
	}
	if json.Unmarshal([]byte(manifest), &m) != nil {
		return -1
	}
	if n, ok := m.Counts[name]; ok {
		return n
	}
	return -1
}

// PackageAccount is an account of a community's chart as its stored
// packages name it.
type PackageAccount struct {
	CommunityCode    string
	Code, Name       string
	Class, Direction string
}

// PackageAccounts lists the accounts of every stored package, the packages
// of the earliest period first, so a later package's name of an account
// comes after an earlier one's.
func (b *Book) PackageAccounts() ([]PackageAccount, error) {
	rows, err := b.db.Query(`SELECT p.community_code, a.code, a.name, a.class, a.direction FROM consol_account a JOIN consol_package p ON p.id = a.package_id ORDER BY p.period_to`)
	if err != nil {
		return nil, internal("package accounts", err)
	}
	defer rows.Close()
	var out []PackageAccount
	for rows.Next() {
		var a PackageAccount
		if err := rows.Scan(&a.CommunityCode, &a.Code, &a.Name, &a.Class, &a.Direction); err != nil {
			return nil, internal("package accounts", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PackageSum is one community × compound × account of the stored packages
// over a month range: Opening is debit − credit before the range (the
// earliest package's opening balances and the months before from), Debit
// and Credit the range's.
type PackageSum struct {
	CommunityCode, Community string
	AccountCode, Compound    string
	Opening, Debit, Credit   Money
}

// PackageSums adds up the stored packages' kept balances through to, in
// community, compound and account order.
func (b *Book) PackageSums(ctx context.Context, from, to Period) ([]PackageSum, error) {
	// The street's statements add up only packages as they were imported.
	for _, table := range []string{"consol_package", "consol_account", "consol_balance"} {
		if err := b.RequireSealed(table, nil); err != nil {
			return nil, err
		}
	}
	rows, err := b.db.QueryContext(ctx, `
		WITH first AS (SELECT community_code, min(period_from) pf FROM consol_package GROUP BY community_code)
		SELECT p.community_code, p.community, b.account_code, b.compound,
			sum(CASE WHEN b.period < ? THEN b.debit_fen - b.credit_fen ELSE 0 END),
			sum(CASE WHEN b.period >= ? THEN b.debit_fen ELSE 0 END),
			sum(CASE WHEN b.period >= ? THEN b.credit_fen ELSE 0 END)
		FROM consol_balance b JOIN consol_package p ON p.id = b.package_id JOIN first f ON f.community_code = p.community_code
		WHERE b.period <= ? AND (b.period <> 0 OR p.period_from = f.pf)
		GROUP BY p.community_code, b.account_code, b.compound
		ORDER BY p.community_code, b.compound, b.account_code`, int(from), int(from), int(from), int(to))
	if err != nil {
		return nil, internal("package sums", err)
	}
	defer rows.Close()
	var out []PackageSum
	for rows.Next() {
		var s PackageSum
		var open, d, c int64
		if err := rows.Scan(&s.CommunityCode, &s.Community, &s.AccountCode, &s.Compound, &open, &d, &c); err != nil {
			return nil, internal("package sums", err)
		}
		s.Opening, s.Debit, s.Credit = FromFen(open), FromFen(d), FromFen(c)
		out = append(out, s)
	}
	return out, rows.Err()
}
