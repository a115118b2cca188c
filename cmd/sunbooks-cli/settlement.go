package main

// Settlement sheets imported as income: income import, income sources,
// income mapping.

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/income"
)

func runIncomeImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	source := fs.String("source", "", "结算单的来源（映射名称，见 income sources），如 `沐街优选`")
	fs.require("source")
	return func(c *ctx) error {
		if len(c.args) != 1 {
			return usagef("请给出一个结算单文件（.csv 或 .xlsx）")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		res, err := income.ImportSettlement(s, *source, c.args[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导入%s的结算单 %s（%s）：%d 行，佣金合计 %s，手续费 %s；生成收入凭证草稿 %d 张，审核后记账：\n"),
			res.Source, res.File, res.Encoding, res.Lines, books.FormatYuan(res.Commission), books.FormatYuan(res.Fees), len(res.Vouchers))
		for _, v := range res.Vouchers {
			fmt.Fprintf(c.stdout, "  %s %s  %s  %s  %d  %s  %s\n", v.Period.String(), v.VoucherNo, v.Date, v.Compound, v.Lines,
				books.FormatYuan(v.Commission), books.FormatYuan(v.Fees))
		}
		return nil
	}
}

func runIncomeSources(fs *flags) runFunc {
	book, user := fs.bookFlags()
	format := fs.String("format", "table", "输出格式 `table|csv`")
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		list, err := income.SettlementSources(b)
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("结算单映射"),
			Keys: []string{"source", "category", "date", "ref", "compound", "gross", "commission", "fee", "fee_account", "shipped"},
			Header: []string{tr("来源"), tr("收入类别"), tr("日期列"), tr("单号列"), tr("小区列"), tr("成交额列"), tr("佣金列"), tr("手续费列"),
				tr("手续费科目"), tr("出处")}}
		for _, s := range list {
			from := tr("本账簿")
			if s.Shipped {
				from = tr("随程序提供")
			}
			t.Rows = append(t.Rows, []string{s.Name, s.Category, s.Date, s.Ref, s.Compound, s.Gross, s.Commission, s.Fee, s.FeeAccount, from})
		}
		return writeList(c, t, *format)
	}
}

func runIncomeMapping(fs *flags) runFunc {
	book, user := fs.bookFlags()
	var src income.SettlementSource
	fs.StringVar(&src.Name, "source", "", "来源名称 `NAME`")
	fs.StringVar(&src.Category, "category", "", "收入类别，如 `团购佣金`")
	fs.StringVar(&src.Date, "date", "", "日期列的表头 `HEADER`")
	fs.StringVar(&src.Ref, "ref", "", "订单号或批次号列的表头 `HEADER`")
	fs.StringVar(&src.Compound, "compound", "", "小区列的表头 `HEADER`")
	fs.StringVar(&src.Gross, "gross", "", "成交额或计件总额列的表头（只记入摘要） `HEADER`")
	fs.StringVar(&src.Commission, "commission", "", "佣金（本社区的收入）列的表头 `HEADER`")
	fs.StringVar(&src.Fee, "fee", "", "结算方扣除的手续费列的表头 `HEADER`")
	fs.StringVar(&src.FeeAccount, "fee-account", "", "手续费记入的免审批费用科目 `ACCOUNTCODE`")
	fs.require("source", "category", "date", "ref", "compound", "commission")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := income.SetSettlementSource(s, src); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已保存结算单映射“%s”：收入类别 %s\n"), src.Name, src.Category)
		return nil
	}
}
