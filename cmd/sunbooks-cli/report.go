package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/printouts"
)

// reportFlags are the flags every report takes.
type reportFlags struct {
	book, user, compound, format, out *string
}

func (fs *flags) reportFlags() reportFlags {
	var f reportFlags
	f.book, f.user = fs.bookFlags()
	f.compound = fs.String("compound", "", "只看一个小区（默认全部） `NAME`")
	f.format = fs.String("format", "table", "输出格式（法定报表还可 pdf） `table|csv|xlsx`")
	f.out = fs.String("out", "", "输出文件（默认屏幕；xlsx 必须指定） `FILE`")
	return f
}

// rangeFlags adds -from and -to, both required when required is set.
func (fs *flags) rangeFlags(required bool) (from, to *monthValue) {
	if required {
		fs.require("from", "to")
	}
	return fs.month("from", "起始月份"), fs.month("to", "截止月份")
}

// check validates the common flags before the book is opened.
func (f reportFlags) check() error {
	switch *f.format {
	case "table", "csv":
	case "xlsx":
		if *f.out == "" {
			return usagef("xlsx 格式要用 -out 指定输出文件")
		}
	default:
		return usagef("格式只能是 table、csv 或 xlsx")
	}
	return nil
}

// open signs the acting user in on a read-only connection: reading a report
// neither changes the book nor waits for the app that may hold it open.
func (f reportFlags) open(c *ctx) (*books.Book, int64, error) {
	b, err := c.readBook(*f.book, *f.user)
	if err != nil {
		return nil, 0, err
	}
	var compound int64
	if *f.compound != "" {
		cp, err := b.CompoundByName(*f.compound)
		if err != nil {
			return nil, 0, err
		}
		compound = cp.ID
	}
	return b, compound, nil
}

// write writes the table in the chosen format to stdout or -out.
func (f reportFlags) write(c *ctx, t books.Table) error {
	if err := checkOut(*f.out); err != nil {
		return err
	}
	if *f.format == "xlsx" {
		if err := t.WriteXLSX(*f.out); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出 %s\n"), *f.out)
		return nil
	}
	w := c.stdout
	var file *books.AtomicFile
	if *f.out != "" {
		var err error
		if file, err = books.CreateAtomic(*f.out); err != nil {
			return err
		}
		defer file.Abort()
		w = file
	}
	var err error
	if *f.format == "csv" {
		err = t.WriteCSV(w)
	} else {
		err = t.WriteText(w)
	}
	if file != nil && err == nil {
		err = file.Commit()
	}
	if err != nil {
		return &books.Error{Code: books.Internal, Err: err,
			Msg: fmt.Sprintf(tr("写出报表到 %s 失败（磁盘已满或文件不能写入），报表没有写完；账簿未被改动"), outName(*f.out))}
	}
	if file != nil {
		fmt.Fprintf(c.stdout, tr("已导出 %s\n"), *f.out)
	}
	return nil
}

// openRange checks the report's flags (its own with checks), then signs in
// read-only: the opening of every report over a range of months.
func (f reportFlags) openRange(c *ctx, from, to *monthValue, checks ...func() error) (*books.Book, books.Period, books.Period, int64, error) {
	if err := f.check(); err != nil {
		return nil, 0, 0, 0, err
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, 0, 0, 0, err
		}
	}
	b, compound, err := f.open(c)
	return b, from.p, to.p, compound, err
}

// rangeReport is a report over a range of months: the report flags, -from
// and -to, and build making the table once the book is open.
func rangeReport(fs *flags, build func(b *books.Book, from, to books.Period, compound int64) (books.Table, error)) runFunc {
	f := fs.reportFlags()
	from, to := fs.rangeFlags(true)
	return func(c *ctx) error {
		b, p1, p2, compound, err := f.openRange(c, from, to)
		if err != nil {
			return err
		}
		t, err := build(b, p1, p2, compound)
		if err != nil {
			return err
		}
		return f.write(c, t)
	}
}

func runTrialBalance(fs *flags) runFunc {
	return rangeReport(fs, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		tb, err := b.TrialBalance(from, to, compound)
		return tb.Table(), err
	})
}

func runGeneralLedger(fs *flags) runFunc {
	f := fs.reportFlags()
	from, to := fs.rangeFlags(true)
	account := fs.String("account", "", "一级科目代码（默认全部） `CODE`")
	return func(c *ctx) error {
		b, p1, p2, compound, err := f.openRange(c, from, to)
		if err != nil {
			return err
		}
		gl, err := b.GeneralLedger(p1, p2, compound, *account)
		if err != nil {
			return err
		}
		return f.write(c, gl.Table())
	}
}

func pageFlags(fs *flags) (offset, limit *int) {
	return fs.Int("offset", 0, "从第几条分录开始（分页）"), fs.Int("limit", 0, "最多几条分录（0 为全部）")
}

func runLedger(fs *flags) runFunc {
	f := fs.reportFlags()
	from, to := fs.rangeFlags(true)
	account := fs.String("account", "", "科目代码（含下级科目） `CODE`")
	fs.require("account")
	offset, limit := pageFlags(fs)
	return func(c *ctx) error {
		b, p1, p2, compound, err := f.openRange(c, from, to)
		if err != nil {
			return err
		}
		dl, err := b.DetailLedger(books.LedgerQuery{AccountCode: *account, CompoundID: compound, From: p1, To: p2, Offset: *offset, Limit: *limit})
		if err != nil {
			return err
		}
		return f.write(c, dl.Table())
	}
}

func runJournal(fs *flags) runFunc {
	f := fs.reportFlags()
	from, to := fs.rangeFlags(true)
	kind := fs.String("kind", "", "cash（现金日记账）或 bank（银行存款日记账） `cash|bank`")
	fs.require("kind")
	offset, limit := pageFlags(fs)
	return func(c *ctx) error {
		b, p1, p2, compound, err := f.openRange(c, from, to, func() error {
			if k := strings.TrimSpace(*kind); k != "cash" && k != "bank" {
				return usagef("-kind 只能是 cash 或 bank")
			}
			return nil
		})
		if err != nil {
			return err
		}
		j, err := b.Journal(*kind, p1, p2, compound, *offset, *limit)
		if err != nil {
			return err
		}
		return f.write(c, j.Table())
	}
}

func runCompounds(fs *flags) runFunc {
	return rangeReport(fs, func(b *books.Book, from, to books.Period, compound int64) (books.Table, error) {
		r, err := b.CompoundReport(from, to, compound)
		return r.Table(), err
	})
}

func runBalanceSheet(fs *flags) runFunc { return runStatement(fs, books.StatementBalanceSheet) }

func runActivities(fs *flags) runFunc { return runStatement(fs, books.StatementActivities) }

func runCashFlow(fs *flags) runFunc { return runStatement(fs, books.StatementCashFlow) }

// runStatement writes a statutory statement: as a table, CSV (line, item,
// col1 …), .xlsx or the official form as PDF. Checks that fail are printed
// after it, on standard error, and do not stop it.
func runStatement(fs *flags, kind string) runFunc {
	f := fs.reportFlags()
	month := fs.month("month", "月份")
	fs.require("month")
	return func(c *ctx) error {
		if err := f.checkStatement(); err != nil {
			return err
		}
		p := month.p
		b, compound, err := f.open(c)
		if err != nil {
			return err
		}
		s, err := b.Statement(kind, p, compound)
		if err != nil {
			return err
		}
		return writeStatement(c, f, s)
	}
}

// writeStatement writes a statement in the chosen format, then the checks
// that failed on standard error.
func writeStatement(c *ctx, f reportFlags, s books.Statement) error {
	if *f.format == "pdf" {
		if err := checkOut(*f.out); err != nil {
			return err
		}
		l, err := printouts.Statement(s, printouts.Options{})
		if err != nil {
			return err
		}
		if err := l.WriteFile(*f.out); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已生成%s %s（共 %d 页）\n"), s.Title, *f.out, len(l.Pages))
	} else if err := f.write(c, s.Table()); err != nil {
		return err
	}
	if s.Note != "" {
		fmt.Fprintf(c.stderr, tr("注：%s\n"), s.Note)
	}
	for _, problem := range s.Problems {
		fmt.Fprintf(c.stderr, tr("校验未通过：%s\n"), problem)
	}
	return nil
}

// checkStatement checks the flags of a statement: the report formats and pdf.
func (f reportFlags) checkStatement() error {
	if *f.format == "pdf" {
		return need("out", *f.out)
	}
	return f.check()
}
