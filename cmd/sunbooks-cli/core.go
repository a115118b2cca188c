package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// coreCommands are the commands of core.go (main.go wires them in).
func coreCommands() []command {
	return []command{
		{"init", "init -book FILE -street NAME -community NAME -code CODE [-chart npo2004|rural2023] -user NAME", runInit},
		{"street init", "street init -book FILE -street NAME -user NAME", runStreetInit},
		{"user add", "user add -book FILE -name NAME -role 会计|出纳|业委会|社区党组织|街道|审计", runUserAdd},
		{"close", "close -book FILE -month YYYY-MM", runClose},
		{"reopen", "reopen -book FILE -month YYYY-MM -reason TEXT", runReopen},
		{"live-start", "live-start -book FILE [-month YYYY-MM -reason TEXT]  （启用月份：之前的月份可用 import -post 迁入历史凭证；不带 -month 只显示）", runLiveStart},
		{"carry", "carry -book FILE -year YYYY", runCarry},
		{"verify", "verify -book FILE [-anchor N:CODE]…  （-anchor 可重复：核对公示或数据包上的日志锚点）", runVerify},
		{"backup", "backup -book FILE", runBackup},
		{"restore", "restore -book FILE -from BACKUP", runRestore},
	}
}

func runInit(c *ctx) error {
	book := c.fs.String("book", "", "新账簿文件")
	street := c.fs.String("street", "", "街道名称")
	community := c.fs.String("community", "", "社区名称")
	code := c.fs.String("code", "", "社区代码")
	chart := c.fs.String("chart", "npo2004", "科目模板 npo2004|rural2023")
	user := c.fs.String("user", "", "第一个用户（会计）")
	if _, err := c.usage(book, req{"street", street}, req{"community", community}, req{"code", code}); err != nil {
		return err
	}
	name, err := c.user(*user)
	if err != nil {
		return err
	}
	pw, err := c.password("新用户的密码：", "SUNBOOKS_PASSWORD")
	if err != nil {
		return err
	}
	b, err := books.Create(*book, books.CreateOptions{Street: *street, Community: *community, Code: *code, Chart: *chart, UserName: name, Password: pw}, standard.Modules()...)
	if err != nil {
		return err
	}
	c.open = append(c.open, b)
	fmt.Fprintf(c.stdout, "已建立账簿 %s：%s %s（%s），会计 %s\n", *book, *street, *community, books.ChartTitle(*chart), name)
	return nil
}

func runStreetInit(c *ctx) error {
	book := c.fs.String("book", "", "新账簿文件")
	street := c.fs.String("street", "", "街道名称")
	user := c.fs.String("user", "", "第一个用户（街道）")
	if _, err := c.usage(book, req{"street", street}); err != nil {
		return err
	}
	name, err := c.user(*user)
	if err != nil {
		return err
	}
	pw, err := c.password("新用户的密码：", "SUNBOOKS_PASSWORD")
	if err != nil {
		return err
	}
	b, err := books.Create(*book, books.CreateOptions{Kind: books.KindStreet, Street: *street, UserName: name, Password: pw}, standard.Modules()...)
	if err != nil {
		return err
	}
	c.open = append(c.open, b)
	pub, _ := b.PublicKey()
	fmt.Fprintf(c.stdout, "已建立街道账簿 %s：%s，街道用户 %s\n公钥指纹：%s\n", *book, *street, name, books.Fingerprint(pub))
	return nil
}

func runUserAdd(c *ctx) error {
	book, user := c.bookFlags()
	name := c.fs.String("name", "", "新用户名")
	role := c.fs.String("role", "", "角色")
	if _, err := c.usage(book, req{"name", name}, req{"role", role}); err != nil {
		return err
	}
	r, err := books.ParseRole(*role)
	if err != nil {
		return usagef("%s", books.ErrorMessage(err))
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	pw, err := c.password("新用户的密码：", "SUNBOOKS_NEW_PASSWORD")
	if err != nil {
		return err
	}
	u, err := s.AddUser(*name, r, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已增加用户 %s（%s）\n", u.Name, u.Role.Name())
	return nil
}

func monthFlag(c *ctx) *string { return c.fs.String("month", "", "月份 YYYY-MM") }

func runClose(c *ctx) error {
	book, user := c.bookFlags()
	month := monthFlag(c)
	if _, err := c.usage(book, req{"month", month}); err != nil {
		return err
	}
	p, err := books.ParsePeriod(*month)
	if err != nil {
		return usagef("%s", books.ErrorMessage(err))
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	if err := s.ClosePeriod(p); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s 已结账\n", p.Chinese())
	return nil
}

func runReopen(c *ctx) error {
	book, user := c.bookFlags()
	month := monthFlag(c)
	reason := c.fs.String("reason", "", "反结账原因")
	if _, err := c.usage(book, req{"month", month}, req{"reason", reason}); err != nil {
		return err
	}
	p, err := books.ParsePeriod(*month)
	if err != nil {
		return usagef("%s", books.ErrorMessage(err))
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	if err := s.ReopenPeriod(p, *reason); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s 已反结账（原因：%s）\n", p.Chinese(), *reason)
	return nil
}

func runLiveStart(c *ctx) error {
	book, user := c.bookFlags()
	month := c.fs.String("month", "", "启用月份 YYYY-MM（只能设置一次）")
	reason := c.fs.String("reason", "", "原因")
	if _, err := c.usage(book); err != nil {
		return err
	}
	if *month == "" {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		if p := b.LiveStart(); p != 0 {
			fmt.Fprintf(c.stdout, "启用月份：%s；之前的月份可用 import -post 迁入历史凭证，此后的凭证须经他人审核后记账\n", p.Chinese())
		} else {
			fmt.Fprintln(c.stdout, "尚未启用：第一次记账（或用 -month 设置）时确定启用月份；在此之前，本月以前的月份可用 import -post 迁入历史凭证")
		}
		return nil
	}
	if err := need("reason", *reason); err != nil {
		return err
	}
	p, err := books.ParsePeriod(*month)
	if err != nil {
		return usagef("%s", books.ErrorMessage(err))
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	if err := s.SetLiveStart(p, *reason); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "启用月份已设为 %s（原因：%s）\n", p.Chinese(), *reason)
	return nil
}

func runCarry(c *ctx) error {
	book, user := c.bookFlags()
	year := c.fs.Int("year", 0, "年度")
	if _, err := c.parse(); err != nil {
		return err
	}
	if *book == "" || *year == 0 {
		return usagef("缺少参数 -book 或 -year")
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	v, err := s.CarryYearEnd(*year)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已生成 %d 年结转凭证 %s（未审核），共 %d 行\n", *year, v.No(), len(v.Lines))
	return nil
}

func runVerify(c *ctx) error {
	book, user := c.bookFlags()
	anchorFlags := c.anchorFlag()
	if _, err := c.usage(book); err != nil {
		return err
	}
	anchors, err := parseAnchors(*anchorFlags)
	if err != nil {
		return err
	}
	// Read-only: verifying neither waits for the app that holds the book
	// nor migrates or otherwise writes the file it is judging.
	b, err := c.readBook(*book, *user)
	if err != nil {
		return err
	}
	problems, err := b.Verify(c.cx)
	if err != nil {
		return err
	}
	bad, err := anchorProblems(b, anchors)
	if err != nil {
		return err
	}
	problems = append(problems, bad...)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.stderr, p)
		}
		return books.Errorf(books.Tampered, "校验发现 %d 处问题，账簿可能被改动过", len(problems))
	}
	fmt.Fprintln(c.stdout, "校验通过：数据库完整，操作日志链完整，每张凭证借贷平衡且与记账时一致，余额表与分录相符")
	printAnchorsOK(c, anchors)
	return nil
}

func runBackup(c *ctx) error {
	book, user := c.bookFlags()
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	p, err := s.Backup()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已备份到 %s\n", p)
	return nil
}

func runRestore(c *ctx) error {
	book, user := c.bookFlags()
	from := c.fs.String("from", "", "备份文件")
	if _, err := c.usage(book, req{"from", from}); err != nil {
		return err
	}
	// Sign in first: only the book's own 会计 restores it.
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	saved, err := s.Restore(c.cx, *from)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已从 %s 恢复；恢复前的账簿已另存为 %s\n", *from, saved)
	return nil
}

// chartCommands are the commands of core.go (main.go wires them in).
func chartCommands() []command {
	return []command{
		{"account list", "account list -book FILE", runAccountList},
		{"account add", "account add -book FILE -parent CODE -code CODE -name NAME", runAccountAdd},
		{"account rename", "account rename -book FILE -code CODE -name NAME", runAccountRename},
		{"account disable", "account disable -book FILE -code CODE [-enable]", runAccountDisable},
		{"account exempt", "account exempt -book FILE -code CODE -reason TEXT [-off]  （免审批科目，如银行手续费）", runAccountExempt},
		{"compound add", "compound add -book FILE -name NAME", runCompoundAdd},
		{"compound rename", "compound rename -book FILE -name NAME -to NEWNAME", runCompoundRename},
		{"compound archive", "compound archive -book FILE -name NAME [-restore]", runCompoundArchive},
	}
}

func runAccountList(c *ctx) error {
	book, user := c.bookFlags()
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	accounts, err := s.Book().Accounts()
	if err != nil {
		return err
	}
	exempt := map[string]bool{}
	if list, err := s.Book().ApprovalExempt(); err == nil {
		for _, a := range list {
			exempt[a.Code] = true
		}
	}
	for _, a := range accounts {
		var marks []string
		if !a.Active {
			marks = append(marks, "已停用")
		}
		if exempt[a.Code] {
			marks = append(marks, "免审批")
		}
		fmt.Fprintf(c.stdout, "%-10s %s%s\t%s\t%s\t%s\t%s\n", a.Code, strings.Repeat("  ", a.Level-1), a.Name,
			books.ClassName(a.Class), a.DirectionName(), a.Mnemonic, strings.Join(marks, " "))
	}
	return nil
}

func runAccountAdd(c *ctx) error {
	book, user := c.bookFlags()
	parent := c.fs.String("parent", "", "上级科目代码")
	code := c.fs.String("code", "", "新科目代码")
	name := c.fs.String("name", "", "科目名称")
	s, err := c.session(book, user, req{"parent", parent}, req{"code", code}, req{"name", name})
	if err != nil {
		return err
	}
	a, err := s.AddAccount(*parent, *code, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已增加科目 %s（%s类，%s）\n", a.FullName(), books.ClassName(a.Class), a.DirectionName())
	return nil
}

func runAccountRename(c *ctx) error {
	book, user := c.bookFlags()
	code := c.fs.String("code", "", "科目代码")
	name := c.fs.String("name", "", "新名称")
	s, err := c.session(book, user, req{"code", code}, req{"name", name})
	if err != nil {
		return err
	}
	if err := s.RenameAccount(*code, *name); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "科目 %s 已改名为 %s\n", *code, *name)
	return nil
}

func runAccountDisable(c *ctx) error {
	book, user := c.bookFlags()
	code := c.fs.String("code", "", "科目代码")
	enable := c.fs.Bool("enable", false, "重新启用")
	s, err := c.session(book, user, req{"code", code})
	if err != nil {
		return err
	}
	if err := s.SetAccountActive(*code, *enable); err != nil {
		return err
	}
	if *enable {
		fmt.Fprintf(c.stdout, "科目 %s 已启用\n", *code)
	} else {
		fmt.Fprintf(c.stdout, "科目 %s 已停用\n", *code)
	}
	return nil
}

func runAccountExempt(c *ctx) error {
	book, user := c.bookFlags()
	code := c.fs.String("code", "", "费用科目代码")
	reason := c.fs.String("reason", "", "原因")
	off := c.fs.Bool("off", false, "取消免审批")
	s, err := c.session(book, user, req{"code", code})
	if err != nil {
		return err
	}
	if err := s.SetApprovalExempt(*code, !*off, *reason); err != nil {
		return err
	}
	if *off {
		fmt.Fprintf(c.stdout, "科目 %s 不再免审批：付款须经审批的支出申请\n", *code)
	} else {
		fmt.Fprintf(c.stdout, "科目 %s 已设为免审批（%s）\n", *code, *reason)
	}
	return nil
}

func runCompoundAdd(c *ctx) error {
	book, user := c.bookFlags()
	name := c.fs.String("name", "", "小区名称")
	s, err := c.session(book, user, req{"name", name})
	if err != nil {
		return err
	}
	cp, err := s.AddCompound(*name)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已增加小区 %s\n", cp.Name)
	return nil
}

func runCompoundRename(c *ctx) error {
	book, user := c.bookFlags()
	name := c.fs.String("name", "", "小区名称")
	to := c.fs.String("to", "", "新名称")
	s, err := c.session(book, user, req{"name", name}, req{"to", to})
	if err != nil {
		return err
	}
	if err := s.RenameCompound(*name, *to); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "小区 %s 已改名为 %s\n", *name, *to)
	return nil
}

func runCompoundArchive(c *ctx) error {
	book, user := c.bookFlags()
	name := c.fs.String("name", "", "小区名称")
	restore := c.fs.Bool("restore", false, "取消归档")
	s, err := c.session(book, user, req{"name", name})
	if err != nil {
		return err
	}
	if err := s.ArchiveCompound(*name, !*restore); err != nil {
		return err
	}
	if *restore {
		fmt.Fprintf(c.stdout, "小区 %s 已恢复\n", *name)
	} else {
		fmt.Fprintf(c.stdout, "小区 %s 已归档\n", *name)
	}
	return nil
}
