package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
)

// importCommands are the commands of importcmd.go (main.go wires them in).
func importCommands() []command {
	return []command{
		{"import", "import -book FILE [-post -confirm-user NAME] [-add-compounds] FILE.csv|FILE.xlsx  （-post 迁移历史凭证，须另一位用户确认，其密码取自 SUNBOOKS_CONFIRM_PASSWORD）", runImport},
	}
}

func runImport(c *ctx) error {
	book, user := c.bookFlags()
	post := c.fs.Bool("post", false, "导入后直接记账（历史数据迁移）")
	add := c.fs.Bool("add-compounds", false, "文件中有账簿没有的小区时自动增加")
	confirmUser := c.fs.String("confirm-user", "", "确认迁移的另一位用户（会计、出纳或社区党组织）")
	args, err := c.parse()
	if err != nil {
		return err
	}
	// Accept flags after the file name too ("import FILE.csv -post").
	var files []string
	for len(args) > 0 {
		if strings.HasPrefix(args[0], "-") {
			if err := c.fs.Parse(args); err != nil {
				return usageError{}
			}
			args = c.fs.Args()
			continue
		}
		files = append(files, args[0])
		args = args[1:]
	}
	if err := need("book", *book); err != nil {
		return err
	}
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
