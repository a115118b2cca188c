package main

// The level policy and the procedures: policy show|set|export|import, procedure set.

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func runPolicyShow(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		b := s.Book()
		p, err := spending.PolicyAt(b, "9999-12-31")
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("事项等级标准：%s（来源：%s）\n"), p.Describe(), p.Source)
		proc, err := spending.ProcedureVersion(b, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("议事程序第 %d 版（%s）：\n"), proc.Version, proc.Source)
		for _, l := range []string{spending.LevelMajor, spending.LevelGeneral, spending.LevelMinor} {
			fmt.Fprintf(c.stdout, tr("  %s：%s\n"), spending.LevelName(l), proc.Describe(l))
		}
		fmt.Fprintf(c.stdout, tr("表决规则：%s\n"), spending.VoteRule)
		return nil
	}
}

func runPolicySet(fs *flags) runFunc {
	book, user := fs.bookFlags()
	effective := fs.date("effective", "生效日期")
	minor := fs.money("minor", "小微事项上限（元） `5000`")
	major := fs.money("major", "重大事项起点（元） `50000`")
	minorIncl := fs.Bool("minor-inclusive", false, "小微事项含上限")
	majorExcl := fs.Bool("major-exclusive", false, "重大事项不含起点")
	cats := fs.String("categories", strings.Join(spending.DefaultMajorCategories, ","), "按性质属重大事项的类别，逗号分隔 `工程建设,资产处置,…`")
	fs.require("effective", "minor", "major")
	return func(c *ctx) error {
		mi := minor.value()
		ma := major.value()
		var categories []string
		for _, c := range strings.FieldsFunc(*cats, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			if c = strings.TrimSpace(c); c != "" {
				categories = append(categories, c)
			}
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		p, err := spending.SetPolicy(s, spending.LevelPolicy{EffectiveFrom: *effective, MinorMax: mi, MinorMaxIncl: *minorIncl, MajorMin: ma, MajorMinIncl: !*majorExcl, MajorCategories: categories})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已设置事项等级标准：%s\n"), p.Describe())
		return nil
	}
}

func runProcedureSet(fs *flags) runFunc {
	book, user := fs.bookFlags()
	level := fs.String("level", "", "事项等级 `重大|一般|小微`")
	steps := fs.String("steps", "", "步骤，逗号分隔 `名称:阶段[:vote],…`")
	note := fs.String("note", "", "说明")
	fs.require("level", "steps")
	return func(c *ctx) error {
		l, err := spending.ParseLevel(*level)
		if err != nil {
			return usagef("%s", books.ErrorMessage(err))
		}
		var list []spending.ProcedureStep
		for i, part := range strings.Split(*steps, ",") {
			f := strings.Split(strings.TrimSpace(part), ":")
			if len(f) < 2 {
				return usagef("第 %d 个步骤“%s”应写成 名称:阶段[:vote]", i+1, part)
			}
			list = append(list, spending.ProcedureStep{Seq: i + 1, Name: f[0], Phase: f[1], Vote: len(f) > 2 && f[2] == "vote"})
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		cur, err := spending.ProcedureVersion(s.Book(), 0)
		if err != nil {
			return err
		}
		cur.Steps[l] = list
		cur.Note, cur.Source = *note, ""
		p, err := spending.SetProcedure(s, cur)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已保存议事程序第 %d 版：%s %s\n"), p.Version, spending.LevelName(l), p.Describe(l))
		return nil
	}
}

func runPolicyExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	out := fs.String("out", "", "街道政策文件 `FILE`")
	fs.require("out")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		data, err := spending.ExportPolicy(s)
		if err != nil {
			return err
		}
		if err := writeNewFile(*out, data); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出街道政策文件 %s（已用街道密钥签名）\n"), *out)
		return nil
	}
}

func runPolicyImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, data, err := c.fileSession(book, user, books.FileKindPolicy, tr("请给出一个街道政策文件"))
		if err != nil {
			return err
		}
		added, version, err := spending.ImportPolicy(s, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导入街道政策：新增等级标准 %d 条，议事程序现为第 %d 版\n"), added, version)
		return nil
	}
}
