package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
)

func runImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	post := fs.Bool("post", false, "导入后直接记账（历史数据迁移）")
	add := fs.Bool("add-compounds", false, "文件中有账簿没有的小区时自动增加")
	confirmUser := fs.String("confirm-user", "", "确认迁移的另一位用户（会计、出纳或社区党组织） `NAME`")
	return func(c *ctx) error {
		files := c.args
		if len(files) != 1 {
			return usagef("请给出一个要导入的 .csv 或 .xlsx 文件")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		o := books.ImportOptions{Post: *post, AddCompounds: *add}
		if *post && *confirmUser != "" {
			pw, err := c.password("确认人 "+*confirmUser+" 的密码：", "SUNBOOKS_CONFIRM_PASSWORD")
			if err != nil {
				return err
			}
			if o.ConfirmedBy, err = s.Book().Login(*confirmUser, pw); err != nil {
				return err
			}
		}
		res, err := s.ImportFile(c.cx, files[0], o)
		if err != nil {
			return err
		}
		state := "未审核（草稿）"
		if res.Posted {
			state = "已记账"
		}
		fmt.Fprintf(c.stdout, "已导入 %d 张凭证，共 %d 行，%s 至 %s，借方合计 %s，状态：%s\n",
			res.Vouchers, res.Lines, res.From.Chinese(), res.To.Chinese(), books.FormatYuan(res.Total), state)
		if len(res.AddedCompounds) > 0 {
			fmt.Fprintf(c.stdout, "新增小区：%s\n", strings.Join(res.AddedCompounds, "、"))
		}
		fmt.Fprintf(c.stdout, "文件编码：%s\n", res.Encoding)
		fmt.Fprintf(c.stdout, "导入前已备份：%s\n", res.Snapshot)
		return nil
	}
}
