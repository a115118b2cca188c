package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/printouts"
)

// reportCommands are the commands of report.go (main.go wires them in).
func reportCommands() []command {
	return []command{
		{"report trial-balance", "report trial-balance -book FILE -from YYYY-MM -to YYYY-MM [-compound NAME] [-format table|csv|xlsx] [-out FILE]", runTrialBalance},
		{"report general-ledger", "report general-ledger -book FILE -from YYYY-MM -to YYYY-MM [-account CODE] [-compound NAME] [-format table|csv|xlsx] [-out FILE]", runGeneralLedger},
		{"report ledger", "report ledger -book FILE -account CODE -from YYYY-MM -to YYYY-MM [-compound NAME] [-offset N -limit N] [-format table|csv|xlsx] [-out FILE]", runLedger},
		{"report journal", "report journal -book FILE -kind cash|bank -from YYYY-MM -to YYYY-MM [-compound NAME] [-offset N -limit N] [-format table|csv|xlsx] [-out FILE]", runJournal},
		{"report compounds", "report compounds -book FILE -from YYYY-MM -to YYYY-MM [-compound NAME] [-format table|csv|xlsx] [-out FILE]", runCompounds},
		{"report activities", "report activities -book FILE -month YYYY-MM [-compound NAME] [-format table|csv|xlsx|pdf] [-out FILE]  （业务活动表，法定格式）", runActivities},
		{"report cash-flow", "report cash-flow -book FILE -month YYYY-MM [-compound NAME] [-format table|csv|xlsx|pdf] [-out FILE]  （现金流量表，本年至该月）", runCashFlow},
		{"report balance-sheet", "report balance-sheet -book FILE -month YYYY-MM [-compound NAME] [-format table|csv|xlsx|pdf] [-out FILE]  （资产负债表，法定格式）", runBalanceSheet},
	}
}

// reportFlags are the flags every report takes.
type reportFlags struct {
	book, user, compound, format, out *string
}

func (c *ctx) reportFlags() reportFlags {
	var f reportFlags
	f.book, f.user = c.bookFlags()
	f.compound = c.fs.String("compound", "", "只看一个小区（默认全部）")
	f.format = c.fs.String("format", "table", "输出格式 table|csv|xlsx（法定报表还可 pdf）")
	f.out = c.fs.String("out", "", "输出文件（默认屏幕；xlsx 必须指定）")
	return f
}

// rangeFlags adds -from and -to.
func (c *ctx) rangeFlags() (from, to *string) {
	return c.fs.String("from", "", "起始月份 YYYY-MM"), c.fs.String("to", "", "截止月份 YYYY-MM")
}

func parseRange(from, to string) (books.Period, books.Period, error) {
	if err := need("from", from, "to", to); err != nil {
		return 0, 0, err
	}
	f, err := books.ParsePeriod(from)
	if err != nil {
		return 0, 0, usagef("%s", books.ErrorMessage(err))
	}
	t, err := books.ParsePeriod(to)
	if err != nil {
		return 0, 0, usagef("%s", books.ErrorMessage(err))
	}
	return f, t, nil
}

// check validates the common flags before the book is opened.
func (f reportFlags) check() error {
	if err := need("book", *f.book); err != nil {
		return err
	}
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
		fmt.Fprintf(c.stdout, "已导出 %s\n", *f.out)
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
			Msg: fmt.Sprintf("写出报表到 %s 失败（磁盘已满或文件不能写入），报表没有写完；账簿未被改动", outName(*f.out))}
	}
	if file != nil {
		fmt.Fprintf(c.stdout, "已导出 %s\n", *f.out)
	}
	return nil
}

// openRange parses the flags (from and to are read after parsing), checks
// them, the report's own flags (checks) and the month range, then signs in
// read-only: the opening of every report over a range of months.
func (f reportFlags) openRange(c *ctx, from, to *string, checks ...func() error) (*books.Book, books.Period, books.Period, int64, error) {
	if _, err := c.parse(); err != nil {
		return nil, 0, 0, 0, err
	}
	if err := f.check(); err != nil {
		return nil, 0, 0, 0, err
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, 0, 0, 0, err
		}
	}
	p1, p2, err := parseRange(*from, *to)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	b, compound, err := f.open(c)
	return b, p1, p2, compound, err
}

func runTrialBalance(c *ctx) error {
	f := c.reportFlags()
	from, to := c.rangeFlags()
	b, p1, p2, compound, err := f.openRange(c, from, to)
	if err != nil {
		return err
	}
	tb, err := b.TrialBalance(p1, p2, compound)
	if err != nil {
		return err
	}
	return f.write(c, tb.Table())
}

func runGeneralLedger(c *ctx) error {
	f := c.reportFlags()
	from, to := c.rangeFlags()
	account := c.fs.String("account", "", "一级科目代码（默认全部）")
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

func pageFlags(c *ctx) (offset, limit *int) {
	return c.fs.Int("offset", 0, "从第几条分录开始（分页）"), c.fs.Int("limit", 0, "最多几条分录（0 为全部）")
}

func runLedger(c *ctx) error {
	f := c.reportFlags()
	from, to := c.rangeFlags()
	account := c.fs.String("account", "", "科目代码（含下级科目）")
	offset, limit := pageFlags(c)
	b, p1, p2, compound, err := f.openRange(c, from, to, func() error { return need("account", *account) })
	if err != nil {
		return err
	}
	dl, err := b.DetailLedger(books.LedgerQuery{AccountCode: *account, CompoundID: compound, From: p1, To: p2, Offset: *offset, Limit: *limit})
	if err != nil {
		return err
	}
	return f.write(c, dl.Table())
}

func runJournal(c *ctx) error {
	f := c.reportFlags()
	from, to := c.rangeFlags()
	kind := c.fs.String("kind", "", "cash（现金日记账）或 bank（银行存款日记账）")
	offset, limit := pageFlags(c)
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

func runCompounds(c *ctx) error {
	f := c.reportFlags()
	from, to := c.rangeFlags()
	b, p1, p2, compound, err := f.openRange(c, from, to)
	if err != nil {
		return err
	}
	r, err := b.CompoundReport(p1, p2, compound)
	if err != nil {
		return err
	}
	return f.write(c, r.Table())
}

func runBalanceSheet(c *ctx) error { return runStatement(c, books.StatementBalanceSheet) }

func runActivities(c *ctx) error { return runStatement(c, books.StatementActivities) }

func runCashFlow(c *ctx) error { return runStatement(c, books.StatementCashFlow) }

// runStatement writes a statutory statement: as a table, CSV (line, item,
// col1 …), .xlsx or the official form as PDF. Checks that fail are printed
// after it, on standard error, and do not stop it.
func runStatement(c *ctx, kind string) error {
	f := c.reportFlags()
	month := monthFlag(c)
	if _, err := c.parse(); err != nil {
		return err
	}
	if err := f.checkStatement(); err != nil {
		return err
	}
	if err := need("month", *month); err != nil {
		return err
	}
	p, err := books.ParsePeriod(*month)
	if err != nil {
		return usagef("%s", books.ErrorMessage(err))
	}
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
		fmt.Fprintf(c.stdout, "已生成%s %s（共 %d 页）\n", s.Title, *f.out, len(l.Pages))
	} else if err := f.write(c, s.Table()); err != nil {
		return err
	}
	if s.Note != "" {
		fmt.Fprintf(c.stderr, "注：%s\n", s.Note)
	}
	for _, problem := range s.Problems {
		fmt.Fprintf(c.stderr, "校验未通过：%s\n", problem)
	}
	return nil
}

// checkStatement checks the flags of a statement: the report formats and pdf.
func (f reportFlags) checkStatement() error {
	if *f.format == "pdf" {
		return need("book", *f.book, "out", *f.out)
	}
	return f.check()
}
