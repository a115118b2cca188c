package main

import (
	"fmt"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// spendingCommands are the commands of spending.go (main.go wires them in).
func spendingCommands() []command {
	return []command{
		{"apply", "apply -book FILE -compound NAME -title TEXT -amount 1234.50 -payee NAME -category NAME [-date YYYY-MM-DD] [-purpose TEXT] [-level 重大 -reason TEXT] [-attach FILE]…  （业委会；提交后打印申请编号）", runApply},
		{"deliberate", "deliberate -book FILE -app NO -step NAME -date YYYY-MM-DD [-form TEXT] [-expected N -present N -for N -against N -abstain N] [-failed] [-note TEXT] [-attach FILE]…", runDeliberate},
		{"review", "review -book FILE -app NO -decision approve|return|reject -opinion TEXT  （社区党组织）", runReview},
		{"request export", "request export -book FILE -app NO -out FILE", runRequestExport},
		{"request import", "request import -book STREETBOOK FILE", runRequestImport},
		{"request attachment", "request attachment -book STREETBOOK -app NO -id N -dir DIR [-community CODE]  （导出申请中的附件）", runRequestAttachment},
		{"request show", "request show -book STREETBOOK -app NO [-community CODE]", runRequestShow},
		{"request list", "request list -book STREETBOOK [-pending]", runRequestList},
		{"approve", "approve -book STREETBOOK -app NO -decision approve|return|reject -opinion TEXT -out DECISIONFILE [-community CODE] [-amount 1234.50]", runApprove},
		{"decision import", "decision import -book FILE DECISIONFILE", runDecisionImport},
		{"key export", "key export -book FILE -out FILE.pub", runKeyExport},
		{"key list", "key list -book FILE  （本账簿登记的公钥：社区账簿为街道，街道账簿为所辖社区）", runKeyList},
		{"trust", "trust -book FILE -key FILE.pub", runTrust},
		{"pay", "pay -book FILE -app NO -date YYYY-MM-DD -amount 1234.50 -from ACCOUNTCODE -to ACCOUNTCODE [-memo TEXT]", runPay},
		{"app show", "app show -book FILE -app NO [-format text|json]", runAppShow},
		{"app list", "app list -book FILE [-state 状态] [-compound NAME] [-waiting] [-format text|json]", runAppList},
		{"app submit", "app submit -book FILE -app NO [-opinion TEXT]  （草稿或退回后重新提交）", runAppSubmit},
		{"app withdraw", "app withdraw -book FILE -app NO -reason TEXT", runAppWithdraw},
		{"app raise", "app raise -book FILE -app NO -level 重大|一般 -reason TEXT", runAppRaise},
		{"app ack-split", "app ack-split -book FILE -app NO -note TEXT  （社区党组织确认拆分支付提示）", runAppAckSplit},
		{"app attach", "app attach -book FILE -app NO -attach FILE…", runAppAttach},
		{"app paper", "app paper -book FILE -app NO -decision approve|return|reject -approver NAME -date YYYY-MM-DD -scan FILE [-approval-no NO] [-opinion TEXT] [-amount 1234.50]  （纸质审批）", runAppPaper},
		{"app close", "app close -book FILE -app NO [-opinion TEXT]  （结项）", runAppClose},
		{"attachment export", "attachment export -book FILE -id N -dir DIR", runAttachmentExport},
		{"policy show", "policy show -book FILE", runPolicyShow},
		{"policy set", "policy set -book FILE -effective YYYY-MM-DD -minor 5000 -major 50000 [-minor-inclusive] [-major-exclusive] [-categories 工程建设,资产处置,一年以上合同]", runPolicySet},
		{"policy export", "policy export -book STREETBOOK -out FILE  （街道的等级标准和议事程序，签名）", runPolicyExport},
		{"policy import", "policy import -book FILE POLICYFILE", runPolicyImport},
		{"procedure set", "procedure set -book FILE -level 重大|一般|小微 -steps 名称:阶段[:vote],…  （阶段 review|filing|payment|close）", runProcedureSet},
	}
}

// multiFlag collects a repeated flag (-attach a.pdf -attach b.jpg).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

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

func parseAmount(name, s string) (books.Money, error) {
	m, err := books.ParseMoney(s)
	if err != nil {
		return m, usagef("-%s：%s", name, books.ErrorMessage(err))
	}
	return m, nil
}

func runApply(c *ctx) error {
	book, user := c.bookFlags()
	compound := c.fs.String("compound", "", "用哪个小区的资金")
	title := c.fs.String("title", "", "申请事项")
	purpose := c.fs.String("purpose", "", "用途说明")
	amount := c.fs.String("amount", "", "申请金额（元）")
	payee := c.fs.String("payee", "", "收款人")
	category := c.fs.String("category", "", "支出类别")
	body := c.fs.String("body", "业委会", "申请主体")
	level := c.fs.String("level", "", "提高事项等级到（重大|一般）")
	reason := c.fs.String("reason", "", "提高等级的理由")
	date := c.fs.String("date", "", "申请日期（默认今天）")
	var attach multiFlag
	c.fs.Var(&attach, "attach", "附件（PDF、JPEG、PNG，可重复）")
	if _, err := c.usage(book, req{"compound", compound}, req{"title", title}, req{"amount", amount}, req{"payee", payee}, req{"category", category}); err != nil {
		return err
	}
	m, err := parseAmount("amount", *amount)
	if err != nil {
		return err
	}
	files, err := readAttachments(attach)
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
	fmt.Fprintf(c.stdout, "已提交支出申请：%s，%s事项，%s 元，%s\n", a.Title, a.LevelName(), books.FormatYuan(a.Amount), a.StateName())
	if a.SplitWarning != "" {
		fmt.Fprintf(c.stdout, "提示：%s\n", a.SplitWarning)
	}
	fmt.Fprintln(c.stdout, a.No)
	return nil
}

func runDeliberate(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	step := c.fs.String("step", "", "议事步骤")
	date := c.fs.String("date", "", "日期")
	form := c.fs.String("form", "", "会议形式")
	expected := c.fs.Int("expected", 0, "应到人数")
	present := c.fs.Int("present", 0, "实到人数")
	votesFor := c.fs.Int("for", 0, "赞成票")
	against := c.fs.Int("against", 0, "反对票")
	abstain := c.fs.Int("abstain", 0, "弃权票")
	failed := c.fs.Bool("failed", false, "未通过（非表决步骤）")
	note := c.fs.String("note", "", "备注")
	var attach multiFlag
	c.fs.Var(&attach, "attach", "会议记录扫描件（可重复）")
	if _, err := c.usage(book, req{"app", app}, req{"step", step}, req{"date", date}); err != nil {
		return err
	}
	files, err := readAttachments(attach)
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
	fmt.Fprintf(c.stdout, "已记录 %s 的“%s”（%s）：%s", *app, d.Step, d.Date, d.OutcomeName())
	if d.Voted {
		fmt.Fprintf(c.stdout, "，应到 %d 实到 %d，赞成 %d 反对 %d 弃权 %d", d.Expected, d.Present, d.VotesFor, d.VotesAgainst, d.VotesAbstain)
	}
	fmt.Fprintf(c.stdout, "，附件 %d 个\n", len(d.Attachments))
	return nil
}

func runReview(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	decision := c.fs.String("decision", "", "approve|return|reject")
	opinion := c.fs.String("opinion", "", "审核意见")
	s, err := c.session(book, user, req{"app", app}, req{"decision", decision}, req{"opinion", opinion})
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
	fmt.Fprintf(c.stdout, "%s 党组织审核完成，现在：%s\n", a.No, a.StateName())
	return nil
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
	args, err := c.usage(book)
	if err != nil {
		return nil, nil, err
	}
	if len(args) != 1 {
		return nil, nil, usagef("%s", msg)
	}
	data, err := books.ReadSignedFile(args[0], kind)
	if err != nil {
		return nil, nil, err
	}
	s, err := c.login(*book, *user)
	return s, data, err
}

func runPay(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	date := c.fs.String("date", "", "付款日期")
	amount := c.fs.String("amount", "", "金额")
	from := c.fs.String("from", "", "贷方科目（银行存款、现金）")
	to := c.fs.String("to", "", "借方科目（费用、应付款）")
	memo := c.fs.String("memo", "", "摘要")
	attachments := c.fs.Int("attachments", 0, "附件张数")
	if _, err := c.usage(book, req{"app", app}, req{"date", date}, req{"amount", amount}, req{"from", from}, req{"to", to}); err != nil {
		return err
	}
	m, err := parseAmount("amount", *amount)
	if err != nil {
		return err
	}
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
	fmt.Fprintf(c.stdout, "已生成付款凭证 %s/%s：%s 元，待审核；由制单人以外的人审核（voucher review）并记账（voucher post）后才计入已付\n",
		v.Period, v.No(), books.FormatYuan(m))
	fmt.Fprintf(c.stdout, "%s 已付 %s 元，待记账 %s 元，批准 %s 元，现在%s\n", a.No, books.FormatYuan(a.Paid), books.FormatYuan(a.Pending),
		books.FormatYuan(a.Approved), a.StateName())
	return nil
}

// appAction runs a simple one-application command with one text flag.
func appAction(c *ctx, textFlag string, required bool, fn func(s *books.Session, no, text string) error) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	text := c.fs.String(textFlag, "", textFlag)
	if _, err := c.usage(book, req{"app", app}); err != nil {
		return err
	}
	if required {
		if err := need(textFlag, *text); err != nil {
			return err
		}
	}
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
	fmt.Fprintf(c.stdout, "%s（第 %d 版）现在：%s，%s事项\n", a.No, a.Version, a.StateName(), a.LevelName())
	return nil
}

func runAppSubmit(c *ctx) error {
	return appAction(c, "opinion", false, func(s *books.Session, no, text string) error {
		_, err := spending.Submit(s, no, text)
		return err
	})
}

func runAppWithdraw(c *ctx) error {
	return appAction(c, "reason", true, func(s *books.Session, no, text string) error { return spending.Withdraw(s, no, text) })
}

func runAppAckSplit(c *ctx) error {
	return appAction(c, "note", true, func(s *books.Session, no, text string) error { return spending.AcknowledgeSplit(s, no, text) })
}

func runAppClose(c *ctx) error {
	return appAction(c, "opinion", false, func(s *books.Session, no, text string) error { return spending.CloseApplication(s, no, text) })
}

func runAppRaise(c *ctx) error {
	level := c.fs.String("level", "", "新的事项等级")
	return appAction(c, "reason", true, func(s *books.Session, no, text string) error {
		if *level == "" {
			return usagef("缺少参数 -level")
		}
		return spending.RaiseLevel(s, no, *level, text)
	})
}

func runAppAttach(c *ctx) error {
	var attach multiFlag
	c.fs.Var(&attach, "attach", "附件（可重复）")
	return appAction(c, "note", false, func(s *books.Session, no, _ string) error {
		if len(attach) == 0 {
			return usagef("缺少参数 -attach")
		}
		files, err := readAttachments(attach)
		if err != nil {
			return err
		}
		_, err = spending.Attach(s, no, files...)
		return err
	})
}

func runAppPaper(c *ctx) error {
	decision := c.fs.String("decision", "", "approve|return|reject")
	approver := c.fs.String("approver", "", "街道审批人")
	date := c.fs.String("date", "", "纸质审批日期")
	scan := c.fs.String("scan", "", "审批单扫描件")
	approvalNo := c.fs.String("approval-no", "", "审批编号")
	amount := c.fs.String("amount", "", "批准金额（默认为申请金额）")
	return appAction(c, "opinion", false, func(s *books.Session, no, text string) error {
		if err := need("decision", *decision, "approver", *approver, "date", *date, "scan", *scan); err != nil {
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
		f, err := spending.ReadAttachmentFile(*scan)
		if err != nil {
			return err
		}
		_, err = spending.RecordPaperDecision(s, no, spending.PaperDecision{Decision: *decision, ApprovalNo: *approvalNo, Approver: *approver, Date: *date,
			Opinion: text, Approved: approved, Scan: f})
		return err
	})
}

func runAttachmentExport(c *ctx) error {
	book, user := c.bookFlags()
	id := c.fs.Int64("id", 0, "附件编号")
	dir := c.fs.String("dir", "", "导出到的目录")
	if _, err := c.parse(); err != nil {
		return err
	}
	if *book == "" || *id == 0 || *dir == "" {
		return usagef("缺少参数 -book、-id 或 -dir")
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	p, err := spending.ExportAttachment(s.Book(), *id, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导出附件到 %s\n", p)
	return nil
}
