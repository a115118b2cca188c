package printouts

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
	"sunbooks/books/notice"
)

// fixed is the creation date of every test PDF, so the bytes never vary.
var fixed = Options{Created: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}

func yuan(s string) books.Money { return decimal.RequireFromString(s) }

// sampleNotice is a small month of 阳光小区: two items, one paid on an
// approved application, one with a long 事项.
func sampleNotice() notice.Notice {
	return notice.Notice{
		Street: "城关街道", Community: "阳光社区", Period: 202603, PostFrom: "2026-04-01", PostTo: "2026-04-07",
		PhoneCommunity: "0539-1234567", PhoneStreet: "0539-7654321", Closed: true,
		Anchor: books.LogAnchor{Seq: 128, Hash: "3f2a09c177deb450" + strings.Repeat("0", 48)},
		Compounds: []notice.Compound{{
			CompoundID: 1, Compound: "阳光小区", Opening: yuan("12000"), Income: yuan("2500.50"), Expense: yuan("1234.50"),
			Other: yuan("0"), Closing: yuan("13266"),
			Items: []notice.Item{
				{Seq: 1, Date: "2026-03-03", VoucherNo: "记-0001", Memo: "3月停车费收入", Income: yuan("2500.50"), Expense: yuan("0"), Handler: "张会计"},
				{Seq: 2, Date: "2026-03-05", VoucherNo: "记-0002", Memo: "更换3号楼单元门禁系统及配套线路改造（含人工费、材料费），经两委联席会议决定，由物业公司代为施工，验收合格后支付", Level: "一般", AppNo: "申-2026-0003", ApprovalNo: "批-2026-0001", Paper: true, Income: yuan("0"), Expense: yuan("1234.50"), Handler: "王业委"},
			},
		}},
	}
}

// bigNotice has n items for 阳光小区, some with long memos.
func bigNotice(n int) notice.Notice {
	no := sampleNotice()
	c := &no.Compounds[0]
	c.Items = nil
	inc, exp := decimal.Zero, decimal.Zero
	for i := 1; i <= n; i++ {
		it := notice.Item{Seq: i, Date: fmt.Sprintf("2026-03-%02d", 1+i%28), VoucherNo: books.VoucherNo("记", i), Handler: "张会计", Income: decimal.Zero, Expense: decimal.Zero}
		if i%3 == 0 {
			it.Expense = decimal.New(int64(10000+i*137), -2)
			it.Memo = fmt.Sprintf("第%d项 支付%s保洁绿化养护费用", i, strings.Repeat("公共区域", i%4))
			it.Level, it.AppNo = "小微", fmt.Sprintf("申-2026-%04d", i)
			exp = exp.Add(it.Expense)
		} else {
			it.Income = decimal.New(int64(5000+i*71), -2)
			it.Memo = fmt.Sprintf("第%d项 停车费收入", i)
			inc = inc.Add(it.Income)
		}
		c.Items = append(c.Items, it)
	}
	c.Income, c.Expense = inc, exp
	c.Closing = c.Opening.Add(inc).Sub(exp)
	return no
}
