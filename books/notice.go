package books

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Setting keys the monthly notice reads.
const (
	SettingPhoneCommunity = "phone.community" // 社区监督电话
	SettingPhoneStreet    = "phone.street"    // 街道监督电话
	SettingNoticeDays     = "notice.days"     // 公示天数, default DefaultNoticeDays
)

// DefaultNoticeDays is how long a notice hangs when the book sets nothing:
// seven calendar days, the shortest 公示期 local rules commonly ask for.
const DefaultNoticeDays = 7

// Notice is the monthly 财务公开 notice of a community: per compound the fund
// balance before and after the month and every income and expense item, as
// it hangs on each compound's bulletin board.
type Notice struct {
	Street    string
	Community string
	Period    Period
	// PostFrom and PostTo bound the 公示期, "YYYY-MM-DD", both inclusive.
	PostFrom, PostTo string
	// Supervision phones of the community and the street (book settings).
	PhoneCommunity, PhoneStreet string
	Compounds                   []CompoundNotice
	// Anchor is the operation log's head when the notice was made; printed
	// on the posted notice, it lets anyone holding a copy check later that
	// the book's history was not rewritten (VerifyAnchor). Zero for an
	// empty log.
	Anchor LogAnchor
}

// CompoundNotice is one compound's part of the notice.
//
// Its fund balance is credit − debit over its posted lines on net-asset,
// income and expense accounts to date, so the year-end carry (income and
// expense into net assets) leaves it unchanged. Income is credit − debit on
// income accounts in the month, Expense debit − credit on expense accounts;
// the carry voucher is not an item. Other is any remaining movement of the
// fund in the month (a voucher straight onto net assets, such as opening
// balances); Opening + Income − Expense + Other = Closing always holds, and
// Other is zero in an ordinary month.
type CompoundNotice struct {
	CompoundID int64
	Compound   string
	Opening    Money
	Income     Money
	Expense    Money
	Other      Money
	Closing    Money
	Items      []NoticeItem
}

// NoticeItem is one voucher's lines for one compound with income or expense.
type NoticeItem struct {
	Seq       int // 序号, from 1 within the compound
	Date      string
	VoucherID int64
	VoucherNo string // 记-0007
	Memo      string // 事项: the memo of the compound's first income or expense line in the voucher
	// Level is the paid application's 事项等级 (重大/一般/小微), AppNo its
	// number (申-2026-0001) and ApprovalNo the street's 审批编号; Paper marks
	// an approval recorded on paper (纸质审批). All empty when the voucher
	// pays no application.
	Level      string
	AppNo      string
	ApprovalNo string
	Paper      bool
	// Exempt marks an expense paid without an application on an account the
	// 会计 exempted from approval (银行手续费): the notice says so openly.
	Exempt  bool
	Income  Money
	Expense Money
	Handler string // 经办人: the application's handler, else the voucher's preparer
}

// ApprovalText is what the notice prints under 审批编号: the street's number
// (the application's own until the street has one), 纸质审批 for an approval
// on paper, 免审批 for an exempt expense; sep joins number and mark.
func (it NoticeItem) ApprovalText(sep string) string {
	approval := it.ApprovalNo
	if approval == "" {
		approval = it.AppNo
	}
	if it.Paper {
		if approval != "" {
			approval += sep
		}
		approval += "纸质审批"
	}
	if it.Exempt && approval == "" && it.Expense.IsPositive() {
		approval = "免审批"
	}
	return approval
}

// NoticeOptions choose the 公示期; zero values take the defaults.
type NoticeOptions struct {
	// PostFrom is the first day of the 公示期 ("YYYY-MM-DD"); by default the
	// first working day (Monday to Friday) after the month ends. Public
	// holidays are not known to the book: type the date when one intervenes.
	PostFrom string
	// Days is the length of the 公示期 in calendar days, PostFrom included;
	// by default the book setting notice.days, else DefaultNoticeDays.
	Days int
}

// Notice builds the month's notice for one compound, or for every compound
// (compoundID 0: the active ones, plus archived ones with activity), with
// the default 公示期. Only posted vouchers count.
func (b *Book) Notice(month Period, compoundID int64) (Notice, error) {
	return b.NoticeWith(month, compoundID, NoticeOptions{})
}

// NoticeWith is Notice with a chosen 公示期.
func (b *Book) NoticeWith(month Period, compoundID int64, o NoticeOptions) (Notice, error) {
	if !month.Valid() {
		return Notice{}, Errorf(Invalid, "月份 %d 不是有效的月份", int(month))
	}
	info, err := b.Info()
	if err != nil {
		return Notice{}, err
	}
	n := Notice{Street: info.Street, Community: info.Community, Period: month,
		PhoneCommunity: b.Setting(SettingPhoneCommunity, ""), PhoneStreet: b.Setting(SettingPhoneStreet, "")}
	if n.PostFrom, n.PostTo, err = b.postingPeriod(month, o); err != nil {
		return Notice{}, err
	}
	if n.Anchor, err = b.LogAnchor(); err != nil {
		return Notice{}, err
	}

	var compounds []Compound
	if compoundID != 0 {
		c, err := b.CompoundByID(compoundID)
		if err != nil {
			return Notice{}, err
		}
		compounds = []Compound{c}
	} else if compounds, err = b.Compounds(true); err != nil {
		return Notice{}, err
	}

	opening, err := b.fundBalances(month.Prev())
	if err != nil {
		return Notice{}, err
	}
	closing, err := b.fundBalances(month)
	if err != nil {
		return Notice{}, err
	}
	items, err := b.noticeItems(month, compoundID)
	if err != nil {
		return Notice{}, err
	}

	for _, c := range compounds {
		cn := CompoundNotice{CompoundID: c.ID, Compound: c.Name, Opening: FromFen(opening[c.ID]), Closing: FromFen(closing[c.ID]),
			Income: decimal.Zero, Expense: decimal.Zero, Items: items[c.ID]}
		if c.Archived && compoundID == 0 && len(cn.Items) == 0 && opening[c.ID] == 0 && closing[c.ID] == 0 {
			continue
		}
		for _, it := range cn.Items {
			cn.Income = cn.Income.Add(it.Income)
			cn.Expense = cn.Expense.Add(it.Expense)
		}
		cn.Other = cn.Closing.Sub(cn.Opening).Sub(cn.Income).Add(cn.Expense)
		n.Compounds = append(n.Compounds, cn)
	}
	return n, nil
}

// postingPeriod works out the 公示期.
func (b *Book) postingPeriod(month Period, o NoticeOptions) (from, to string, err error) {
	days := o.Days
	if days == 0 {
		days = DefaultNoticeDays
		if s := b.Setting(SettingNoticeDays, ""); s != "" {
			if d, err := strconv.Atoi(s); err == nil && d > 0 {
				days = d
			}
		}
	}
	if days < 1 || days > 366 {
		return "", "", Errorf(Invalid, "公示天数 %d 不合理（应为 1 到 366 天）", days)
	}
	var start time.Time
	if o.PostFrom != "" {
		if start, err = ParseDate(o.PostFrom); err != nil {
			return "", "", err
		}
		if o.PostFrom <= month.Last() {
			return "", "", Errorf(Invalid, "公示开始日期 %s 早于或等于 %s 的最后一天，公示只能在月份结束后开始", o.PostFrom, month.Chinese())
		}
	} else {
		start, _ = ParseDate(month.Last())
		start = start.AddDate(0, 0, 1)
		for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
			start = start.AddDate(0, 0, 1)
		}
	}
	return start.Format("2006-01-02"), start.AddDate(0, 0, days-1).Format("2006-01-02"), nil
}

// fundBalances returns each compound's fund balance in fen at the end of
// period p, from the kept balances (posted vouchers only).
func (b *Book) fundBalances(p Period) (map[int64]int64, error) {
	rows, err := b.db.Query(`SELECT b.compound_id, sum(b.credit_fen) - sum(b.debit_fen)
		FROM balance b JOIN account a ON a.id = b.account_id
		WHERE a.class IN ('netasset', 'income', 'expense') AND b.period <= ?
		GROUP BY b.compound_id`, int(p))
	if err != nil {
		return nil, internal("notice balances", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, fen int64
		if err := rows.Scan(&id, &fen); err != nil {
			return nil, internal("notice balances", err)
		}
		out[id] = fen
	}
	return out, rows.Err()
}

// noticeItems returns the month's items per compound, in date and number order.
func (b *Book) noticeItems(month Period, compoundID int64) (map[int64][]NoticeItem, error) {
	q := `SELECT v.id, v.date, v.word, v.number, u.name, l.compound_id, l.memo, a.class, a.approval_exempt, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id
		JOIN user u ON u.id = v.preparer_id
		WHERE l.period = ? AND v.status = 'posted' AND v.kind <> 'carry' AND a.class IN ('income', 'expense')`
	args := []any{int(month)}
	if compoundID != 0 {
		q += ` AND l.compound_id = ?`
		args = append(args, compoundID)
	}
	rows, err := b.db.Query(q+` ORDER BY v.date, v.word, v.number, l.seq`, args...)
	if err != nil {
		return nil, internal("notice items", err)
	}
	defer rows.Close()
	type key struct{ voucher, compound int64 }
	idx := map[key]int{}
	var list []NoticeItem
	var comp []int64
	var ids []int64
	seen := map[int64]bool{}
	for rows.Next() {
		var it NoticeItem
		var word, memo, class string
		var num int
		var exempt bool
		var cid, d, c int64
		if err := rows.Scan(&it.VoucherID, &it.Date, &word, &num, &it.Handler, &cid, &memo, &class, &exempt, &d, &c); err != nil {
			return nil, internal("notice items", err)
		}
		k := key{it.VoucherID, cid}
		i, ok := idx[k]
		if !ok {
			it.VoucherNo, it.Memo, it.Income, it.Expense = VoucherNo(word, num), memo, decimal.Zero, decimal.Zero
			i = len(list)
			idx[k] = i
			list = append(list, it)
			comp = append(comp, cid)
			if !seen[it.VoucherID] {
				seen[it.VoucherID] = true
				ids = append(ids, it.VoucherID)
			}
		}
		if class == ClassIncome {
			list[i].Income = list[i].Income.Add(FromFen(c - d))
		} else {
			list[i].Expense = list[i].Expense.Add(FromFen(d - c))
			list[i].Exempt = list[i].Exempt || exempt
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal("notice items", err)
	}
	refs, err := b.VoucherApplications(ids)
	if err != nil {
		return nil, fmt.Errorf("notice applications: %w", err)
	}
	out := map[int64][]NoticeItem{}
	for i, it := range list {
		// A voucher whose income and expense lines cancel for this compound
		// moved no money of it.
		if it.Income.IsZero() && it.Expense.IsZero() {
			continue
		}
		if r, ok := refs[it.VoucherID]; ok {
			it.Exempt = false
			it.AppNo, it.ApprovalNo, it.Level, it.Paper = r.No, r.ApprovalNo, r.Level, r.Paper
			if strings.TrimSpace(r.Handler) != "" {
				it.Handler = r.Handler
			}
		}
		it.Seq = len(out[comp[i]]) + 1
		out[comp[i]] = append(out[comp[i]], it)
	}
	return out, nil
}

// Totals returns the notice's income, expense, opening and closing summed
// over its compounds.
func (n Notice) Totals() (opening, income, expense, closing Money) {
	opening, income, expense, closing = decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for _, c := range n.Compounds {
		opening, income, expense, closing = opening.Add(c.Opening), income.Add(c.Income), expense.Add(c.Expense), closing.Add(c.Closing)
	}
	return
}

// settingKeys are the settings a person may change with SetSetting.
var settingKeys = map[string]string{
	SettingPhoneCommunity: "社区监督电话",
	SettingPhoneStreet:    "街道监督电话",
	SettingNoticeDays:     "公示天数",
}

// SettingKeys lists the keys SetSetting accepts, sorted.
func SettingKeys() []string {
	keys := make([]string, 0, len(settingKeys))
	for k := range settingKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SetSetting changes a book setting a person may edit (the supervision
// phones, the 公示 length); an empty value removes it. Logged.
func (s *Session) SetSetting(key, value string) error {
	if err := s.require("修改账簿设置", RoleAccountant); err != nil {
		return err
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	name, ok := settingKeys[key]
	if !ok {
		return Errorf(Invalid, "没有可修改的设置“%s”（可选：%s）", key, strings.Join(SettingKeys(), "、"))
	}
	if key == SettingNoticeDays && value != "" {
		if d, err := strconv.Atoi(value); err != nil || d < 1 || d > 366 {
			return Errorf(Invalid, "%s应为 1 到 366 之间的整数，而不是“%s”", name, value)
		}
	}
	if len([]rune(value)) > 100 {
		return Errorf(Invalid, "%s太长（最多 100 个字）", name)
	}
	return s.b.tx(context.Background(), func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRow(`SELECT value FROM setting WHERE key = ?`, key).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if value == "" {
			_, err = tx.Exec(`DELETE FROM setting WHERE key = ?`, key)
		} else {
			_, err = tx.Exec(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		}
		if err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "setting.set", "setting", key, map[string]string{"value": old}, map[string]string{"value": value})
	})
}
