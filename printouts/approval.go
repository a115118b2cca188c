package printouts

import (
	"strconv"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// Approval lays out the 支出审批单 of an application: what is asked for and
// why, its matter level, every deliberation record, every decision with
// opinion, person and date, the payments made, and the seals of the three
// bodies. An approval recorded on paper is marked 纸质审批.
func Approval(community string, a spending.Application, o Options) (*Layout, error) {
	return theFace.approval(community, a, o)
}

// approval lays the 审批单 out from the top of the page to the bottom; it is
// long on purpose, one block per part of the printed form, in page order.
func (f *face) approval(community string, a spending.Application, o Options) (*Layout, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	l, err := newLayout(o, "支出审批单 "+a.No, community)
	if err != nil {
		return nil, err
	}
	s := scale(l)
	fl := newFlow(l, f, 16*s, 12*s, 15*s)
	fl.startSection()
	body := 9.5 * s
	lh := lineHeight(body)

	fl.text(fl.left, fl.y, fl.width(), 7*s, community+"小区公共收益", 12*s, Center, black, false)
	fl.y += 7 * s
	fl.text(fl.left, fl.y, fl.width(), 10*s, "支 出 审 批 单", 20*s, Center, black, true)
	if a.Paper {
		fl.add(Box{Kind: Rect, X: fl.right - 30*s, Y: fl.y + 1*s, W: 30 * s, H: 8 * s, LineWidth: 0.6 * s, Color: red})
		fl.text(fl.right-30*s, fl.y+1*s, 30*s, 8*s, "纸质审批", 12*s, Center, red, true)
	}
	fl.y += 11 * s
	fl.text(fl.left, fl.y, fl.width(), lh, "编号："+a.No, body, Left, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "申请日期："+cnDate(a.Date), body, Center, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, "状态："+a.StateName(), body, Right, black, false)
	fl.y += lh + 1.5*s

	w := fl.width()
	info := &table{x: fl.left, pt: body, pad: 1.8 * s, vpad: 1.8 * s, lw: 0.3 * s, cols: []column{
		{"", 26 * s, Center}, {"", w/2 - 26*s, Left}, {"", 26 * s, Center}, {"", w/2 - 26*s, Left}}}
	lbl := func(t string) cell { return cell{Text: t, Bold: true} }
	level := a.LevelName()
	if a.LevelReason != "" {
		level += "（" + a.LevelReason + "）"
	}
	approved := ""
	if !a.Approved.IsZero() {
		approved = books.FormatYuan(a.Approved) + " 元"
	}
	payer := strings.TrimSpace(a.ApplicantBody + " " + a.ApplicantPerson)
	for _, r := range [][]cell{
		{lbl("小区"), {Text: a.Compound}, lbl("事项等级"), {Text: level}},
		{lbl("事项名称"), {Text: a.Title, Span: 3}},
		{lbl("用途说明"), {Text: a.Purpose, Span: 3}},
		{lbl("支出类别"), {Text: a.Category}, lbl("申请金额"), {Text: books.FormatYuan(a.Amount) + " 元"}},
		{lbl("金额大写"), {Text: "人民币 " + books.Capital(a.Amount), Span: 3}},
		{lbl("收款单位"), {Text: a.Payee}, lbl("申请单位"), {Text: payer}},
		{lbl("批准金额"), {Text: approved}, lbl("审批编号"), {Text: a.ApprovalNo}},
	} {
		fl.row(info, r)
	}
	if a.SplitWarning != "" {
		fl.row(info, []cell{lbl("拆分提示"), {Text: a.SplitWarning + ackNote(a), Span: 3}})
	}
	fl.y += 4 * s

	// Deliberation: every step of the level's procedure, recorded or not.
	fl.para("议事程序（"+a.LevelName()+"）", body*1.1, Left, black)
	fl.y += 0.5 * s
	delib := &table{x: fl.left, pt: body * 0.95, pad: 1.2 * s, vpad: 1.2 * s, lw: 0.25 * s, cols: []column{
		{"程序步骤", 44 * s, Left}, {"日期", 24 * s, Center}, {"会议形式", 24 * s, Center}, {"应到/实到", 20 * s, Center},
		{"赞成/反对/弃权", 26 * s, Center}, {"结果", w - 138*s, Center}}}
	fl.table = delib
	fl.ensure(3 * lh)
	fl.tableHeader(delib)
	recorded := map[string]bool{}
	for _, d := range a.Deliberations {
		recorded[d.Step] = true
		att, votes := "", ""
		if d.Voted {
			att = strconv.Itoa(d.Expected) + "/" + strconv.Itoa(d.Present)
			votes = strconv.Itoa(d.VotesFor) + "/" + strconv.Itoa(d.VotesAgainst) + "/" + strconv.Itoa(d.VotesAbstain)
		}
		outcome := d.OutcomeName()
		if d.Note != "" {
			outcome += "：" + d.Note
		}
		fl.row(delib, []cell{{Text: d.Step}, {Text: d.Date}, {Text: d.Form}, {Text: att}, {Text: votes}, {Text: outcome}})
	}
	for _, st := range a.Steps {
		if !recorded[st.Name] {
			fl.row(delib, []cell{{Text: st.Name}, {}, {}, {}, {}, {Text: "未记录", Color: &dim}})
		}
	}
	if len(a.Deliberations) == 0 && len(a.Steps) == 0 {
		fl.row(delib, []cell{{Text: "（无记录）", Span: 6, Align: Center}})
	}
	fl.table = nil
	fl.y += 4 * s

	// Every decision on the way: who, role, when, opinion.
	fl.para("审批流程", body*1.1, Left, black)
	fl.y += 0.5 * s
	flowT := &table{x: fl.left, pt: body * 0.95, pad: 1.2 * s, vpad: 1.2 * s, lw: 0.25 * s, cols: []column{
		{"环节", 34 * s, Left}, {"意见", w - 34*s - 48*s - 36*s, Left}, {"经办人（角色）", 48 * s, Center}, {"日期", 36 * s, Center}}}
	fl.table = flowT
	fl.ensure(3 * lh)
	fl.tableHeader(flowT)
	for _, e := range a.Events {
		if e.Action == "export" {
			continue
		}
		who := e.User
		if e.Role != "" {
			who += "（" + e.Role + "）"
		}
		fl.row(flowT, []cell{{Text: e.ActionName()}, {Text: e.Opinion}, {Text: who}, {Text: e.At}})
	}
	if len(a.Events) == 0 {
		fl.row(flowT, []cell{{Text: "（无记录）", Span: 4, Align: Center}})
	}
	fl.table = nil

	if len(a.Payments) > 0 {
		fl.y += 4 * s
		fl.para("付款记录", body*1.1, Left, black)
		fl.y += 0.5 * s
		pay := &table{x: fl.left, pt: body * 0.95, pad: 1.2 * s, vpad: 1.2 * s, lw: 0.25 * s, cols: []column{
			{"凭证号", 40 * s, Center}, {"日期", 40 * s, Center}, {"金额（元）", 40 * s, Right}, {"备注", w - 120*s, Left}}}
		fl.table = pay
		fl.ensure(3 * lh)
		fl.tableHeader(pay)
		for _, p := range a.Payments {
			note := ""
			if p.Reversed {
				note = "已红字冲销"
			}
			fl.row(pay, []cell{{Text: p.Period.String() + " " + p.VoucherNo}, {Text: p.Date}, {Text: books.FormatYuan(p.Amount)}, {Text: note}})
		}
		fl.row(pay, []cell{{Text: "已付合计", Span: 2, Align: Center, Bold: true}, {Text: books.FormatYuan(a.Paid), Bold: true}, {}})
		fl.table = nil
	}

	// Seals of the chain.
	fl.y += 5 * s
	boxH := 30 * s
	fl.ensure(boxH)
	bw := fl.width() / 3
	for i, who := range []string{"业委会（盖章）", "社区党组织（盖章）", "街道党工委（盖章）"} {
		x := fl.left + float64(i)*bw
		fl.rect(x, fl.y, bw, boxH, 0.25*s, black)
		fl.text(x+2*s, fl.y+1.5*s, bw-4*s, lh, who, body, Left, black, true)
		fl.text(x+2*s, fl.y+boxH-lh-2*s, bw-6*s, lh, "年　　月　　日", body, Right, black, false)
	}
	fl.y += boxH
	fl.footer(community+" · 支出审批单 "+a.No, 8*s, l.H-10*s)
	return l, nil
}

func ackNote(a spending.Application) string {
	if a.SplitAckBy == "" {
		return ""
	}
	n := "（" + a.SplitAckBy + " 于 " + a.SplitAckAt + " 确认"
	if a.SplitAckNote != "" {
		n += "：" + a.SplitAckNote
	}
	return n + "）"
}
