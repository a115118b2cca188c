package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/books/standard"
)

func runInit(fs *flags) runFunc {
	book := fs.String("book", "", "新账簿文件 `FILE`")
	street := fs.String("street", "", "街道名称 `NAME`")
	community := fs.String("community", "", "社区名称 `NAME`")
	code := fs.String("code", "", "社区代码 `CODE`")
	chart := fs.String("chart", "npo2004", "科目模板 `npo2004|rural2023`")
	user := fs.String("user", "", "第一个用户（会计） `NAME`")
	fs.require("book", "street", "community", "code")
	return func(c *ctx) error {
		name, err := c.user(*user)
		if err != nil {
			return err
		}
		pw, err := c.password(tr("新用户的密码："), "SUNBOOKS_PASSWORD")
		if err != nil {
			return err
		}
		b, err := books.Create(*book, books.CreateOptions{Street: *street, Community: *community, Code: *code, Chart: *chart, UserName: name, Password: pw}, standard.Modules()...)
		if err != nil {
			return err
		}
		c.open = append(c.open, b)
		fmt.Fprintf(c.stdout, tr("已建立账簿 %s：%s %s（%s），会计 %s\n"), *book, *street, *community, books.ChartTitle(*chart), name)
		return nil
	}
}

func runStreetInit(fs *flags) runFunc {
	book := fs.String("book", "", "新账簿文件 `FILE`")
	street := fs.String("street", "", "街道名称 `NAME`")
	user := fs.String("user", "", "第一个用户（街道） `NAME`")
	fs.require("book", "street")
	return func(c *ctx) error {
		name, err := c.user(*user)
		if err != nil {
			return err
		}
		pw, err := c.password(tr("新用户的密码："), "SUNBOOKS_PASSWORD")
		if err != nil {
			return err
		}
		b, err := books.Create(*book, books.CreateOptions{Kind: books.KindStreet, Street: *street, UserName: name, Password: pw}, standard.Modules()...)
		if err != nil {
			return err
		}
		c.open = append(c.open, b)
		pub, _ := b.PublicKey()
		fmt.Fprintf(c.stdout, tr("已建立街道账簿 %s：%s，街道用户 %s\n公钥指纹：%s\n"), *book, *street, name, books.Fingerprint(pub))
		return nil
	}
}

func runUserAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	name := fs.String("name", "", "新用户名 `NAME`")
	role := fs.String("role", "", "角色 `会计|出纳|业委会|社区党组织|街道|审计`")
	fs.require("name", "role")
	return func(c *ctx) error {
		r, err := books.ParseRole(*role)
		if err != nil {
			return usagef("%s", books.ErrorMessage(err))
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		pw, err := c.password(tr("新用户的密码："), "SUNBOOKS_NEW_PASSWORD")
		if err != nil {
			return err
		}
		u, err := s.AddUser(*name, r, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已增加用户 %s（%s）\n"), u.Name, u.Role.Name())
		return nil
	}
}

func runClose(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "月份")
	fs.require("month")
	return func(c *ctx) error {
		p := month.p
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.ClosePeriod(p); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("%s 已结账\n"), p.Chinese())
		return nil
	}
}

func runReopen(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "月份")
	reason := fs.String("reason", "", "反结账原因 `TEXT`")
	fs.require("month", "reason")
	return func(c *ctx) error {
		p := month.p
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.ReopenPeriod(p, *reason); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("%s 已反结账（原因：%s）\n"), p.Chinese(), *reason)
		return nil
	}
}

func runLiveStart(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "启用月份（只能设置一次）")
	reason := fs.String("reason", "", "原因 `TEXT`")
	return func(c *ctx) error {
		if !month.set {
			b, err := c.readBook(*book, *user)
			if err != nil {
				return err
			}
			if p := b.LiveStart(); p != 0 {
				fmt.Fprintf(c.stdout, tr("启用月份：%s；之前的月份可用 import -post 迁入历史凭证，此后的凭证须经他人审核后记账\n"), p.Chinese())
			} else {
				fmt.Fprintln(c.stdout, tr("尚未启用：第一次记账（或用 -month 设置）时确定启用月份；在此之前，本月以前的月份可用 import -post 迁入历史凭证"))
			}
			return nil
		}
		if err := need("reason", *reason); err != nil {
			return err
		}
		p := month.p
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.SetLiveStart(p, *reason); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("启用月份已设为 %s（原因：%s）\n"), p.Chinese(), *reason)
		return nil
	}
}

func runCarry(fs *flags) runFunc {
	book, user := fs.bookFlags()
	year := fs.Int("year", 0, "年度 `YYYY`")
	fs.require("year")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		v, err := s.CarryYearEnd(*year)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已生成 %d 年结转凭证 %s（未审核），共 %d 行\n"), *year, v.No(), len(v.Lines))
		return nil
	}
}

func runAccountList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
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
				marks = append(marks, tr("已停用"))
			}
			if exempt[a.Code] {
				marks = append(marks, tr("免审批"))
			}
			fmt.Fprintf(c.stdout, "%-10s %s%s\t%s\t%s\t%s\t%s\n", a.Code, strings.Repeat("  ", a.Level-1), a.Name,
				books.ClassName(a.Class), a.DirectionName(), a.Mnemonic, strings.Join(marks, " "))
		}
		return nil
	}
}

func runAccountAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	parent := fs.String("parent", "", "上级科目代码 `CODE`")
	code := fs.String("code", "", "新科目代码 `CODE`")
	name := fs.String("name", "", "科目名称 `NAME`")
	fs.require("parent", "code", "name")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		a, err := s.AddAccount(*parent, *code, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已增加科目 %s（%s类，%s）\n"), a.FullName(), books.ClassName(a.Class), a.DirectionName())
		return nil
	}
}

func runAccountRename(fs *flags) runFunc {
	book, user := fs.bookFlags()
	code := fs.String("code", "", "科目代码 `CODE`")
	name := fs.String("name", "", "新名称 `NAME`")
	fs.require("code", "name")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.RenameAccount(*code, *name); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("科目 %s 已改名为 %s\n"), *code, *name)
		return nil
	}
}

func runAccountDisable(fs *flags) runFunc {
	book, user := fs.bookFlags()
	code := fs.String("code", "", "科目代码 `CODE`")
	enable := fs.Bool("enable", false, "重新启用")
	fs.require("code")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.SetAccountActive(*code, *enable); err != nil {
			return err
		}
		if *enable {
			fmt.Fprintf(c.stdout, tr("科目 %s 已启用\n"), *code)
		} else {
			fmt.Fprintf(c.stdout, tr("科目 %s 已停用\n"), *code)
		}
		return nil
	}
}

func runAccountExempt(fs *flags) runFunc {
	book, user := fs.bookFlags()
	code := fs.String("code", "", "费用科目代码 `CODE`")
	reason := fs.String("reason", "", "原因 `TEXT`")
	off := fs.Bool("off", false, "取消免审批")
	fs.require("code")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.SetApprovalExempt(*code, !*off, *reason); err != nil {
			return err
		}
		if *off {
			fmt.Fprintf(c.stdout, tr("科目 %s 不再免审批：付款须经审批的支出申请\n"), *code)
		} else {
			fmt.Fprintf(c.stdout, tr("科目 %s 已设为免审批（%s）\n"), *code, *reason)
		}
		return nil
	}
}

func runCompoundAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	name := fs.String("name", "", "小区名称 `NAME`")
	fs.require("name")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		cp, err := s.AddCompound(*name)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已增加小区 %s\n"), cp.Name)
		return nil
	}
}

func runCompoundRename(fs *flags) runFunc {
	book, user := fs.bookFlags()
	name := fs.String("name", "", "小区名称 `NAME`")
	to := fs.String("to", "", "新名称 `NEWNAME`")
	fs.require("name", "to")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.RenameCompound(*name, *to); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("小区 %s 已改名为 %s\n"), *name, *to)
		return nil
	}
}

func runCompoundArchive(fs *flags) runFunc {
	book, user := fs.bookFlags()
	name := fs.String("name", "", "小区名称 `NAME`")
	restore := fs.Bool("restore", false, "取消归档")
	fs.require("name")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.ArchiveCompound(*name, !*restore); err != nil {
			return err
		}
		if *restore {
			fmt.Fprintf(c.stdout, tr("小区 %s 已恢复\n"), *name)
		} else {
			fmt.Fprintf(c.stdout, tr("小区 %s 已归档\n"), *name)
		}
		return nil
	}
}

func runSettingSet(fs *flags) runFunc {
	book, user := fs.bookFlags()
	key := fs.String("key", "", "设置项："+strings.Join(books.SettingKeys(), "、")+" `KEY`")
	value := fs.String("value", "", "值（留空则删除） `TEXT`")
	fs.require("key")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := s.SetSetting(*key, *value); err != nil {
			return err
		}
		if *value == "" {
			fmt.Fprintf(c.stdout, tr("已删除设置 %s\n"), *key)
		} else {
			fmt.Fprintf(c.stdout, tr("已设置 %s = %s\n"), *key, *value)
		}
		return nil
	}
}
