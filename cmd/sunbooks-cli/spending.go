package main

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func readAttachments(paths []string) ([]spending.AttachmentInput, error) {
	var out []spending.AttachmentInput
	for _, p := range paths {
		f, err := spending.ReadAttachmentFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func runApply(fs *flags) runFunc {
	book, user := fs.bookFlags()
	compound := fs.String("compound", "", "用哪个小区的资金 `NAME`")
	title := fs.String("title", "", "申请事项 `TEXT`")
	purpose := fs.String("purpose", "", "用途说明 `TEXT`")
	amount := fs.money("amount", "申请金额（元）")
	payee := fs.String("payee", "", "收款人 `NAME`")
	category := fs.String("category", "", "支出类别 `NAME`")
	body := fs.String("body", "业委会", "申请主体")
	level := fs.String("level", "", "提高事项等级到 `重大|一般`")
	reason := fs.String("reason", "", "提高等级的理由 `TEXT`")
	date := fs.date("date", "申请日期（默认今天）")
	attach := fs.list("attach", "附件（PDF、JPEG、PNG） `FILE`")
	fs.require("compound", "title", "amount", "payee", "category")
	return func(c *ctx) error {
		m := amount.value()
		files, err := readAttachments(*attach)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		a, err := spending.Apply(s, spending.ApplyInput{Compound: *compound, Title: *title, Purpose: *purpose, Category: *category, Amount: m,
			Payee: *payee, ApplicantBody: *body, Date: *date, Level: *level, LevelReason: *reason})
		if err != nil {
			return err
		}
		if len(files) > 0 {
			if _, err := spending.Attach(s, a.No, files...); err != nil {
				return err
			}
		}
		if a, err = spending.Submit(s, a.No, ""); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已提交支出申请：%s，%s事项，%s 元，%s\n"), a.Title, a.LevelName(), books.FormatYuan(a.Amount), a.StateName())
		if a.SplitWarning != "" {
			fmt.Fprintf(c.stdout, tr("提示：%s\n"), a.SplitWarning)
		}
		fmt.Fprintln(c.stdout, a.No)
		return nil
	}
}

func runDeliberate(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	step := fs.String("step", "", "议事步骤 `NAME`")
	date := fs.date("date", "日期")
	form := fs.String("form", "", "会议形式 `TEXT`")
	expected := fs.Int("expected", 0, "应到人数")
	present := fs.Int("present", 0, "实到人数")
	votesFor := fs.Int("for", 0, "赞成票")
	against := fs.Int("against", 0, "反对票")
	abstain := fs.Int("abstain", 0, "弃权票")
	failed := fs.Bool("failed", false, "未通过（非表决步骤）")
	note := fs.String("note", "", "备注 `TEXT`")
	attach := fs.list("attach", "会议记录扫描件 `FILE`")
	fs.require("app", "step", "date")
	return func(c *ctx) error {
		files, err := readAttachments(*attach)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		d, err := spending.Deliberate(s, *app, spending.DeliberationInput{Step: *step, Date: *date, Form: *form, Expected: *expected, Present: *present,
			For: *votesFor, Against: *against, Abstain: *abstain, Failed: *failed, Note: *note, Attachments: files})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已记录 %s 的“%s”（%s）：%s"), *app, d.Step, d.Date, d.OutcomeName())
		if d.Voted {
			fmt.Fprintf(c.stdout, tr("，应到 %d 实到 %d，赞成 %d 反对 %d 弃权 %d"), d.Expected, d.Present, d.VotesFor, d.VotesAgainst, d.VotesAbstain)
		}
		fmt.Fprintf(c.stdout, tr("，附件 %d 个\n"), len(d.Attachments))
		return nil
	}
}

func runReview(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	decision := fs.String("decision", "", "决定：通过、退回或驳回 `approve|return|reject`")
	opinion := fs.String("opinion", "", "审核意见 `TEXT`")
	fs.require("app", "decision", "opinion")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := spending.Review(s, *app, *decision, *opinion); err != nil {
			return err
		}
		a, err := spending.ApplicationByNo(s.Book(), *app)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("%s 党组织审核完成，现在：%s\n"), a.No, a.StateName())
		return nil
	}
}

// writeNewFile writes a file, replacing it only through a rename so a
// half-written file never takes the place of a good one.
func writeNewFile(path string, data []byte) error {
	if err := checkOut(path); err != nil {
		return err
	}
	return books.WriteFileAtomic(path, data)
}

// fileSession is session for the commands that take one file after the
// flags: a missing or extra file is a usage error (msg says which file), and
// the file is read before the password is asked.
func (c *ctx) fileSession(book, user *string, kind, msg string) (*books.Session, []byte, error) {
	if len(c.args) != 1 {
		return nil, nil, usagef("%s", msg)
	}
	data, err := books.ReadSignedFile(c.args[0], kind)
	if err != nil {
		return nil, nil, err
	}
	s, err := c.login(*book, *user)
	return s, data, err
}

func runPay(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	date := fs.date("date", "付款日期")
	amount := fs.money("amount", "金额")
	from := fs.String("from", "", "贷方科目（银行存款、现金） `ACCOUNTCODE`")
	to := fs.String("to", "", "借方科目（费用、应付款） `ACCOUNTCODE`")
	memo := fs.String("memo", "", "摘要 `TEXT`")
	attachments := fs.Int("attachments", 0, "附件张数")
	fs.require("app", "date", "amount", "from", "to")
	return func(c *ctx) error {
		m := amount.value()
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		v, err := spending.Pay(s, *app, spending.PayInput{Date: *date, Amount: m, From: *from, To: *to, Memo: *memo, Attachments: *attachments})
		if err != nil {
			return err
		}
		a, err := spending.ApplicationByNo(s.Book(), *app)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已生成付款凭证 %s/%s：%s 元，待审核；由制单人以外的人审核（voucher review）并记账（voucher post）后才计入已付\n"),
			v.Period, v.No(), books.FormatYuan(m))
		fmt.Fprintf(c.stdout, tr("%s 已付 %s 元，待记账 %s 元，批准 %s 元，现在%s\n"), a.No, books.FormatYuan(a.Paid), books.FormatYuan(a.Pending),
			books.FormatYuan(a.Approved), a.StateName())
		return nil
	}
}

// appAction is a one-application command: -app, a text flag (required or
// not, described by what), and fn doing the work; it then says what state the
// application is in.
func appAction(fs *flags, textFlag, what string, required bool, fn func(s *books.Session, no, text string) error) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	text := fs.String(textFlag, "", what+" `TEXT`")
	fs.require("app")
	if required {
		fs.require(textFlag)
	}
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		if err := fn(s, *app, *text); err != nil {
			return err
		}
		a, err := spending.ApplicationByNo(s.Book(), *app)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("%s（第 %d 版）现在：%s，%s事项\n"), a.No, a.Version, a.StateName(), a.LevelName())
		return nil
	}
}

func runAppSubmit(fs *flags) runFunc {
	return appAction(fs, "opinion", tr("提交意见"), false, func(s *books.Session, no, text string) error {
		_, err := spending.Submit(s, no, text)
		return err
	})
}

func runAppWithdraw(fs *flags) runFunc {
	return appAction(fs, "reason", tr("撤回的理由"), true, func(s *books.Session, no, text string) error { return spending.Withdraw(s, no, text) })
}

func runAppAckSplit(fs *flags) runFunc {
	return appAction(fs, "note", tr("确认说明"), true, func(s *books.Session, no, text string) error { return spending.AcknowledgeSplit(s, no, text) })
}

func runAppClose(fs *flags) runFunc {
	return appAction(fs, "opinion", tr("结项意见"), false, func(s *books.Session, no, text string) error { return spending.CloseApplication(s, no, text) })
}

func runAppRaise(fs *flags) runFunc {
	level := fs.String("level", "", "新的事项等级 `重大|一般`")
	fs.require("level")
	return appAction(fs, "reason", tr("提高等级的理由"), true, func(s *books.Session, no, text string) error {
		return spending.RaiseLevel(s, no, *level, text)
	})
}

func runAppAttach(fs *flags) runFunc {
	attach := fs.list("attach", "附件（PDF、JPEG、PNG） `FILE`")
	fs.require("attach")
	return appAction(fs, "note", tr("附件说明"), false, func(s *books.Session, no, _ string) error {
		files, err := readAttachments(*attach)
		if err != nil {
			return err
		}
		_, err = spending.Attach(s, no, files...)
		return err
	})
}

func runAppPaper(fs *flags) runFunc {
	decision := fs.String("decision", "", "街道的决定 `approve|return|reject`")
	approver := fs.String("approver", "", "街道审批人 `NAME`")
	date := fs.date("date", "纸质审批日期")
	scan := fs.String("scan", "", "审批单扫描件 `FILE`")
	approvalNo := fs.String("approval-no", "", "审批编号 `NO`")
	amount := fs.money("amount", "批准金额（默认为申请金额）")
	fs.require("decision", "approver", "date", "scan")
	return appAction(fs, "opinion", tr("审批意见"), false, func(s *books.Session, no, text string) error {
		f, err := spending.ReadAttachmentFile(*scan)
		if err != nil {
			return err
		}
		_, err = spending.RecordPaperDecision(s, no, spending.PaperDecision{Decision: *decision, ApprovalNo: *approvalNo, Approver: *approver, Date: *date,
			Opinion: text, Approved: amount.value(), Scan: f})
		return err
	})
}

func runAttachmentExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	id := fs.Int64("id", 0, "附件编号")
	dir := fs.String("dir", "", "导出到的目录 `DIR`")
	fs.require("id", "dir")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		p, err := spending.ExportAttachment(s.Book(), *id, *dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出附件到 %s\n"), p)
		return nil
	}
}
