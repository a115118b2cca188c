package income

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// incomeChart names the accounts income operations post to, per chart
// template. Children are created on first use where their parent can still
// take children; otherwise the parent itself takes the lines.
type incomeChart struct {
	bank       string // the bank account (root); its leaf receives money
	receivable string // 其他应收款 / 应收款
	// basic is the basic bank account created beside the street special
	// account (books.SpecialAccountPlace) when its parent is the bank account
	// itself (rural2023).
	basic, basicName string
}

var incomeCharts = map[string]incomeChart{
	"npo2004":   {bank: "1002", receivable: "1122"},
	"rural2023": {bank: "102", receivable: "112", basic: "10201", basicName: "基本户"},
}

// Income categories shipped with every book, with the income account each
// posts to (the child is created on first use).
const (
	CategoryRent     = "租金"
	CategoryGroupBuy = "团购佣金"
	CategoryWorkshop = "共富工坊"
	CategorySubsidy  = "补助"
	CategoryOther    = "其他收入"
)

// categoryAccount is an account a shipped category (or the rent
// receivable) posts to; class is the class a leaf of the same name must have
// to be used instead (income when empty).
type categoryAccount struct{ parent, code, name, class string }

var defaultCategories = map[string]map[string]categoryAccount{
	"npo2004": {
		CategoryRent:     {"4301", "430101", "社服用房租金", ""},
		CategoryGroupBuy: {"4901", "490101", "社区团购佣金", ""},
		CategoryWorkshop: {"4901", "490102", "共富工坊收入", ""},
		CategorySubsidy:  {"", "4401", "", ""},
		CategoryOther:    {"4901", "490109", "零星收入", ""},
	},
	"rural2023": {
		CategoryRent:     {"501", "50101", "社服用房租金", ""},
		CategoryGroupBuy: {"504", "50401", "社区团购佣金", ""},
		CategoryWorkshop: {"504", "50402", "共富工坊收入", ""},
		CategorySubsidy:  {"", "503", "", ""},
		CategoryOther:    {"504", "50409", "零星收入", ""},
	},
}

// DefaultIncomeCategories lists the shipped categories in display order.
func DefaultIncomeCategories() []string {
	return []string{CategoryRent, CategoryGroupBuy, CategoryWorkshop, CategorySubsidy, CategoryOther}
}

func bookChart(q books.Querier) (string, incomeChart, error) {
	var chart string
	if err := q.QueryRow(`SELECT chart FROM book WHERE id = 1`).Scan(&chart); err != nil {
		return "", incomeChart{}, err
	}
	ic, ok := incomeCharts[chart]
	if !ok {
		return chart, ic, books.Errorf(books.Invalid, "科目模板 %s 没有收入科目的设置", chart)
	}
	return chart, ic, nil
}

// accountState reads whether an account exists, is a leaf and has lines.
func accountState(q books.Querier, code string) (exists, leaf, used bool, err error) {
	var id int64
	err = q.QueryRow(`SELECT id, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, code).Scan(&id, &leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, false, nil
	}
	if err != nil {
		return false, false, false, err
	}
	var n int
	if err = q.QueryRow(`SELECT count(*) FROM voucher_line WHERE account_id = ?`, id).Scan(&n); err != nil {
		return
	}
	return true, leaf, n > 0, nil
}

// ensureChild returns code, creating it under parent first when it is
// missing. When the parent is a leaf that already has lines, a child would
// leave those lines on a non-leaf, so the parent itself is returned instead.
func ensureChild(s *books.Session, tx *books.Tx, parent, code, name string) (string, error) {
	exists, _, _, err := accountState(tx, code)
	if err != nil || exists {
		return code, err
	}
	pexists, pleaf, pused, err := accountState(tx, parent)
	if err != nil {
		return "", err
	}
	if !pexists {
		return "", books.Errorf(books.NotFound, "科目 %s 不存在，无法增设下级科目 %s %s", parent, code, name)
	}
	if pleaf && pused {
		return parent, nil
	}
	_, err = tx.AddChildAccount(parent, code, name, "income")
	return code, err
}

// leafFor returns code when it is a leaf, else its first active leaf
// descendant other than those in skip.
func leafFor(q books.Querier, code string, skip ...string) (string, error) {
	exists, leaf, _, err := accountState(q, code)
	if err != nil {
		return "", err
	}
	if !exists {
		return "", books.Errorf(books.NotFound, "科目 %s 不存在", code)
	}
	if leaf {
		return code, nil
	}
	rows, err := q.Query(`SELECT a.code FROM account a WHERE a.code LIKE ? AND a.code <> ? AND a.active = 1
		AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) ORDER BY a.code`, code+"%", code)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		rows.Scan(&c)
		skipped := false
		for _, s := range skip {
			skipped = skipped || s == c
		}
		if !skipped {
			return c, nil
		}
	}
	return "", books.Errorf(books.NotFound, "科目 %s 没有可用的末级科目", code)
}

// bankLeaf is the account money is received into and deposited from: the
// setting income.bank_account when set, else the chart's bank account or its
// first leaf that is not the street special account.
func bankLeaf(q books.Querier) (string, error) {
	var code string
	q.QueryRow(`SELECT value FROM setting WHERE key = 'income.bank_account'`).Scan(&code)
	if code != "" {
		return code, nil
	}
	_, ic, err := bookChart(q)
	if err != nil {
		return "", err
	}
	place, err := books.SpecialAccountPlace(q)
	if err != nil {
		return "", err
	}
	return leafFor(q, ic.bank, place.Code)
}

// checkMoneyAccount refuses a code that is not a leaf monetary account.
func checkMoneyAccount(q books.Querier, code string) error {
	var mon string
	var leaf bool
	err := q.QueryRow(`SELECT monetary, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, code).Scan(&mon, &leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return books.Errorf(books.NotFound, "科目 %s 不存在", code)
	}
	if err != nil {
		return err
	}
	if mon == "" {
		return books.Errorf(books.Invalid, "科目 %s 不是现金或银行类科目，不能用来收款", code)
	}
	if !leaf {
		return books.Errorf(books.Invalid, "科目 %s 有下级科目，请选到最末级", code)
	}
	return nil
}

// IncomeCategory is a kind of income with the account it posts to.
type IncomeCategory struct {
	Name        string
	AccountCode string
}

// categoryAccountTx returns the income account of a category, registering a
// shipped category (and creating its child account) on first use.
func categoryAccountTx(s *books.Session, tx *books.Tx, name string) (string, error) {
	name = strings.TrimSpace(name)
	var code string
	err := tx.QueryRow(`SELECT account_code FROM income_category WHERE name = ?`, name).Scan(&code)
	if err == nil {
		return code, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	chart, _, err := bookChart(tx)
	if err != nil {
		return "", err
	}
	ca, ok := defaultCategories[chart][name]
	if !ok {
		return "", books.Errorf(books.NotFound, "没有“%s”这个收入类别（可选：%s，或先增加类别）", name, strings.Join(categoryNames(s, tx), "、"))
	}
	if code, err = defaultCategoryAccount(s, tx, ca); err != nil {
		return "", err
	}
	now := tx.Now()
	if _, err := tx.Exec(`INSERT INTO income_category (name, account_code, created_at) VALUES (?, ?, ?)`, name, code, now); err != nil {
		return "", err
	}
	return code, tx.Log("income.category", "income_category", name, nil, map[string]string{"name": name, "account": code})
}

// defaultCategoryAccount finds or makes the account of a shipped category:
// an income leaf already carrying its name (a chart extended by hand, the
// demo) is used as it is; otherwise the child is created under its parent, at
// the next free code when the usual one is taken by another account.
func defaultCategoryAccount(s *books.Session, tx *books.Tx, ca categoryAccount) (string, error) {
	if ca.parent == "" {
		return leafFor(tx, ca.code)
	}
	var code string
	class := ca.class
	if class == "" {
		class = books.ClassIncome
	}
	err := tx.QueryRow(`SELECT a.code FROM account a WHERE a.class = ? AND a.active = 1 AND a.name = ? AND a.code LIKE ?
		AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) ORDER BY a.code LIMIT 1`, class, ca.name, ca.parent[:1]+"%").Scan(&code)
	if err == nil {
		return code, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	code = ca.code
	if exists, _, _, err := accountState(tx, code); err != nil {
		return "", err
	} else if exists {
		var last sql.NullString
		if err := tx.QueryRow(`SELECT max(code) FROM account WHERE code LIKE ? AND length(code) = ?`, ca.parent+"%", len(ca.parent)+2).Scan(&last); err != nil {
			return "", err
		}
		var n int
		fmt.Sscanf(strings.TrimPrefix(last.String, ca.parent), "%d", &n)
		if n >= 99 {
			return ca.parent, nil
		}
		code = fmt.Sprintf("%s%02d", ca.parent, n+1)
	}
	return ensureChild(s, tx, ca.parent, code, ca.name)
}

func categoryNames(s *books.Session, q books.Querier) []string {
	names := DefaultIncomeCategories()
	rows, err := q.Query(`SELECT name FROM income_category ORDER BY name`)
	if err != nil {
		return names
	}
	defer rows.Close()
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		if !seen[n] {
			names = append(names, n)
		}
	}
	return names
}

// AddIncomeCategory adds a category of income posting to an income account
// (a leaf of class 收入).
func AddIncomeCategory(s *books.Session, name, accountCode string) error {
	if err := s.Require("增加收入类别", books.RoleAccountant); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return books.Errorf(books.Invalid, "请填写收入类别名称")
	}
	return s.Write(func(tx *books.Tx) error {
		var class string
		var leaf bool
		err := tx.QueryRow(`SELECT class, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, accountCode).Scan(&class, &leaf)
		if errors.Is(err, sql.ErrNoRows) {
			return books.Errorf(books.NotFound, "科目 %s 不存在", accountCode)
		} else if err != nil {
			return err
		}
		if class != books.ClassIncome || !leaf {
			return books.Errorf(books.Invalid, "收入类别要对应一个末级收入类科目，%s 不是", accountCode)
		}
		var n int
		tx.QueryRow(`SELECT count(*) FROM income_category WHERE name = ?`, name).Scan(&n)
		if n > 0 {
			return books.Errorf(books.Conflict, "收入类别“%s”已经存在", name)
		}
		now := tx.Now()
		if _, err := tx.Exec(`INSERT INTO income_category (name, account_code, created_at) VALUES (?, ?, ?)`, name, accountCode, now); err != nil {
			return err
		}
		return tx.Log("income.category", "income_category", name, nil, map[string]string{"name": name, "account": accountCode})
	})
}

// IncomeCategories lists the categories in use and the shipped ones not yet
// used (whose account is created on first use).
func IncomeCategories(b *books.Book) ([]IncomeCategory, error) {
	rows, err := b.Reader().Query(`SELECT name, account_code FROM income_category ORDER BY name`)
	if err != nil {
		return nil, internal("list income categories", err)
	}
	defer rows.Close()
	have := map[string]string{}
	var extra []IncomeCategory
	for rows.Next() {
		var c IncomeCategory
		rows.Scan(&c.Name, &c.AccountCode)
		have[c.Name] = c.AccountCode
		if _, ok := defaultCategories["npo2004"][c.Name]; !ok {
			extra = append(extra, c)
		}
	}
	chart, _, _ := bookChart(b.Reader())
	var out []IncomeCategory
	for _, n := range DefaultIncomeCategories() {
		code, ok := have[n]
		if !ok {
			code = defaultCategories[chart][n].code
		}
		out = append(out, IncomeCategory{Name: n, AccountCode: code})
	}
	return append(out, extra...), rows.Err()
}

// IncomeEntry registers income received (团购佣金, 共富工坊, 补助 …).
type IncomeEntry struct {
	ID           int64
	Date         string
	CompoundID   int64
	CompoundName string
	Category     string
	Payer        string
	Memo         string
	Amount       books.Money
	// DebitCode is the account the money arrives on; empty means the bank
	// account (bankLeaf).
	DebitCode string
	VoucherID int64
	VoucherNo string
	// VoucherPeriod is the voucher's month (2026年12月 记-0020).
	VoucherPeriod books.Period
}

// AddIncome registers other income and makes its voucher (a draft of kind
// income): debit the bank, credit the category's income account, the
// compound on both lines.
func AddIncome(s *books.Session, e IncomeEntry) (IncomeEntry, error) {
	if err := s.Require("登记收入", books.RoleAccountant, books.RoleCashier); err != nil {
		return e, err
	}
	if _, err := books.ParseDate(e.Date); err != nil {
		return e, err
	}
	if !e.Amount.IsPositive() {
		return e, books.Errorf(books.Invalid, "收入金额必须大于 0")
	}
	fen, err := books.ToFen(e.Amount)
	if err != nil {
		return e, err
	}
	e.Category = strings.TrimSpace(e.Category)
	if e.Category == "" {
		return e, books.Errorf(books.Invalid, "请选择收入类别")
	}
	err = s.Write(func(tx *books.Tx) error {
		p, _ := books.PeriodOf(e.Date)
		if err := tx.RefuseClosed(p); err != nil {
			return err
		}
		r := Room{CompoundID: e.CompoundID, CompoundName: e.CompoundName}
		if err := resolveRoomCompound(tx, &r); err != nil {
			return err
		}
		e.CompoundID, e.CompoundName = r.CompoundID, r.CompoundName
		income, err := categoryAccountTx(s, tx, e.Category)
		if err != nil {
			return err
		}
		if e.DebitCode == "" {
			if e.DebitCode, err = bankLeaf(tx); err != nil {
				return err
			}
		}
		if err := checkMoneyAccount(tx, e.DebitCode); err != nil {
			return err
		}
		memo := "收" + e.Category
		if e.Payer != "" {
			memo += "（" + strings.TrimSpace(e.Payer) + "）"
		}
		if m := strings.TrimSpace(e.Memo); m != "" {
			memo += "：" + m
		}
		v := books.Voucher{Date: e.Date, Kind: books.VoucherIncome, SourceRef: "收入:" + e.Category, Lines: []books.Line{
			{Memo: memo, AccountCode: e.DebitCode, CompoundID: e.CompoundID, Debit: e.Amount, Credit: zeroYuan},
			{Memo: memo, AccountCode: income, CompoundID: e.CompoundID, Debit: zeroYuan, Credit: e.Amount},
		}}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO income_item (date, compound_id, category, payer, memo, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Date, e.CompoundID, e.Category, strings.TrimSpace(e.Payer), strings.TrimSpace(e.Memo), fen, v.ID, now)
		if err != nil {
			return err
		}
		e.ID, _ = res.LastInsertId()
		e.VoucherID, e.VoucherNo = v.ID, v.No()
		return tx.Log("income.add", "income_item", fmt.Sprint(e.ID), nil, map[string]string{
			"date": e.Date, "compound": e.CompoundName, "category": e.Category, "payer": e.Payer, "amount": books.PlainYuan(e.Amount), "voucher": v.No()})
	})
	if err != nil {
		return e, fmt.Errorf("add income: %w", err)
	}
	return e, nil
}

// IncomeItems lists registered other income in a month range (0 for no
// bound), newest last; reversed items are left out.
func IncomeItems(b *books.Book, from, to books.Period) ([]IncomeEntry, error) {
	if to == 0 {
		to = 999912
	}
	rows, err := b.Reader().Query(`SELECT i.id, i.date, i.compound_id, c.name, i.category, i.payer, i.memo, i.amount_fen, i.voucher_id, v.period, v.word, v.number
		FROM income_item i JOIN compound c ON c.id = i.compound_id JOIN voucher v ON v.id = i.voucher_id
		WHERE i.reversed_by IS NULL AND v.period BETWEEN ? AND ? ORDER BY i.date, i.id`, int(from), int(to))
	if err != nil {
		return nil, internal("list income", err)
	}
	defer rows.Close()
	var out []IncomeEntry
	for rows.Next() {
		var e IncomeEntry
		var fen int64
		var word string
		var num int
		if err := rows.Scan(&e.ID, &e.Date, &e.CompoundID, &e.CompoundName, &e.Category, &e.Payer, &e.Memo, &fen, &e.VoucherID, &e.VoucherPeriod, &word, &num); err != nil {
			return nil, internal("list income", err)
		}
		e.Amount, e.VoucherNo = books.FromFen(fen), books.VoucherNo(word, num)
		out = append(out, e)
	}
	return out, rows.Err()
}

// zeroYuan is the zero amount for the side of a line that is empty.
var zeroYuan = books.FromFen(0)

// releaseIncomeOnReversal makes a bill, receipt, income item or deposit
// stop counting when the reversal of the voucher that made it is posted, so
// the same bill or deposit can be made again correctly.
func releaseIncomeOnReversal(tx *books.Tx, v books.Voucher) error {
	if v.Kind != books.VoucherReversal || v.ReversesID == 0 {
		return nil
	}
	for _, t := range []string{"lease_bill", "lease_receipt", "income_item", "deposit"} {
		if _, err := tx.Exec(`UPDATE `+t+` SET reversed_by = ? WHERE voucher_id = ? AND reversed_by IS NULL`, v.ID, v.ReversesID); err != nil {
			return err
		}
	}
	// The orders a reversed settlement voucher brought may come in again.
	if _, err := tx.Exec(`DELETE FROM settlement_order WHERE voucher_id = ?`, v.ReversesID); err != nil {
		return err
	}
	return nil
}

// verifyIncomeRecords reports a bill, receipt, income item or deposit whose
// amount differs from the voucher it made: the file was edited by hand.
func verifyIncomeRecords(b *books.Book) []string {
	var problems []string
	for _, t := range []struct{ table, what string }{
		{"lease_bill", "租金应收"}, {"lease_receipt", "租金收款"}, {"income_item", "收入登记"}, {"deposit", "缴存记录"},
	} {
		rows, err := b.Reader().Query(`SELECT x.id, x.amount_fen, v.total_fen, v.period, v.word, v.number FROM ` + t.table + ` x JOIN voucher v ON v.id = x.voucher_id
			WHERE x.amount_fen <> v.total_fen LIMIT 20`)
		if err != nil {
			return append(problems, "无法读取"+t.what)
		}
		for rows.Next() {
			var id, amt, total int64
			var p books.Period
			var w string
			var n int
			rows.Scan(&id, &amt, &total, &p, &w, &n)
			problems = append(problems, fmt.Sprintf("%s（编号 %d）的金额 %s 与其凭证 %s %s 的金额 %s 不符（文件被改动过）",
				t.what, id, books.FormatYuan(books.FromFen(amt)), p.Chinese(), books.VoucherNo(w, n), books.FormatYuan(books.FromFen(total))))
		}
		rows.Close()
	}
	return problems
}
