// Package notice computes the monthly 财务公开 notice of a community book from books' exported reports.
package notice

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// Notice is the monthly 财务公开 notice of a community: per compound the fund
// balance before and after the month and every income and expense item, as
// it hangs on each compound's bulletin board.
type Notice struct {
	Street    string
	Community string
	Period    books.Period
	// PostFrom and PostTo bound the 公示期, "YYYY-MM-DD", both inclusive.
	PostFrom, PostTo string
	// Supervision phones of the community and the street (book settings).
	PhoneCommunity, PhoneStreet string
	Compounds                   []Compound
	// Closed is whether the month is closed (结账); Unposted counts its
	// vouchers not yet posted, which the notice leaves out. A notice of a
	// month not closed is printed marked 未结账.
	Closed   bool
	Unposted int
	// Anchor is the operation log's head when the notice was made; printed
	// on the posted notice, it lets anyone holding a copy check later that
	// the book's history was not rewritten (books.VerifyAnchor). Zero for
	// an empty log.
	Anchor books.LogAnchor
	// Published is set on a notice being published (Publish): every page
	// prints its number and hash, with a QR code of them.
	Published *Published
}

// Compound is one compound's part of the notice.
//
// Its fund balance is credit − debit over its posted lines on net-asset,
// income and expense accounts to date (books.FundBalance), so the year-end
// carry (income and expense into net assets) leaves it unchanged. Income is
// credit − debit on income accounts in the month, Expense debit − credit on
// expense accounts; the carry voucher is not an item. Other is any remaining
// movement of the fund in the month (a voucher straight onto net assets,
// such as opening balances); Opening + Income − Expense + Other = Closing
// always holds, and Other is zero in an ordinary month.
type Compound struct {
	CompoundID int64
	Compound   string
	Opening    books.Money
	Income     books.Money
	Expense    books.Money
	Other      books.Money
	Closing    books.Money
	Items      []Item
}

// Item is one voucher's lines for one compound with income or expense.
type Item struct {
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
	Income  books.Money
	Expense books.Money
	Handler string // 经办人: the application's handler, else the voucher's preparer
}

// ApprovalText is what the notice prints under 审批编号: the street's number
// (the application's own until the street has one), 纸质审批 for an approval
// on paper, 免审批 for an exempt expense; sep joins number and mark.
func (it Item) ApprovalText(sep string) string {
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

// Options choose the 公示期; zero values take the defaults.
type Options struct {
	// PostFrom is the first day of the 公示期 ("YYYY-MM-DD"); by default the
	// first working day (Monday to Friday) after the month ends. Public
	// holidays are not known to the book: type the date when one intervenes.
	PostFrom string
	// Days is the length of the 公示期 in calendar days, PostFrom included;
	// by default the book setting books.SettingNoticeDays, else
	// books.DefaultNoticeDays.
	Days int
}

// Of builds the month's notice for one compound, or for every compound
// (compoundID 0: the active ones, plus archived ones with activity), with
// the default 公示期. Only posted vouchers count.
func Of(b *books.Book, month books.Period, compoundID int64) (Notice, error) {
	return With(b, month, compoundID, Options{})
}

// With is Of with a chosen 公示期.
func With(b *books.Book, month books.Period, compoundID int64, o Options) (Notice, error) {
	if !month.Valid() {
		return Notice{}, books.Errorf(books.Invalid, "月份 %d 不是有效的月份", int(month))
	}
	info, err := b.Info()
	if err != nil {
		return Notice{}, err
	}
	n := Notice{Street: info.Street, Community: info.Community, Period: month,
		PhoneCommunity: b.Setting(books.SettingPhoneCommunity, ""), PhoneStreet: b.Setting(books.SettingPhoneStreet, "")}
	if n.PostFrom, n.PostTo, err = postingPeriod(b, month, o); err != nil {
		return Notice{}, err
	}
	if n.Anchor, err = b.LogAnchor(); err != nil {
		return Notice{}, err
	}
	n.Closed = b.IsClosed(month)
	all, err := b.CountVouchers(books.VoucherFilter{From: month, To: month})
	if err != nil {
		return Notice{}, err
	}
	posted, err := b.CountVouchers(books.VoucherFilter{From: month, To: month, Status: books.StatusPosted})
	if err != nil {
		return Notice{}, err
	}
	n.Unposted = all - posted

	var compounds []books.Compound
	if compoundID != 0 {
		c, err := b.CompoundByID(compoundID)
		if err != nil {
			return Notice{}, err
		}
		compounds = []books.Compound{c}
	} else if compounds, err = b.Compounds(true); err != nil {
		return Notice{}, err
	}
	items, err := monthItems(b, month, compoundID)
	if err != nil {
		return Notice{}, err
	}
	for _, c := range compounds {
		opening, err := b.FundBalance(c.ID, month.Prev())
		if err != nil {
			return Notice{}, err
		}
		closing, err := b.FundBalance(c.ID, month)
		if err != nil {
			return Notice{}, err
		}
		cn := Compound{CompoundID: c.ID, Compound: c.Name, Opening: opening, Closing: closing,
			Income: decimal.Zero, Expense: decimal.Zero, Items: items[c.ID]}
		if c.Archived && compoundID == 0 && len(cn.Items) == 0 && opening.IsZero() && closing.IsZero() {
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
func postingPeriod(b *books.Book, month books.Period, o Options) (from, to string, err error) {
	days := o.Days
	if days == 0 {
		days = books.DefaultNoticeDays
		if s := b.Setting(books.SettingNoticeDays, ""); s != "" {
			if d, err := strconv.Atoi(s); err == nil && d > 0 {
				days = d
			}
		}
	}
	if days < 1 || days > 366 {
		return "", "", books.Errorf(books.Invalid, "公示天数 %d 不合理（应为 1 到 366 天）", days)
	}
	var start time.Time
	if o.PostFrom != "" {
		if start, err = books.ParseDate(o.PostFrom); err != nil {
			return "", "", err
		}
		if o.PostFrom <= month.Last() {
			return "", "", books.Errorf(books.Invalid, "公示开始日期 %s 早于或等于 %s 的最后一天，公示只能在月份结束后开始", o.PostFrom, month.Chinese())
		}
	} else {
		start, _ = books.ParseDate(month.Last())
		start = start.AddDate(0, 0, 1)
		for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
			start = start.AddDate(0, 0, 1)
		}
	}
	return start.Format("2006-01-02"), start.AddDate(0, 0, days-1).Format("2006-01-02"), nil
}

// monthItems returns the month's items per compound, in date and number
// order: the fund entries of each voucher and compound summed into one item.
func monthItems(b *books.Book, month books.Period, compoundID int64) (map[int64][]Item, error) {
	entries, err := b.FundEntries(month, month, compoundID)
	if err != nil {
		return nil, err
	}
	type key struct{ voucher, compound int64 }
	idx := map[key]int{}
	var list []Item
	var comp []int64
	var ids []int64
	seen := map[int64]bool{}
	for _, e := range entries {
		k := key{e.VoucherID, e.CompoundID}
		i, ok := idx[k]
		if !ok {
			i = len(list)
			idx[k] = i
			list = append(list, Item{Date: e.Date, VoucherID: e.VoucherID, VoucherNo: e.VoucherNo, Memo: e.Memo, Handler: e.Preparer,
				Income: decimal.Zero, Expense: decimal.Zero})
			comp = append(comp, e.CompoundID)
			if !seen[e.VoucherID] {
				seen[e.VoucherID] = true
				ids = append(ids, e.VoucherID)
			}
		}
		if e.Class == books.ClassIncome {
			list[i].Income = list[i].Income.Add(e.Credit.Sub(e.Debit))
		} else {
			list[i].Expense = list[i].Expense.Add(e.Debit.Sub(e.Credit))
			list[i].Exempt = list[i].Exempt || e.ApprovalExempt
		}
	}
	refs, err := spending.VoucherApplications(b, ids)
	if err != nil {
		return nil, fmt.Errorf("notice applications: %w", err)
	}
	out := map[int64][]Item{}
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

// Warning says what the person printing should know before the notice goes
// up: a month not closed, vouchers not yet posted. Empty when there is
// nothing to say.
func (n Notice) Warning() string {
	if n.Closed {
		return ""
	}
	w := n.Period.Chinese() + " 还没有结账，公示上印有“未结账”，数字在结账前还可能变动"
	if n.Unposted > 0 {
		w += fmt.Sprintf("；本月还有 %d 张凭证没有记账，公示不含这些凭证", n.Unposted)
	}
	return w
}

// Totals returns the notice's income, expense, opening and closing summed
// over its compounds.
func (n Notice) Totals() (opening, income, expense, closing books.Money) {
	opening, income, expense, closing = decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for _, c := range n.Compounds {
		opening, income, expense, closing = opening.Add(c.Opening), income.Add(c.Income), expense.Add(c.Expense), closing.Add(c.Closing)
	}
	return
}
