package main

// Approval requests and decisions between community and street: request export|import|list|show|attachment, approve, decision import.

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func runRequestExport(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	out := c.fs.String("out", "", "输出文件")
	s, err := c.session(book, user, req{"app", app}, req{"out", out})
	if err != nil {
		return err
	}
	data, err := spending.ExportRequest(s, *app)
	if err != nil {
		return err
	}
	if err := writeNewFile(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导出审批申请 %s 到 %s（已用本社区密钥签名）\n", *app, *out)
	return nil
}

func runRequestImport(c *ctx) error {
	book, user := c.bookFlags()
	s, data, err := c.fileSession(book, user, books.FileKindRequest, "请给出一个审批申请文件")
	if err != nil {
		return err
	}
	r, err := spending.ImportRequest(s, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导入社区“%s”（%s）的审批申请，签名指纹 %s\n", r.Community, r.CommunityCode, r.Signer)
	printApplication(c.stdout, r.App)
	return nil
}

func runRequestList(c *ctx) error {
	book, user := c.bookFlags()
	pending := c.fs.Bool("pending", false, "只列待审批的")
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	list, err := spending.StreetRequests(s.Book(), *pending)
	if err != nil {
		return err
	}
	for _, r := range list {
		fmt.Fprintf(c.stdout, "%s\t%s\t%s\t第%d版\t%s\t%s事项\t%s 元\t%s\t%s\n", r.CommunityCode, r.Community, r.AppNo, r.Version, r.App.Title,
			r.App.LevelName(), books.FormatYuan(r.App.Amount), r.StateName(), r.ApprovalNo)
	}
	fmt.Fprintf(c.stdout, "共 %d 件\n", len(list))
	return nil
}

func runApprove(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	decision := c.fs.String("decision", "", "approve|return|reject")
	opinion := c.fs.String("opinion", "", "审批意见")
	out := c.fs.String("out", "", "审批决定文件")
	community := c.fs.String("community", "", "社区代码（多个社区有相同编号时）")
	amount := c.fs.String("amount", "", "批准金额（默认为申请金额）")
	if _, err := c.usage(book, req{"app", app}, req{"decision", decision}, req{"opinion", opinion}, req{"out", out}); err != nil {
		return err
	}
	approved := books.FromFen(0)
	if *amount != "" {
		m, err := parseAmount("amount", *amount)
		if err != nil {
			return err
		}
		approved = m
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	data, err := spending.StreetDecide(s, *community, *app, *decision, *opinion, approved)
	if err != nil {
		return err
	}
	if err := writeNewFile(*out, data); err != nil {
		return err
	}
	r, err := spending.FindStreetRequest(s.Book(), *community, *app)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "社区“%s”的申请 %s（第 %d 版）%s", r.Community, r.AppNo, r.Version, r.StateName())
	if r.ApprovalNo != "" {
		fmt.Fprintf(c.stdout, "，审批编号 %s", r.ApprovalNo)
	}
	fmt.Fprintf(c.stdout, "；已用街道密钥签名写入 %s\n", *out)
	return nil
}

func runDecisionImport(c *ctx) error {
	book, user := c.bookFlags()
	s, data, err := c.fileSession(book, user, books.FileKindDecision, "请给出一个审批决定文件")
	if err != nil {
		return err
	}
	a, err := spending.ImportDecision(s, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导入街道审批决定：%s 现在%s", a.No, a.StateName())
	if a.ApprovalNo != "" {
		fmt.Fprintf(c.stdout, "，审批编号 %s，批准金额 %s 元", a.ApprovalNo, books.FormatYuan(a.Approved))
	}
	fmt.Fprintln(c.stdout)
	return nil
}

func runRequestAttachment(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	id := c.fs.Int64("id", 0, "附件编号")
	dir := c.fs.String("dir", "", "导出到的目录")
	community := c.fs.String("community", "", "社区代码")
	if _, err := c.parse(); err != nil {
		return err
	}
	if *book == "" || *app == "" || *id == 0 || *dir == "" {
		return usagef("缺少参数 -book、-app、-id 或 -dir")
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	p, err := spending.ExportStreetRequestFile(s.Book(), *community, *app, *id, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导出附件到 %s\n", p)
	return nil
}

func runRequestShow(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	community := c.fs.String("community", "", "社区代码")
	s, err := c.session(book, user, req{"app", app})
	if err != nil {
		return err
	}
	r, err := spending.FindStreetRequest(s.Book(), *community, *app)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "社区“%s”（%s）报来的审批申请，%s 导入，签名指纹 %s；街道审批：%s", r.Community, r.CommunityCode, r.ImportedAt, r.Signer, r.StateName())
	if r.DecidedBy != "" {
		fmt.Fprintf(c.stdout, "（%s %s，意见：%s）", r.DecidedBy, r.DecidedAt, r.Opinion)
	}
	if r.ApprovalNo != "" {
		fmt.Fprintf(c.stdout, "，审批编号 %s", r.ApprovalNo)
	}
	fmt.Fprintln(c.stdout)
	printApplication(c.stdout, r.App)
	return nil
}
