package main

import (
	"fmt"
	"path/filepath"

	"sunbooks/books"
	"sunbooks/books/exchange"
)

func runExportPackage(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "月份")
	from, to := fs.rangeFlags(false)
	out := fs.String("out", "", "输出文件 `FILE`")
	fs.require("out")
	return func(c *ctx) error {
		p1, p2 := from.p, to.p
		switch {
		case month.set && (from.set || to.set):
			return usagef("-month 与 -from/-to 只能用一种")
		case month.set:
			p1, p2 = month.p, month.p
		case !from.set && !to.set:
			return usagef("缺少参数 -month 或 -from/-to")
		case !from.set:
			return usagef("缺少参数 -from")
		case !to.set:
			return usagef("缺少参数 -to")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := checkOut(*out); err != nil {
			return err
		}
		res, err := exchange.Export(c.cx, s, p1, p2)
		if err != nil {
			return err
		}
		if err := books.WriteFileAtomic(*out, res.Data); err != nil {
			return err
		}
		m := res.Manifest
		fmt.Fprintf(c.stdout, tr("已导出期间数据包 %s：%s（%s）%s 至 %s，凭证 %d 张 %d 行，借贷合计 %s，第 %d 号，日志锚点 %s\n"),
			*out, m.Community, m.CommunityCode, m.From, m.To, m.Counts["vouchers"], m.Counts["lines"], books.FormatYuan(mustMoney(m.Debit)), m.Serial, anchorText(m.LogHead))
		return nil
	}
}

func mustMoney(s string) books.Money {
	m, _ := books.ParseMoney(s)
	return m
}

func runConsolidateImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		files := c.args
		if len(files) == 0 {
			return usagef("请给出要导入的数据包文件")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		refused := 0
		// The next files are verified on the other cores while one is
		// stored; the outcomes come in the files' order.
		exchange.ImportFiles(c.cx, s, files, func(i int, res exchange.PackageImport, err error) {
			if err != nil {
				fmt.Fprintln(c.stderr, books.ErrorMessage(err))
				refused++
				return
			}
			what := tr("已导入")
			switch {
			case res.Unchanged:
				what = tr("已导入过（内容相同，未改动）")
			case res.Replaced:
				what = tr("已导入并替换了先前导入的同期数据包")
			}
			fmt.Fprintf(c.stdout, tr("%s：%s（%s）%s 至 %s，凭证 %d 张，第 %d 号，日志锚点 %s — %s\n"), filepath.Base(files[i]), res.Community, res.CommunityCode, res.From, res.To, res.Vouchers, res.Serial, anchorText(res.LogHead), what)
		})
		if refused > 0 {
			return books.Errorf(books.Invalid, tr("%d 个数据包被拒绝（原因见上），其余 %d 个已处理"), refused, len(files)-refused)
		}
		return nil
	}
}

func runConsolidateList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		pkgs, err := b.ImportedPackages()
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("已导入的期间数据包"),
			Keys:   []string{"community_code", "community", "from", "to", "serial", "exported_at", "imported_at", "imported_by", "vouchers", "log_anchor", "signer"},
			Header: []string{tr("社区代码"), tr("社区"), tr("起"), tr("止"), tr("序号"), tr("导出时间"), tr("导入时间"), tr("导入人"), tr("凭证数"), tr("日志锚点"), tr("签名指纹")}}
		for _, p := range pkgs {
			t.Rows = append(t.Rows, []string{p.CommunityCode, p.Community, p.From.String(), p.To.String(), fmt.Sprint(p.Serial), p.ExportedAt, p.ImportedAt, p.ImportedBy, fmt.Sprint(p.Vouchers), anchorText(p.LogHead), p.Signer})
		}
		return t.WriteText(c.stdout)
	}
}

func runConsolidateReport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	from, to := fs.rangeFlags(true)
	by := fs.String("by", "account", "汇总方式 `community|compound|account`")
	format := fs.String("format", "table", "输出格式 `xlsx|csv|table`")
	out := fs.String("out", "", "输出文件（xlsx 必须指定） `FILE`")
	return func(c *ctx) error {
		none := ""
		f := reportFlags{book: book, user: user, compound: &none, format: format, out: out}
		if err := f.check(); err != nil {
			return err
		}
		switch *by {
		case exchange.ByAccount, exchange.ByCommunity, exchange.ByCompound:
		default:
			return usagef("-by 只能是 community、compound 或 account")
		}
		p1, p2 := from.p, to.p
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		cons, err := exchange.Consolidate(c.cx, b, p1, p2, *by)
		if err != nil {
			return err
		}
		if err := f.write(c, cons.Table()); err != nil {
			return err
		}
		for _, m := range cons.Missing {
			fmt.Fprintln(c.stderr, tr("提示：")+m)
		}
		return nil
	}
}

func runConsolidateStatement(fs *flags) runFunc {
	book, user := fs.bookFlags()
	kind := fs.String("kind", "", "报表 `balance-sheet|activities|cash-flow`")
	month := fs.month("month", "月份")
	format := fs.String("format", "table", "输出格式 `table|csv|xlsx|pdf`")
	out := fs.String("out", "", "输出文件（xlsx、pdf 必须指定） `FILE`")
	fs.require("kind", "month")
	return func(c *ctx) error {
		none := ""
		f := reportFlags{book: book, user: user, compound: &none, format: format, out: out}
		if err := f.checkStatement(); err != nil {
			return err
		}
		switch *kind {
		case books.StatementBalanceSheet, books.StatementActivities, books.StatementCashFlow:
		default:
			return usagef("-kind 只能是 balance-sheet、activities 或 cash-flow")
		}
		p := month.p
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		s, err := exchange.ConsolidatedStatement(c.cx, b, *kind, p)
		if err != nil {
			return err
		}
		return writeStatement(c, f, s)
	}
}
