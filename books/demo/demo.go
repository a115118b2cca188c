// Package demo builds the demo community book, and the generated files benchmarks import, through books' exported API only.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// Options describe the demo book.
type Options struct {
	Password string    // every demo user's password
	Today    time.Time // the demo's today; zero means now
	Seed     uint64    // 0 means 1
}

// Context is what a demo step works with: the book, a session per demo
// user, a seeded random source and the book's clock.
type Context struct {
	Book       *books.Book
	Accountant *books.Session // 张会计 (会计)
	Cashier    *books.Session // 李出纳 (出纳)
	Committee  *books.Session // 赵主任 (业委会)
	Party      *books.Session // 王书记 (社区党组织)
	Auditor    *books.Session // 王审计 (审计)
	Rand       *rand.Rand
	// Months are the demo's months, oldest first; the last is Today's month,
	// which stays open. The others are closed after the steps run.
	Months    []books.Period
	Today     time.Time
	Compounds map[string]books.Compound
	clock     time.Time
	now       func() time.Time // the book's clock, moved by At
	// limit is the latest moment At moves the clock to: an hour before the
	// demo is made, so no log entry lies in the future.
	limit time.Time
}

// demoSteps add more to the demo book after its vouchers are posted and
// before its past months are closed, in this order: income adds rooms and
// leases, spending adds applications and their payments. A step dates what
// it does with At, posts vouchers with Post, and must be deterministic: use
// c.Rand, never the time of day.
func demoSteps() []func(c *Context) error {
	return []func(c *Context) error{demoIncome, demoSpending}
}

// At sets the book's clock to a moment on date (YYYY-MM-DD), never earlier
// than the clock already is, so the operation log stays in time order.
func (c *Context) At(date string, hour int) {
	t, err := time.ParseInLocation("2006-01-02", date, time.Local)
	if err != nil {
		return
	}
	t = t.Add(time.Duration(hour)*time.Hour + time.Duration(c.Rand.IntN(50))*time.Minute)
	if !c.limit.IsZero() && t.After(c.limit) {
		t = c.limit
	}
	if t.After(c.clock) {
		c.clock = t
	}
}

// Post saves a voucher as 张会计 on date, has 李出纳 review it and 张会计 post
// it, moving the clock along the way.
func (c *Context) Post(date string, lines ...books.Line) (books.Voucher, error) {
	c.At(date, 9)
	v, err := c.Accountant.SaveVoucher(books.Voucher{Date: date, Attachments: 1 + c.Rand.IntN(3), Lines: lines})
	if err != nil {
		return v, err
	}
	c.At(date, 14)
	if err := c.Cashier.ReviewVoucher(v.ID); err != nil {
		return v, err
	}
	c.At(date, 16)
	if err := c.Accountant.PostVoucher(v.ID); err != nil {
		return v, err
	}
	return c.Book.Voucher(v.ID)
}

// Line is a voucher line for demo steps: debit when debit is true.
func Line(memo, code, compound string, fen int64, debit bool) books.Line {
	l := books.Line{Memo: memo, AccountCode: code, CompoundName: compound, Debit: books.FromFen(0), Credit: books.FromFen(0)}
	if debit {
		l.Debit = books.FromFen(fen)
	} else {
		l.Credit = books.FromFen(fen)
	}
	return l
}

// demoChildren are the child accounts of the demo book.
var demoChildren = [][3]string{
	{"1002", "100201", "工商银行"}, {"1002", "100202", "农商银行"},
	{"1009", "100901", "街道专户"},
	{"1122", "112201", "备用金"},
	{"2209", "220901", "押金保证金"},
	{"4301", "430101", "物业用房租金"}, {"4301", "430102", "场地使用费"},
	{"4901", "490101", "社区团购佣金"}, {"4901", "490102", "共富工坊收入"}, {"4901", "490103", "广告位收入"},
	{"5101", "510101", "保洁费"}, {"5101", "510102", "绿化养护"}, {"5101", "510103", "路灯维修"},
	{"5101", "510104", "困难帮扶"}, {"5101", "510105", "公共设施维修"},
	{"5201", "520101", "办公用品"}, {"5201", "520102", "银行手续费"}, {"5201", "520103", "水电费"},
}

// Compounds are the demo community's compounds.
var Compounds = []string{"阳光小区", "和平小区", "幸福里小区", "锦绣花园"}

// Create builds the demo community book at path: 城关街道 阳光社区, four
// compounds, five users, a chart with child accounts, and a year of posted
// vouchers with the months before today's closed. The same options give the
// same book.
func Create(path string, o Options) (*books.Book, error) {
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	today := time.Date(o.Today.Year(), o.Today.Month(), o.Today.Day(), 0, 0, 0, 0, time.Local)
	cur := books.Period(today.Year()*100 + int(today.Month()))
	c := &Context{Rand: rand.New(rand.NewPCG(o.Seed, 0xdead)), Today: today, Compounds: map[string]books.Compound{}, limit: o.Today.Add(-time.Hour)}
	// Today's work is dated today even when the demo is made in the small
	// hours.
	if c.limit.Before(today) {
		c.limit = today
	}
	first := cur
	for range 12 {
		first = first.Prev()
	}
	for p := first; p <= cur; p = p.Next() {
		c.Months = append(c.Months, p)
	}
	c.clock = time.Date(first.Year(), time.Month(first.Month()), 1, 8, 30, 0, 0, time.Local)
	tick := func() time.Time { c.clock = c.clock.Add(time.Second); return c.clock }
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: o.Password, Now: tick}, standard.Modules()...)
	if err != nil {
		return nil, err
	}
	c.Book, c.now = b, tick
	// A fresh demo is rebuilt rather than recovered: write without waiting
	// for the disk on every one of its hundreds of transactions, and go back
	// to full durability before the book is handed over.
	if err := b.SetDurable(false); err != nil {
		b.Close()
		return nil, err
	}
	if err := buildDemo(c, o.Password); err != nil {
		b.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := b.SetDurable(true); err != nil {
		b.Close()
		return nil, err
	}
	b.SetClock(time.Now)
	return b, nil
}

func buildDemo(c *Context, password string) error {
	b := c.Book
	acc, err := b.Login("张会计", password)
	if err != nil {
		return err
	}
	c.Accountant = acc
	for _, u := range []struct {
		name string
		role books.Role
		s    **books.Session
	}{{"李出纳", books.RoleCashier, &c.Cashier}, {"赵主任", books.RoleCommittee, &c.Committee}, {"王书记", books.RoleParty, &c.Party}, {"王审计", books.RoleAuditor, &c.Auditor}} {
		if _, err := acc.AddUser(u.name, u.role, password); err != nil {
			return err
		}
		if *u.s, err = b.SessionFor(u.name); err != nil {
			return err
		}
	}
	for _, ch := range demoChildren {
		if _, err := acc.AddAccount(ch[0], ch[1], ch[2]); err != nil {
			return err
		}
	}
	for _, name := range Compounds {
		cp, err := acc.AddCompound(name)
		if err != nil {
			return err
		}
		c.Compounds[name] = cp
	}
	for _, kv := range [][2]string{{books.SettingPhoneCommunity, "0539-6212345"}, {books.SettingPhoneStreet, "0539-6218000"}} {
		if err := acc.SetSetting(kv[0], kv[1]); err != nil {
			return err
		}
	}
	if err := demoVouchers(c); err != nil {
		return err
	}
	for _, step := range demoSteps() {
		if err := step(c); err != nil {
			return err
		}
	}
	return demoClose(c)
}

// demoVouchers posts a year of the community's ordinary business.
//
// It is long on purpose: it reads as the community's year, month by month,
// and cutting it up would scatter that story over helpers used once.
func demoVouchers(c *Context) error {
	r := c.Rand
	// yuan returns a random amount between lo and hi yuan, in whole yuan or
	// with 50 fen, as real invoices are.
	yuan := func(lo, hi int) int64 {
		fen := int64(lo+r.IntN(hi-lo+1)) * 100
		if r.IntN(4) == 0 {
			fen += 50
		}
		return fen
	}
	// An entry is a voucher of the month, or (run) a step of a spending
	// application: every payment goes through an approved application.
	type entry struct {
		day   int
		lines []books.Line
		run   func(date string) error
	}
	rent := map[string]int{"阳光小区": 3200, "和平小区": 2600, "幸福里小区": 1800, "锦绣花园": 4200}
	first := c.Months[0]
	cur := c.Months[len(c.Months)-1]
	cleaning := map[string]string{} // compound → its cleaning contract's application
	// The bank deducts its charges by itself: no application can precede them.
	if err := c.Accountant.SetApprovalExempt("520102", true, "银行自动扣收的账户管理费和手续费"); err != nil {
		return err
	}
	for _, p := range c.Months {
		last, _ := books.ParseDate(p.Last())
		lastDay := last.Day()
		// The current month has its first ten days' business, none of it
		// later than today, so even on the 1st there is work in progress.
		cutoff := lastDay
		if p == cur {
			cutoff = max(c.Today.Day(), 10)
		}
		var es []entry
		addEntry := func(e entry) {
			if e.day <= cutoff {
				if p == cur {
					e.day = min(e.day, c.Today.Day())
				}
				es = append(es, e)
			}
		}
		add := func(day int, lines ...books.Line) { addEntry(entry{day: day, lines: lines}) }
		date := func(day int) string {
			if p == cur {
				day = min(day, c.Today.Day())
			}
			return fmt.Sprintf("%04d-%02d-%02d", p.Year(), p.Month(), day)
		}
		// spend adds a 小微 application on applyDay, approved two days later,
		// paid on payDay and closed at the month's end.
		spend := func(applyDay, payDay int, in spending.ApplyInput, from, to string, fen int64) {
			var no string
			in.Amount = books.FromFen(fen)
			addEntry(entry{day: applyDay, run: func(d string) error {
				in.Date = d
				var err error
				no, err = demoApplication(c, in, date(min(applyDay+2, payDay)))
				return err
			}})
			addEntry(entry{day: payDay, run: func(d string) error { return demoPay(c, no, d, from, to, fen) }})
			if p != cur {
				addEntry(entry{day: lastDay, run: func(d string) error { return demoFinish(c, no, d) }})
			}
		}
		m := p.Month()
		if p == first {
			opening := map[string]int64{"阳光小区": 4_856_000, "和平小区": 3_120_050, "幸福里小区": 1_985_000, "锦绣花园": 6_230_000}
			for _, name := range Compounds {
				add(1, Line("期初建账：结转以前年度公共收益结余", "100201", name, opening[name], true),
					Line("期初建账：结转以前年度公共收益结余", "3101", name, opening[name], false))
			}
			add(1, Line("期初建账：库存现金", "1001", "阳光小区", 150_000, true), Line("期初建账：库存现金", "3101", "阳光小区", 150_000, false))
		}
		if p == first {
			// Each compound's cleaning is a one-year service contract: one
			// 一般 application at the start, paid month by month.
			for _, name := range Compounds {
				name := name
				addEntry(entry{day: 2, run: func(d string) error {
					no, err := demoApplication(c, spending.ApplyInput{Compound: name, Title: name + "公共区域保洁服务（全年）",
						Purpose: "小区公共区域日常保洁，按月结算", Category: "环境整治", Amount: books.FromFen(1_800_000),
						Payee: "洁美家政服务有限公司", Date: d}, date(4))
					cleaning[name] = no
					return err
				}})
			}
		}
		for _, name := range Compounds {
			name := name
			fen := int64(rent[name]) * 100
			add(5+r.IntN(3), Line(fmt.Sprintf("收%s%d月物业用房租金", name, m), "100201", name, fen, true),
				Line(fmt.Sprintf("收%s%d月物业用房租金", name, m), "430101", name, fen, false))
			clean := yuan(800, 1400)
			addEntry(entry{day: 25 + r.IntN(3), run: func(d string) error { return demoPay(c, cleaning[name], d, "100201", "510101", clean) }})
		}
		// 公共收益: parking and advertising, a compound or two a month.
		for range 1 + r.IntN(2) {
			name := Compounds[r.IntN(len(Compounds))]
			fen := yuan(600, 2400)
			add(10+r.IntN(5), Line("收电梯广告位公共收益", "100201", name, fen, true), Line("收电梯广告位公共收益", "490103", name, fen, false))
		}
		{
			name := Compounds[r.IntN(len(Compounds))]
			fen := yuan(300, 1200)
			add(12+r.IntN(4), Line(fmt.Sprintf("收%d月社区团购佣金", m), "100201", name, fen, true), Line(fmt.Sprintf("收%d月社区团购佣金", m), "490101", name, fen, false))
		}
		if m%2 == 0 {
			fen := yuan(1500, 5000)
			add(16+r.IntN(4), Line("共富工坊手工编织收入", "100201", "阳光小区", fen, true), Line("共富工坊手工编织收入", "490102", "阳光小区", fen, false))
		}
		if m%3 == 0 {
			for _, name := range Compounds[:2] {
				fen := int64(10_000+r.IntN(3)*5_000) * 100
				add(18+r.IntN(3), Line("街道拨付社区治理政府补助", "100202", name, fen, true), Line("街道拨付社区治理政府补助", "4401", name, fen, false))
			}
		}
		if m%2 == 1 {
			name := Compounds[r.IntN(len(Compounds))]
			fen := yuan(1200, 3800)
			day := 20 + r.IntN(5)
			spend(day-5, day, spending.ApplyInput{Compound: name, Title: "绿化带修剪及补种养护", Purpose: "修剪绿篱、补种草坪", Category: "环境整治",
				Payee: "绿荫园林绿化工程队"}, "100201", "510102", fen)
		}
		if r.IntN(3) == 0 {
			name := Compounds[r.IntN(len(Compounds))]
			fen := yuan(300, 1600)
			day := 8 + r.IntN(15)
			spend(day-4, day, spending.ApplyInput{Compound: name, Title: "更换损坏路灯及线路维修", Purpose: "更换损坏路灯，检修线路", Category: "物业维修",
				Payee: "明亮电器维修部"}, "100201", "510103", fen)
		}
		if m == 1 || m == 6 || m == 9 || r.IntN(4) == 0 {
			name := Compounds[r.IntN(len(Compounds))]
			fen := int64(500+r.IntN(4)*100) * 100
			// Cash is drawn from the compound's bank money the day before.
			add(13, Line("提取现金用于困难帮扶", "1001", name, fen, true), Line("提取现金用于困难帮扶", "100201", name, fen, false))
			spend(6, 14+r.IntN(6), spending.ApplyInput{Compound: name, Title: "困难家庭帮扶慰问金", Purpose: "走访慰问小区困难家庭（名单附后）", Category: "困难帮扶",
				Payee: "困难家庭（名单附后）"}, "1001", "510104", fen)
		}
		{
			fen := yuan(120, 480)
			day := 9 + r.IntN(10)
			spend(day-3, day, spending.ApplyInput{Compound: "阳光小区", Title: "购买办公用品（打印纸、墨盒）", Purpose: "业委会日常办公", Category: "其他",
				Payee: "文华办公用品店"}, "1001", "520101", fen)
		}
		for _, name := range Compounds {
			if p == cur {
				break // charged at the month's end
			}
			fen := int64(5+r.IntN(16)) * 100
			add(lastDay, Line("银行账户管理费及手续费", "520102", name, fen, true), Line("银行账户管理费及手续费", "100201", name, fen, false))
		}
		add(3, Line("提取备用金补足库存现金", "1001", "阳光小区", 50_000, true), Line("提取备用金补足库存现金", "100201", "阳光小区", 50_000, false))
		sort.SliceStable(es, func(i, j int) bool { return es[i].day < es[j].day })
		// The newest two vouchers of this month wait for review and posting.
		var pending []int
		if p == cur {
			for i := len(es) - 1; i >= 0 && len(pending) < 2; i-- {
				if es[i].run == nil {
					pending = append(pending, i)
				}
			}
		}
		for i, e := range es {
			ds := fmt.Sprintf("%04d-%02d-%02d", p.Year(), p.Month(), e.day)
			if e.run != nil {
				c.At(ds, 9)
				if err := e.run(ds); err != nil {
					return fmt.Errorf("%s: %w", ds, err)
				}
				continue
			}
			if slices.Contains(pending, i) {
				c.At(ds, 10)
				v, err := c.Accountant.SaveVoucher(books.Voucher{Date: ds, Attachments: 1, Lines: e.lines})
				if err != nil {
					return err
				}
				if i == pending[0] {
					continue // the newest is not even reviewed
				}
				c.At(ds, 15)
				if err := c.Cashier.ReviewVoucher(v.ID); err != nil {
					return err
				}
				continue
			}
			if _, err := c.Post(ds, e.lines...); err != nil {
				return fmt.Errorf("%s: %w", ds, err)
			}
		}
	}
	return nil
}

// demoClose closes every month before today's, carrying the year end first.
func demoClose(c *Context) error {
	for _, p := range c.Months[:len(c.Months)-1] {
		if p.Month() == 12 {
			c.At(p.Last(), 17)
			v, err := c.Accountant.CarryYearEnd(p.Year())
			if err != nil {
				return err
			}
			if err := c.Cashier.ReviewVoucher(v.ID); err != nil {
				return err
			}
			if err := c.Accountant.PostVoucher(v.ID); err != nil {
				return err
			}
		}
		// Closed on the 3rd of the next month, or today if that is sooner:
		// nothing in the demo happens after the day it was made.
		next := p.Next()
		on := fmt.Sprintf("%04d-%02d-03", next.Year(), next.Month())
		on = min(on, c.Today.Format("2006-01-02"))
		c.At(on, 10)
		if err := c.Accountant.ClosePeriod(p); err != nil {
			return fmt.Errorf("close %s: %w", p, err)
		}
	}
	return nil
}
