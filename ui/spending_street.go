package ui

// The street book's side of spending: importing approval requests and signing decisions.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// importRequests reads community approval requests into the street book,
// each verified; a refused file is named with its reason.
func (s *spendingScreen) importRequests(paths []string, done func()) {
	if len(paths) == 0 {
		showInfo(s.u.win, lang.X("spending.req.title", "导入审批申请"), lang.X("spending.req.nofiles", "没有找到审批申请文件（.json）"))
		return
	}
	type outcome struct {
		lines []string
		ok    bool
		last  *spending.StreetRequest
	}
	b, sess := s.u.book, s.u.sess
	s.u.runLong(lang.X("spending.req.title", "导入审批申请"), func(ctx context.Context, progress progressFunc) (any, error) {
		out := outcome{ok: true}
		for i, p := range paths {
			if ctx.Err() != nil {
				break
			}
			name := filepath.Base(p)
			progress(float64(i)/float64(len(paths)), fmt.Sprintf(lang.X("spending.req.checking", "正在校验 %s（%d/%d）"), name, i+1, len(paths)))
			data, err := books.ReadSignedFile(p, books.FileKindRequest)
			if err != nil {
				out.lines = append(out.lines, fmt.Sprintf("✘ %s：%s", name, errorText(err)))
				out.ok = false
				continue
			}
			f, tk, err := b.OpenTrusted(data, books.FileKindRequest)
			if err != nil {
				out.lines = append(out.lines, fmt.Sprintf("✘ %s：%s", name, errorText(err)))
				out.ok = false
				continue
			}
			r, err := spending.ImportRequest(sess, data)
			if err != nil {
				out.lines = append(out.lines, fmt.Sprintf(lang.X("spending.req.refused", "✘ %s：签名有效：%s (指纹 %s)，但未导入：%s"), name, tk.Community, f.Signer, errorText(err)))
				out.ok = false
				continue
			}
			out.last = &r
			out.lines = append(out.lines, fmt.Sprintf(lang.X("spending.req.imported", "✔ %s：签名有效：%s (指纹 %s)；已导入 %s 第 %d 版 %s %s 元"),
				name, r.Community, f.Signer, r.AppNo, r.Version, r.App.Title, books.FormatYuan(r.App.Amount)))
		}
		progress(1, "")
		return out, nil
	}, func(v any, _ error) {
		out := v.(outcome)
		s.u.changed()
		s.reloadList()
		if out.last != nil {
			s.showRequest(out.last)
		}
		s.setResult(out.ok, strings.Join(out.lines, "\n"))
		if !out.ok {
			showInfo(s.u.win, lang.X("spending.req.title", "导入审批申请"), strings.Join(out.lines, "\n"))
		}
		if done != nil {
			done()
		}
	})
}

// showRequest shows an imported request and the decision buttons.
func (s *spendingScreen) showRequest(r *spending.StreetRequest) {
	s.curReq = r
	a := r.App
	head := fmt.Sprintf("%s %s　%s 第 %d 版　%s　%s 元　%s事项　【%s】", r.Community, r.CommunityCode, r.AppNo, r.Version, a.Title,
		books.FormatYuan(a.Amount), a.LevelName(), r.StateName())
	if r.DecidedBy != "" {
		head += "\n" + fmt.Sprintf(lang.X("spending.street.decision", "街道决定：%s　%s　%s　审批编号 %s　意见：%s"),
			r.StateName(), r.DecidedBy, r.DecidedAt, orDash(r.ApprovalNo), r.Opinion)
	}
	s.header.SetText(head)
	s.amountBox.Hidden = r.State != "pending"
	s.form.load(a)
	s.form.setEditable(false)
	s.delib.load(a, false)
	s.chain.load(a)
	var btns []fyne.CanvasObject
	if r.State == "pending" && s.u.can(books.RoleStreet) {
		btns = append(btns,
			s.button(lang.X("spending.street.approve", "批准"), widget.HighImportance, func() { s.decide("approve") }),
			s.button(lang.X("spending.street.return", "退回"), widget.MediumImportance, func() { s.decide("return") }),
			s.button(lang.X("spending.street.reject", "驳回"), widget.DangerImportance, func() { s.decide("reject") }))
		s.amount.SetText(books.FormatYuan(a.Amount))
	}
	if r.State == "approve" || r.State == "return" || r.State == "reject" {
		btns = append(btns, s.button(lang.X("spending.street.export", "导出审批决定…"), widget.HighImportance, s.exportDecisionDialog))
		s.opinion.SetText(r.Opinion)
	}
	btns = append(btns, s.button(lang.X("spending.preview", "预览审批单"), widget.LowImportance, s.previewApproval),
		s.button(lang.X("spending.print", "打印审批单"), widget.LowImportance, s.printApproval))
	s.setActions(btns...)
	s.showDetail(true)
}

// decide records the street's decision on the request shown, then asks
// where to write the signed decision file for the community.
// decide signs the street's decision; a rejection, which ends the
// application for good, is asked first.
func (s *spendingScreen) decide(decision string) {
	if decision == "reject" && s.curReq != nil {
		r := s.curReq
		askConfirm(s.u.win, lang.X("spending.review.reject", "驳回"),
			fmt.Sprintf(lang.X("spending.street.reject.ask", "驳回社区“%s”的申请 %s？驳回后申请终止，不能再提交。"), r.Community, r.AppNo),
			lang.X("spending.review.reject", "驳回"), func() { s.signDecision(decision) })
		return
	}
	s.signDecision(decision)
}

func (s *spendingScreen) signDecision(decision string) {
	r := s.curReq
	approved := books.FromFen(0)
	if decision == "approve" && strings.TrimSpace(s.amount.Text) != "" {
		var err error
		if approved, err = parseAmount(lang.X("spending.approved", "批准金额"), s.amount.Text); err != nil {
			showError(s.u.win, err)
			return
		}
	}
	if _, err := spending.StreetDecide(s.u.sess, r.CommunityCode, r.AppNo, decision, s.opinion.Text, approved); err != nil {
		showError(s.u.win, err)
		return
	}
	s.u.setHint(fmt.Sprintf(lang.X("spending.street.decided", "已对社区“%s”的申请 %s 作出决定，请导出审批决定文件交社区"), r.Community, r.AppNo))
	s.reloadList()
	s.refreshDetail()
	s.exportDecisionDialog()
}

func (s *spendingScreen) exportDecisionDialog() {
	r := s.curReq
	name := fmt.Sprintf("审批决定-%s-%s-第%d版.json", r.Community, r.AppNo, r.Version)
	s.u.saveFileDialog(name, func(path string) { s.exportDecision(path) })
}

// exportDecision writes the signed decision file of the request shown.
func (s *spendingScreen) exportDecision(path string) {
	r := s.curReq
	data, err := spending.DecisionFile(s.u.book, r.CommunityCode, r.AppNo)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	if err := books.WriteFileAtomic(path, data); err != nil {
		showError(s.u.win, err)
		return
	}
	s.setResult(true, fmt.Sprintf(lang.X("spending.street.exported", "✔ 审批决定已导出：%s（已用本街道密钥签名，请交社区导入）"), path))
}
