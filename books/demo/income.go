package demo

import (
	"fmt"
	"time"

	"sunbooks/books"
	"sunbooks/books/income"
)

// demoRooms are the demo community's service rooms: most recovered, some
// still to be recovered, one with a disputed title.
var demoRooms = []struct{ compound, location, area, title, recovery, use string }{
	{"阳光小区", "1号楼底商101室", "120.50", income.TitleConfirmed, income.RecoveryDone, income.UseVacant},
	{"阳光小区", "社区邻里中心", "180.00", income.TitleConfirmed, income.RecoveryDone, income.UseService},
	{"阳光小区", "3号楼架空层", "45.00", income.TitleClear, income.RecoveryDone, income.UseVacant},
	{"和平小区", "沿街商铺2号", "86.40", income.TitleClear, income.RecoveryDone, income.UseVacant},
	{"和平小区", "老年助餐点", "95.00", income.TitleClear, income.RecoveryDone, income.UseService},
	{"和平小区", "地下室储藏间", "60.00", income.TitleDisputed, income.RecoveryPending, income.UseVacant},
	{"幸福里小区", "原物业办公用房", "70.00", income.TitleConfirmed, income.RecoveryDone, income.UseVacant},
	{"幸福里小区", "门卫室旁平房", "32.50", income.TitleClear, income.RecoveryPending, income.UseVacant},
	{"锦绣花园", "会所二层活动室", "150.00", income.TitleConfirmed, income.RecoveryDone, income.UseService},
	{"锦绣花园", "地下车库夹层", "58.00", income.TitleClear, income.RecoveryPending, income.UseVacant},
}

// demoLeases are three "保底租金 + 收益分成" leases over the first rooms
// above, with the first lease year's turnover; the express station stops
// paying for the last three months and owes its share too.
var demoLeases = []struct {
	room                int // index in demoRooms
	tenant, cycle, rent string
	rate, threshold     string
	turnover            string
	paysShare           bool
	stopsMonths         int // the last months it does not pay
}{
	{0, "好邻居便利店", income.CycleMonthly, "3000", "5", "500000", "620000", true, 0},
	{3, "和平大药房", income.CycleQuarterly, "7500", "3", "800000", "760000", true, 0},
	{6, "幸福里快递驿站", income.CycleMonthly, "1500", "8", "200000", "260000", false, 3},
}

// demoIncome adds the income side to the demo: rooms, leases billed month by
// month with receipts, the first lease year's turnover and share, group-buying
// and workshop income, and each complete quarter's deposit to the street
// special account.
//
// It is long on purpose: the income side of the demo year, told in order.
func demoIncome(c *Context) error {
	acc := c.Accountant
	first, cur := c.Months[0], c.Months[len(c.Months)-1]
	today := c.Today.Format("2006-01-02")
	post := func(id int64, date string) error {
		c.At(date, 14)
		if err := c.Cashier.ReviewVoucher(id); err != nil {
			return err
		}
		c.At(date, 16)
		return acc.PostVoucher(id)
	}
	c.At(first.First(), 9)
	// The demo chart already has these accounts under other names.
	for _, kv := range [][2]string{{income.CategoryRent, "430101"}, {income.CategoryGroupBuy, "490101"}, {income.CategoryWorkshop, "490102"}} {
		if err := income.AddIncomeCategory(acc, kv[0], kv[1]); err != nil {
			return fmt.Errorf("category %s: %w", kv[0], err)
		}
	}
	var roomIDs []int64
	for _, r := range demoRooms {
		area, _ := income.ParseArea(r.area)
		room, err := income.AddRoom(acc, income.Room{Location: r.location, CompoundName: r.compound, Area: area, Title: r.title, Recovery: r.recovery, Use: r.use})
		if err != nil {
			return fmt.Errorf("room %s: %w", r.location, err)
		}
		roomIDs = append(roomIDs, room.ID)
	}
	start, _ := time.Parse("2006-01-02", first.First())
	end := start.AddDate(3, 0, -1).Format("2006-01-02")
	leases := make([]income.Lease, len(demoLeases))
	for i, d := range demoLeases {
		rate, _ := income.ParseRate(d.rate)
		rent, _ := books.ParseMoney(d.rent)
		th, _ := books.ParseMoney(d.threshold)
		l, err := income.AddLease(acc, income.Lease{Tenant: d.tenant, RoomID: roomIDs[d.room], Start: first.First(), End: end, Cycle: d.cycle,
			Rent: []income.RentStep{{From: first.First(), Amount: rent}}, ShareRate: rate, Threshold: th})
		if err != nil {
			return fmt.Errorf("lease %s: %w", d.tenant, err)
		}
		leases[i] = l
	}
	// Month by month: bill the rent due, receive what tenants pay, and
	// register the month's other income.
	for mi, p := range c.Months {
		c.At(p.First(), 9)
		bills, err := income.BillMonth(acc, p, "")
		if err != nil {
			return fmt.Errorf("bill %s: %w", p, err)
		}
		for _, b := range bills {
			if err := post(b.VoucherID, b.DueDate); err != nil {
				return err
			}
		}
		for _, b := range bills {
			d := demoLeases[b.LeaseNumber-leases[0].Number]
			if mi >= len(c.Months)-d.stopsMonths {
				continue
			}
			due, _ := time.Parse("2006-01-02", b.DueDate)
			date := due.AddDate(0, 0, 2+c.Rand.IntN(8)).Format("2006-01-02")
			if date > today || date > p.Last() {
				continue
			}
			c.At(date, 10)
			r, err := income.ReceiveRent(acc, b.LeaseNumber, date, b.Amount, "")
			if err != nil {
				return fmt.Errorf("receive %s: %w", date, err)
			}
			if err := post(r.VoucherID, date); err != nil {
				return err
			}
		}
		for _, in := range []struct {
			every          int
			day            int
			compound, cat  string
			payer, memo    string
			lo, hi         int64 // yuan
			onlyQuarterEnd bool
		}{
			{3, 22, "和平小区", income.CategoryGroupBuy, "邻里优选平台", "季度团购返佣", 800, 2000, true},
			{2, 24, "幸福里小区", income.CategoryWorkshop, "巧手编织合作社", "共富工坊来料加工收入", 1200, 3600, false},
		} {
			if (in.onlyQuarterEnd && p.Month()%3 != 0) || (!in.onlyQuarterEnd && p.Month()%in.every != 1) {
				continue
			}
			date := fmt.Sprintf("%04d-%02d-%02d", p.Year(), p.Month(), in.day)
			if date > today {
				continue
			}
			c.At(date, 11)
			amount := books.FromFen((in.lo + c.Rand.Int64N(in.hi-in.lo+1)) * 100)
			e, err := income.AddIncome(acc, income.IncomeEntry{Date: date, CompoundName: in.compound, Category: in.cat, Payer: in.payer, Memo: in.memo, Amount: amount})
			if err != nil {
				return fmt.Errorf("income %s: %w", date, err)
			}
			if err := post(e.VoucherID, date); err != nil {
				return err
			}
		}
	}
	// The first lease year ends with the month before today's: turnover is
	// declared and the share billed now.
	c.At(today, 10)
	for i, d := range demoLeases {
		amount, _ := books.ParseMoney(d.turnover)
		t, err := income.DeclareTurnover(acc, leases[i].Number, 1, amount)
		if err != nil {
			return fmt.Errorf("turnover %s: %w", d.tenant, err)
		}
		if !t.Share.IsPositive() {
			continue
		}
		b, err := income.BillShare(acc, leases[i].Number, 1, today)
		if err != nil {
			return fmt.Errorf("share %s: %w", d.tenant, err)
		}
		if err := post(b.VoucherID, today); err != nil {
			return err
		}
		if d.paysShare {
			r, err := income.ReceiveRent(acc, leases[i].Number, today, b.Amount, "")
			if err != nil {
				return err
			}
			if err := post(r.VoucherID, today); err != nil {
				return err
			}
		}
	}
	// Each complete quarter's public revenue goes to the street special
	// account early the next month, keeping a working reserve on the bank.
	keep := books.FromFen(2_000_000)
	for y := first.Year(); y <= cur.Year(); y++ {
		for q := 1; q <= 4; q++ {
			qt := income.Quarter{Year: y, Q: q}
			if qt.Last() < first || qt.Last() >= cur {
				continue
			}
			next := qt.Last().Next()
			date := fmt.Sprintf("%04d-%02d-05", next.Year(), next.Month())
			if date > today {
				date = qt.Last().Last()
			}
			c.At(date, 10)
			deps, _, err := income.MakeDepositsKeeping(acc, qt, date, "", keep)
			if err != nil {
				return fmt.Errorf("deposit %s: %w", qt, err)
			}
			for _, d := range deps {
				if err := post(d.VoucherID, date); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
