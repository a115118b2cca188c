package ui

// The approval chain panel: 业委会申请 → 社区党组织审核 → 街道党工委审批, with the history.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// chainPanel shows the approval chain 业委会申请 → 社区党组织审核 → 街道党工委
// 审批 with each decision's person, time and opinion, and the full history.
type chainPanel struct {
	stages  *fyne.Container
	events  []spending.AppEvent
	table   *dataTable
	content fyne.CanvasObject
}

func newChainPanel() *chainPanel {
	p := &chainPanel{stages: container.NewVBox()}
	cols := []column{
		{lang.X("spending.c.at", "时间"), 150, false},
		{lang.X("spending.c.version", "版本"), 45, true},
		{lang.X("spending.c.user", "操作人"), 80, false},
		{lang.X("spending.c.role", "角色"), 90, false},
		{lang.X("spending.c.action", "操作"), 120, false},
		{lang.X("spending.c.state", "状态"), 190, false},
		{lang.X("spending.c.opinion", "意见"), 320, false},
	}
	p.table = newDataTable(cols, func() int { return len(p.events) }, func(row, col int) (string, bool) {
		e := p.events[row]
		switch col {
		case 0:
			return e.At, false
		case 1:
			return fmt.Sprint(e.Version), false
		case 2:
			return e.User, false
		case 3:
			return e.Role, false
		case 4:
			return e.ActionName(), strings.HasSuffix(e.Action, "reject") || strings.HasSuffix(e.Action, "return")
		case 5:
			if e.From == e.To {
				return spending.AppStateName(e.To), false
			}
			return spending.AppStateName(e.From) + " → " + spending.AppStateName(e.To), false
		case 6:
			return e.Opinion, false
		}
		return "", false
	}, nil)
	p.content = container.NewBorder(container.NewVBox(bold(lang.X("spending.c.chain", "审批链")), p.stages,
		bold(lang.X("spending.c.history", "全部经过"))), nil, nil, nil, p.table)
	return p
}

// load shows the chain of an application.
func (p *chainPanel) load(a spending.Application) {
	p.events = a.Events
	p.table.Refresh()
	p.stages.Objects = nil
	stage := func(title string, e *spending.AppEvent, waiting bool, extra string) {
		text := "○ " + title + lang.X("spending.c.notyet", "：尚未进行")
		imp := widget.LowImportance
		switch {
		case e != nil:
			text = fmt.Sprintf("%s %s：%s　%s（%s）　%s", chainMark(e.Action), title, e.ActionName(), e.User, e.Role, e.At)
			if e.Opinion != "" {
				text += fmt.Sprintf(lang.X("spending.c.op", "\n　　意见：%s"), e.Opinion)
			}
			imp = widget.MediumImportance
			if strings.HasSuffix(e.Action, "reject") || strings.HasSuffix(e.Action, "return") {
				imp = widget.DangerImportance
			}
		case waiting:
			text = "… " + title + lang.X("spending.c.waiting", "：等待中")
			imp = widget.WarningImportance
		}
		if extra != "" {
			text += "\n　　" + extra
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		p.stages.Add(l)
	}
	var apply, review, street *spending.AppEvent
	for i := range a.Events {
		e := &a.Events[i]
		switch {
		case e.Action == "submit" || e.Action == "resubmit":
			apply, review, street = e, nil, nil
		case strings.HasPrefix(e.Action, "review_"):
			review = e
		case strings.HasPrefix(e.Action, "street_") || strings.HasPrefix(e.Action, "paper_"):
			street = e
		}
	}
	streetExtra := ""
	for _, d := range a.Decisions {
		if d.Version != a.Version {
			continue
		}
		streetExtra = fmt.Sprintf(lang.X("spending.c.decision", "%s　审批编号 %s　批准金额 %s 元"), d.DecisionName(), orDash(d.ApprovalNo), books.FormatYuan(d.Approved))
		if d.Signer != "" {
			streetExtra += fmt.Sprintf(lang.X("spending.c.signer", "　签名指纹 %s"), d.Signer)
		}
	}
	stage(lang.X("spending.c.apply", "业委会申请"), apply, a.State == spending.AppDraft || a.State == spending.AppReturned, "")
	stage(lang.X("spending.c.review", "社区党组织审核"), review, a.State == spending.AppPartyReview, "")
	stage(lang.X("spending.c.street", "街道党工委审批"), street, a.State == spending.AppStreetReview, streetExtra)
	p.stages.Refresh()
}

func chainMark(action string) string {
	switch {
	case strings.HasSuffix(action, "reject"):
		return "✘"
	case strings.HasSuffix(action, "return"):
		return "↩"
	}
	return "✔"
}
