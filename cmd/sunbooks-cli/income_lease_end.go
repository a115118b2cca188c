package main

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/income"
)

func runLeaseTerminate(fs *flags) runFunc {
	book, user := fs.bookFlags()
	lease := fs.String("lease", "", "租约编号 `NO`")
	date := fs.date("date", "终止日期（租约的最后一天）")
	reason := fs.String("reason", "", "终止原因 `TEXT`")
	fs.require("lease", "date", "reason")
	return func(c *ctx) error {
		n, err := leaseNo(*lease)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		t, err := income.TerminateLease(s, n, *date, *reason)
		if err != nil {
			return err
		}
		l, last := t.Lease, t.LastCycle
		fmt.Fprintf(c.stdout, tr("已终止租约 %s（%s，%s %s）：租期止于 %s（原定至 %s），原因：%s\n"),
			l.No(), l.Tenant, l.CompoundName, l.RoomLocation, l.TerminatedOn, l.End, l.TerminationReason)
		if last.Amount.Equal(last.Full) {
			fmt.Fprintf(c.stdout, tr("最后一期 %s 至 %s 租金 %s\n"), last.Start, last.End, books.FormatYuan(last.Amount))
		} else {
			fmt.Fprintf(c.stdout, tr("最后一期 %s 至 %s 按天折算，租金 %s（整期 %s）\n"), last.Start, last.End, books.FormatYuan(last.Amount), books.FormatYuan(last.Full))
		}
		if t.VoucherNo != "" {
			fmt.Fprintf(c.stdout, tr("已开具的超出部分 %s 由红字凭证 %s（未审核）冲减\n"), books.FormatYuan(t.Credit), t.VoucherNo)
		}
		if t.RoomVacated {
			fmt.Fprintf(c.stdout, tr("用房“%s”已改为空置\n"), l.RoomLocation)
		}
		return nil
	}
}
