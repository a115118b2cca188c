package books

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"time"
)

// ---- synthetic books for benchmarks ------------------------------------------

// syntheticChildren are the child accounts a synthetic book adds to npo2004,
// giving about forty accounts with their parents.
var syntheticChildren = [][3]string{
	{"1002", "100201", "工商银行"}, {"1002", "100202", "农业银行"}, {"1002", "100203", "农商银行"},
	{"1009", "100901", "街道专户"},
	{"1122", "112201", "押金"}, {"1122", "112202", "备用金"},
	{"2209", "220901", "保证金"}, {"2209", "220902", "代收代付"},
	{"4301", "430101", "物业用房租金"}, {"4301", "430102", "场地使用费"},
	{"4901", "490101", "社区团购佣金"}, {"4901", "490102", "共富工坊收入"}, {"4901", "490103", "广告位收入"},
	{"5101", "510101", "保洁费"}, {"5101", "510102", "绿化养护"}, {"5101", "510103", "路灯维修"},
	{"5101", "510104", "困难帮扶"}, {"5101", "510105", "设施维修"},
	{"5201", "520101", "办公用品"}, {"5201", "520102", "银行手续费"}, {"5201", "520103", "水电费"},
}

// SyntheticCompounds are the twelve compounds of a synthetic book.
var SyntheticCompounds = []string{"阳光小区", "和平小区", "幸福里小区", "锦绣花园", "翠竹苑", "枫林湾",
	"紫荆家园", "桂花园", "滨河小区", "书香名邸", "东湖小区", "南山新村"}

var (
	synMoney   = []string{"1001", "100201", "100202", "100203"}
	synIncome  = []string{"430101", "430102", "4401", "490101", "490102", "490103", "4101"}
	synExpense = []string{"510101", "510102", "510103", "510104", "510105", "520101", "520102", "520103", "5401"}
	synOther   = []string{"112201", "112202", "220901", "220902", "100901"}
	synNames   = syntheticNames()
)

// syntheticNames maps every account code the synthetic files use to its name.
func syntheticNames() map[string]string {
	names := map[string]string{}
	for _, a := range npo2004.accounts {
		names[a.code] = a.name
	}
	for _, c := range syntheticChildren {
		names[c[1]] = c[2]
	}
	return names
}

// PrepareSynthetic adds the child accounts and compounds that
// WriteSyntheticCSV's files use, to a new npo2004 book.
func (s *Session) PrepareSynthetic() error {
	for _, c := range syntheticChildren {
		if _, err := s.AddAccount(c[0], c[1], c[2]); err != nil {
			return err
		}
	}
	for _, c := range SyntheticCompounds {
		if _, err := s.AddCompound(c); err != nil {
			return err
		}
	}
	return nil
}

// WriteNoticeMonthCSV writes n two-line vouchers of one compound in one
// month (all dated within it), alternately income into the bank and
// spending from it, income the larger so the compound never runs dry: a
// month whose notice lists n items. The same seed gives the same file.
func WriteNoticeMonthCSV(w io.Writer, compound string, month Period, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x0b0a4d))
	bw := bufio.NewWriter(w)
	bw.WriteString(ImportHeader + "\n")
	days := time.Date(month.Year(), time.Month(month.Month())+1, 0, 0, 0, 0, 0, time.UTC).Day()
	details := []string{"", "（1号楼底商）", "（含上月补缴部分，经业委会确认后入账）", "，附发票及验收单",
		"（按合同约定分期支付，本期为第二期，详见支出审批单及验收记录）"}
	for i := range n {
		date := fmt.Sprintf("%s-%02d", month, 1+i*days/n)
		no := fmt.Sprintf("记-%04d", i+1)
		code, bank := synIncome[rng.IntN(len(synIncome))], "100201"
		fen := 500_000 + rng.Int64N(2_000_000)
		memo := fmt.Sprintf("收%d月%s%s", month.Month(), synNames[code], details[rng.IntN(len(details))])
		dr, cr := bank, code
		if i%2 == 1 {
			code = synExpense[rng.IntN(len(synExpense))]
			fen = 10_000 + rng.Int64N(300_000)
			memo = fmt.Sprintf("付%s%s", synNames[code], details[rng.IntN(len(details))])
			dr, cr = code, bank
		}
		amt := PlainYuan(FromFen(fen))
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,,%s\n", date, no, dr, synNames[dr], compound, amt, memo)
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,,%s,\n", date, no, cr, synNames[cr], compound, amt)
	}
	return bw.Flush()
}

// WriteSyntheticCSV writes exactly n voucher lines in the import format over
// five years from startYear: 2–4 lines a voucher, twelve compounds, about
// forty accounts, every voucher balanced. The same seed gives the same file.
func WriteSyntheticCSV(w io.Writer, n int, startYear int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(ImportHeader + "\n")
	start := time.Date(startYear, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(startYear+5, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	estimate := n/3 + 1
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	month, number := 0, 0
	written := 0
	for i := 0; written < n; i++ {
		k := 2 + rng.IntN(3)
		// Never leave a single line for the last voucher.
		if left := n - written; left <= 4 {
			k = left
		} else if left-k == 1 {
			k = 2
		}
		day := min(i*days/estimate, days-1)
		d := start.AddDate(0, 0, day)
		if m := d.Year()*100 + int(d.Month()); m != month {
			month, number = m, 0
		}
		number++
		date := d.Format("2006-01-02")
		no := fmt.Sprintf("记-%04d", number)
		comp := SyntheticCompounds[rng.IntN(len(SyntheticCompounds))]
		// One side has one line, the other k−1 lines splitting the amount.
		parts := make([]int64, k-1)
		var total int64
		for j := range parts {
			parts[j] = 1000 + rng.Int64N(2_000_000)
			total += parts[j]
		}
		var single string
		var many []string
		var singleDebit bool
		var memo string
		switch r := rng.IntN(20); {
		case r < 9: // income into the bank or cash
			single, singleDebit = pick(synMoney), true
			for range parts {
				many = append(many, pick(synIncome))
			}
			memo = fmt.Sprintf("收%d月%s", int(d.Month()), synNames[many[0]])
		case r < 18: // spending
			single, singleDebit = pick(synMoney), false
			for range parts {
				many = append(many, pick(synExpense))
			}
			memo = fmt.Sprintf("付%s", synNames[many[0]])
		default: // receivables, payables, the street account
			single, singleDebit = pick(synMoney), rng.IntN(2) == 0
			for range parts {
				many = append(many, pick(synOther))
			}
			memo = fmt.Sprintf("%s往来", synNames[many[0]])
		}
		row := func(code string, fen int64, debit bool, memo string) {
			amt := PlainYuan(FromFen(fen))
			dr, cr := amt, ""
			if !debit {
				dr, cr = "", amt
			}
			fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,%s,%s\n", date, no, code, synNames[code], comp, dr, cr, memo)
		}
		row(single, total, singleDebit, memo)
		for j, code := range many {
			row(code, parts[j], !singleDebit, "")
		}
		written += k
	}
	return bw.Flush()
}

// ---- the demo community --------------------------------------------------------

// DemoOptions describe the demo book.
type DemoOptions struct {
	Password string    // every demo user's password
	Today    time.Time // the demo's today; zero means now
	Seed     uint64    // 0 means 1
}

// DemoContext is what a demo step works with: the book, a session per demo
// user, a seeded random source and the book's clock.
type DemoContext struct {
	Book       *Book
	Accountant *Session // 张会计 (会计)
	Cashier    *Session // 李出纳 (出纳)
	Committee  *Session // 赵主任 (业委会)
	Party      *Session // 王书记 (社区党组织)
	Auditor    *Session // 王审计 (审计)
	Rand       *rand.Rand
	// Months are the demo's months, oldest first; the last is Today's month,
	// which stays open. The others are closed after the steps run.
	Months    []Period
	Today     time.Time
	Compounds map[string]Compound
	clock     time.Time
}

// demoSteps add more to the demo book after its vouchers are posted and
// before its past months are closed, in this order: income adds rooms and
// leases, spending adds applications and their payments. A step dates what
// it does with At, posts vouchers with Post, and must be deterministic: use
// c.Rand, never the time of day.
func demoSteps() []func(c *DemoContext) error {
	return []func(c *DemoContext) error{demoIncome, demoSpending}
}

// At sets the book's clock to a moment on date (YYYY-MM-DD), never earlier
// than the clock already is, so the operation log stays in time order.
func (c *DemoContext) At(date string, hour int) {
	t, err := time.ParseInLocation("2006-01-02", date, time.Local)
	if err != nil {
		return
	}
	t = t.Add(time.Duration(hour)*time.Hour + time.Duration(c.Rand.IntN(50))*time.Minute)
	if t.After(c.clock) {
		c.clock = t
	}
}

// Post saves a voucher as 张会计 on date, has 李出纳 review it and 张会计 post
// it, moving the clock along the way.
func (c *DemoContext) Post(date string, lines ...Line) (Voucher, error) {
	c.At(date, 9)
	v, err := c.Accountant.SaveVoucher(Voucher{Date: date, Attachments: 1 + c.Rand.IntN(3), Lines: lines})
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

// DemoLine is a voucher line for demo steps: debit when debit is true.
func DemoLine(memo, code, compound string, fen int64, debit bool) Line {
	l := Line{Memo: memo, AccountCode: code, CompoundName: compound, Debit: FromFen(0), Credit: FromFen(0)}
	if debit {
		l.Debit = FromFen(fen)
	} else {
		l.Credit = FromFen(fen)
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

// DemoCompounds are the demo community's compounds.
var DemoCompounds = []string{"阳光小区", "和平小区", "幸福里小区", "锦绣花园"}

// CreateDemo builds the demo community book at path: 城关街道 阳光社区, four
// compounds, five users, a chart with child accounts, and a year of posted
// vouchers with the months before today's closed. The same options give the
// same book.
func CreateDemo(path string, o DemoOptions) (*Book, error) {
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	today := time.Date(o.Today.Year(), o.Today.Month(), o.Today.Day(), 0, 0, 0, 0, time.Local)
	cur := Period(today.Year()*100 + int(today.Month()))
	c := &DemoContext{Rand: rand.New(rand.NewPCG(o.Seed, 0xdead)), Today: today, Compounds: map[string]Compound{}}
	first := cur
	for range 12 {
		first = first.Prev()
	}
	for p := first; p <= cur; p = p.Next() {
		c.Months = append(c.Months, p)
	}
	c.clock = time.Date(first.Year(), time.Month(first.Month()), 1, 8, 30, 0, 0, time.Local)
	tick := func() time.Time { c.clock = c.clock.Add(time.Second); return c.clock }
	b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "371329001", UserName: "张会计", Password: o.Password, Now: tick})
	if err != nil {
		return nil, err
	}
	c.Book = b
	// A fresh demo is rebuilt rather than recovered: write without waiting
	// for the disk on every one of its hundreds of transactions, and go back
	// to full durability before the book is handed over.
	b.db.SetMaxOpenConns(1)
	if _, err := b.db.Exec(`PRAGMA synchronous = OFF`); err != nil {
		b.Close()
		return nil, internal("demo", err)
	}
	if err := buildDemo(c, o.Password); err != nil {
		b.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	if _, err := b.db.Exec(`PRAGMA synchronous = FULL`); err != nil {
		b.Close()
		return nil, internal("demo", err)
	}
	b.db.SetMaxOpenConns(0)
	b.SetClock(time.Now)
	return b, nil
}

func buildDemo(c *DemoContext, password string) error {
	b := c.Book
	acc, err := b.Login("张会计", password)
	if err != nil {
		return err
	}
	c.Accountant = acc
	for _, u := range []struct {
		name string
		role Role
		s    **Session
	}{{"李出纳", RoleCashier, &c.Cashier}, {"赵主任", RoleCommittee, &c.Committee}, {"王书记", RoleParty, &c.Party}, {"王审计", RoleAuditor, &c.Auditor}} {
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
	for _, name := range DemoCompounds {
		cp, err := acc.AddCompound(name)
		if err != nil {
			return err
		}
		c.Compounds[name] = cp
	}
	for _, kv := range [][2]string{{SettingPhoneCommunity, "0539-6212345"}, {SettingPhoneStreet, "0539-6218000"}} {
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
func demoVouchers(c *DemoContext) error {
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
		lines []Line
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
		last, _ := ParseDate(p.Last())
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
		add := func(day int, lines ...Line) { addEntry(entry{day: day, lines: lines}) }
		date := func(day int) string {
			if p == cur {
				day = min(day, c.Today.Day())
			}
			return fmt.Sprintf("%04d-%02d-%02d", p.Year(), p.Month(), day)
		}
		// spend adds a 小微 application on applyDay, approved two days later,
		// paid on payDay and closed at the month's end.
		spend := func(applyDay, payDay int, in ApplyInput, from, to string, fen int64) {
			var no string
			in.Amount = FromFen(fen)
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
			for _, name := range DemoCompounds {
				add(1, DemoLine("期初建账：结转以前年度公共收益结余", "100201", name, opening[name], true),
					DemoLine("期初建账：结转以前年度公共收益结余", "3101", name, opening[name], false))
			}
			add(1, DemoLine("期初建账：库存现金", "1001", "阳光小区", 150_000, true), DemoLine("期初建账：库存现金", "3101", "阳光小区", 150_000, false))
		}
		if p == first {
			// Each compound's cleaning is a one-year service contract: one
			// 一般 application at the start, paid month by month.
			for _, name := range DemoCompounds {
				name := name
				addEntry(entry{day: 2, run: func(d string) error {
					no, err := demoApplication(c, ApplyInput{Compound: name, Title: name + "公共区域保洁服务（全年）",
						Purpose: "小区公共区域日常保洁，按月结算", Category: "环境整治", Amount: FromFen(1_800_000),
						Payee: "洁美家政服务有限公司", Date: d}, date(4))
					cleaning[name] = no
					return err
				}})
			}
		}
		for _, name := range DemoCompounds {
			name := name
			fen := int64(rent[name]) * 100
			add(5+r.IntN(3), DemoLine(fmt.Sprintf("收%s%d月物业用房租金", name, m), "100201", name, fen, true),
				DemoLine(fmt.Sprintf("收%s%d月物业用房租金", name, m), "430101", name, fen, false))
			clean := yuan(800, 1400)
			addEntry(entry{day: 25 + r.IntN(3), run: func(d string) error { return demoPay(c, cleaning[name], d, "100201", "510101", clean) }})
		}
		// 公共收益: parking and advertising, a compound or two a month.
		for range 1 + r.IntN(2) {
			name := DemoCompounds[r.IntN(len(DemoCompounds))]
			fen := yuan(600, 2400)
			add(10+r.IntN(5), DemoLine("收电梯广告位公共收益", "100201", name, fen, true), DemoLine("收电梯广告位公共收益", "490103", name, fen, false))
		}
		{
			name := DemoCompounds[r.IntN(len(DemoCompounds))]
			fen := yuan(300, 1200)
			add(12+r.IntN(4), DemoLine(fmt.Sprintf("收%d月社区团购佣金", m), "100201", name, fen, true), DemoLine(fmt.Sprintf("收%d月社区团购佣金", m), "490101", name, fen, false))
		}
		if m%2 == 0 {
			fen := yuan(1500, 5000)
			add(16+r.IntN(4), DemoLine("共富工坊手工编织收入", "100201", "阳光小区", fen, true), DemoLine("共富工坊手工编织收入", "490102", "阳光小区", fen, false))
		}
		if m%3 == 0 {
			for _, name := range DemoCompounds[:2] {
				fen := int64(10_000+r.IntN(3)*5_000) * 100
				add(18+r.IntN(3), DemoLine("街道拨付社区治理政府补助", "100202", name, fen, true), DemoLine("街道拨付社区治理政府补助", "4401", name, fen, false))
			}
		}
		if m%2 == 1 {
			name := DemoCompounds[r.IntN(len(DemoCompounds))]
			fen := yuan(1200, 3800)
			day := 20 + r.IntN(5)
			spend(day-5, day, ApplyInput{Compound: name, Title: "绿化带修剪及补种养护", Purpose: "修剪绿篱、补种草坪", Category: "环境整治",
				Payee: "绿荫园林绿化工程队"}, "100201", "510102", fen)
		}
		if r.IntN(3) == 0 {
			name := DemoCompounds[r.IntN(len(DemoCompounds))]
			fen := yuan(300, 1600)
			day := 8 + r.IntN(15)
			spend(day-4, day, ApplyInput{Compound: name, Title: "更换损坏路灯及线路维修", Purpose: "更换损坏路灯，检修线路", Category: "物业维修",
				Payee: "明亮电器维修部"}, "100201", "510103", fen)
		}
		if m == 1 || m == 6 || m == 9 || r.IntN(4) == 0 {
			name := DemoCompounds[r.IntN(len(DemoCompounds))]
			fen := int64(500+r.IntN(4)*100) * 100
			// Cash is drawn from the compound's bank money the day before.
			add(13, DemoLine("提取现金用于困难帮扶", "1001", name, fen, true), DemoLine("提取现金用于困难帮扶", "100201", name, fen, false))
			spend(6, 14+r.IntN(6), ApplyInput{Compound: name, Title: "困难家庭帮扶慰问金", Purpose: "走访慰问小区困难家庭（名单附后）", Category: "困难帮扶",
				Payee: "困难家庭（名单附后）"}, "1001", "510104", fen)
		}
		{
			fen := yuan(120, 480)
			day := 9 + r.IntN(10)
			spend(day-3, day, ApplyInput{Compound: "阳光小区", Title: "购买办公用品（打印纸、墨盒）", Purpose: "业委会日常办公", Category: "其他",
				Payee: "文华办公用品店"}, "1001", "520101", fen)
		}
		for _, name := range DemoCompounds {
			if p == cur {
				break // charged at the month's end
			}
			fen := int64(5+r.IntN(16)) * 100
			add(lastDay, DemoLine("银行账户管理费及手续费", "520102", name, fen, true), DemoLine("银行账户管理费及手续费", "100201", name, fen, false))
		}
		add(3, DemoLine("提取备用金补足库存现金", "1001", "阳光小区", 50_000, true), DemoLine("提取备用金补足库存现金", "100201", "阳光小区", 50_000, false))
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
				v, err := c.Accountant.SaveVoucher(Voucher{Date: ds, Attachments: 1, Lines: e.lines})
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
func demoClose(c *DemoContext) error {
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
