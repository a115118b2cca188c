package spending

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Decision is a street decision on an application as recorded in the
// community book: imported from a signed file, or entered from paper.
type Decision struct {
	ID         int64
	Version    int
	Decision   string // approve, return, reject
	Opinion    string
	Approver   string
	DecidedAt  string
	ApprovalNo string
	Approved   books.Money
	Paper      bool // 纸质审批
	Signer     string
	FileSHA256 string
	ImportedAt string
	ImportedBy string
}

var decisionNames = map[string]string{"approve": "批准", "return": "退回", "reject": "驳回"}

// DecisionName is the decision in Chinese, marked 纸质审批 when on paper.
func (d Decision) DecisionName() string {
	n := decisionNames[d.Decision]
	if d.Paper {
		n += "（纸质审批）"
	}
	return n
}

func loadDecisions(q books.Querier, appID int64) ([]Decision, error) {
	rows, err := q.Query(`SELECT id, version, decision, opinion, approver, decided_at, approval_no, approved_fen, paper, signer, file_sha256, imported_at, imported_by
		FROM decision WHERE application_id = ? ORDER BY id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var fen int64
		if err := rows.Scan(&d.ID, &d.Version, &d.Decision, &d.Opinion, &d.Approver, &d.DecidedAt, &d.ApprovalNo, &fen, &d.Paper, &d.Signer, &d.FileSHA256, &d.ImportedAt, &d.ImportedBy); err != nil {
			return nil, err
		}
		d.Approved = books.FromFen(fen)
		out = append(out, d)
	}
	return out, rows.Err()
}

// decisionFile is the payload of a street decision.
type decisionFile struct {
	Street        string `json:"street"`
	CommunityCode string `json:"community_code"`
	CommunityUUID string `json:"community_uuid"`
	AppNo         string `json:"app_no"`
	Version       int    `json:"version"`
	RequestSHA256 string `json:"request_sha256"`
	Decision      string `json:"decision"`
	Opinion       string `json:"opinion"`
	Approved      string `json:"approved"`
	Approver      string `json:"approver"`
	DecidedAt     string `json:"decided_at"`
	ApprovalNo    string `json:"approval_no"`
	Nonce         string `json:"nonce"`
}

// StreetDecide is the street's decision on an imported request (by a 街道
// user in the street book): approve, return or reject with an opinion. It
// returns the signed decision file for the community. approved is the amount
// approved (zero: the amount requested; never more). Nobody decides an
// application they created or reviewed.
func StreetDecide(s *books.Session, code, appNo, decision, opinion string, approved books.Money) ([]byte, error) {
	if err := s.Require("街道审批", books.RoleStreet); err != nil {
		return nil, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return nil, err
	}
	if info.Kind != books.KindStreet {
		return nil, books.Errorf(books.Invalid, "街道审批在街道账簿中进行，这是社区账簿")
	}
	if decisionNames[decision] == "" {
		return nil, books.Errorf(books.Invalid, "审批结论只能是 approve（批准）、return（退回）或 reject（驳回）")
	}
	opinion = strings.TrimSpace(opinion)
	if opinion == "" {
		return nil, books.Errorf(books.Invalid, "请填写审批意见")
	}
	r, err := FindStreetRequest(s.Book(), code, appNo)
	if err != nil {
		return nil, err
	}
	if r.State != "pending" {
		return nil, books.Errorf(books.Conflict, "社区“%s”的申请 %s 第 %d 版%s（%s，%s）", r.Community, r.AppNo, r.Version, r.StateName(), r.DecidedBy, r.DecidedAt)
	}
	if s.User().Name == r.App.CreatedBy || s.User().Name == r.App.ReviewedBy {
		return nil, books.Errorf(books.Forbidden, "申请 %s 由“%s”填写、“%s”审核，审批须由另一人进行", r.AppNo, r.App.CreatedBy, r.App.ReviewedBy)
	}
	if decision != "approve" {
		approved = books.FromFen(0)
	} else if approved.IsZero() {
		approved = r.App.Amount
	} else if approved.Cmp(r.App.Amount) > 0 || !approved.IsPositive() {
		return nil, books.Errorf(books.Invalid, "批准金额 %s 须大于零且不超过申请金额 %s", books.FormatYuan(approved), books.FormatYuan(r.App.Amount))
	}
	if _, err := books.ToFen(approved); err != nil {
		return nil, err
	}
	var out []byte
	err = s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		approvalNo := ""
		if decision == "approve" {
			year := now[:4]
			var n int
			if err := tx.QueryRow(`SELECT count(*) FROM street_request WHERE approval_no LIKE ?`, "批-"+year+"-%").Scan(&n); err != nil {
				return err
			}
			approvalNo = fmt.Sprintf("批-%s-%04d", year, n+1)
		}
		df := decisionFile{Street: info.Street, CommunityCode: r.CommunityCode, CommunityUUID: r.CommunityUUID,
			AppNo: r.AppNo, Version: r.Version, RequestSHA256: r.FileSHA256, Decision: decision, Opinion: opinion,
			Approved: books.PlainYuan(approved), Approver: s.User().Name, DecidedAt: now, ApprovalNo: approvalNo, Nonce: books.NewUUID()}
		payload, err := json.Marshal(df)
		if err != nil {
			return err
		}
		out, err = s.Book().SignFile(books.FileKindDecision, payload)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE street_request SET state = ?, decided_at = ?, decided_by = ?, opinion = ?, approval_no = ?, decision_file = ? WHERE id = ?`,
			decision, now, s.User().Name, opinion, approvalNo, out, r.ID); err != nil {
			return err
		}
		return tx.Log("request.decide", "street_request", r.CommunityCode+" "+r.AppNo, map[string]any{"state": "待审批"},
			map[string]any{"decision": decisionNames[decision], "opinion": opinion, "approved": books.PlainYuan(approved), "approval_no": approvalNo,
				"version": r.Version, "nonce": df.Nonce, "community": r.Community})
	})
	if err != nil {
		return nil, fmt.Errorf("street decide %s: %w", appNo, err)
	}
	return out, nil
}

// DecisionFile returns the signed decision file written for an imported
// request, to hand it over again.
func DecisionFile(b *books.Book, code, appNo string) ([]byte, error) {
	r, err := FindStreetRequest(b, code, appNo)
	if err != nil {
		return nil, err
	}
	var data []byte
	if err := b.Reader().QueryRow(`SELECT decision_file FROM street_request WHERE id = ?`, r.ID).Scan(&data); err != nil || len(data) == 0 {
		return nil, books.Errorf(books.NotFound, "申请 %s 还没有审批决定", appNo)
	}
	return data, nil
}

// ImportDecision reads a signed street decision into the community book (by
// the 会计): the application goes to 已批准 (with the approval number and
// amount), 退回 or 驳回. Refused: a file not signed by the registered street,
// a decision for another community or another version of the application, a
// file imported before (replay), a second decision on the same version, an
// altered or truncated file.
func ImportDecision(s *books.Session, data []byte) (Application, error) {
	if err := s.Require("导入街道审批决定", books.RoleAccountant); err != nil {
		return Application{}, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return Application{}, err
	}
	if info.Kind != books.KindCommunity {
		return Application{}, books.Errorf(books.Invalid, "街道审批决定要导入社区账簿，这是街道账簿")
	}
	f, tk, err := s.Book().OpenTrusted(data, books.FileKindDecision)
	if err != nil {
		return Application{}, err
	}
	if tk.Kind != books.KindStreet {
		return Application{}, books.Errorf(books.Forbidden, "审批决定须由街道签名，这个文件的签名人登记为社区“%s”", tk.Community)
	}
	var df decisionFile
	if err := json.Unmarshal(f.Payload, &df); err != nil {
		return Application{}, books.Errorf(books.Invalid, "审批决定的内容无法读取")
	}
	if df.CommunityCode != info.Code || df.CommunityUUID != info.UUID {
		return Application{}, books.Errorf(books.Forbidden, "这份审批决定是给社区代码 %s 的账簿的，不是本社区（%s %s）的", df.CommunityCode, info.Community, info.Code)
	}
	if decisionNames[df.Decision] == "" || df.Nonce == "" {
		return Application{}, books.Errorf(books.Invalid, "审批决定的内容不完整")
	}
	approved, err := books.ParseMoney(df.Approved)
	if err != nil {
		return Application{}, books.Errorf(books.Invalid, "审批决定中的批准金额无法读取")
	}
	var no string
	err = s.Write(func(tx *books.Tx) error {
		var prevAt string
		err := tx.QueryRow(`SELECT imported_at FROM decision WHERE nonce = ?`, df.Nonce).Scan(&prevAt)
		if err == nil {
			return books.Errorf(books.Conflict, "这份审批决定（%s 第 %d 版）已于 %s 导入过，不能重复导入", df.AppNo, df.Version, prevAt)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		a, err := loadApplication(tx, df.AppNo)
		if err != nil {
			return err
		}
		no = a.No
		if df.Version != a.Version {
			return books.Errorf(books.Conflict, "这份审批决定针对申请 %s 的第 %d 版，本账簿中的申请已是第 %d 版；请按最新版本重新报批", a.No, df.Version, a.Version)
		}
		if a.State != AppStreetReview {
			return books.Errorf(books.Conflict, "申请 %s 现在%s，不在等待街道审批；同一版本已有决定，不能再导入另一份", a.No, a.StateName())
		}
		if df.Decision == "approve" && (!approved.IsPositive() || approved.Cmp(a.Amount) > 0) {
			return books.Errorf(books.Invalid, "审批决定的批准金额 %s 不在 0 到申请金额 %s 之间", books.FormatYuan(approved), books.FormatYuan(a.Amount))
		}
		now := tx.Now()
		fen, _ := books.ToFen(approved)
		if _, err := tx.Exec(`INSERT INTO decision (application_id, version, decision, opinion, approver, decided_at, approval_no, approved_fen, paper, nonce, signer, file_sha256, imported_at, imported_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`, a.ID, df.Version, df.Decision, df.Opinion, df.Approver, df.DecidedAt, df.ApprovalNo, fen,
			df.Nonce, f.Signer, f.SHA256, now, s.User().Name); err != nil {
			return err
		}
		return applyDecision(tx, s, a, df.Decision, df.Approver, df.DecidedAt, df.Opinion, df.ApprovalNo, fen, false,
			map[string]any{"signer": f.Signer, "file_sha256": f.SHA256, "nonce": df.Nonce})
	})
	if err != nil {
		return Application{}, fmt.Errorf("import decision: %w", err)
	}
	return ApplicationByNo(s.Book(), no)
}

// applyDecision moves the application by a street decision: the event is the
// street approver's; the log entry is the importing user's.
func applyDecision(tx *books.Tx, s *books.Session, a Application, decision, approver, decidedAt, opinion, approvalNo string, fen int64, paper bool, extra map[string]any) error {
	to := map[string]string{"approve": AppApproved, "return": AppReturned, "reject": AppRejected}[decision]
	now := tx.Now()
	if decision == "approve" {
		if _, err := tx.Exec(`UPDATE application SET state = ?, approved_fen = ?, approval_no = ?, paper = ?, updated_at = ? WHERE id = ?`,
			to, fen, approvalNo, paper, now, a.ID); err != nil {
			return err
		}
	} else if _, err := tx.Exec(`UPDATE application SET state = ?, updated_at = ? WHERE id = ?`, to, now, a.ID); err != nil {
		return err
	}
	action := "street_" + decision
	if paper {
		action = "paper_" + decision
	}
	op := opinion
	if paper {
		op = "【纸质审批】" + op
	}
	if err := addEventAs(tx, a.ID, a.Version, decidedAt, approver, books.RoleStreet.Name(), action, a.State, to, op); err != nil {
		return err
	}
	after := map[string]any{"state": AppStateName(to), "decision": decisionNames[decision], "approver": approver, "decided_at": decidedAt,
		"opinion": opinion, "approval_no": approvalNo, "approved": books.PlainYuan(books.FromFen(fen)), "version": a.Version, "paper": paper}
	for k, v := range extra {
		after[k] = v
	}
	logAction := "application.decision_import"
	if paper {
		logAction = "application.paper_decision"
	}
	return tx.Log(logAction, "application", a.No, map[string]any{"state": a.StateName()}, after)
}

// PaperDecision is a street decision made on paper.
type PaperDecision struct {
	Decision   string // approve, return, reject
	ApprovalNo string // the number on the paper (approve only)
	Approver   string // who signed it at the street
	Date       string // date on the paper
	Opinion    string
	Approved   books.Money // zero: the amount requested
	Scan       AttachmentInput
}

// RecordPaperDecision records a street decision made on paper, with its
// scan, by the 会计. Such approvals are marked 纸质审批 everywhere.
func RecordPaperDecision(s *books.Session, no string, p PaperDecision) (Application, error) {
	if err := s.Require("登记纸质审批", books.RoleAccountant); err != nil {
		return Application{}, err
	}
	if decisionNames[p.Decision] == "" {
		return Application{}, books.Errorf(books.Invalid, "审批结论只能是 approve（批准）、return（退回）或 reject（驳回）")
	}
	p.ApprovalNo, p.Approver, p.Opinion = strings.TrimSpace(p.ApprovalNo), strings.TrimSpace(p.Approver), strings.TrimSpace(p.Opinion)
	if p.Approver == "" {
		return Application{}, books.Errorf(books.Invalid, "请填写街道审批人")
	}
	if p.Decision == "approve" && p.ApprovalNo == "" {
		return Application{}, books.Errorf(books.Invalid, "请填写纸质审批单上的审批编号")
	}
	if _, err := books.ParseDate(p.Date); err != nil {
		return Application{}, err
	}
	// Paper keeps its own date: the day the street signed, never after
	// today (the log keeps apart when it was entered here).
	if err := s.Book().RefuseFuture(p.Date, "纸质审批"); err != nil {
		return Application{}, err
	}
	if len(p.Scan.Data) == 0 {
		return Application{}, books.Errorf(books.Invalid, "纸质审批须附上审批单的扫描件（PDF、JPEG 或 PNG）")
	}
	files, err := checkAttachments([]AttachmentInput{p.Scan})
	if err != nil {
		return Application{}, err
	}
	err = s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppStreetReview {
			return books.Errorf(books.Conflict, "申请 %s 现在%s，不在等待街道审批", a.No, a.StateName())
		}
		if p.Date < a.Date {
			return books.Errorf(books.Invalid, "纸质审批的日期 %s 早于申请 %s 的申请日期 %s", p.Date, a.No, a.Date)
		}
		approved := books.FromFen(0)
		if p.Decision == "approve" {
			approved = p.Approved
			if approved.IsZero() {
				approved = a.Amount
			}
			if !approved.IsPositive() || approved.Cmp(a.Amount) > 0 {
				return books.Errorf(books.Invalid, "批准金额 %s 须大于零且不超过申请金额 %s", books.FormatYuan(approved), books.FormatYuan(a.Amount))
			}
		}
		fen, err := books.ToFen(approved)
		if err != nil {
			return err
		}
		now := tx.Now()
		res, err := tx.Exec(`INSERT INTO decision (application_id, version, decision, opinion, approver, decided_at, approval_no, approved_fen, paper, nonce, imported_at, imported_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, a.ID, a.Version, p.Decision, p.Opinion, p.Approver, p.Date, p.ApprovalNo, fen, "paper-"+books.NewUUID(), now, s.User().Name)
		if err != nil {
			return err
		}
		did, _ := res.LastInsertId()
		att, err := insertAttachment(tx, a.ID, 0, did, files[0], s.User().Name, now)
		if err != nil {
			return err
		}
		return applyDecision(tx, s, a, p.Decision, p.Approver, p.Date, p.Opinion, p.ApprovalNo, fen, true,
			map[string]any{"scan": att.Name, "scan_sha256": att.SHA256})
	})
	if err != nil {
		return Application{}, fmt.Errorf("paper decision %s: %w", no, err)
	}
	return ApplicationByNo(s.Book(), no)
}
