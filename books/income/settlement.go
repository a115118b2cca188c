package income

// Settlement sheets imported as income (结算单导入): the group-buying
// platform's and the workshop operator's monthly sheets, read through a
// mapping of their columns kept per source, become draft income vouchers —
// one per compound and month — with their income items.

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"sunbooks/books"
)

// SettlementSource is how one payer's settlement sheet is read: the headers
// of its columns, and the income category its commission goes to.
type SettlementSource struct {
	Name     string
	Category string
	// Column headers: the date, the order or batch number, the compound;
	// the turnover or piece-work total (reported in the memo, not income);
	// the commission (the community's income); the fees the payer kept
	// (optional).
	Date, Ref, Compound, Gross, Commission, Fee string
	// FeeAccount is the approval-exempt expense account the fees go to;
	// empty takes the book's one exempt 手续费 account.
	FeeAccount string
	// Shipped marks a mapping that comes with the product and this book has
	// not changed.
	Shipped bool
}

// Shipped sources: a group-buying commission sheet and a workshop
// piece-work sheet (testdata/结算单 has an example of each).
const (
	SourceGroupBuy = "沐街优选"
	SourceWorkshop = "共富工坊"
)

// ShippedSources are the mappings every book has until it changes them.
func ShippedSources() []SettlementSource {
	return []SettlementSource{
		{Name: SourceGroupBuy, Category: CategoryGroupBuy, Date: "结算日期", Ref: "订单号", Compound: "自提点", Gross: "订单金额",
			Commission: "团长佣金", Fee: "平台服务费", Shipped: true},
		{Name: SourceWorkshop, Category: CategoryWorkshop, Date: "日期", Ref: "批次号", Compound: "小区", Gross: "计件工资",
			Commission: "工坊管理费", Shipped: true},
	}
}

// SettlementSources lists the shipped mappings (as this book has them) and
// the book's own, by name.
func SettlementSources(b *books.Book) ([]SettlementSource, error) {
	byName := map[string]SettlementSource{}
	for _, s := range ShippedSources() {
		byName[s.Name] = s
	}
	rows, err := b.Reader().Query(`SELECT name, category, date_col, ref_col, compound_col, gross_col, commission_col, fee_col, fee_account FROM settlement_source`)
	if err != nil {
		return nil, internal("settlement sources", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s SettlementSource
		if err := rows.Scan(&s.Name, &s.Category, &s.Date, &s.Ref, &s.Compound, &s.Gross, &s.Commission, &s.Fee, &s.FeeAccount); err != nil {
			return nil, internal("settlement sources", err)
		}
		byName[s.Name] = s
	}
	if err := rows.Err(); err != nil {
		return nil, internal("settlement sources", err)
	}
	out := make([]SettlementSource, 0, len(byName))
	for _, s := range byName {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// settlementSource finds a mapping by name.
func settlementSource(b *books.Book, name string) (SettlementSource, error) {
	all, err := SettlementSources(b)
	if err != nil {
		return SettlementSource{}, err
	}
	var names []string
	for _, s := range all {
		if s.Name == strings.TrimSpace(name) {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return SettlementSource{}, books.Errorf(books.NotFound, "没有名为“%s”的结算单映射（有：%s）", name, strings.Join(names, "、"))
}

// SetSettlementSource keeps a mapping in the book: a new source, or a
// shipped one as this book's sheets have it. The 会计 does it.
func SetSettlementSource(s *books.Session, src SettlementSource) error {
	if err := s.Require("设置结算单映射", books.RoleAccountant); err != nil {
		return err
	}
	for _, f := range []*string{&src.Name, &src.Category, &src.Date, &src.Ref, &src.Compound, &src.Gross, &src.Commission, &src.Fee, &src.FeeAccount} {
		*f = strings.TrimSpace(*f)
	}
	for _, need := range []struct{ what, v string }{{"来源名称", src.Name}, {"收入类别", src.Category}, {"日期列", src.Date},
		{"单号列", src.Ref}, {"小区列", src.Compound}, {"佣金列", src.Commission}} {
		if need.v == "" {
			return books.Errorf(books.Invalid, "结算单映射缺少%s", need.what)
		}
	}
	if !slicesContain(categoryNames(s, s.Book().Reader()), src.Category) {
		return books.Errorf(books.NotFound, "收入类别“%s”不存在（可用 income category 增加）", src.Category)
	}
	return s.Write(func(tx *books.Tx) error {
		if src.FeeAccount != "" {
			if err := checkFeeAccount(tx, src.FeeAccount); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO settlement_source (name, category, date_col, ref_col, compound_col, gross_col, commission_col, fee_col, fee_account, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET category = excluded.category, date_col = excluded.date_col,
			ref_col = excluded.ref_col, compound_col = excluded.compound_col, gross_col = excluded.gross_col, commission_col = excluded.commission_col,
			fee_col = excluded.fee_col, fee_account = excluded.fee_account, updated_at = excluded.updated_at`,
			src.Name, src.Category, src.Date, src.Ref, src.Compound, src.Gross, src.Commission, src.Fee, src.FeeAccount, tx.Now()); err != nil {
			return err
		}
		return tx.Log("income.settlement_source", "settlement_source", src.Name, nil, map[string]string{
			"category": src.Category, "date": src.Date, "ref": src.Ref, "compound": src.Compound, "gross": src.Gross,
			"commission": src.Commission, "fee": src.Fee, "fee_account": src.FeeAccount})
	})
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkFeeAccount refuses a fee account that is not an approval-exempt
// expense leaf: fees are paid without an application.
func checkFeeAccount(q books.Querier, code string) error {
	var class, name string
	var leaf, exempt bool
	err := q.QueryRow(`SELECT class, name, approval_exempt, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, code).
		Scan(&class, &name, &exempt, &leaf)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return books.Errorf(books.NotFound, "手续费科目 %s 不存在", code)
	case err != nil:
		return err
	case class != "expense" || !leaf:
		return books.Errorf(books.Invalid, "手续费科目 %s %s 应是末级费用科目", code, name)
	case !exempt:
		return books.Errorf(books.Invalid, "手续费科目 %s %s 不是免审批科目：结算方扣的手续费没有支出申请，请先把它设为免审批科目", code, name)
	}
	return nil
}

// SettlementVoucher is one draft an import made: a compound's month.
type SettlementVoucher struct {
	Compound   string
	Period     books.Period
	Date       string
	VoucherNo  string
	Lines      int
	Gross      books.Money
	Commission books.Money
	Fees       books.Money
}

// SettlementResult says what an import did.
type SettlementResult struct {
	File, SHA256, Encoding, Source string
	Lines                          int
	Vouchers                       []SettlementVoucher
	Commission, Fees               books.Money
}

// settlementLine is a row that maps.
type settlementLine struct {
	line                   int
	ref                    string
	date                   string
	compoundID             int64
	compound               string
	gross, commission, fee int64
}

// ImportSettlement reads a settlement sheet (.csv in UTF-8 or GBK, or
// .xlsx) through source's mapping and makes a draft income voucher per
// compound and month: debit the bank with what was paid, debit the fee
// account with the fees, credit the category's income account with the
// commission. All or nothing: a line that does not map imports nothing, and
// the error (a *books.MultiError) lists every such line with its reason; a
// file imported before is refused. The 会计 or the 出纳 imports.
func ImportSettlement(s *books.Session, source, path string) (SettlementResult, error) {
	var res SettlementResult
	if err := s.Require("导入结算单", books.RoleAccountant, books.RoleCashier); err != nil {
		return res, err
	}
	b := s.Book()
	src, err := settlementSource(b, source)
	if err != nil {
		return res, err
	}
	t, err := books.ReadTableFile(path)
	if err != nil {
		return res, err
	}
	res = SettlementResult{File: t.Name, SHA256: t.SHA256, Encoding: t.Encoding, Source: src.Name}
	if err := refuseSettled(b.Reader(), t.SHA256); err != nil {
		return res, err
	}
	cols, err := settlementColumns(t, src)
	if err != nil {
		return res, err
	}
	done, err := settledOrders(b.Reader(), src.Name)
	if err != nil {
		return res, err
	}
	lines, errs := readSettlement(b, t, cols, done)
	groups := groupSettlement(lines, errs)
	if err := errs.err(); err != nil {
		return res, err
	}
	if len(lines) == 0 {
		return res, books.Errorf(books.Invalid, "%s 里没有结算行", t.Name)
	}
	err = s.Write(func(tx *books.Tx) error {
		if err := refuseSettled(tx, t.SHA256); err != nil {
			return err
		}
		return writeSettlement(s, tx, src, groups, &res)
	})
	if err != nil {
		return res, fmt.Errorf("import settlement %s: %w", t.Name, err)
	}
	res.Lines = len(lines)
	return res, nil
}

// refuseSettled refuses a file imported before whose drafts are not all
// deleted since (a file whose drafts were deleted may come in again).
func refuseSettled(q books.Querier, sha string) error {
	var at, by string
	err := q.QueryRow(`SELECT f.imported_at, u.name FROM settlement_file f JOIN user u ON u.id = f.imported_by
		WHERE f.sha256 = ? AND EXISTS (SELECT 1 FROM settlement_order o WHERE o.file_sha256 = f.sha256)`, sha).Scan(&at, &by)
	if err == nil {
		return books.Errorf(books.Conflict, "这个结算单已经在 %s 由 %s 导入过，不能重复导入", at, by)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return internal("settlement file", err)
	}
	return nil
}

// settlementCols are the columns of the mapping in the file; -1 for an
// optional one absent from the mapping.
type settlementCols struct{ date, ref, compound, gross, commission, fee int }

func settlementColumns(t books.TableFile, src SettlementSource) (settlementCols, error) {
	c := settlementCols{gross: -1, fee: -1}
	var missing []string
	find := func(name string, into *int) {
		if name == "" {
			return
		}
		if *into = t.Column(name); *into < 0 {
			missing = append(missing, "“"+name+"”")
		}
	}
	find(src.Date, &c.date)
	find(src.Ref, &c.ref)
	find(src.Compound, &c.compound)
	find(src.Gross, &c.gross)
	find(src.Commission, &c.commission)
	find(src.Fee, &c.fee)
	if len(missing) > 0 {
		return c, books.Errorf(books.Invalid, "%s 的表头缺少%s列：它不是“%s”的结算单，或其表头变了（表头为：%s）",
			t.Name, strings.Join(missing, "、"), src.Name, strings.Join(t.Header, "，"))
	}
	return c, nil
}

// lineErrors collects bad lines, listing the first 50.
type lineErrors struct {
	list  []*books.Error
	count int
}

func (e *lineErrors) add(line int, format string, args ...any) {
	e.count++
	if len(e.list) < 50 {
		err := books.Errorf(books.Invalid, "第 %d 行：%s", line, fmt.Sprintf(format, args...))
		err.Line = line
		e.list = append(e.list, err)
	}
}

func (e *lineErrors) err() error {
	if e.count == 0 {
		return nil
	}
	m := &books.MultiError{Code: books.Invalid, Errors: e.list}
	if e.count > len(e.list) {
		m.Errors = append(m.Errors, books.Errorf(books.Invalid, "另有 %d 处错误未列出", e.count-len(e.list)))
	}
	m.Errors = append(m.Errors, books.Errorf(books.Invalid, "结算单有 %d 处错误，没有导入任何一行", e.count))
	return m
}

// readSettlement maps each row, noting every one that does not.
func readSettlement(b *books.Book, t books.TableFile, c settlementCols, done map[string]string) ([]settlementLine, *lineErrors) {
	errs := &lineErrors{}
	compounds := map[string]books.Compound{}
	if list, err := b.Compounds(true); err == nil {
		for _, cp := range list {
			compounds[cp.Name] = cp
		}
	}
	today := b.Today()
	closed := map[books.Period]bool{} // by month, read once each
	isClosed := func(p books.Period) bool {
		c, ok := closed[p]
		if !ok {
			c = b.IsClosed(p)
			closed[p] = c
		}
		return c
	}
	seen := map[string]int{}
	var out []settlementLine
	for _, r := range t.Rows {
		l := settlementLine{line: r.Line}
		bad := false
		date, ok := settlementDate(r.Cell(c.date))
		switch {
		case !ok:
			errs.add(r.Line, "日期“%s”看不懂，应写成 2026-03-15 这样", r.Cell(c.date))
			bad = true
		case date > today:
			errs.add(r.Line, "日期 %s 在今天（%s）之后", date, today)
			bad = true
		default:
			if p, _ := books.PeriodOf(date); isClosed(p) {
				errs.add(r.Line, "%s 已结账，不能再记入收入", p.Chinese())
				bad = true
			}
		}
		l.date = date
		ref := r.Cell(c.ref)
		l.ref = ref
		if ref == "" {
			errs.add(r.Line, "缺少单号")
			bad = true
		} else if first, dup := seen[ref]; dup {
			errs.add(r.Line, "单号 %s 与第 %d 行重复", ref, first)
			bad = true
		} else if before, ok := done[ref]; ok {
			errs.add(r.Line, "单号 %s 已经导入过（%s），同一笔不能记两次收入", ref, before)
			bad = true
		} else {
			seen[ref] = r.Line
		}
		l.compound = r.Cell(c.compound)
		if cp, found := compounds[l.compound]; !found {
			errs.add(r.Line, "“%s”不是本账簿的小区（结算单的小区名须与账簿中的一致）", l.compound)
			bad = true
		} else if cp.Archived {
			errs.add(r.Line, "小区“%s”已归档", l.compound)
			bad = true
		} else {
			l.compoundID = cp.ID
		}
		amount := func(col int, what string, need, negative bool) int64 {
			txt := r.Cell(col)
			if col < 0 || (txt == "" && !need) {
				return 0
			}
			if txt == "" {
				errs.add(r.Line, "缺少%s", what)
				bad = true
				return 0
			}
			m, err := books.ParseMoney(strings.NewReplacer("¥", "", "￥", "", "元", "").Replace(txt))
			var fen int64
			if err == nil {
				fen, err = books.ToFen(m)
			}
			if err != nil {
				errs.add(r.Line, "%s“%s”：%s", what, txt, books.ErrorMessage(err))
				bad = true
				return 0
			}
			if fen < 0 && !negative {
				errs.add(r.Line, "%s不能为负数（%s）", what, txt)
				bad = true
			}
			return fen
		}
		l.gross = amount(c.gross, "成交额", false, true)
		// A refund is a negative commission line.
		l.commission = amount(c.commission, "佣金", true, true)
		l.fee = amount(c.fee, "手续费", false, false)
		if !bad {
			out = append(out, l)
		}
	}
	return out, errs
}

// settlementDate reads a date as sheets write it: 2026-03-05, 2026/3/5,
// 2026.3.5, 2026年3月5日, or a spreadsheet's day number.
func settlementDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 20000 && n < 80000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // a time of day after the date
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// settlementGroup is one compound's month: one voucher.
type settlementGroup struct {
	compoundID             int64
	compound               string
	period                 books.Period
	date                   string // the month's last date in the sheet
	lines                  int
	gross, commission, fee int64
	orders                 []settlementLine
}

// groupSettlement sums the lines by compound and month, refusing a month
// whose commission is not income or whose fees exceed it.
func groupSettlement(lines []settlementLine, errs *lineErrors) []*settlementGroup {
	byKey := map[string]*settlementGroup{}
	var out []*settlementGroup
	firstLine := map[*settlementGroup]int{}
	for _, l := range lines {
		p, _ := books.PeriodOf(l.date)
		k := fmt.Sprint(l.compoundID, "/", p)
		g := byKey[k]
		if g == nil {
			g = &settlementGroup{compoundID: l.compoundID, compound: l.compound, period: p}
			byKey[k] = g
			out = append(out, g)
			firstLine[g] = l.line
		}
		g.lines++
		g.orders = append(g.orders, l)
		g.gross += l.gross
		g.commission += l.commission
		g.fee += l.fee
		g.date = max(g.date, l.date)
	}
	for _, g := range out {
		switch {
		case g.commission <= 0:
			errs.add(firstLine[g], "%s %s的佣金合计为 %s，不是收入", g.compound, g.period.Chinese(), books.FormatYuan(books.FromFen(g.commission)))
		case g.fee > g.commission:
			errs.add(firstLine[g], "%s %s的手续费合计 %s 大于佣金合计 %s", g.compound, g.period.Chinese(),
				books.FormatYuan(books.FromFen(g.fee)), books.FormatYuan(books.FromFen(g.commission)))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].period != out[j].period {
			return out[i].period < out[j].period
		}
		return out[i].compound < out[j].compound
	})
	return out
}

// writeSettlement makes the drafts and records the file.
func writeSettlement(s *books.Session, tx *books.Tx, src SettlementSource, groups []*settlementGroup, res *SettlementResult) error {
	income, err := categoryAccountTx(s, tx, src.Category)
	if err != nil {
		return err
	}
	bank, err := bankLeaf(tx)
	if err != nil {
		return err
	}
	var total, fees int64
	for _, g := range groups {
		fees += g.fee
	}
	feeAccount := src.FeeAccount
	if fees > 0 {
		if feeAccount == "" {
			if feeAccount, err = defaultFeeAccount(tx, src.Name); err != nil {
				return err
			}
		}
		if err := checkFeeAccount(tx, feeAccount); err != nil {
			return err
		}
	}
	for _, g := range groups {
		if err := tx.RefuseClosed(g.period); err != nil {
			return err
		}
		memo := fmt.Sprintf("%s%s结算（%s，%d 笔", src.Name, src.Category, g.period.Chinese(), g.lines)
		if src.Gross != "" {
			memo += "，" + src.Gross + " " + books.FormatYuan(books.FromFen(g.gross))
		}
		memo += "）"
		commission, fee := books.FromFen(g.commission), books.FromFen(g.fee)
		lines := []books.Line{{Memo: memo, AccountCode: bank, CompoundID: g.compoundID, Debit: books.FromFen(g.commission - g.fee), Credit: zeroYuan}}
		if g.fee > 0 {
			lines = append(lines, books.Line{Memo: memo, AccountCode: feeAccount, CompoundID: g.compoundID, Debit: fee, Credit: zeroYuan})
		}
		lines = append(lines, books.Line{Memo: memo, AccountCode: income, CompoundID: g.compoundID, Debit: zeroYuan, Credit: commission})
		v := books.Voucher{Date: g.date, Kind: books.VoucherIncome, SourceRef: "结算单:" + src.Name + ":" + res.SHA256[:12], Lines: lines}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO income_item (date, compound_id, category, payer, memo, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			g.date, g.compoundID, src.Category, src.Name, memo, g.commission, v.ID, tx.Now()); err != nil {
			return err
		}
		for _, o := range g.orders {
			if _, err := tx.Exec(`INSERT INTO settlement_order (source, ref, file_sha256, voucher_id, line) VALUES (?, ?, ?, ?, ?)`,
				src.Name, o.ref, res.SHA256, v.ID, o.line); err != nil {
				return books.Errorf(books.Conflict, "单号 %s 刚被另一次导入记入，请重新导入", o.ref)
			}
		}
		total += g.commission
		res.Vouchers = append(res.Vouchers, SettlementVoucher{Compound: g.compound, Period: g.period, Date: g.date, VoucherNo: v.No(), Lines: g.lines,
			Gross: books.FromFen(g.gross), Commission: commission, Fees: fee})
	}
	res.Commission, res.Fees = books.FromFen(total), books.FromFen(fees)
	n := 0
	for _, g := range groups {
		n += g.lines
	}
	// A file whose drafts were all deleted comes in again over its record.
	if _, err := tx.Exec(`INSERT INTO settlement_file (sha256, source, file_name, imported_at, imported_by, lines, vouchers, commission_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET source = excluded.source, file_name = excluded.file_name, imported_at = excluded.imported_at,
		imported_by = excluded.imported_by, lines = excluded.lines, vouchers = excluded.vouchers, commission_fen = excluded.commission_fen`,
		res.SHA256, src.Name, res.File, tx.Now(), s.User().ID, n, len(groups), total); err != nil {
		return err
	}
	var nos []string
	for _, v := range res.Vouchers {
		nos = append(nos, v.Period.String()+"/"+v.VoucherNo)
	}
	return tx.Log("income.settlement", "settlement_file", res.SHA256[:16], nil, map[string]any{
		"file": res.File, "sha256": res.SHA256, "source": src.Name, "lines": n, "vouchers": nos,
		"commission": books.PlainYuan(res.Commission), "fees": books.PlainYuan(res.Fees)})
}

// settledOrders are the orders of source already imported, each with where
// it went.
func settledOrders(q books.Querier, source string) (map[string]string, error) {
	rows, err := q.Query(`SELECT o.ref, f.file_name, f.imported_at, v.period, v.word, v.number FROM settlement_order o
		JOIN settlement_file f ON f.sha256 = o.file_sha256 JOIN voucher v ON v.id = o.voucher_id WHERE o.source = ?`, source)
	if err != nil {
		return nil, internal("settled orders", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var ref, file, at, word string
		var p books.Period
		var n int
		if err := rows.Scan(&ref, &file, &at, &p, &word, &n); err != nil {
			return nil, internal("settled orders", err)
		}
		out[ref] = fmt.Sprintf("%s 导入的 %s，凭证 %s %s", at, file, p.Chinese(), books.VoucherNo(word, n))
	}
	return out, rows.Err()
}

// defaultFeeAccount is the book's one approval-exempt expense account named
// 手续费.
func defaultFeeAccount(q books.Querier, source string) (string, error) {
	rows, err := q.Query(`SELECT code FROM account a WHERE class = 'expense' AND approval_exempt = 1 AND name LIKE '%手续费%'
		AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) ORDER BY code`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		codes = append(codes, c)
	}
	if len(codes) != 1 {
		return "", books.Errorf(books.Invalid, "结算单扣了手续费，但账簿里没有唯一一个免审批的手续费科目：请用 income source set -source %s -fee-account 科目代码 指定", source)
	}
	return codes[0], nil
}
