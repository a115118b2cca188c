package ui

// Files between community and street: the approval request out, the decision in, and paper decisions.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// exportRequestDialog asks where to write the signed approval request.
func (s *spendingScreen) exportRequestDialog() {
	name := fmt.Sprintf("审批申请-%s-%s-第%d版.json", s.u.info.Community, s.cur.No, s.cur.Version)
	s.u.saveFileDialog(name, func(path string) { s.exportRequest(path, nil) })
}

// exportRequest writes the signed approval request of the current
// application to path, off the UI goroutine.
func (s *spendingScreen) exportRequest(path string, done func(error)) {
	no := s.cur.No
	sess := s.u.sess
	s.u.runLong(lang.X("spending.request.export.title", "导出审批申请"), func(ctx context.Context, _ progressFunc) (any, error) {
		data, err := spending.ExportRequest(sess, no)
		if err != nil {
			return nil, err
		}
		if err := books.WriteFileAtomic(path, data); err != nil {
			return nil, err
		}
		return nil, nil
	}, func(_ any, err error) {
		if err == nil {
			s.setResult(true, fmt.Sprintf(lang.X("spending.request.exported", "✔ 审批申请已导出：%s（已签名，请交街道审批）"), path))
			s.done(nil, fmt.Sprintf(lang.X("spending.request.exported.hint", "已导出 %s"), path))
		} else {
			showError(s.u.win, err)
		}
		if done != nil {
			done(err)
		}
	})
}

func (s *spendingScreen) setResult(ok bool, text string) {
	s.result.SetText(text)
	s.result.Importance = widget.SuccessImportance
	if !ok {
		s.result.Importance = widget.DangerImportance
	}
	s.result.Show()
	s.result.Refresh()
}

// importDecisionFile reads a street decision file into the community book.
func (s *spendingScreen) importDecisionFile(path string) {
	data, err := books.ReadSignedFile(path, books.FileKindDecision)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.importDecision(filepath.Base(path), data)
}

// importDecision checks the decision's signature, says plainly whose it is,
// and applies it; a refusal is shown as its Chinese sentence.
func (s *spendingScreen) importDecision(name string, data []byte) {
	f, tk, err := s.u.book.OpenTrusted(data, books.FileKindDecision)
	if err != nil {
		s.setResult(false, fmt.Sprintf(lang.X("spending.sig.bad", "✘ %s：%s"), name, errorText(err)))
		showError(s.u.win, err)
		return
	}
	who := tk.Street
	if tk.Kind == books.KindCommunity {
		who = tk.Community
	}
	sig := fmt.Sprintf(lang.X("spending.sig.ok", "✔ 签名有效：%s (指纹 %s)"), who, f.Signer)
	a, err := spending.ImportDecision(s.u.sess, data)
	if err != nil {
		s.setResult(false, sig+"\n"+fmt.Sprintf(lang.X("spending.decision.refused", "✘ 未导入：%s"), errorText(err)))
		showError(s.u.win, err)
		return
	}
	s.cur = &a
	last := spending.Decision{}
	if len(a.Decisions) > 0 {
		last = a.Decisions[len(a.Decisions)-1]
	}
	s.done(nil, fmt.Sprintf(lang.X("spending.decision.imported", "申请 %s：街道%s"), a.No, last.DecisionName()))
	s.setResult(true, sig+"\n"+fmt.Sprintf(lang.X("spending.decision.applied", "申请 %s 街道%s（%s，%s）　审批编号 %s　批准金额 %s 元　意见：%s"),
		a.No, last.DecisionName(), last.Approver, last.DecidedAt, orDash(last.ApprovalNo), books.FormatYuan(last.Approved), last.Opinion))
}

// paperDialog records a street decision made on paper, with its scan.
func (s *spendingScreen) paperDialog() {
	a := s.cur
	decision := newChoice([]string{lang.X("spending.d.approve", "批准"), lang.X("spending.d.return", "退回"), lang.X("spending.d.reject", "驳回")}, nil)
	decision.SetSelectedIndex(0)
	no := widget.NewEntry()
	approver := widget.NewEntry()
	date := widget.NewEntry()
	date.SetText(todayDate())
	opinion := widget.NewEntry()
	opinion.SetText(s.opinion.Text)
	amount := widget.NewEntry()
	amount.SetText(books.FormatYuan(a.Amount))
	scan := ""
	scanLabel := widget.NewLabel(lang.X("spending.d.nofiles", "未选附件"))
	pick := widget.NewButton(lang.X("spending.paper.scan", "选择扫描件…"), func() {
		s.u.openFileDialog([]string{".pdf", ".jpg", ".jpeg", ".png", ".PDF", ".JPG", ".JPEG", ".PNG"}, func(p string) {
			scan = p
			scanLabel.SetText(filepath.Base(p))
		})
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("spending.paper.decision", "审批结论"), decision),
		widget.NewFormItem(lang.X("spending.paper.no", "审批编号"), no),
		widget.NewFormItem(lang.X("spending.paper.approver", "街道审批人"), approver),
		widget.NewFormItem(lang.X("spending.paper.date", "审批日期"), date),
		widget.NewFormItem(lang.X("spending.paper.amount", "批准金额（元）"), amount),
		widget.NewFormItem(lang.X("spending.paper.opinion", "审批意见"), opinion),
		widget.NewFormItem(lang.X("spending.paper.scanf", "审批单扫描件"), container.NewHBox(pick, scanLabel)),
	}
	d := dialog.NewForm(fmt.Sprintf(lang.X("spending.paper.title", "登记纸质审批：%s"), a.No), lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		p := spending.PaperDecision{Decision: []string{"approve", "return", "reject"}[max(decision.SelectedIndex(), 0)], ApprovalNo: no.Text,
			Approver: approver.Text, Date: strings.TrimSpace(date.Text), Opinion: opinion.Text}
		s.paper(p, amount.Text, scan)
	}, s.u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

func (s *spendingScreen) paper(p spending.PaperDecision, amount, scan string) {
	var err error
	if p.Decision == "approve" && strings.TrimSpace(amount) != "" {
		if p.Approved, err = parseAmount(lang.X("spending.paper.amount", "批准金额（元）"), amount); err != nil {
			showError(s.u.win, err)
			return
		}
	}
	if scan == "" {
		showError(s.u.win, books.Errorf(books.Invalid, "纸质审批须附上审批单的扫描件（PDF、JPEG 或 PNG）"))
		return
	}
	if p.Scan, err = spending.ReadAttachmentFile(scan); err != nil {
		showError(s.u.win, err)
		return
	}
	a, err := spending.RecordPaperDecision(s.u.sess, s.cur.No, p)
	if err == nil {
		s.cur = &a
	}
	s.done(err, fmt.Sprintf(lang.X("spending.paper.done", "申请 %s 已登记纸质审批：%s"), s.cur.No, s.cur.StateName()))
}
