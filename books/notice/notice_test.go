package notice

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/bookstest"
	"sunbooks/books/spending"
)

// noticeBook posts a small history: February opens 阳光小区 with 1,000.00
// of income; March has income, an expense, a draft, an asset-only voucher and
// a voucher for 和平小区.
func noticeBook(t *testing.T) *bookstest.Book {
	tb := bookstest.New(t)
	tb.Post("2026-02-10", bookstest.Line("2月停车费", "1002", "阳光小区", "1000", ""), bookstest.Line("", "4901", "阳光小区", "", "1000"))
	tb.Post("2026-03-03", bookstest.Line("3月停车费收入", "1002", "阳光小区", "2500.50", ""), bookstest.Line("", "4901", "阳光小区", "", "2500.50"))
	tb.Post("2026-03-05", bookstest.Line("更换单元门禁", "5101", "阳光小区", "1200", ""), bookstest.Line("", "1002", "阳光小区", "", "1200"))
	tb.Post("2026-03-06", bookstest.Line("取现备用", "1001", "阳光小区", "300", ""), bookstest.Line("", "1002", "阳光小区", "", "300"))
	tb.Post("2026-03-08", bookstest.Line("和平小区广告位租金", "1002", "和平小区", "800", ""), bookstest.Line("", "4901", "和平小区", "", "800"))
	if _, err := tb.Accountant.SaveVoucher(books.Voucher{Date: "2026-03-09", Lines: []books.Line{
		bookstest.Line("草稿不上榜", "5101", "阳光小区", "99", ""), bookstest.Line("", "1002", "阳光小区", "", "99")}}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestNoticeBalancesFollowTheDefinition(t *testing.T) {
	tb := noticeBook(t)
	sun, _ := tb.CompoundByName("阳光小区")
	n, err := Of(tb.Book, 202603, sun.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Community != "阳光社区" || n.Street != "城关街道" || len(n.Compounds) != 1 {
		t.Fatalf("notice = %+v", n)
	}
	c := n.Compounds[0]
	for _, tc := range []struct {
		name      string
		got, want books.Money
	}{
		{"期初 = fund balance before the month", c.Opening, bookstest.Yuan("1000")},
		{"收入 = income credit − debit", c.Income, bookstest.Yuan("2500.50")},
		{"支出 = expense debit − credit", c.Expense, bookstest.Yuan("1200")},
		{"期末 = fund balance after the month", c.Closing, bookstest.Yuan("2300.50")},
		{"no other movement", c.Other, bookstest.Yuan("0")},
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
	if !c.Opening.Add(c.Income).Sub(c.Expense).Equal(c.Closing) {
		t.Errorf("期初 + 收入 − 支出 ≠ 期末: %s + %s − %s ≠ %s", c.Opening, c.Income, c.Expense, c.Closing)
	}
	// Only vouchers moving income or expense are items; drafts never.
	if len(c.Items) != 2 {
		t.Fatalf("items = %+v, want 2", c.Items)
	}
	want := []Item{
		{Seq: 1, Date: "2026-03-03", VoucherNo: "记-0001", Memo: "3月停车费收入", Income: bookstest.Yuan("2500.50"), Expense: bookstest.Yuan("0"), Handler: "张会计"},
		{Seq: 2, Date: "2026-03-05", VoucherNo: "记-0002", Memo: "更换单元门禁", Income: bookstest.Yuan("0"), Expense: bookstest.Yuan("1200"), Handler: "张会计"},
	}
	for i, w := range want {
		g := c.Items[i]
		if g.Seq != w.Seq || g.Date != w.Date || g.VoucherNo != w.VoucherNo || g.Memo != w.Memo || !g.Income.Equal(w.Income) || !g.Expense.Equal(w.Expense) || g.Handler != w.Handler {
			t.Errorf("item %d = %+v, want %+v", i+1, g, w)
		}
	}
}

func TestNoticeAllCompoundsKeepsMoneyApart(t *testing.T) {
	tb := noticeBook(t)
	n, err := Of(tb.Book, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Compounds) != 2 {
		t.Fatalf("compounds = %d, want 2", len(n.Compounds))
	}
	peace := n.Compounds[1]
	if peace.Compound != "和平小区" || !peace.Income.Equal(bookstest.Yuan("800")) || !peace.Closing.Equal(bookstest.Yuan("800")) || len(peace.Items) != 1 || peace.Items[0].Seq != 1 {
		t.Errorf("和平小区 = %+v", peace)
	}
	_, inc, exp, closing := n.Totals()
	if !inc.Equal(bookstest.Yuan("3300.50")) || !exp.Equal(bookstest.Yuan("1200")) || !closing.Equal(bookstest.Yuan("3100.50")) {
		t.Errorf("totals income %s expense %s closing %s", inc, exp, closing)
	}
}

func TestNoticeYearEndCarryDoesNotChangeTheFund(t *testing.T) {
	tb := bookstest.New(t)
	tb.AdvanceTo("2027-01-05")
	tb.Post("2026-12-03", bookstest.Line("12月停车费", "1002", "阳光小区", "500", ""), bookstest.Line("", "4901", "阳光小区", "", "500"))
	v, err := tb.Accountant.CarryYearEnd(2026)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.Accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	sun, _ := tb.CompoundByName("阳光小区")
	n, err := Of(tb.Book, 202612, sun.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := n.Compounds[0]
	if !c.Income.Equal(bookstest.Yuan("500")) || !c.Closing.Equal(bookstest.Yuan("500")) || !c.Other.IsZero() || len(c.Items) != 1 {
		t.Errorf("December after carry = income %s closing %s other %s items %d; want 500, 500, 0, 1", c.Income, c.Closing, c.Other, len(c.Items))
	}
	n, _ = Of(tb.Book, 202701, sun.ID)
	if c := n.Compounds[0]; !c.Opening.Equal(bookstest.Yuan("500")) {
		t.Errorf("January opening = %s, want 500 (the carry keeps the fund)", c.Opening)
	}
}

func TestNoticeNetAssetEntryIsOther(t *testing.T) {
	tb := bookstest.New(t)
	tb.Post("2026-03-01", bookstest.Line("期初余额", "1002", "阳光小区", "700", ""), bookstest.Line("", "3101", "阳光小区", "", "700"))
	sun, _ := tb.CompoundByName("阳光小区")
	n, _ := Of(tb.Book, 202603, sun.ID)
	c := n.Compounds[0]
	if !c.Other.Equal(bookstest.Yuan("700")) || !c.Closing.Equal(bookstest.Yuan("700")) || len(c.Items) != 0 {
		t.Errorf("other %s closing %s items %d; want 700, 700, 0", c.Other, c.Closing, len(c.Items))
	}
}

func TestNoticePostingPeriod(t *testing.T) {
	tb := bookstest.New(t)
	for _, tc := range []struct {
		name     string
		month    books.Period
		o        Options
		from, to string
	}{
		// 2026-03-31 is a Tuesday: the notice goes up on Wednesday 1 April.
		{"next working day", 202603, Options{}, "2026-04-01", "2026-04-07"},
		// 2026-02-28 is a Saturday: Monday 2 March.
		{"skips the weekend", 202602, Options{}, "2026-03-02", "2026-03-08"},
		{"chosen start and length", 202603, Options{PostFrom: "2026-04-03", Days: 10}, "2026-04-03", "2026-04-12"},
	} {
		n, err := With(tb.Book, tc.month, 0, tc.o)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n.PostFrom != tc.from || n.PostTo != tc.to {
			t.Errorf("%s: 公示期 %s–%s, want %s–%s", tc.name, n.PostFrom, n.PostTo, tc.from, tc.to)
		}
	}
	if _, err := With(tb.Book, 202603, 0, Options{PostFrom: "2026-03-20"}); books.ErrorCode(err) != books.Invalid {
		t.Errorf("a 公示期 inside the month: err = %v, want Invalid", err)
	}
	if err := tb.Accountant.SetSetting(books.SettingNoticeDays, "10"); err != nil {
		t.Fatal(err)
	}
	if n, _ := Of(tb.Book, 202603, 0); n.PostTo != "2026-04-10" {
		t.Errorf("notice.days = 10: PostTo = %s, want 2026-04-10", n.PostTo)
	}
}

func TestNoticeShowsTheSupervisionPhones(t *testing.T) {
	tb := bookstest.New(t)
	if err := tb.Accountant.SetSetting(books.SettingPhoneCommunity, "0539-1234567"); err != nil {
		t.Fatal(err)
	}
	if err := tb.Accountant.SetSetting(books.SettingPhoneStreet, "0539-7654321"); err != nil {
		t.Fatal(err)
	}
	n, _ := Of(tb.Book, 202603, 0)
	if n.PhoneCommunity != "0539-1234567" || n.PhoneStreet != "0539-7654321" {
		t.Errorf("phones = %q %q", n.PhoneCommunity, n.PhoneStreet)
	}
}

func TestItemNamesThePaidApplication(t *testing.T) {
	w := bookstest.NewSpending(t)
	a := w.Approved("阳光小区", "3000", "绿化公司", "公共服务")
	v, err := spending.Pay(w.Accountant, a.No, spending.PayInput{Date: "2026-03-10", Amount: bookstest.Yuan("3000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	// A payment voucher is on the notice once reviewed by another and posted.
	if n, _ := Of(w.Book.Book, 202603, 0); len(n.Compounds[0].Items) != 1 {
		t.Errorf("a draft payment is on the notice: %+v", n.Compounds[0].Items)
	}
	if err := w.Cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.Accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	sun, _ := w.CompoundByName("阳光小区")
	n, err := Of(w.Book.Book, 202603, sun.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got *Item
	for i, it := range n.Compounds[0].Items {
		if it.VoucherID == v.ID {
			got = &n.Compounds[0].Items[i]
		}
	}
	if got == nil {
		t.Fatalf("payment voucher %s not among the items %+v", v.No(), n.Compounds[0].Items)
	}
	a, _ = spending.ApplicationByNo(w.Book.Book, a.No)
	if got.AppNo != a.No || got.Level != "小微" || got.ApprovalNo != a.ApprovalNo || got.Handler != "王业委" || !got.Expense.Equal(bookstest.Yuan("3000")) {
		t.Errorf("payment item = %+v, want application %s 小微 approval %q by 王业委, expense 3000", *got, a.No, a.ApprovalNo)
	}
}

func TestNoticeNamesHowEachExpenseWasApproved(t *testing.T) {
	// newTestBook exempts 5101 from approval, as a 会计 would exempt bank
	// charges: the notice must say 免审批 rather than leave 审批编号 blank.
	tb := noticeBook(t)
	sun, _ := tb.CompoundByName("阳光小区")
	n, err := Of(tb.Book, 202603, sun.ID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		memo, want string
	}{
		{"3月停车费收入", ""},
		{"更换单元门禁", "免审批"},
	}
	for _, tt := range tests {
		found := false
		for _, it := range n.Compounds[0].Items {
			if it.Memo == tt.memo {
				found = true
				if got := it.ApprovalText(" "); got != tt.want {
					t.Errorf("%s: ApprovalText = %q, want %q", tt.memo, got, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("no item %q", tt.memo)
		}
	}
	paper := Item{AppNo: "申-2026-0001", ApprovalNo: "批-2026-0003", Paper: true, Expense: bookstest.Yuan("5")}
	if got := paper.ApprovalText("/"); got != "批-2026-0003/纸质审批" {
		t.Errorf("paper approval text = %q", got)
	}
	pending := Item{AppNo: "申-2026-0001", Expense: bookstest.Yuan("5")}
	if got := pending.ApprovalText("/"); got != "申-2026-0001" {
		t.Errorf("approval text before the street's number = %q", got)
	}
}

func TestNoticeCarriesTheLogHead(t *testing.T) {
	tb := bookstest.New(t)
	tb.Post("2026-03-05", bookstest.Line("收停车费", "1002", "阳光小区", "10000", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "10000"))
	n, err := Of(tb.Book, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := tb.LogAnchor()
	if n.Anchor != head || n.Anchor.IsZero() {
		t.Errorf("notice anchor %+v, log head %+v", n.Anchor, head)
	}
}

// A preview still running when the user opened another book gets an error,
// not a crash.
func TestNoticeOnAClosedBookFails(t *testing.T) {
	tb := bookstest.New(t)
	tb.Close()
	if _, err := Of(tb.Book, 202603, 0); err == nil {
		t.Error("a notice of a closed book was made")
	}
}

// A notice knows whether its month is closed and how many of its vouchers
// wait for posting, and warns before it is printed.
func TestNoticeWarnsOfAMonthNotClosed(t *testing.T) {
	tb := noticeBook(t) // March holds a draft
	n, err := Of(tb.Book, 202603, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n.Closed || n.Unposted != 1 || !strings.Contains(n.Warning(), "1 张凭证没有记账") || !strings.Contains(n.Warning(), "还没有结账") {
		t.Errorf("closed %v unposted %d warning %q", n.Closed, n.Unposted, n.Warning())
	}
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	if n, _ := Of(tb.Book, 202602, 0); !n.Closed || n.Unposted != 0 || n.Warning() != "" {
		t.Errorf("a closed month: closed %v unposted %d warning %q", n.Closed, n.Unposted, n.Warning())
	}
}
