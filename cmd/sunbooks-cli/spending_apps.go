package main

// Showing applications: the JSON form and the text form of app show and app list.

import (
	"encoding/json"
	"fmt"
	"io"

	"sunbooks/books"
	"sunbooks/books/spending"
)

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
	fmt.Fprintf(w, tr("支出申请 %s（第 %d 版）  状态：%s\n"), a.No, a.Version, a.StateName())
	fmt.Fprintf(w, tr("事项：%s\n用途：%s\n类别：%s  小区：%s  收款人：%s\n"), a.Title, a.Purpose, a.Category, a.Compound, a.Payee)
	fmt.Fprintf(w, tr("申请金额：%s 元（%s）  申请：%s %s  日期：%s\n"), books.FormatYuan(a.Amount), books.Capital(a.Amount), a.ApplicantBody, a.ApplicantPerson, a.Date)
	fmt.Fprintf(w, tr("事项等级：%s"), a.LevelName())
	if a.Level != a.ComputedLevel {
		fmt.Fprintf(w, tr("（按标准为%s，提高理由：%s）"), spending.LevelName(a.ComputedLevel), a.LevelReason)
	}
	fmt.Fprintf(w, tr("  议事程序第 %d 版\n"), a.ProcedureVersion)
	if a.SplitWarning != "" {
		fmt.Fprintf(w, tr("拆分支付提示：%s"), a.SplitWarning)
		if a.SplitAckBy != "" {
			fmt.Fprintf(w, tr("（%s 于 %s 确认：%s）"), a.SplitAckBy, a.SplitAckAt, a.SplitAckNote)
		}
		fmt.Fprintln(w)
	}
	if a.ApprovalNo != "" || !a.Approved.IsZero() {
		paper := ""
		if a.Paper {
			paper = tr("【纸质审批】")
		}
		fmt.Fprintf(w, tr("审批编号：%s%s  批准金额：%s 元  已付：%s 元\n"), a.ApprovalNo, paper, books.FormatYuan(a.Approved), books.FormatYuan(a.Paid))
	}
	fmt.Fprintln(w, tr("议事步骤："))
	for _, s := range a.Steps {
		mark := tr("未记录")
		if s.Recorded {
			mark = tr("未通过 ") + s.Date
			if s.Passed {
				mark = tr("已通过 ") + s.Date
			}
		}
		fmt.Fprintf(w, tr("  %s（%s）：%s\n"), s.Name, spending.PhaseName(s.Phase), mark)
	}
	if len(a.Deliberations) > 0 {
		fmt.Fprintln(w, tr("议事记录："))
		for _, d := range a.Deliberations {
			fmt.Fprintf(w, tr("  %s %s %s：%s"), d.Date, d.Step, d.Form, d.OutcomeName())
			if d.Voted {
				fmt.Fprintf(w, tr("（应到 %d 实到 %d，赞成 %d 反对 %d 弃权 %d）"), d.Expected, d.Present, d.VotesFor, d.VotesAgainst, d.VotesAbstain)
			}
			fmt.Fprintf(w, tr(" 记录人 %s"), d.RecordedBy)
			for _, f := range d.Attachments {
				fmt.Fprintf(w, tr(" [附件 %s]"), f.Name)
			}
			fmt.Fprintln(w)
		}
	}
	for _, d := range a.Decisions {
		fmt.Fprintf(w, tr("街道决定：%s  %s %s  审批编号 %s  意见：%s\n"), d.DecisionName(), d.Approver, d.DecidedAt, d.ApprovalNo, d.Opinion)
	}
	for _, p := range a.Payments {
		r := ""
		if p.Reversed {
			r = tr("（已冲销）")
		}
		fmt.Fprintf(w, tr("付款：%s %s %s 元%s\n"), p.Period.Chinese(), p.VoucherNo, books.FormatYuan(p.Amount), r)
	}
	if len(a.Attachments) > 0 {
		fmt.Fprintln(w, tr("附件："))
		for _, f := range a.Attachments {
			fmt.Fprintf(w, tr("  #%d %s %s %d 字节 SHA-256 %s\n"), f.ID, f.Name, f.MIME, f.Size, f.SHA256)
		}
	}
	fmt.Fprintln(w, tr("经过："))
	for _, e := range a.Events {
		fmt.Fprintf(w, tr("  %s %s（%s）%s → %s"), e.At, e.User, e.Role, e.ActionName(), spending.AppStateName(e.To))
		if e.Opinion != "" {
			fmt.Fprintf(w, tr("  意见：%s"), e.Opinion)
		}
		fmt.Fprintln(w)
	}
}

func runAppShow(fs *flags) runFunc {
	book, user := fs.bookFlags()
	app := fs.String("app", "", "申请编号 `NO`")
	format := fs.String("format", "text", "输出格式 `text|json`")
	fs.require("app")
	return func(c *ctx) error {
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
}

func runAppList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	state := fs.String("state", "", "只列这个状态的申请，如 待党组织审核 `状态`")
	compound := fs.String("compound", "", "小区 `NAME`")
	waiting := fs.Bool("waiting", false, "只列等我处理的")
	format := fs.String("format", "text", "输出格式 `text|json`")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
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
				paper = tr(" 纸质审批")
			}
			fmt.Fprintf(c.stdout, tr("%s\t%s\t%s\t%s事项\t%s 元\t已付 %s\t%s%s\n"), a.No, a.Compound, a.Title, a.LevelName(), books.FormatYuan(a.Amount),
				books.FormatYuan(a.Paid), a.StateName(), paper)
		}
		fmt.Fprintf(c.stdout, tr("共 %d 件\n"), len(list))
		return nil
	}
}
