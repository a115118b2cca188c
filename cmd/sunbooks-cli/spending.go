package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

func init() {
	register(
		command{"apply", "apply -book FILE -compound NAME -title TEXT -amount 1234.50 -payee NAME -category NAME [-date YYYY-MM-DD] [-purpose TEXT] [-level 重大 -reason TEXT] [-attach FILE]…  （业委会；提交后打印申请编号）", runApply},
		command{"deliberate", "deliberate -book FILE -app NO -step NAME -date YYYY-MM-DD [-form TEXT] [-expected N -present N -for N -against N -abstain N] [-failed] [-note TEXT] [-attach FILE]…", runDeliberate},
		command{"review", "review -book FILE -app NO -decision approve|return|reject -opinion TEXT  （社区党组织）", runReview},
		command{"request export", "request export -book FILE -app NO -out FILE", runRequestExport},
		command{"request import", "request import -book STREETBOOK FILE", runRequestImport},
		command{"request attachment", "request attachment -book STREETBOOK -app NO -id N -dir DIR [-community CODE]  （导出申请中的附件）", runRequestAttachment},
		command{"request show", "request show -book STREETBOOK -app NO [-community CODE]", runRequestShow},
		command{"request list", "request list -book STREETBOOK [-pending]", runRequestList},
		command{"approve", "approve -book STREETBOOK -app NO -decision approve|return|reject -opinion TEXT -out DECISIONFILE [-community CODE] [-amount 1234.50]", runApprove},
		command{"decision import", "decision import -book FILE DECISIONFILE", runDecisionImport},
		command{"key export", "key export -book FILE -out FILE.pub", runKeyExport},
		command{"key list", "key list -book FILE  （本账簿登记的公钥：社区账簿为街道，街道账簿为所辖社区）", runKeyList},
		command{"trust", "trust -book FILE -key FILE.pub", runTrust},
		command{"pay", "pay -book FILE -app NO -date YYYY-MM-DD -amount 1234.50 -from ACCOUNTCODE -to ACCOUNTCODE [-memo TEXT]", runPay},
		command{"app show", "app show -book FILE -app NO [-format text|json]", runAppShow},
		command{"app list", "app list -book FILE [-state 状态] [-compound NAME] [-waiting] [-format text|json]", runAppList},
		command{"app submit", "app submit -book FILE -app NO [-opinion TEXT]  （草稿或退回后重新提交）", runAppSubmit},
		command{"app withdraw", "app withdraw -book FILE -app NO -reason TEXT", runAppWithdraw},
		command{"app raise", "app raise -book FILE -app NO -level 重大|一般 -reason TEXT", runAppRaise},
		command{"app ack-split", "app ack-split -book FILE -app NO -note TEXT  （社区党组织确认拆分支付提示）", runAppAckSplit},
		command{"app attach", "app attach -book FILE -app NO -attach FILE…", runAppAttach},
		command{"app paper", "app paper -book FILE -app NO -decision approve|return|reject -approver NAME -date YYYY-MM-DD -scan FILE [-approval-no NO] [-opinion TEXT] [-amount 1234.50]  （纸质审批）", runAppPaper},
		command{"app close", "app close -book FILE -app NO [-opinion TEXT]  （结项）", runAppClose},
		command{"attachment export", "attachment export -book FILE -id N -dir DIR", runAttachmentExport},
		command{"policy show", "policy show -book FILE", runPolicyShow},
		command{"policy set", "policy set -book FILE -effective YYYY-MM-DD -minor 5000 -major 50000 [-minor-inclusive] [-major-exclusive] [-categories 工程建设,资产处置,一年以上合同]", runPolicySet},
		command{"policy export", "policy export -book STREETBOOK -out FILE  （街道的等级标准和议事程序，签名）", runPolicyExport},
		command{"policy import", "policy import -book FILE POLICYFILE", runPolicyImport},
		command{"procedure set", "procedure set -book FILE -level 重大|一般|小微 -steps 名称:阶段[:vote],…  （阶段 review|filing|payment|close）", runProcedureSet},
	)
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

// writeNewFile writes a file, replacing it only through a rename so a
// half-written file never takes the place of a good one.
func writeNewFile(path string, data []byte) error {
	if err := checkOut(path); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return books.Errorf(books.Invalid, "无法写入文件 %s", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return books.Errorf(books.Invalid, "无法写入文件 %s", path)
	}
	return nil
}

// fileSession is session for the commands that take one file after the
// flags: a missing or extra file is a usage error (msg says which file), and
// the file is read before the password is asked.
func (c *ctx) fileSession(book, user *string, msg string) (*books.Session, []byte, error) {
	args, err := c.usage(book)
	if err != nil {
		return nil, nil, err
	}
	if len(args) != 1 {
		return nil, nil, usagef("%s", msg)
	}
	data, err := readInputFile(args[0])
	if err != nil {
		return nil, nil, err
	}
	s, err := c.login(*book, *user)
	return s, data, err
}

func readInputFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, books.Errorf(books.NotFound, "无法读取文件 %s", path)
	}
	return data, nil
}

func runRequestImport(c *ctx) error {
	book, user := c.bookFlags()
	s, data, err := c.fileSession(book, user, "请给出一个审批申请文件")
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
	s, data, err := c.fileSession(book, user, "请给出一个审批决定文件")
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

func runKeyExport(c *ctx) error {
	book, user := c.bookFlags()
	out := c.fs.String("out", "", "公钥文件")
	s, err := c.session(book, user, req{"out", out})
	if err != nil {
		return err
	}
	data, err := s.Book().ExportPublicKey()
	if err != nil {
		return err
	}
	if err := writeNewFile(*out, data); err != nil {
		return err
	}
	pub, err := s.Book().PublicKey()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导出公钥到 %s\n公钥指纹：%s\n", *out, books.Fingerprint(pub))
	return nil
}

func runTrust(c *ctx) error {
	book, user := c.bookFlags()
	key := c.fs.String("key", "", "对方的公钥文件")
	if _, err := c.usage(book, req{"key", key}); err != nil {
		return err
	}
	data, err := readInputFile(*key)
	if err != nil {
		return err
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	k, err := s.Trust(data)
	if err != nil {
		return err
	}
	who := k.Street
	if k.Kind == books.KindCommunity {
		who = fmt.Sprintf("%s %s（代码 %s）", k.Street, k.Community, k.Code)
	}
	fmt.Fprintf(c.stdout, "已登记 %s 的公钥\n公钥指纹：%s（请与对方电话核对）\n", who, k.Fingerprint)
	return nil
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

// appJSON is the JSON form of an application (app show -format json).
type appJSON struct {
	No               string      `json:"no"`
	State            string      `json:"state"`
	Level            string      `json:"level"`
	Approved         string      `json:"approved"`
	Paid             string      `json:"paid"`
	Amount           string      `json:"amount"`
	Title            string      `json:"title"`
	Purpose          string      `json:"purpose,omitempty"`
	Category         string      `json:"category"`
	Compound         string      `json:"compound"`
	Payee            string      `json:"payee"`
	Applicant        string      `json:"applicant"`
	ApplicantBody    string      `json:"applicant_body"`
	Date             string      `json:"date"`
	Version          int         `json:"version"`
	ComputedLevel    string      `json:"computed_level"`
	LevelReason      string      `json:"level_reason,omitempty"`
	ProcedureVersion int         `json:"procedure_version"`
	ApprovalNo       string      `json:"approval_no,omitempty"`
	Paper            bool        `json:"paper"`
	SplitWarning     string      `json:"split_warning,omitempty"`
	SplitAckBy       string      `json:"split_acknowledged_by,omitempty"`
	Steps            []stepJSON  `json:"steps,omitempty"`
	Events           []eventJSON `json:"events,omitempty"`
	Deliberations    []delibJSON `json:"deliberations,omitempty"`
	Payments         []payJSON   `json:"payments,omitempty"`
	Attachments      []attJSON   `json:"attachments,omitempty"`
}

type stepJSON struct {
	Name     string `json:"name"`
	Phase    string `json:"phase"`
	Vote     bool   `json:"vote"`
	Recorded bool   `json:"recorded"`
	Passed   bool   `json:"passed"`
	Date     string `json:"date,omitempty"`
}

type eventJSON struct {
	At      string `json:"at"`
	User    string `json:"user"`
	Role    string `json:"role"`
	Action  string `json:"action"`
	From    string `json:"from,omitempty"`
	To      string `json:"to"`
	Opinion string `json:"opinion,omitempty"`
	Version int    `json:"version"`
}

type delibJSON struct {
	Step     string `json:"step"`
	Date     string `json:"date"`
	Form     string `json:"form,omitempty"`
	Expected int    `json:"expected"`
	Present  int    `json:"present"`
	For      int    `json:"for"`
	Against  int    `json:"against"`
	Abstain  int    `json:"abstain"`
	Outcome  string `json:"outcome"`
	Files    int    `json:"attachments"`
}

type payJSON struct {
	Voucher  string `json:"voucher"`
	Date     string `json:"date"`
	Amount   string `json:"amount"`
	Reversed bool   `json:"reversed,omitempty"`
}

type attJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

func toAppJSON(a spending.Application) appJSON {
	j := appJSON{No: a.No, State: a.StateName(), Level: a.LevelName(), Approved: books.PlainYuan(a.Approved), Paid: books.PlainYuan(a.Paid),
		Amount: books.PlainYuan(a.Amount), Title: a.Title, Purpose: a.Purpose, Category: a.Category, Compound: a.Compound, Payee: a.Payee,
		Applicant: a.ApplicantPerson, ApplicantBody: a.ApplicantBody, Date: a.Date, Version: a.Version, ComputedLevel: spending.LevelName(a.ComputedLevel),
		LevelReason: a.LevelReason, ProcedureVersion: a.ProcedureVersion, ApprovalNo: a.ApprovalNo, Paper: a.Paper,
		SplitWarning: a.SplitWarning, SplitAckBy: a.SplitAckBy}
	for _, s := range a.Steps {
		j.Steps = append(j.Steps, stepJSON{s.Name, spending.PhaseName(s.Phase), s.Vote, s.Recorded, s.Passed, s.Date})
	}
	for _, e := range a.Events {
		j.Events = append(j.Events, eventJSON{e.At, e.User, e.Role, e.ActionName(), spending.AppStateName(e.From), spending.AppStateName(e.To), e.Opinion, e.Version})
	}
	for _, d := range a.Deliberations {
		j.Deliberations = append(j.Deliberations, delibJSON{d.Step, d.Date, d.Form, d.Expected, d.Present, d.VotesFor, d.VotesAgainst, d.VotesAbstain, d.OutcomeName(), len(d.Attachments)})
	}
	for _, p := range a.Payments {
		j.Payments = append(j.Payments, payJSON{p.Period.String() + " " + p.VoucherNo, p.Date, books.PlainYuan(p.Amount), p.Reversed})
	}
	for _, f := range a.Attachments {
		j.Attachments = append(j.Attachments, attJSON{f.ID, f.Name, f.MIME, f.Size, f.SHA256})
	}
	return j
}

// printApplication writes an application in full for a person: the
// application, its level and procedure, deliberation records, decisions,
// payments, attachments and history.
func printApplication(w io.Writer, a spending.Application) {
	fmt.Fprintf(w, "支出申请 %s（第 %d 版）  状态：%s\n", a.No, a.Version, a.StateName())
	fmt.Fprintf(w, "事项：%s\n用途：%s\n类别：%s  小区：%s  收款人：%s\n", a.Title, a.Purpose, a.Category, a.Compound, a.Payee)
	fmt.Fprintf(w, "申请金额：%s 元（%s）  申请：%s %s  日期：%s\n", books.FormatYuan(a.Amount), books.Capital(a.Amount), a.ApplicantBody, a.ApplicantPerson, a.Date)
	fmt.Fprintf(w, "事项等级：%s", a.LevelName())
	if a.Level != a.ComputedLevel {
		fmt.Fprintf(w, "（按标准为%s，提高理由：%s）", spending.LevelName(a.ComputedLevel), a.LevelReason)
	}
	fmt.Fprintf(w, "  议事程序第 %d 版\n", a.ProcedureVersion)
	if a.SplitWarning != "" {
		fmt.Fprintf(w, "拆分支付提示：%s", a.SplitWarning)
		if a.SplitAckBy != "" {
			fmt.Fprintf(w, "（%s 于 %s 确认：%s）", a.SplitAckBy, a.SplitAckAt, a.SplitAckNote)
		}
		fmt.Fprintln(w)
	}
	if a.ApprovalNo != "" || !a.Approved.IsZero() {
		paper := ""
		if a.Paper {
			paper = "【纸质审批】"
		}
		fmt.Fprintf(w, "审批编号：%s%s  批准金额：%s 元  已付：%s 元\n", a.ApprovalNo, paper, books.FormatYuan(a.Approved), books.FormatYuan(a.Paid))
	}
	fmt.Fprintln(w, "议事步骤：")
	for _, s := range a.Steps {
		mark := "未记录"
		if s.Recorded {
			mark = "未通过 " + s.Date
			if s.Passed {
				mark = "已通过 " + s.Date
			}
		}
		fmt.Fprintf(w, "  %s（%s）：%s\n", s.Name, spending.PhaseName(s.Phase), mark)
	}
	if len(a.Deliberations) > 0 {
		fmt.Fprintln(w, "议事记录：")
		for _, d := range a.Deliberations {
			fmt.Fprintf(w, "  %s %s %s：%s", d.Date, d.Step, d.Form, d.OutcomeName())
			if d.Voted {
				fmt.Fprintf(w, "（应到 %d 实到 %d，赞成 %d 反对 %d 弃权 %d）", d.Expected, d.Present, d.VotesFor, d.VotesAgainst, d.VotesAbstain)
			}
			fmt.Fprintf(w, " 记录人 %s", d.RecordedBy)
			for _, f := range d.Attachments {
				fmt.Fprintf(w, " [附件 %s]", f.Name)
			}
			fmt.Fprintln(w)
		}
	}
	for _, d := range a.Decisions {
		fmt.Fprintf(w, "街道决定：%s  %s %s  审批编号 %s  意见：%s\n", d.DecisionName(), d.Approver, d.DecidedAt, d.ApprovalNo, d.Opinion)
	}
	for _, p := range a.Payments {
		r := ""
		if p.Reversed {
			r = "（已冲销）"
		}
		fmt.Fprintf(w, "付款：%s %s %s 元%s\n", p.Period.Chinese(), p.VoucherNo, books.FormatYuan(p.Amount), r)
	}
	if len(a.Attachments) > 0 {
		fmt.Fprintln(w, "附件：")
		for _, f := range a.Attachments {
			fmt.Fprintf(w, "  #%d %s %s %d 字节 SHA-256 %s\n", f.ID, f.Name, f.MIME, f.Size, f.SHA256)
		}
	}
	fmt.Fprintln(w, "经过：")
	for _, e := range a.Events {
		fmt.Fprintf(w, "  %s %s（%s）%s → %s", e.At, e.User, e.Role, e.ActionName(), spending.AppStateName(e.To))
		if e.Opinion != "" {
			fmt.Fprintf(w, "  意见：%s", e.Opinion)
		}
		fmt.Fprintln(w)
	}
}

func runAppShow(c *ctx) error {
	book, user := c.bookFlags()
	app := c.fs.String("app", "", "申请编号")
	format := c.fs.String("format", "text", "text|json")
	if _, err := c.usage(book, req{"app", app}); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("-format 只能是 text 或 json")
	}
	s, err := c.login(*book, *user)
	if err != nil {
		return err
	}
	a, err := spending.ApplicationByNo(s.Book(), *app)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(toAppJSON(a))
	}
	printApplication(c.stdout, a)
	return nil
}

func runAppList(c *ctx) error {
	book, user := c.bookFlags()
	state := c.fs.String("state", "", "状态")
	compound := c.fs.String("compound", "", "小区")
	waiting := c.fs.Bool("waiting", false, "只列等我处理的")
	format := c.fs.String("format", "text", "text|json")
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	var f spending.AppFilter
	if *state != "" {
		st, err := spending.ParseAppState(*state)
		if err != nil {
			return usagef("%s", books.ErrorMessage(err))
		}
		f.States = []string{st}
	}
	if *compound != "" {
		cp, err := s.Book().CompoundByName(*compound)
		if err != nil {
			return err
		}
		f.CompoundID = cp.ID
	}
	if *waiting {
		f.WaitingFor = s.User().Role
	}
	f.Limit = 10000
	list, err := spending.Applications(s.Book(), f)
	if err != nil {
		return err
	}
	if *format == "json" {
		out := []appJSON{}
		for _, a := range list {
			out = append(out, toAppJSON(a))
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, a := range list {
		paper := ""
		if a.Paper {
			paper = " 纸质审批"
		}
		fmt.Fprintf(c.stdout, "%s\t%s\t%s\t%s事项\t%s 元\t已付 %s\t%s%s\n", a.No, a.Compound, a.Title, a.LevelName(), books.FormatYuan(a.Amount),
			books.FormatYuan(a.Paid), a.StateName(), paper)
	}
	fmt.Fprintf(c.stdout, "共 %d 件\n", len(list))
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

func runPolicyShow(c *ctx) error {
	book, user := c.bookFlags()
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	b := s.Book()
	p, err := spending.PolicyAt(b, "9999-12-31")
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "事项等级标准：%s（来源：%s）\n", p.Describe(), p.Source)
	proc, err := spending.ProcedureVersion(b, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "议事程序第 %d 版（%s）：\n", proc.Version, proc.Source)
	for _, l := range []string{spending.LevelMajor, spending.LevelGeneral, spending.LevelMinor} {
		fmt.Fprintf(c.stdout, "  %s：%s\n", spending.LevelName(l), proc.Describe(l))
	}
	fmt.Fprintf(c.stdout, "表决规则：%s\n", spending.VoteRule)
	return nil
}

func runPolicySet(c *ctx) error {
	book, user := c.bookFlags()
	effective := c.fs.String("effective", "", "生效日期")
	minor := c.fs.String("minor", "", "小微事项上限（元）")
	major := c.fs.String("major", "", "重大事项起点（元）")
	minorIncl := c.fs.Bool("minor-inclusive", false, "小微事项含上限")
	majorExcl := c.fs.Bool("major-exclusive", false, "重大事项不含起点")
	cats := c.fs.String("categories", strings.Join(spending.DefaultMajorCategories, ","), "按性质属重大事项的类别（逗号分隔）")
	if _, err := c.usage(book, req{"effective", effective}, req{"minor", minor}, req{"major", major}); err != nil {
		return err
	}
	mi, err := parseAmount("minor", *minor)
	if err != nil {
		return err
	}
	ma, err := parseAmount("major", *major)
	if err != nil {
		return err
	}
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
	fmt.Fprintf(c.stdout, "已设置事项等级标准：%s\n", p.Describe())
	return nil
}

func runProcedureSet(c *ctx) error {
	book, user := c.bookFlags()
	level := c.fs.String("level", "", "事项等级")
	steps := c.fs.String("steps", "", "步骤 名称:阶段[:vote]，逗号分隔")
	note := c.fs.String("note", "", "说明")
	if _, err := c.usage(book, req{"level", level}, req{"steps", steps}); err != nil {
		return err
	}
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
	fmt.Fprintf(c.stdout, "已保存议事程序第 %d 版：%s %s\n", p.Version, spending.LevelName(l), p.Describe(l))
	return nil
}

func runPolicyExport(c *ctx) error {
	book, user := c.bookFlags()
	out := c.fs.String("out", "", "街道政策文件")
	s, err := c.session(book, user, req{"out", out})
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
	fmt.Fprintf(c.stdout, "已导出街道政策文件 %s（已用街道密钥签名）\n", *out)
	return nil
}

func runPolicyImport(c *ctx) error {
	book, user := c.bookFlags()
	s, data, err := c.fileSession(book, user, "请给出一个街道政策文件")
	if err != nil {
		return err
	}
	added, version, err := spending.ImportPolicy(s, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "已导入街道政策：新增等级标准 %d 条，议事程序现为第 %d 版\n", added, version)
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

func runKeyList(c *ctx) error {
	book, user := c.bookFlags()
	s, err := c.session(book, user)
	if err != nil {
		return err
	}
	own, err := s.Book().PublicKey()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "本账簿公钥指纹：%s\n", books.Fingerprint(own))
	keys, err := s.Book().TrustedKeys()
	if err != nil {
		return err
	}
	for _, k := range keys {
		who := k.Street
		if k.Kind == books.KindCommunity {
			who = k.Community + "\t" + k.Code
		}
		fmt.Fprintf(c.stdout, "%s\t%s\t登记于 %s\n", who, k.Fingerprint, k.CreatedAt)
	}
	return nil
}
