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

// printFlags are the flags every print command takes.
type printFlags struct {
	book, user, out, paper *string
}

func (fs *flags) printFlags() printFlags {
	var f printFlags
	f.book, f.user = fs.bookFlags()
	f.out = fs.String("out", "", "输出的 PDF 文件 `FILE.pdf`")
	f.paper = fs.String("paper", "A4", "纸张 `A4|A3`")
	fs.require("out")
	return f
}

// check validates the common flags before the book is opened.
func (f printFlags) check() error {
	if err := checkPaper(*f.paper); err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(printExt(*f.out)), ".pdf") {
		return usagef("输出文件 %s 应以 .pdf 结尾", *f.out)
	}
	return nil
}

func checkPaper(p string) error {
	switch strings.ToUpper(p) {
	case "A4", "A3":
		return nil
	}
	return usagef("纸张只能是 A4 或 A3")
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
	fmt.Fprintf(c.stdout, tr("已生成%s %s（共 %d 页）\n"), what, *f.out, len(l.Pages))
	return nil
}

func printCompoundID(b *books.Book, name string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, nil
	}
	cp, err := b.CompoundByName(name)
	return cp.ID, err
}

func runNotice(fs *flags) runFunc {
	f := fs.printFlags()
	month := fs.month("month", "月份")
	compound := fs.String("compound", "", "只印一个小区（默认每个小区各一张） `NAME`")
	landscape := fs.Bool("landscape", false, "横向")
	postFrom := fs.date("post-from", "公示开始日期（默认月末后第一个工作日）")
	days := fs.Int("days", 0, "公示天数（默认账簿设置 notice.days，否则 7 天）")
	fs.require("month")
	return func(c *ctx) error {
		if err := f.check(); err != nil {
			return err
		}
		p := month.p
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
			fmt.Fprintf(c.stderr, tr("注意：%s\n"), w)
		}
		return f.save(c, l, p.Chinese()+tr("财务公开榜"))
	}
}

func runPrintApproval(fs *flags) runFunc {
	f := fs.printFlags()
	app := fs.String("app", "", "申请编号，如 申-2026-0001 `NO`")
	fs.require("app")
	return func(c *ctx) error {
		if err := f.check(); err != nil {
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
		return f.save(c, l, tr("支出审批单 ")+a.No)
	}
}

func runPrintVoucher(fs *flags) runFunc {
	f := fs.printFlags()
	month := fs.month("month", "月份")
	no := fs.String("no", "", "凭证号，如 `记-0001`（默认该月全部凭证）")
	fs.require("month")
	return func(c *ctx) error {
		if err := f.check(); err != nil {
			return err
		}
		p := month.p
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
				return books.Errorf(books.NotFound, tr("%s 没有凭证"), p.Chinese())
			}
		}
		l, err := printouts.Vouchers(printUnit(info), vs, printouts.Options{})
		if err != nil {
			return err
		}
		return f.save(c, l, fmt.Sprintf(tr("记账凭证 %d 张"), len(vs)))
	}
}

// printReport is the shared body of the print commands for reports; check
// validates the command's own flags after parsing.
func printReport(fs *flags, check func() error, build func(b *books.Book, from, to books.Period, compound int64) (books.Table, error)) runFunc {
	f := fs.printFlags()
	from, to := fs.month("from", "起始月份"), fs.month("to", "截止月份")
	compound := fs.String("compound", "", "只看一个小区（默认全部） `NAME`")
	portrait := fs.Bool("portrait", false, "纵向（默认横向）")
	fs.require("from", "to")
	return func(c *ctx) error {
		if err := f.check(); err != nil {
			return err
		}
		if check != nil {
			if err := check(); err != nil {
				return err
			}
		}
		pf, pt := from.p, to.p
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
}

func runPrintTrialBalance(fs *flags) runFunc {
	return printReport(fs, nil, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		tb, err := b.TrialBalance(from, to, compound)
		return tb.Table(), err
	})
}

func runPrintLedger(fs *flags) runFunc {
	account := fs.String("account", "", "科目代码（含下级科目） `CODE`")
	fs.require("account")
	return printReport(fs, nil, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		d, err := b.DetailLedger(books.LedgerQuery{AccountCode: *account, CompoundID: compound, From: from, To: to})
		return d.Table(), err
	})
}

func runPrintJournal(fs *flags) runFunc {
	kind := fs.String("kind", "", "cash（现金日记账）或 bank（银行存款日记账） `cash|bank`")
	fs.require("kind")
	return printReport(fs, func() error {
		if *kind != "cash" && *kind != "bank" {
			return usagef("-kind 只能是 cash 或 bank")
		}
		return nil
	}, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		d, err := b.Journal(*kind, from, to, compound, 0, 0)
		return d.Table(), err
	})
}

func runPrintCompounds(fs *flags) runFunc {
	return printReport(fs, nil, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		r, err := b.CompoundReport(from, to, compound)
		return r.Table(), err
	})
}

func runPrintConsolidation(fs *flags) runFunc {
	f := fs.printFlags()
	from, to := fs.month("from", "起始月份"), fs.month("to", "截止月份")
	fs.require("from", "to")
	by := fs.String("by", "community", "汇总方式 `community|compound|account`")
	portrait := fs.Bool("portrait", false, "纵向（默认横向）")
	return func(c *ctx) error {
		if err := f.check(); err != nil {
			return err
		}
		pf, pt := from.p, to.p
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
		return f.save(c, l, tr("街道汇总表"))
	}
}
