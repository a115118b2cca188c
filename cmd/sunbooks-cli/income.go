package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"sunbooks/books"
	"sunbooks/books/income"
)

// writeList writes a table as text or CSV to stdout.
func writeList(c *ctx, t books.Table, format string) error {
	switch format {
	case "", "table":
		return t.WriteText(c.stdout)
	case "csv":
		return t.WriteCSV(c.stdout)
	}
	return usagef("格式只能是 table 或 csv")
}

func leaseNo(s string) (int, error) {
	n, err := income.ParseLeaseNo(s)
	if err != nil {
		return 0, usagef("%s", books.ErrorMessage(err))
	}
	return n, nil
}

type roomFlags struct {
	compound, location, area, title, recovery, use, tenant, note *string
}

func (fs *flags) roomFlags() roomFlags {
	return roomFlags{
		compound: fs.String("compound", "", "小区 `NAME`"),
		location: fs.String("location", "", "位置 `TEXT`"),
		area:     fs.String("area", "", "面积（平方米，最多两位小数） `120.50`"),
		title:    fs.String("title", "", "权属状态 `清晰|有争议|已确权`"),
		recovery: fs.String("recovery", "", "回收状态 `待回收|已回收`"),
		use:      fs.String("use", "", "用途 `出租|便民服务|空置`"),
		tenant:   fs.String("tenant", "", "承租人（出租时） `NAME`"),
		note:     fs.String("note", "", "备注 `TEXT`"),
	}
}

// apply copies the flags that were given onto r.
func (f roomFlags) apply(fs *flag.FlagSet, r *income.Room) error {
	var err error
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "compound":
			r.CompoundID, r.CompoundName = 0, *f.compound
		case "location":
			r.Location = *f.location
		case "area":
			a, e := income.ParseArea(*f.area)
			if e != nil {
				err = usagef("%s", books.ErrorMessage(e))
			}
			r.Area = a
		case "title":
			r.Title = *f.title
		case "recovery":
			r.Recovery = *f.recovery
		case "use":
			r.Use = *f.use
		case "tenant":
			r.Tenant = *f.tenant
		case "note":
			r.Note = *f.note
		}
	})
	return err
}

func runRoomAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	f := fs.roomFlags()
	fs.require("compound", "location", "area")
	return func(c *ctx) error {
		var r income.Room
		if err := f.apply(fs.FlagSet, &r); err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		r, err = income.AddRoom(s, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已登记社服用房 %d：%s %s，%s 平方米，%s，%s，%s\n"), r.ID, r.CompoundName, r.Location, r.Area.StringFixed(2), r.Title, r.Recovery, r.Use)
		return nil
	}
}

func runRoomEdit(fs *flags) runFunc {
	book, user := fs.bookFlags()
	id := fs.Int64("id", 0, "用房编号")
	f := fs.roomFlags()
	fs.require("id")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		r, err := income.RoomByID(s.Book(), *id)
		if err != nil {
			return err
		}
		if err := f.apply(fs.FlagSet, &r); err != nil {
			return err
		}
		if r, err = income.UpdateRoom(s, r); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已修改社服用房 %d：%s %s，%s 平方米，%s，%s，%s %s\n"), r.ID, r.CompoundName, r.Location, r.Area.StringFixed(2), r.Title, r.Recovery, r.Use, r.Tenant)
		return nil
	}
}

func runRoomList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	compound := fs.String("compound", "", "只看一个小区 `NAME`")
	format := fs.String("format", "table", "输出格式 `table|csv`")
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		var cid int64
		if *compound != "" {
			cp, err := b.CompoundByName(*compound)
			if err != nil {
				return err
			}
			cid = cp.ID
		}
		rooms, err := income.Rooms(b, cid)
		if err != nil {
			return err
		}
		fig, err := income.RoomFiguresFor(b, cid)
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("社服用房登记簿"),
			Keys:   []string{"id", "compound", "location", "area", "title", "recovery", "use", "tenant", "note"},
			Header: []string{tr("编号"), tr("小区"), tr("位置"), tr("面积㎡"), tr("权属"), tr("回收"), tr("用途"), tr("承租人"), tr("备注")}}
		for _, r := range rooms {
			t.Rows = append(t.Rows, []string{fmt.Sprint(r.ID), r.CompoundName, r.Location, r.Area.StringFixed(2), r.Title, r.Recovery, r.Use, r.Tenant, r.Note})
		}
		t.Subtitle = fmt.Sprintf(tr("共 %d 间 %s㎡；已回收 %d 间 %s㎡，待回收 %d 间 %s㎡；出租 %s㎡，便民服务 %s㎡（占已回收面积 %s%%），空置 %s㎡（空置率 %s%%）"),
			fig.Rooms, fig.Area.StringFixed(2), fig.Recovered, fig.RecoveredArea.StringFixed(2), fig.Pending, fig.PendingArea.StringFixed(2),
			fig.RentedArea.StringFixed(2), fig.ServiceArea.StringFixed(2), fig.ServiceShare.StringFixed(2), fig.VacantArea.StringFixed(2), fig.VacancyRate.StringFixed(2))
		if err := writeList(c, t, *format); err != nil {
			return err
		}
		if fig.Warning != "" {
			fmt.Fprintln(c.stderr, tr("提示：")+fig.Warning)
		}
		return nil
	}
}

// parseRent reads "3000" or "2026-01-01:3000,2027-01-01:3300".
func parseRent(s string) ([]income.RentStep, error) {
	var out []income.RentStep
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		date, amt, ok := strings.Cut(part, ":")
		if !ok {
			date, amt = "", part
		}
		m, err := books.ParseMoney(amt)
		if err != nil {
			return nil, usagef("-rent：%s", books.ErrorMessage(err))
		}
		out = append(out, income.RentStep{From: date, Amount: m})
	}
	return out, nil
}

func runLeaseAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	room := fs.Int64("room", 0, "用房编号 `ID`")
	tenant := fs.String("tenant", "", "承租人 `NAME`")
	start := fs.date("start", "开始日期")
	end := fs.date("end", "结束日期")
	rent := fs.String("rent", "", "保底租金（每期） `3000|YYYY-MM-DD:3000,YYYY-MM-DD:3300`")
	cycle := fs.String("cycle", "月", "交租周期 `月|季`")
	rate := fs.String("share-rate", "0", "分成比例（百分数） `5`")
	threshold := fs.money("threshold", "分成门槛（年营业额） `500000`")
	incomeCode := fs.String("income", "", "租金收入科目（默认 社服用房租金） `CODE`")
	fs.require("room", "tenant", "start", "end", "rent")
	return func(c *ctx) error {
		if *room == 0 {
			return usagef("缺少参数 -room")
		}
		steps, err := parseRent(*rent)
		if err != nil {
			return err
		}
		r, err := income.ParseRate(*rate)
		if err != nil {
			return usagef("%s", books.ErrorMessage(err))
		}
		th := threshold.value()
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		l, err := income.AddLease(s, income.Lease{Tenant: *tenant, RoomID: *room, Start: *start, End: *end, Cycle: *cycle, Rent: steps, ShareRate: r, Threshold: th, IncomeCode: *incomeCode})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已登记租约：%s 承租 %s %s，%s 至 %s，%s保底租金 %s，营业额超过 %s 部分分成 %s%%\n%s\n"),
			l.Tenant, l.CompoundName, l.RoomLocation, l.Start, l.End, income.CycleName(l.Cycle), books.FormatYuan(l.Rent[0].Amount),
			books.FormatYuan(l.Threshold), l.ShareRate.String(), l.No())
		return nil
	}
}

func runLeaseList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	format := fs.String("format", "table", "输出格式 `table|csv`")
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		leases, err := income.Leases(b)
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("租约"),
			Keys:   []string{"no", "tenant", "compound", "room", "start", "end", "cycle", "rent", "share_rate", "threshold", "income_account", "status", "terminated_on", "termination_reason"},
			Header: []string{tr("租约"), tr("承租人"), tr("小区"), tr("用房"), tr("开始"), tr("结束"), tr("周期"), tr("保底租金"), tr("分成%"), tr("分成门槛"), tr("收入科目"), tr("状态"), tr("终止日期"), tr("终止原因")},
			Kinds: []books.ColumnKind{books.Text, books.Text, books.Text, books.Text, books.Text, books.Text, books.Text, books.Text, books.Text, books.MoneyColumn, books.Text,
				books.Text, books.Text, books.Text}}
		today := time.Now().Format("2006-01-02")
		for _, l := range leases {
			var rent []string
			for i, r := range l.Rent {
				if i == 0 {
					rent = append(rent, books.PlainYuan(r.Amount))
				} else {
					rent = append(rent, fmt.Sprintf(tr("%s起%s"), r.From, books.PlainYuan(r.Amount)))
				}
			}
			t.Rows = append(t.Rows, []string{l.No(), l.Tenant, l.CompoundName, l.RoomLocation, l.Start, l.End, income.CycleName(l.Cycle),
				strings.Join(rent, tr("；")), l.ShareRate.String(), books.PlainYuan(l.Threshold), l.IncomeCode,
				l.StatusOn(today), l.TerminatedOn, l.TerminationReason})
		}
		return writeList(c, t, *format)
	}
}

func runTurnover(fs *flags) runFunc {
	book, user := fs.bookFlags()
	lease := fs.String("lease", "", "租约编号 `NO`")
	year := fs.Int("year", 0, "第几个租赁年度（从 1 起）")
	amount := fs.money("amount", "年营业额 `620000`")
	fs.require("lease", "year", "amount")
	return func(c *ctx) error {
		if *year < 1 {
			return usagef("缺少参数 -year（第几个租赁年度，从 1 起）")
		}
		n, err := leaseNo(*lease)
		if err != nil {
			return err
		}
		m := amount.value()
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		t, err := income.DeclareTurnover(s, n, *year, m)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已登记 租-%04d 第 %d 年（%s 至 %s）营业额 %s，应收分成 %s\n"), n, t.Year, t.From, t.To, books.FormatYuan(t.Amount), books.FormatYuan(t.Share))
		return nil
	}
}

func runBill(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "租期开始的月份")
	lease := fs.String("lease", "", "租约编号（默认全部租约） `NO`")
	share := fs.Bool("share", false, "开具收益分成（需 -lease 和 -year）")
	year := fs.Int("year", 0, "租赁年度（分成）")
	date := fs.date("date", "凭证日期（默认租期首日）")
	return func(c *ctx) error {
		if *share {
			if *lease == "" || *year < 1 {
				return usagef("开具分成要写 -lease 和 -year")
			}
		} else if !month.set {
			return usagef("缺少参数 -month（或用 -share 开具分成）")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		show := func(b income.Bill) {
			what := fmt.Sprintf(tr("%s 租金"), b.Key)
			if b.Kind == "share" {
				what = fmt.Sprintf(tr("第 %s 年收益分成"), strings.TrimPrefix(b.Key, "Y"))
			}
			fmt.Fprintf(c.stdout, tr("租-%04d %s %s：应收 %s，凭证 %s（未审核）\n"), b.LeaseNumber, b.Tenant, what, books.FormatYuan(b.Amount), b.VoucherNo)
		}
		if *share {
			n, err := leaseNo(*lease)
			if err != nil {
				return err
			}
			b, err := income.BillShare(s, n, *year, *date)
			if err != nil {
				return err
			}
			show(b)
			return nil
		}
		p := month.p
		if *lease != "" {
			n, err := leaseNo(*lease)
			if err != nil {
				return err
			}
			b, err := income.BillRent(s, n, p, *date)
			if err != nil {
				return err
			}
			show(b)
			return nil
		}
		bs, err := income.BillMonth(s, p, *date)
		if err != nil {
			return err
		}
		for _, b := range bs {
			show(b)
		}
		if len(bs) == 0 {
			fmt.Fprintf(c.stdout, tr("%s 没有需要开具的租金（没有租期开始，或已开过）\n"), p.Chinese())
		}
		return nil
	}
}

func runReceive(fs *flags) runFunc {
	book, user := fs.bookFlags()
	lease := fs.String("lease", "", "租约编号 `NO`")
	date := fs.date("date", "收款日期")
	amount := fs.money("amount", "金额")
	to := fs.String("to", "", "收款科目（默认银行存款） `ACCOUNTCODE`")
	fs.require("lease", "date", "amount")
	return func(c *ctx) error {
		n, err := leaseNo(*lease)
		if err != nil {
			return err
		}
		m := amount.value()
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		r, err := income.ReceiveRent(s, n, *date, m, *to)
		if err != nil {
			return err
		}
		a, err := income.LeaseArrears(s.Book(), n)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已收 租-%04d %s，凭证 %s（未审核）；尚欠 %s，其中待记账收款 %s（凭证经他人审核、记账后才计入已收）\n"),
			n, books.FormatYuan(r.Amount), r.VoucherNo, books.FormatYuan(a.Owed), books.FormatYuan(a.Pending))
		return nil
	}
}

func runArrears(fs *flags) runFunc {
	book, user := fs.bookFlags()
	all := fs.Bool("all", false, "列出全部租约（默认只列欠款的）")
	format := fs.String("format", "table", "输出格式 `table|csv`")
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		list, err := income.AllArrears(b, !*all)
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("租金欠款"),
			Keys:   []string{"lease", "tenant", "compound", "room", "billed", "received", "owed", "oldest_due", "pending"},
			Header: []string{tr("租约"), tr("承租人"), tr("小区"), tr("用房"), tr("应收"), tr("已收"), tr("欠款"), tr("最早欠款到期日"), tr("待记账收款")},
			Kinds:  []books.ColumnKind{books.Text, books.Text, books.Text, books.Text, books.MoneyColumn, books.MoneyColumn, books.MoneyColumn, books.Text, books.MoneyColumn}}
		total, pending := books.FromFen(0), books.FromFen(0)
		for _, a := range list {
			t.Rows = append(t.Rows, []string{a.Lease.No(), a.Lease.Tenant, a.Lease.CompoundName, a.Lease.RoomLocation,
				books.PlainYuan(a.Billed), books.PlainYuan(a.Received), books.PlainYuan(a.Owed), a.OldestDue, books.PlainYuan(a.Pending)})
			total, pending = total.Add(a.Owed), pending.Add(a.Pending)
		}
		t.Rows = append(t.Rows, []string{tr("合计"), "", "", "", "", "", books.PlainYuan(total), "", books.PlainYuan(pending)})
		return writeList(c, t, *format)
	}
}

func runIncomeAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	compound := fs.String("compound", "", "小区 `NAME`")
	category := fs.String("category", "", "收入类别，如 `团购佣金|共富工坊|补助|其他收入`")
	amount := fs.money("amount", "金额")
	date := fs.date("date", "日期")
	payer := fs.String("payer", "", "付款方 `NAME`")
	memo := fs.String("memo", "", "说明 `TEXT`")
	to := fs.String("to", "", "收款科目（默认银行存款） `ACCOUNTCODE`")
	fs.require("compound", "category", "amount", "date")
	return func(c *ctx) error {
		m := amount.value()
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		e, err := income.AddIncome(s, income.IncomeEntry{Date: *date, CompoundName: *compound, Category: *category, Payer: *payer, Memo: *memo, Amount: m, DebitCode: *to})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已登记%s %s 收入 %s，凭证 %s（未审核）\n"), e.CompoundName, e.Category, books.FormatYuan(e.Amount), e.VoucherNo)
		return nil
	}
}

func runIncomeList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	from := fs.month("from", "起始月份")
	to := fs.month("to", "截止月份")
	format := fs.String("format", "table", "输出格式 `table|csv`")
	fs.require("from", "to")
	return func(c *ctx) error {
		p1, p2 := from.p, to.p
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		items, err := income.IncomeItems(b, p1, p2)
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("其他收入登记"),
			Keys:   []string{"date", "compound", "category", "payer", "memo", "amount", "voucher"},
			Header: []string{tr("日期"), tr("小区"), tr("类别"), tr("付款方"), tr("说明"), tr("金额"), tr("凭证")},
			Kinds:  []books.ColumnKind{books.Text, books.Text, books.Text, books.Text, books.Text, books.MoneyColumn, books.Text}}
		for _, e := range items {
			t.Rows = append(t.Rows, []string{e.Date, e.CompoundName, e.Category, e.Payer, e.Memo, books.PlainYuan(e.Amount), e.VoucherNo})
		}
		return writeList(c, t, *format)
	}
}

func runIncomeCategory(fs *flags) runFunc {
	book, user := fs.bookFlags()
	name := fs.String("name", "", "类别名称 `NAME`")
	account := fs.String("account", "", "收入科目代码 `CODE`")
	fs.require("name", "account")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := income.AddIncomeCategory(s, *name, *account); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已增加收入类别“%s”，记入科目 %s\n"), *name, *account)
		return nil
	}
}

func runDeposit(fs *flags) runFunc {
	book, user := fs.bookFlags()
	quarter := fs.quarter("quarter", "季度")
	date := fs.date("date", "凭证日期（默认季度末）")
	compound := fs.String("compound", "", "只缴存一个小区 `NAME`")
	plan := fs.Bool("plan", false, "只显示各小区应缴存的金额，不生成凭证")
	keep := fs.money("keep", "每个小区在银行留存的备用金 `2000`")
	fs.require("quarter")
	return func(c *ctx) error {
		q := quarter.q
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		var plans []income.DepositPlan
		if *plan {
			if plans, err = income.PlanDepositsKeeping(s.Book(), q, keep.value()); err != nil {
				return err
			}
		} else {
			var deps []income.Deposit
			deps, plans, err = income.MakeDepositsKeeping(s, q, *date, *compound, keep.value())
			if err != nil {
				return err
			}
			defer fmt.Fprintf(c.stdout, tr("共生成 %d 张缴存凭证（未审核）\n"), len(deps))
		}
		t := books.Table{Title: q.Chinese() + tr("公共收益缴存街道专户"),
			Keys:   []string{"compound", "fund", "deposited", "bank", "amount", "note"},
			Header: []string{tr("小区"), tr("公共收益余额"), tr("已在专户"), tr("银行存款"), tr("本次缴存"), tr("说明")},
			Kinds:  []books.ColumnKind{books.Text, books.MoneyColumn, books.MoneyColumn, books.MoneyColumn, books.MoneyColumn, books.Text}}
		for _, p := range plans {
			if *compound != "" && p.CompoundName != *compound {
				continue
			}
			t.Rows = append(t.Rows, []string{p.CompoundName, books.PlainYuan(p.Fund), books.PlainYuan(p.Deposited), books.PlainYuan(p.Bank), books.PlainYuan(p.Amount), p.Note})
		}
		return t.WriteText(c.stdout)
	}
}
