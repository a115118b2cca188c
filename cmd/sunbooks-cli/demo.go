package main

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/demo"
)

func runDemo(fs *flags) runFunc {
	book := fs.String("book", "", "新的演示账簿文件 `FILE`")
	fs.require("book")
	return func(c *ctx) error {
		pw, err := c.password("演示用户的密码：", "SUNBOOKS_PASSWORD")
		if err != nil {
			return err
		}
		b, err := demo.Create(*book, demo.Options{Password: pw})
		if err != nil {
			return err
		}
		c.open = append(c.open, b)
		n, err := b.CountVouchers(books.VoucherFilter{})
		if err != nil {
			return err
		}
		ps, err := b.Periods()
		if err != nil {
			return err
		}
		closed := 0
		for _, p := range ps {
			if p.Closed {
				closed++
			}
		}
		fmt.Fprintf(c.stdout, "已建立演示账簿 %s：城关街道 阳光社区（371329001），小区 阳光小区、和平小区、幸福里小区、锦绣花园\n", *book)
		fmt.Fprintf(c.stdout, "凭证 %d 张，已结账 %d 个月；用户 张会计（会计）、李出纳（出纳）、赵主任（业委会）、王书记（社区党组织）、王审计（审计），密码均为 SUNBOOKS_PASSWORD 所设\n", n, closed)
		return nil
	}
}
