package main

// Approval requests and decisions between community and street: request export|import|list|show|attachment, approve, decision import.

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func runRequestExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	out := fs.String("out", "", "输出文件 `FILE`")
	fs.require("app", "out")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
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
		fmt.Fprintf(c.stdout, tr("已导出审批申请 %s 到 %s（已用本社区密钥签名）\n"), *app, *out)
		return nil
	}
}

func runRequestImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, data, err := c.fileSession(book, user, books.FileKindRequest, tr("请给出一个审批申请文件"))
		if err != nil {
			return err
		}
		r, err := spending.ImportRequest(s, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导入社区“%s”（%s）的审批申请，签名指纹 %s\n"), r.Community, r.CommunityCode, r.Signer)
		printApplication(c.stdout, r.App)
		return nil
	}
}

func runRequestList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	pending := fs.Bool("pending", false, "只列待审批的")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		list, err := spending.StreetRequests(s.Book(), *pending)
		if err != nil {
			return err
		}
		for _, r := range list {
			fmt.Fprintf(c.stdout, tr("%s\t%s\t%s\t第%d版\t%s\t%s事项\t%s 元\t%s\t%s\n"), r.CommunityCode, r.Community, r.AppNo, r.Version, r.App.Title,
				r.App.LevelName(), books.FormatYuan(r.App.Amount), r.StateName(), r.ApprovalNo)
		}
		fmt.Fprintf(c.stdout, tr("共 %d 件\n"), len(list))
		return nil
	}
}

func runApprove(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	decision := fs.String("decision", "", "决定：通过、退回或驳回 `approve|return|reject`")
	opinion := fs.String("opinion", "", "审批意见 `TEXT`")
	out := fs.String("out", "", "审批决定文件 `DECISIONFILE`")
	community := fs.String("community", "", "社区代码（多个社区有相同编号时） `CODE`")
	amount := fs.money("amount", "批准金额（默认为申请金额）")
	fs.require("app", "decision", "opinion", "out")
	return func(c *ctx) error {
		approved := amount.value() // zero: the amount applied for
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
		fmt.Fprintf(c.stdout, tr("社区“%s”的申请 %s（第 %d 版）%s"), r.Community, r.AppNo, r.Version, r.StateName())
		if r.ApprovalNo != "" {
			fmt.Fprintf(c.stdout, tr("，审批编号 %s"), r.ApprovalNo)
		}
		fmt.Fprintf(c.stdout, tr("；已用街道密钥签名写入 %s\n"), *out)
		return nil
	}
}

func runDecisionImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, data, err := c.fileSession(book, user, books.FileKindDecision, tr("请给出一个审批决定文件"))
		if err != nil {
			return err
		}
		a, err := spending.ImportDecision(s, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导入街道审批决定：%s 现在%s"), a.No, a.StateName())
		if a.ApprovalNo != "" {
			fmt.Fprintf(c.stdout, tr("，审批编号 %s，批准金额 %s 元"), a.ApprovalNo, books.FormatYuan(a.Approved))
		}
		fmt.Fprintln(c.stdout)
		return nil
	}
}

func runRequestAttachment(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	id := fs.Int64("id", 0, "附件编号")
	dir := fs.String("dir", "", "导出到的目录 `DIR`")
	community := fs.String("community", "", "社区代码 `CODE`")
	fs.require("app", "id", "dir")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		p, err := spending.ExportStreetRequestFile(s.Book(), *community, *app, *id, *dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出附件到 %s\n"), p)
		return nil
	}
}

func runRequestShow(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	community := fs.String("community", "", "社区代码 `CODE`")
	fs.require("app")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		r, err := spending.FindStreetRequest(s.Book(), *community, *app)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("社区“%s”（%s）报来的审批申请，%s 导入，签名指纹 %s；街道审批：%s"), r.Community, r.CommunityCode, r.ImportedAt, r.Signer, r.StateName())
		if r.DecidedBy != "" {
			fmt.Fprintf(c.stdout, tr("（%s %s，意见：%s）"), r.DecidedBy, r.DecidedAt, r.Opinion)
		}
		if r.ApprovalNo != "" {
			fmt.Fprintf(c.stdout, tr("，审批编号 %s"), r.ApprovalNo)
		}
		fmt.Fprintln(c.stdout)
		printApplication(c.stdout, r.App)
		return nil
	}
}
