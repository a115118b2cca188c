package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
)

func init() {
	register(
		command{"voucher review", "voucher review -book FILE -no YYYY-MM/记-NNNN… | -month YYYY-MM -all  （审核：须由制单人以外的人）", voucherStep("审核", (*books.Session).ReviewVoucher, books.StatusDraft)},
		command{"voucher unreview", "voucher unreview -book FILE -no YYYY-MM/记-NNNN… | -month YYYY-MM -all  （取消审核）", voucherStep("取消审核", (*books.Session).UnreviewVoucher, books.StatusReviewed)},
		command{"voucher post", "voucher post -book FILE -no YYYY-MM/记-NNNN… | -month YYYY-MM -all  （记账：已审核的凭证）", voucherStep("记账", (*books.Session).PostVoucher, books.StatusReviewed)},
		command{"voucher delete", "voucher delete -book FILE -no YYYY-MM/记-NNNN… | -month YYYY-MM -all  （删除未记账的草稿）", voucherStep("删除", (*books.Session).DeleteVoucher, books.StatusDraft)},
	)
}

// parseVoucherRef reads "2026-03/记-0007" (or "2026-03/7").
func parseVoucherRef(ref string) (books.Period, string, error) {
	month, no, ok := strings.Cut(strings.TrimSpace(ref), "/")
	if !ok || no == "" {
		return 0, "", usagef("凭证号“%s”格式不对，应写成 2026-03/记-0007 这样", ref)
	}
	p, err := books.ParsePeriod(month)
	if err != nil {
		return 0, "", usagef("凭证号“%s”的月份不对，应写成 2026-03/记-0007 这样", ref)
	}
	return p, no, nil
}

// voucherStep is a command that takes vouchers one step of their life, the
// same books call the app's buttons make: the vouchers named by -no, in the
// order given, or with -month and -all every voucher of the month in the
// status the step starts from. It stops at the first refusal, saying which
// vouchers were already done.
func voucherStep(what string, step func(*books.Session, int64) error, from string) func(c *ctx) error {
	return func(c *ctx) error {
		book, user := c.bookFlags()
		var nos multiFlag
		c.fs.Var(&nos, "no", "凭证号 YYYY-MM/记-NNNN，可重复")
		month := c.fs.String("month", "", "月份 YYYY-MM（与 -all 一起）")
		all := c.fs.Bool("all", false, "该月所有可以"+what+"的凭证")
		if _, err := c.usage(book); err != nil {
			return err
		}
		if (len(nos) == 0) == (*month == "" || !*all) {
			return usagef("请用 -no 指定凭证（可重复），或用 -month 和 -all 指定一个月的全部凭证")
		}
		if len(nos) > 0 && *month != "" {
			return usagef("-no 与 -month 只能用一个")
		}
		type target struct {
			id   int64
			name string
		}
		var targets []target
		var p books.Period
		if *month != "" {
			var err error
			if p, err = books.ParsePeriod(*month); err != nil {
				return usagef("月份“%s”格式不对，应写成 2026-03 这样", *month)
			}
		}
		for _, ref := range nos {
			if _, _, err := parseVoucherRef(ref); err != nil {
				return err
			}
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		b := s.Book()
		if *all {
			list, err := b.Vouchers(books.VoucherFilter{From: p, To: p, Status: from, Limit: 100000})
			if err != nil {
				return err
			}
			for _, v := range list {
				targets = append(targets, target{v.ID, v.Period.String() + "/" + v.No})
			}
			if len(targets) == 0 {
				fmt.Fprintf(c.stdout, "%s没有%s的凭证，无需%s\n", p.Chinese(), books.StatusName(from), what)
				return nil
			}
		}
		for _, ref := range nos {
			vp, no, _ := parseVoucherRef(ref)
			v, err := b.VoucherByNo(vp, no)
			if err != nil {
				return err
			}
			targets = append(targets, target{v.ID, vp.String() + "/" + v.No()})
		}
		for i, t := range targets {
			if err := step(s, t.id); err != nil {
				if i > 0 {
					fmt.Fprintf(c.stdout, "已%s %d 张凭证；%s 未能%s，其后的凭证没有处理\n", what, i, t.name, what)
				}
				return err
			}
			fmt.Fprintf(c.stdout, "已%s %s\n", what, t.name)
		}
		return nil
	}
}
