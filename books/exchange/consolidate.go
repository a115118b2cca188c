package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"sunbooks/books"
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
	LogHead *books.LogAnchor
	// Replaced is set when an earlier import of the same community and
	// period was replaced; Unchanged when the very same file was imported
	// before and nothing changed.
	Replaced  bool
	Unchanged bool
}

// Import verifies a community's period package and stores it in the street
// book (books.Session.StorePackage). name is the file's name, used in every
// message. Refused with the reason: a file not signed by a registered
// community key, a package claiming another community or street, altered
// parts, unbalanced vouchers, unknown account codes, a bad or unclosed
// period, and whatever the store refuses (an older export of a period
// already imported, overlapping periods, a community operation log shorter
// than in a package exported before it). A newer export of the same
// community and period replaces the earlier one.
func Import(ctx context.Context, s *books.Session, name string, data []byte) (PackageImport, error) {
	res, sp, err := verifyPackage(s, name, data)
	if err != nil {
		return res, err
	}
	return storePackage(ctx, s, res, sp)
}

// packageError names the package file in a refusal.
func packageError(name string, err error) error {
	var e *books.Error
	if errors.As(err, &e) && e.Code != books.Internal {
		return &books.Error{Code: e.Code, Msg: "数据包 " + name + "：" + e.Msg, Line: e.Line, Err: e.Err}
	}
	return fmt.Errorf("import package %s: %w", name, err)
}

// verifyPackage is all of Import but the storing: the user and the book
// may take packages, the signature is a registered community's, the parts
// are whole and consistent. It reads the book and writes nothing, so
// several run at once (ImportFiles).
func verifyPackage(s *books.Session, name string, data []byte) (PackageImport, books.StoredPackage, error) {
	res := PackageImport{File: name}
	var sp books.StoredPackage
	fail := func(err error) (PackageImport, books.StoredPackage, error) {
		return res, sp, packageError(name, err)
	}
	if err := s.CheckPackageStore(); err != nil {
		return fail(err)
	}
	f, _, err := s.Book().OpenTrusted(data, books.FileKindPackage)
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
	from, _ := books.ParsePeriod(m.From)
	to, _ := books.ParsePeriod(m.To)
	manifest, err := json.Marshal(m)
	if err != nil {
		return fail(err)
	}
	sp = books.StoredPackage{File: name, CommunityCode: m.CommunityCode, Community: m.Community, Street: m.Street, BookUUID: m.BookUUID,
		From: from, To: to, Chart: m.Chart, ChartVersion: m.ChartVersion, Serial: m.Serial, ExportedAt: m.ExportedAt,
		Signer: f.Signer, SHA256: f.SHA256, Manifest: manifest, LogHead: m.LogHead, Debit: m.Debit, Credit: m.Credit, Vouchers: len(p.vouchers)}
	for _, a := range p.accounts {
		sp.Accounts = append(sp.Accounts, books.StoredAccount{Code: a.Code, Name: a.Name, Class: a.Class, Direction: a.Direction})
	}
	for _, set := range [][]pkgBalance{p.opening, p.balances} {
		for _, b := range set {
			sp.Balances = append(sp.Balances, books.StoredBalance{AccountCode: b.Account, Compound: b.Compound, Period: b.Period, Debit: b.Debit, Credit: b.Credit})
		}
	}
	for _, v := range p.vouchers {
		for _, l := range v.Lines {
			sp.Lines = append(sp.Lines, books.StoredLine{Period: v.Period, VoucherNo: v.No, Date: v.Date, Seq: l.Seq, Memo: l.Memo,
				AccountCode: l.Account, Compound: l.Compound, Debit: l.Debit, Credit: l.Credit})
		}
	}
	for _, t := range pkgSortedKeys(p.applications) {
		for _, r := range p.applications[t] {
			sp.Records = append(sp.Records, books.StoredRecord{Table: t, Row: r})
		}
	}
	seen := map[[3]string]bool{}
	for _, st := range p.statements {
		key := [3]string{st.Kind, st.At.String(), st.CompoundName}
		if st.At < from || st.At > to || seen[key] || (st.Kind != books.StatementBalanceSheet && st.Kind != books.StatementActivities && st.Kind != books.StatementCashFlow) {
			return fail(books.Errorf(books.Tampered, "数据包中的会计报表（%s %s %s）不在其期间内、重复或种类不对", st.Kind, st.At, st.CompoundName))
		}
		seen[key] = true
		data, err := json.Marshal(st)
		if err != nil {
			return fail(err)
		}
		sp.Statements = append(sp.Statements, books.StoredStatement{Kind: st.Kind, Period: st.At, Compound: st.CompoundName, Data: data})
	}
	return res, sp, nil
}

// storePackage keeps a package verifyPackage read in the street book.
func storePackage(ctx context.Context, s *books.Session, res PackageImport, sp books.StoredPackage) (PackageImport, error) {
	out, err := s.StorePackage(ctx, sp)
	if err != nil {
		return res, packageError(res.File, err)
	}
	res.Replaced, res.Unchanged = out.Replaced, out.Unchanged
	return res, nil
}

// ImportFiles imports the package files at paths in their order, as Import
// would one after another, and calls done with each file's outcome in that
// order (i its index). The next files are read, their signatures checked
// and their parts decoded on the other cores while one is stored; storing
// stays one package at a time, in order, so the outcome is the same as
// Import's, and at most a few packages are held in memory at once. When
// ctx ends, the files not yet stored are refused with the reason.
func ImportFiles(ctx context.Context, s *books.Session, paths []string, done func(i int, res PackageImport, err error)) {
	type verified struct {
		res  PackageImport
		sp   books.StoredPackage
		err  error
		held bool // holds a place among the packages read ahead
	}
	ahead := make(chan struct{}, max(1, min(runtime.GOMAXPROCS(0), 4)))
	results := make([]chan verified, len(paths))
	for i := range results {
		results[i] = make(chan verified, 1)
	}
	go func() {
		for i, p := range paths {
			name := filepath.Base(p)
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				results[i] <- verified{res: PackageImport{File: name}, err: packageError(name, books.Stopped(ctx))}
				continue
			}
			go func() {
				v := verified{res: PackageImport{File: name}, held: true}
				data, err := books.ReadSignedFile(p, books.FileKindPackage)
				if err != nil {
					v.err = packageError(name, err)
				} else {
					v.res, v.sp, v.err = verifyPackage(s, name, data)
				}
				results[i] <- v
			}()
		}
	}()
	for i := range paths {
		v := <-results[i]
		if v.held {
			<-ahead
		}
		if v.err == nil {
			if err := books.Stopped(ctx); err != nil {
				v.err = packageError(v.res.File, err)
			} else {
				v.res, v.err = storePackage(ctx, s, v.res, v.sp)
			}
		}
		done(i, v.res, v.err)
	}
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
	Opening       books.Money
	Debit         books.Money
	Credit        books.Money
	Closing       books.Money
}

// Consolidation is the street's consolidated report over the packages it
// imported: rows by account, by community × account or by community ×
// compound × account, with the month range's debits and credits and the
// balances before and after.
type Consolidation struct {
	Street      string
	From, To    books.Period
	By          string
	Rows        []ConsolidationRow
	TotalDebit  books.Money
	TotalCredit books.Money
	// Communities lists the communities whose packages the report uses.
	Communities []string
	// Missing says, per registered community, which months of the range have
	// no imported package.
	Missing []string
}

// Consolidate builds the street's consolidated report for from..to over the
// packages its book holds. The opening balance of each community comes from
// its earliest package's opening balances plus the months its packages hold
// before from.
func Consolidate(ctx context.Context, b *books.Book, from, to books.Period, by string) (Consolidation, error) {
	if by == "" {
		by = ByAccount
	}
	c := Consolidation{From: from, To: to, By: by, TotalDebit: decimal.Zero, TotalCredit: decimal.Zero}
	if by != ByAccount && by != ByCommunity && by != ByCompound {
		return c, books.Errorf(books.Invalid, "汇总方式“%s”不对，可选：community、compound、account", by)
	}
	if !from.Valid() || !to.Valid() || from > to {
		return c, books.Errorf(books.Invalid, "期间不对：%s 至 %s", from, to)
	}
	info, err := b.Info()
	if err != nil {
		return c, err
	}
	if info.Kind != books.KindStreet {
		return c, books.Errorf(books.Invalid, "汇总报表只在街道账簿中生成")
	}
	c.Street = info.Street

	names, err := consolidationNames(b)
	if err != nil {
		return c, err
	}
	sums, err := b.PackageSums(ctx, from, to)
	if e := books.Stopped(ctx); e != nil {
		return c, e
	}
	if err != nil {
		return c, err
	}
	communities := c.add(sums, names)
	for _, code := range pkgSortedKeys(communities) {
		c.Communities = append(c.Communities, communities[code]+"（"+code+"）")
	}
	if c.Missing, err = missingPackages(b, from, to); err != nil {
		return c, err
	}
	return c, nil
}

// accountNames names the accounts of the consolidation: per community from
// its latest package (byCommunity), else from any package (any).
type accountNames struct {
	byCommunity map[[2]string]pkgAccountName
	any         map[string]pkgAccountName
}

type pkgAccountName struct{ name, class, dir string }

func (n accountNames) of(community, code string) pkgAccountName {
	if a, ok := n.byCommunity[[2]string{community, code}]; ok {
		return a
	}
	return n.any[code]
}

func consolidationNames(b *books.Book) (accountNames, error) {
	n := accountNames{byCommunity: map[[2]string]pkgAccountName{}, any: map[string]pkgAccountName{}}
	accounts, err := b.PackageAccounts()
	if err != nil {
		return n, err
	}
	for _, pa := range accounts {
		a := pkgAccountName{pa.Name, pa.Class, pa.Direction}
		n.byCommunity[[2]string{pa.CommunityCode, pa.Code}] = a
		if _, ok := n.any[pa.Code]; !ok {
			n.any[pa.Code] = a
		}
	}
	return n, nil
}

// add sums the packages' sums into rows grouped as c.By asks, sorted by
// community, compound and account, with the opening and closing turned into
// each account's direction and empty rows left out; it returns the
// communities seen, by code.
func (c *Consolidation) add(sums []books.PackageSum, names accountNames) map[string]string {
	type key struct{ code, comp, acc string }
	agg := map[key]*ConsolidationRow{}
	var order []key
	communities := map[string]string{}
	for _, x := range sums {
		code, acc, comp := x.CommunityCode, x.AccountCode, x.Compound
		communities[code] = x.Community
		k := key{acc: acc}
		switch c.By {
		case ByCommunity:
			k.code = code
		case ByCompound:
			k.code, k.comp = code, comp
		}
		r, ok := agg[k]
		if !ok {
			a := names.of(code, acc)
			r = &ConsolidationRow{AccountCode: acc, AccountName: a.name, Class: a.class, Direction: a.dir,
				Opening: decimal.Zero, Debit: decimal.Zero, Credit: decimal.Zero, Closing: decimal.Zero}
			if k.code != "" {
				r.CommunityCode, r.Community = code, x.Community
			}
			r.Compound = k.comp
			agg[k] = r
			order = append(order, k)
		}
		// Opening and Closing are kept as debit − credit here and turned
		// into the account's direction below.
		r.Opening = r.Opening.Add(x.Opening)
		r.Debit = r.Debit.Add(x.Debit)
		r.Credit = r.Credit.Add(x.Credit)
	}
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
	return communities
}

// missingPackages names the months of from..to each registered community
// has not sent.
func missingPackages(b *books.Book, from, to books.Period) ([]string, error) {
	var out []string
	held, err := b.ImportedPackages()
	if err != nil {
		return nil, err
	}
	keys, err := b.TrustedKeys()
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if k.Kind != books.KindCommunity {
			continue
		}
		var missing []string
		for p := from; p <= to; p = p.Next() {
			covered := false
			for _, h := range held {
				covered = covered || (h.CommunityCode == k.Code && h.From <= p && h.To >= p)
			}
			if !covered {
				missing = append(missing, p.String())
			}
		}
		if len(missing) > 0 {
			out = append(out, fmt.Sprintf("%s（%s）缺少 %s 的数据包", k.Community, k.Code, compactMonths(missing)))
		}
	}
	return out, nil
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
func (c Consolidation) Table() books.Table {
	t := books.Table{Title: c.Street + "社区账务汇总表"}
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
			t.Kinds = append(t.Kinds, books.MoneyColumn)
		} else {
			t.Kinds = append(t.Kinds, books.Text)
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
			books.PlainYuan(r.Opening), books.PlainYuan(r.Debit), books.PlainYuan(r.Credit), books.PlainYuan(r.Closing))
		t.Rows = append(t.Rows, row)
	}
	total := make([]string, len(t.Keys))
	total[0] = "合计"
	total[lead+4], total[lead+5] = books.PlainYuan(c.TotalDebit), books.PlainYuan(c.TotalCredit)
	t.Rows = append(t.Rows, total)
	return t
}
