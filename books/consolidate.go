package books

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// PackageImport is the outcome of importing one period package.
type PackageImport struct {
	File          string
	CommunityCode string
	Community     string
	From, To      string
	Vouchers      int
	Serial        int64
	// LogHead is the community's operation-log head the package carries,
	// nil for a package of a version before anchors.
	LogHead *LogAnchor
	// Replaced is set when an earlier import of the same community and
	// period was replaced; Unchanged when the very same file was imported
	// before and nothing changed.
	Replaced  bool
	Unchanged bool
}

// ImportPackage verifies a community's period package and stores it in the
// street book. name is the file's name, used in every message. Refused with
// the reason: a file not signed by a registered community key, a package
// claiming another community or street, altered parts, unbalanced vouchers,
// unknown account codes, a bad or unclosed period, an older export of a
// period already imported, a period overlapping another import of the same
// community, or a community operation log shorter than in a package exported
// before it (checkPackageLog). A newer export of the same community and
// period replaces the earlier one.
func (s *Session) ImportPackage(name string, data []byte) (PackageImport, error) {
	res := PackageImport{File: name}
	fail := func(err error) (PackageImport, error) {
		var e *Error
		if errors.As(err, &e) && e.Code != Internal {
			return res, &Error{Code: e.Code, Msg: "数据包 " + name + "：" + e.Msg, Line: e.Line, Err: e.Err}
		}
		return res, fmt.Errorf("import package %s: %w", name, err)
	}
	if err := s.require("导入期间数据包", RoleStreet); err != nil {
		return fail(err)
	}
	info, err := s.b.Info()
	if err != nil {
		return fail(err)
	}
	if info.Kind != KindStreet {
		return fail(Errorf(Invalid, "期间数据包只能导入街道账簿"))
	}
	f, tk, err := s.b.OpenTrusted(data, FileKindPackage)
	if err != nil {
		return fail(err)
	}
	p, err := decodePackage(f.Payload)
	if err != nil {
		return fail(err)
	}
	m := p.Manifest
	res.CommunityCode, res.Community, res.From, res.To, res.Vouchers, res.Serial = m.CommunityCode, m.Community, m.From, m.To, len(p.vouchers), m.Serial
	res.LogHead = m.LogHead
	if tk.Kind != KindCommunity || tk.Code != m.CommunityCode {
		return fail(Errorf(Forbidden, "数据包自称是社区代码 %s（%s）的，却是用登记给社区代码 %s（%s）的密钥签名的", m.CommunityCode, m.Community, tk.Code, tk.Community))
	}
	if m.Street != info.Street {
		return fail(Errorf(Invalid, "数据包属于“%s”，不属于本街道“%s”", m.Street, info.Street))
	}
	from, _ := ParsePeriod(m.From)
	to, _ := ParsePeriod(m.To)
	if now := s.b.now(); int(to) > now.Year()*100+int(now.Month()) {
		return fail(Errorf(Invalid, "数据包的期间 %s 至 %s 在本机日期 %s 之后，请核对社区电脑或本机的日期", m.From, m.To, now.Format("2006-01-02")))
	}
	err = s.b.tx(context.Background(), func(tx *sql.Tx) error {
		if err := checkPackageLog(tx, m, f.Signer); err != nil {
			return err
		}
		var oldID, oldSerial int64
		var oldUUID, oldAt, oldSHA string
		var before any
		err := tx.QueryRow(`SELECT id, book_uuid, serial, exported_at, file_sha256 FROM consol_package WHERE community_code = ? AND period_from = ? AND period_to = ?`,
			m.CommunityCode, int(from), int(to)).Scan(&oldID, &oldUUID, &oldSerial, &oldAt, &oldSHA)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case oldSHA == f.SHA256:
			res.Unchanged = true
			return nil
		case !packageNewer(m.BookUUID, m.Serial, m.ExportedAt, oldUUID, oldSerial, oldAt):
			return Errorf(Conflict, "已导入的 %s 至 %s 数据包（%s 导出，第 %d 号）比这个（%s 导出，第 %d 号）更新，较旧的数据包不会替换较新的",
				m.From, m.To, oldAt, oldSerial, m.ExportedAt, m.Serial)
		default:
			if _, err := tx.Exec(`DELETE FROM consol_package WHERE id = ?`, oldID); err != nil {
				return err
			}
			res.Replaced = true
			before = map[string]any{"serial": oldSerial, "exported_at": oldAt, "sha256": oldSHA, "book_uuid": oldUUID}
		}
		var of, ot Period
		err = tx.QueryRow(`SELECT period_from, period_to FROM consol_package WHERE community_code = ? AND period_from <= ? AND period_to >= ? LIMIT 1`,
			m.CommunityCode, int(to), int(from)).Scan(&of, &ot)
		if err == nil {
			return Errorf(Conflict, "社区 %s 已导入的 %s 至 %s 数据包与这个数据包的期间 %s 至 %s 重叠；请导入相同期间的数据包来替换", m.Community, of, ot, m.From, m.To)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		manifest, _ := json.Marshal(m)
		now := s.b.stamp()
		r, err := tx.Exec(`INSERT INTO consol_package (community_code, community, street, book_uuid, period_from, period_to, chart, chart_version, serial,
			exported_at, signer, file_sha256, manifest, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.CommunityCode, m.Community, m.Street, m.BookUUID, int(from), int(to), m.Chart, m.ChartVersion, m.Serial,
			m.ExportedAt, f.Signer, f.SHA256, string(manifest), now, s.user.Name)
		if err != nil {
			return err
		}
		id, _ := r.LastInsertId()
		if err := storePackage(tx, id, p); err != nil {
			return err
		}
		action := "package.import"
		if res.Replaced {
			action = "package.replace"
		}
		return appendLog(tx, now, s.user, action, "package", m.CommunityCode+" "+m.From+".."+m.To, before, map[string]any{
			"file": filepath.Base(name), "community": m.Community, "serial": m.Serial, "exported_at": m.ExportedAt,
			"sha256": f.SHA256, "vouchers": len(p.vouchers), "debit": m.Debit, "credit": m.Credit, "log_head": m.LogHead})
	})
	if err != nil {
		return fail(err)
	}
	return res, nil
}

func storePackage(tx *sql.Tx, id int64, p Package) error {
	for _, a := range p.accounts {
		if _, err := tx.Exec(`INSERT INTO consol_account (package_id, code, name, class, direction) VALUES (?, ?, ?, ?, ?)`, id, a.Code, a.Name, a.Class, a.Direction); err != nil {
			return err
		}
	}
	bal, err := tx.Prepare(`INSERT INTO consol_balance (package_id, account_code, compound, period, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer bal.Close()
	for _, set := range [][]pkgBalance{p.opening, p.balances} {
		for _, b := range set {
			if _, err := bal.Exec(id, b.Account, b.Compound, b.Period, b.Debit, b.Credit); err != nil {
				return err
			}
		}
	}
	ln, err := tx.Prepare(`INSERT INTO consol_line (package_id, period, voucher_no, date, seq, memo, account_code, compound, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ln.Close()
	for _, v := range p.vouchers {
		for _, l := range v.Lines {
			if _, err := ln.Exec(id, v.Period, v.No, v.Date, l.Seq, l.Memo, l.Account, l.Compound, l.Debit, l.Credit); err != nil {
				return err
			}
		}
	}
	for _, t := range pkgSortedKeys(p.applications) {
		for _, r := range p.applications[t] {
			if _, err := tx.Exec(`INSERT INTO consol_record (package_id, tbl, row) VALUES (?, ?, ?)`, id, t, string(r)); err != nil {
				return err
			}
		}
	}
	return nil
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
	rows, err := b.db.Query(`SELECT p.community_code, p.community, p.period_from, p.period_to, p.chart, p.serial, p.exported_at, p.imported_at, p.imported_by,
		p.signer, p.file_sha256, (SELECT count(DISTINCT period || voucher_no) FROM consol_line WHERE package_id = p.id), p.manifest
		FROM consol_package p ORDER BY p.community_code, p.period_from`)
	if err != nil {
		return nil, internal("list packages", err)
	}
	defer rows.Close()
	var out []ImportedPackage
	for rows.Next() {
		var p ImportedPackage
		var manifest string
		if err := rows.Scan(&p.CommunityCode, &p.Community, &p.From, &p.To, &p.Chart, &p.Serial, &p.ExportedAt, &p.ImportedAt, &p.ImportedBy, &p.Signer, &p.SHA256, &p.Vouchers, &manifest); err != nil {
			return nil, internal("list packages", err)
		}
		p.LogHead = manifestLogHead(manifest)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Consolidation groupings.
const (
	ByAccount   = "account"
	ByCommunity = "community"
	ByCompound  = "compound"
)

// ConsolidationRow is one line of the consolidated report. Opening and
// Closing are balances in the account's own direction (借 or 贷).
type ConsolidationRow struct {
	CommunityCode string // "" when grouped by account
	Community     string
	Compound      string // "" unless grouped by compound
	AccountCode   string
	AccountName   string
	Class         string
	Direction     string
	Opening       Money
	Debit         Money
	Credit        Money
	Closing       Money
}

// Consolidation is the street's consolidated report over the packages it
// imported: rows by account, by community × account or by community ×
// compound × account, with the month range's debits and credits and the
// balances before and after.
type Consolidation struct {
	Street      string
	From, To    Period
	By          string
	Rows        []ConsolidationRow
	TotalDebit  Money
	TotalCredit Money
	// Communities lists the communities whose packages the report uses.
	Communities []string
	// Missing says, per registered community, which months of the range have
	// no imported package.
	Missing []string
}

// Consolidate builds the consolidated report for from..to. The opening
// balance of each community comes from its earliest package's opening
// balances plus the months its packages hold before from.
func (b *Book) Consolidate(from, to Period, by string) (Consolidation, error) {
	if by == "" {
		by = ByAccount
	}
	c := Consolidation{From: from, To: to, By: by, TotalDebit: decimal.Zero, TotalCredit: decimal.Zero}
	if by != ByAccount && by != ByCommunity && by != ByCompound {
		return c, Errorf(Invalid, "汇总方式“%s”不对，可选：community、compound、account", by)
	}
	if !from.Valid() || !to.Valid() || from > to {
		return c, Errorf(Invalid, "期间不对：%s 至 %s", from, to)
	}
	info, err := b.Info()
	if err != nil {
		return c, err
	}
	if info.Kind != KindStreet {
		return c, Errorf(Invalid, "汇总报表只在街道账簿中生成")
	}
	c.Street = info.Street

	// Account names per community from its latest package.
	type acct struct{ name, class, dir string }
	names := map[[2]string]acct{}
	anyName := map[string]acct{}
	rows, err := b.db.Query(`SELECT p.community_code, a.code, a.name, a.class, a.direction FROM consol_account a JOIN consol_package p ON p.id = a.package_id ORDER BY p.period_to`)
	if err != nil {
		return c, internal("consolidate", err)
	}
	for rows.Next() {
		var code, ac string
		var a acct
		rows.Scan(&code, &ac, &a.name, &a.class, &a.dir)
		names[[2]string{code, ac}] = a
		if _, ok := anyName[ac]; !ok {
			anyName[ac] = a
		}
	}
	rows.Close()

	rows, err = b.db.Query(`
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
		return c, internal("consolidate", err)
	}
	type key struct{ code, comp, acc string }
	agg := map[key]*ConsolidationRow{}
	var order []key
	communities := map[string]string{}
	for rows.Next() {
		var code, community, acc, comp string
		var open, d, cr int64
		if err := rows.Scan(&code, &community, &acc, &comp, &open, &d, &cr); err != nil {
			rows.Close()
			return c, internal("consolidate", err)
		}
		communities[code] = community
		k := key{acc: acc}
		switch by {
		case ByCommunity:
			k.code = code
		case ByCompound:
			k.code, k.comp = code, comp
		}
		r, ok := agg[k]
		if !ok {
			a, found := names[[2]string{code, acc}]
			if !found {
				a = anyName[acc]
			}
			r = &ConsolidationRow{AccountCode: acc, AccountName: a.name, Class: a.class, Direction: a.dir,
				Opening: decimal.Zero, Debit: decimal.Zero, Credit: decimal.Zero, Closing: decimal.Zero}
			if k.code != "" {
				r.CommunityCode, r.Community = code, community
			}
			r.Compound = k.comp
			agg[k] = r
			order = append(order, k)
		}
		// Opening and Closing are kept as debit − credit here and turned
		// into the account's direction below.
		r.Opening = r.Opening.Add(FromFen(open))
		r.Debit = r.Debit.Add(FromFen(d))
		r.Credit = r.Credit.Add(FromFen(cr))
	}
	rows.Close()
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.code != b.code {
			return a.code < b.code
		}
		if a.comp != b.comp {
			return a.comp < b.comp
		}
		return a.acc < b.acc
	})
	for _, k := range order {
		r := agg[k]
		closing := r.Opening.Add(r.Debit).Sub(r.Credit)
		if r.Opening.IsZero() && r.Debit.IsZero() && r.Credit.IsZero() {
			continue
		}
		if r.Direction == "credit" {
			r.Opening, r.Closing = r.Opening.Neg(), closing.Neg()
		} else {
			r.Closing = closing
		}
		c.TotalDebit = c.TotalDebit.Add(r.Debit)
		c.TotalCredit = c.TotalCredit.Add(r.Credit)
		c.Rows = append(c.Rows, *r)
	}
	for _, code := range pkgSortedKeys(communities) {
		c.Communities = append(c.Communities, communities[code]+"（"+code+"）")
	}

	// Months of the range each registered community has not sent.
	keys, err := b.TrustedKeys()
	if err != nil {
		return c, err
	}
	for _, k := range keys {
		if k.Kind != KindCommunity {
			continue
		}
		var missing []string
		for p := from; p <= to; p = p.Next() {
			var n int
			b.db.QueryRow(`SELECT count(*) FROM consol_package WHERE community_code = ? AND period_from <= ? AND period_to >= ?`, k.Code, int(p), int(p)).Scan(&n)
			if n == 0 {
				missing = append(missing, p.String())
			}
		}
		if len(missing) > 0 {
			c.Missing = append(c.Missing, fmt.Sprintf("%s（%s）缺少 %s 的数据包", k.Community, k.Code, compactMonths(missing)))
		}
	}
	return c, nil
}

// compactMonths writes a list of months, shortening a full run to "a 至 b".
func compactMonths(ms []string) string {
	if len(ms) > 2 {
		return ms[0] + " 至 " + ms[len(ms)-1] + " 中的 " + fmt.Sprint(len(ms)) + " 个月"
	}
	return strings.Join(ms, "、")
}

// directionName writes 借 or 贷.
func directionName(d string) string {
	if d == "credit" {
		return "贷"
	}
	return "借"
}

// Table lays the consolidation out for CSV, xlsx and the terminal: the
// grouping columns, then the account, its direction, the opening balance, the
// period's debits and credits and the closing balance, and a total row.
func (c Consolidation) Table() Table {
	t := Table{Title: c.Street + "社区账务汇总表"}
	t.Subtitle = fmt.Sprintf("期间：%s 至 %s", c.From.Chinese(), c.To.Chinese())
	switch c.By {
	case ByCommunity:
		t.Subtitle += "　按社区"
	case ByCompound:
		t.Subtitle += "　按小区"
	default:
		t.Subtitle += "　按科目"
	}
	if len(c.Communities) > 0 {
		t.Subtitle += "　包含：" + strings.Join(c.Communities, "、")
	}
	if len(c.Missing) > 0 {
		t.Subtitle += "　注意：" + strings.Join(c.Missing, "；")
	}
	if c.By == ByCommunity || c.By == ByCompound {
		t.Keys = append(t.Keys, "community_code", "community")
		t.Header = append(t.Header, "社区代码", "社区")
	}
	if c.By == ByCompound {
		t.Keys = append(t.Keys, "compound")
		t.Header = append(t.Header, "小区")
	}
	lead := len(t.Keys)
	t.Keys = append(t.Keys, "account_code", "account_name", "direction", "opening", "debit", "credit", "closing")
	t.Header = append(t.Header, "科目代码", "科目名称", "方向", "期初余额", "本期借方", "本期贷方", "期末余额")
	for i := range t.Keys {
		if i >= lead+3 {
			t.Kinds = append(t.Kinds, MoneyColumn)
		} else {
			t.Kinds = append(t.Kinds, Text)
		}
	}
	for _, r := range c.Rows {
		var row []string
		if c.By == ByCommunity || c.By == ByCompound {
			row = append(row, r.CommunityCode, r.Community)
		}
		if c.By == ByCompound {
			row = append(row, r.Compound)
		}
		row = append(row, r.AccountCode, r.AccountName, directionName(r.Direction),
			PlainYuan(r.Opening), PlainYuan(r.Debit), PlainYuan(r.Credit), PlainYuan(r.Closing))
		t.Rows = append(t.Rows, row)
	}
	total := make([]string, len(t.Keys))
	total[0] = "合计"
	total[lead+4], total[lead+5] = PlainYuan(c.TotalDebit), PlainYuan(c.TotalCredit)
	t.Rows = append(t.Rows, total)
	return t
}
