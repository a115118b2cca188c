package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/books/exchange"
	"sunbooks/books/notice"
	"sunbooks/books/spending"
	"sunbooks/printouts"
)

// printCommands are the commands of print.go (main.go wires them in).
func printCommands() []command {
	return []command{
		{"notice", "notice -book FILE -month YYYY-MM [-compound NAME] [-paper A4|A3] [-landscape] [-post-from YYYY-MM-DD] [-days N] -out FILE.pdf", runNotice},
		{"print approval", "print approval -book FILE -app NO [-paper A4|A3] -out FILE.pdf", runPrintApproval},
		{"print voucher", "print voucher -book FILE -month YYYY-MM [-no 记-0001] -out FILE.pdf", runPrintVoucher},
		{"print trial-balance", "print trial-balance -book FILE -from YYYY-MM -to YYYY-MM [-compound NAME] [-paper A4|A3] [-portrait] -out FILE.pdf", runPrintTrialBalance},
		{"print ledger", "print ledger -book FILE -account CODE -from YYYY-MM -to YYYY-MM [-compound NAME] [-paper A4|A3] [-portrait] -out FILE.pdf", runPrintLedger},
		{"print journal", "print journal -book FILE -kind cash|bank -from YYYY-MM -to YYYY-MM [-compound NAME] [-paper A4|A3] [-portrait] -out FILE.pdf", runPrintJournal},
		{"print compounds", "print compounds -book FILE -from YYYY-MM -to YYYY-MM [-compound NAME] [-paper A4|A3] [-portrait] -out FILE.pdf", runPrintCompounds},
		{"print consolidation", "print consolidation -book STREETBOOK -from YYYY-MM -to YYYY-MM [-by community|compound|account] [-paper A4|A3] [-portrait] -out FILE.pdf", runPrintConsolidation},
		{"setting set", "setting set -book FILE -key phone.community|phone.street|notice.days -value TEXT", runSettingSet},
	}
}

// printFlags are the flags every print command takes.
type printFlags struct {
	book, user, out, paper *string
}

func (c *ctx) printFlags() printFlags {
	var f printFlags
	f.book, f.user = c.bookFlags()
	f.out = c.fs.String("out", "", "输出的 PDF 文件")
	f.paper = c.fs.String("paper", "A4", "纸张 A4|A3")
	return f
}

// parse parses the flags and checks the command's required ones, then the
// common ones: the usage errors, before any password is asked.
func (f printFlags) parse(c *ctx, required ...req) error {
	if _, err := c.parse(); err != nil {
		return err
	}
	var pairs []string
	for _, r := range required {
		pairs = append(pairs, r.name, *r.value)
	}
	if err := need(pairs...); err != nil {
		return err
	}
	return f.check()
}

// check validates the common flags before the book is opened.
func (f printFlags) check() error {
	if err := need("book", *f.book, "out", *f.out); err != nil {
		return err
	}
	switch strings.ToUpper(*f.paper) {
	case "A4", "A3":
	default:
		return usagef("纸张只能是 A4 或 A3")
	}
	if !strings.EqualFold(strings.TrimSpace(printExt(*f.out)), ".pdf") {
		return usagef("输出文件 %s 应以 .pdf 结尾", *f.out)
	}
	return nil
}

func printExt(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 && !strings.ContainsAny(p[i:], `/\`) {
		return p[i:]
	}
	return ""
}

// open signs the acting user in on a read-only connection: printing neither
// changes the book nor waits for the app that may hold it open.
func (f printFlags) open(c *ctx) (*books.Book, books.Info, error) {
	b, err := c.readBook(*f.book, *f.user)
	if err != nil {
		return nil, books.Info{}, err
	}
	info, err := b.Info()
	return b, info, err
}

// printUnit is the name printed as 编制单位.
func printUnit(info books.Info) string {
	if info.Community != "" {
		return info.Community
	}
	return info.Street
}

// save writes the layout and says where.
func (f printFlags) save(c *ctx, l *printouts.Layout, what string) error {
	if err := checkOut(*f.out); err != nil {
		return err
	}
	if err := l.WriteFile(*f.out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已生成%s %s（共 %d 页）\n", what, *f.out, len(l.Pages))
	return nil
}

func printMonth(s string) (books.Period, error) {
	p, err := books.ParsePeriod(s)
	if err != nil {
		return 0, usagef("%s", books.ErrorMessage(err))
	}
	return p, nil
}

func printRange(from, to string) (books.Period, books.Period, error) {
	if err := need("from", from, "to", to); err != nil {
		return 0, 0, err
	}
	f, err := printMonth(from)
	if err != nil {
		return 0, 0, err
	}
	t, err := printMonth(to)
	return f, t, err
}

func printCompoundID(b *books.Book, name string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, nil
	}
	cp, err := b.CompoundByName(name)
	return cp.ID, err
}

func runNotice(c *ctx) error {
	f := c.printFlags()
	month := c.fs.String("month", "", "月份 YYYY-MM")
	compound := c.fs.String("compound", "", "只印一个小区（默认每个小区各一张）")
	landscape := c.fs.Bool("landscape", false, "横向")
	postFrom := c.fs.String("post-from", "", "公示开始日期（默认月末后第一个工作日）")
	days := c.fs.Int("days", 0, "公示天数（默认账簿设置 notice.days，否则 7 天）")
	if err := f.parse(c, req{"month", month}); err != nil {
		return err
	}
	p, err := printMonth(*month)
	if err != nil {
		return err
	}
	if *days < 0 {
		return usagef("公示天数不能为负")
	}
	b, _, err := f.open(c)
	if err != nil {
		return err
	}
	cid, err := printCompoundID(b, *compound)
	if err != nil {
		return err
	}
	n, err := notice.With(b, p, cid, notice.Options{PostFrom: *postFrom, Days: *days})
	if err != nil {
		return err
	}
	l, err := printouts.Notice(n, printouts.Options{Paper: *f.paper, Landscape: *landscape})
	if err != nil {
		return err
	}
	if w := n.Warning(); w != "" {
		fmt.Fprintf(c.stderr, "注意：%s\n", w)
	}
	return f.save(c, l, p.Chinese()+"财务公开榜")
}

func runPrintApproval(c *ctx) error {
	f := c.printFlags()
	app := c.fs.String("app", "", "申请编号，如 申-2026-0001")
	if err := f.parse(c, req{"app", app}); err != nil {
		return err
	}
	b, info, err := f.open(c)
	if err != nil {
		return err
	}
	a, err := spending.ApplicationByNo(b, *app)
	if err != nil {
		return err
	}
	l, err := printouts.Approval(printUnit(info), a, printouts.Options{Paper: *f.paper})
	if err != nil {
		return err
	}
	return f.save(c, l, "支出审批单 "+a.No)
}

func runPrintVoucher(c *ctx) error {
	f := c.printFlags()
	month := c.fs.String("month", "", "月份 YYYY-MM")
	no := c.fs.String("no", "", "凭证号，如 记-0001（默认该月全部凭证）")
	if err := f.parse(c, req{"month", month}); err != nil {
		return err
	}
	p, err := printMonth(*month)
	if err != nil {
		return err
	}
	b, info, err := f.open(c)
	if err != nil {
		return err
	}
	var vs []books.Voucher
	if *no != "" {
		v, err := b.VoucherByNo(p, *no)
		if err != nil {
			return err
		}
		vs = append(vs, v)
	} else {
		for offset := 0; ; offset += 500 {
			list, err := b.Vouchers(books.VoucherFilter{From: p, To: p, Offset: offset, Limit: 500})
			if err != nil {
				return err
			}
			for _, s := range list {
				v, err := b.Voucher(s.ID)
				if err != nil {
					return err
				}
				vs = append(vs, v)
			}
			if len(list) < 500 {
				break
			}
		}
		if len(vs) == 0 {
			return books.Errorf(books.NotFound, "%s 没有凭证", p.Chinese())
		}
	}
	l, err := printouts.Vouchers(printUnit(info), vs, printouts.Options{})
	if err != nil {
		return err
	}
	return f.save(c, l, fmt.Sprintf("记账凭证 %d 张", len(vs)))
}

// printReport is the shared body of the print commands for reports; check
// validates the command's own flags after parsing.
func printReport(c *ctx, check func() error, build func(b *books.Book, from, to books.Period, compound int64) (books.Table, error)) error {
	f := c.printFlags()
	from, to := c.fs.String("from", "", "起始月份 YYYY-MM"), c.fs.String("to", "", "截止月份 YYYY-MM")
	compound := c.fs.String("compound", "", "只看一个小区（默认全部）")
	portrait := c.fs.Bool("portrait", false, "纵向（默认横向）")
	if err := f.parse(c); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	pf, pt, err := printRange(*from, *to)
	if err != nil {
		return err
	}
	b, info, err := f.open(c)
	if err != nil {
		return err
	}
	cid, err := printCompoundID(b, *compound)
	if err != nil {
		return err
	}
	t, err := build(b, pf, pt, cid)
	if err != nil {
		return err
	}
	l, err := printouts.Report(printUnit(info), t, printouts.Options{Paper: *f.paper, Landscape: !*portrait})
	if err != nil {
		return err
	}
	return f.save(c, l, t.Title)
}

func runPrintTrialBalance(c *ctx) error {
	return printReport(c, nil, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		tb, err := b.TrialBalance(from, to, compound)
		return tb.Table(), err
	})
}

func runPrintLedger(c *ctx) error {
	account := c.fs.String("account", "", "科目代码")
	return printReport(c, func() error { return need("account", *account) }, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		d, err := b.DetailLedger(books.LedgerQuery{AccountCode: *account, CompoundID: compound, From: from, To: to})
		return d.Table(), err
	})
}

func runPrintJournal(c *ctx) error {
	kind := c.fs.String("kind", "", "cash（现金日记账）或 bank（银行存款日记账）")
	return printReport(c, func() error {
		if *kind != "cash" && *kind != "bank" {
			return usagef("-kind 只能是 cash 或 bank")
		}
		return nil
	}, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		d, err := b.Journal(*kind, from, to, compound, 0, 0)
		return d.Table(), err
	})
}

func runPrintCompounds(c *ctx) error {
	return printReport(c, nil, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		r, err := b.CompoundReport(from, to, compound)
		return r.Table(), err
	})
}

func runPrintConsolidation(c *ctx) error {
	f := c.printFlags()
	from, to := c.fs.String("from", "", "起始月份 YYYY-MM"), c.fs.String("to", "", "截止月份 YYYY-MM")
	by := c.fs.String("by", "community", "汇总方式 community|compound|account")
	portrait := c.fs.Bool("portrait", false, "纵向（默认横向）")
	if err := f.parse(c); err != nil {
		return err
	}
	pf, pt, err := printRange(*from, *to)
	if err != nil {
		return err
	}
	b, _, err := f.open(c)
	if err != nil {
		return err
	}
	cons, err := exchange.Consolidate(c.cx, b, pf, pt, *by)
	if err != nil {
		return err
	}
	l, err := printouts.Consolidation(cons, printouts.Options{Paper: *f.paper, Landscape: !*portrait})
	if err != nil {
		return err
	}
	return f.save(c, l, "街道汇总表")
}

func runSettingSet(c *ctx) error {
	book, user := c.bookFlags()
	key := c.fs.String("key", "", "设置项："+strings.Join(books.SettingKeys(), "、"))
	value := c.fs.String("value", "", "值（留空则删除）")
	s, err := c.session(book, user, req{"key", key})
	if err != nil {
		return err
	}
	if err := s.SetSetting(*key, *value); err != nil {
		return err
	}
	if *value == "" {
		fmt.Fprintf(c.stdout, "已删除设置 %s\n", *key)
	} else {
		fmt.Fprintf(c.stdout, "已设置 %s = %s\n", *key, *value)
	}
	return nil
}
