package spending

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Application states (stored as codes; StateName gives the Chinese names
// people see: 草稿, 待党组织审核, 待街道审批, 已批准, 部分支付, 已支付, 已结项,
// 退回, 驳回, 撤回).
const (
	AppDraft        = "draft"
	AppPartyReview  = "party_review"
	AppStreetReview = "street_review"
	AppApproved     = "approved"
	AppPartlyPaid   = "partly_paid"
	AppPaid         = "paid"
	AppClosed       = "closed"
	AppReturned     = "returned"
	AppRejected     = "rejected"
	AppWithdrawn    = "withdrawn"
)

var appStateNames = map[string]string{
	AppDraft: "草稿", AppPartyReview: "待党组织审核", AppStreetReview: "待街道审批", AppApproved: "已批准",
	AppPartlyPaid: "部分支付", AppPaid: "已支付", AppClosed: "已结项", AppReturned: "退回", AppRejected: "驳回", AppWithdrawn: "撤回",
}

// AppStates lists the states in the order of the chain.
var AppStates = []string{AppDraft, AppPartyReview, AppStreetReview, AppApproved, AppPartlyPaid, AppPaid, AppClosed, AppReturned, AppRejected, AppWithdrawn}

// AppStateName returns an application state in Chinese.
func AppStateName(s string) string {
	if n, ok := appStateNames[s]; ok {
		return n
	}
	return s
}

// ParseAppState accepts a state's Chinese name or code.
func ParseAppState(s string) (string, error) {
	s = strings.TrimSpace(s)
	for c, n := range appStateNames {
		if s == c || s == n {
			return c, nil
		}
	}
	return "", books.Errorf(books.Invalid, "没有“%s”这个申请状态", s)
}

// Application is an expenditure application (支出申请) with its history.
type Application struct {
	ID               int64
	No               string // 申-2026-0001
	CompoundID       int64
	Compound         string
	Title            string
	Purpose          string
	Category         string
	Amount           books.Money
	Payee            string
	ApplicantBody    string // 业委会
	ApplicantPerson  string // the applying user (经办人)
	CreatedBy        string
	Date             string
	State            string
	Level            string
	ComputedLevel    string
	LevelReason      string
	PolicyID         int64
	ProcedureVersion int
	Version          int
	SplitWarning     string
	SplitAckBy       string
	SplitAckAt       string
	SplitAckNote     string
	ReviewedBy       string
	RequestSHA256    string
	Approved         books.Money
	ApprovalNo       string
	Paper            bool
	Paid             books.Money // posted payments, less reversed ones
	// Pending is what the payment vouchers not yet posted (待审核, 待记账)
	// would pay; the application counts as paid only once they are posted.
	Pending   books.Money
	CreatedAt string
	UpdatedAt string

	// Filled by Book.Application, not by lists.
	Events        []AppEvent
	Deliberations []Deliberation
	Steps         []StepStatus
	Decisions     []Decision
	Payments      []Payment
	Attachments   []Attachment // metadata only; AttachmentData reads the bytes
}

// StateName is the application's state in Chinese.
func (a Application) StateName() string { return AppStateName(a.State) }

// LevelName is the application's level in Chinese.
func (a Application) LevelName() string { return LevelName(a.Level) }

// AppEvent is one transition of an application: who, role, when, opinion.
type AppEvent struct {
	ID      int64
	Version int
	At      string
	User    string
	Role    string
	Action  string
	From    string
	To      string
	Opinion string
}

// ActionName returns the event's action in Chinese.
func (e AppEvent) ActionName() string {
	if n, ok := appActionNames[e.Action]; ok {
		return n
	}
	return e.Action
}

var appActionNames = map[string]string{
	"create": "填写申请", "update": "修改申请", "submit": "提交申请", "resubmit": "修改后重新提交", "withdraw": "撤回",
	"raise": "提高事项等级", "ack_split": "确认拆分提示", "review_approve": "党组织审核通过", "review_return": "党组织退回",
	"review_reject": "党组织驳回", "street_approve": "街道审批通过", "street_return": "街道退回", "street_reject": "街道驳回",
	"paper_approve": "纸质审批通过", "paper_reject": "纸质审批驳回", "pay": "付款", "close": "结项", "export": "导出审批申请", "pay_reversed": "付款被冲销",
}

// ApplyInput is what an applicant fills in.
type ApplyInput struct {
	Compound      string // compound name
	Title         string
	Purpose       string
	Category      string
	Amount        books.Money
	Payee         string
	ApplicantBody string // default 业委会
	Date          string // default today
	// Level raises the computed level ("" keeps it); LevelReason says why.
	Level       string
	LevelReason string
}

func (in *ApplyInput) clean() error {
	in.Compound, in.Title, in.Purpose = strings.TrimSpace(in.Compound), strings.TrimSpace(in.Title), strings.TrimSpace(in.Purpose)
	in.Category, in.Payee, in.ApplicantBody = strings.TrimSpace(in.Category), strings.TrimSpace(in.Payee), strings.TrimSpace(in.ApplicantBody)
	switch {
	case in.Compound == "":
		return books.Errorf(books.Invalid, "请选择用哪个小区的资金")
	case in.Title == "":
		return books.Errorf(books.Invalid, "请填写申请事项")
	case in.Category == "":
		return books.Errorf(books.Invalid, "请选择支出类别")
	case in.Payee == "":
		return books.Errorf(books.Invalid, "请填写收款人")
	case !in.Amount.IsPositive():
		return books.Errorf(books.Invalid, "申请金额必须大于零")
	}
	if _, err := books.ToFen(in.Amount); err != nil {
		return err
	}
	if in.ApplicantBody == "" {
		in.ApplicantBody = "业委会"
	}
	if in.Date != "" {
		if _, err := books.ParseDate(in.Date); err != nil {
			return err
		}
	}
	if in.Level != "" {
		l, err := ParseLevel(in.Level)
		if err != nil {
			return err
		}
		in.Level = l
	}
	return nil
}

// Apply creates a draft application. Only a 业委会 user applies.
func Apply(s *books.Session, in ApplyInput) (Application, error) {
	if err := s.Require("填写支出申请", books.RoleCommittee); err != nil {
		return Application{}, err
	}
	if err := in.clean(); err != nil {
		return Application{}, err
	}
	if in.Date == "" {
		in.Date = s.Book().Today()
	}
	if _, err := books.ParseDate(in.Date); err != nil {
		return Application{}, err
	}
	if err := s.Book().RefuseFuture(in.Date, "申请"); err != nil {
		return Application{}, err
	}
	var no string
	err := s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		var compoundID int64
		var archived bool
		err := tx.QueryRow(`SELECT id, archived FROM compound WHERE name = ?`, in.Compound).Scan(&compoundID, &archived)
		if errors.Is(err, sql.ErrNoRows) {
			return books.Errorf(books.NotFound, "小区“%s”不存在", in.Compound)
		} else if err != nil {
			return err
		}
		if archived {
			return books.Errorf(books.Invalid, "小区“%s”已归档，不能再申请支出", in.Compound)
		}
		pol, err := ensurePolicy(tx, in.Date, now, s.User().Name)
		if err != nil {
			return err
		}
		pv, err := ensureProcedure(tx, now, s.User().Name)
		if err != nil {
			return err
		}
		computed := pol.LevelOf(in.Amount, in.Category)
		level, reason := computed, ""
		if in.Level != "" && in.Level != computed {
			if levelRank[in.Level] < levelRank[computed] {
				return books.Errorf(books.Invalid, "按标准（%s）这是%s事项，事项等级只能提高，不能降为%s", pol.Describe(), LevelName(computed), LevelName(in.Level))
			}
			if strings.TrimSpace(in.LevelReason) == "" {
				return books.Errorf(books.Invalid, "提高事项等级须说明理由")
			}
			level, reason = in.Level, strings.TrimSpace(in.LevelReason)
		}
		year := in.Date[:4]
		var seq int
		if err := tx.QueryRow(`SELECT coalesce(max(seq), 0) + 1 FROM application WHERE year = ?`, year).Scan(&seq); err != nil {
			return err
		}
		no = fmt.Sprintf("申-%s-%04d", year, seq)
		amount, _ := books.ToFen(in.Amount)
		res, err := tx.Exec(`INSERT INTO application (no, year, seq, compound_id, title, purpose, category, amount_fen, payee, applicant_body, applicant_person,
			created_by, date, state, level, computed_level, level_reason, policy_id, procedure_version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
			no, year, seq, compoundID, in.Title, in.Purpose, in.Category, amount, in.Payee, in.ApplicantBody, s.User().Name,
			s.User().ID, in.Date, level, computed, reason, pol.ID, pv, now, now)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		opinion := ""
		if reason != "" {
			opinion = fmt.Sprintf("事项等级由%s提高为%s：%s", LevelName(computed), LevelName(level), reason)
		}
		if err := addEvent(tx, id, 1, now, s.User(), "create", "", AppDraft, opinion); err != nil {
			return err
		}
		return tx.Log("application.create", "application", no, nil, map[string]any{
			"no": no, "compound": in.Compound, "title": in.Title, "category": in.Category, "amount": books.PlainYuan(in.Amount),
			"payee": in.Payee, "level": LevelName(level), "computed_level": LevelName(computed), "level_reason": reason,
			"policy": pol.Describe(), "procedure_version": pv})
	})
	if err != nil {
		return Application{}, fmt.Errorf("apply: %w", err)
	}
	return ApplicationByNo(s.Book(), no)
}

// UpdateApplication changes a draft or returned application (by its applicant).
// The level is recomputed; a raise made before stays when still a raise.
func UpdateApplication(s *books.Session, no string, in ApplyInput) (Application, error) {
	if err := s.Require("修改支出申请", books.RoleCommittee); err != nil {
		return Application{}, err
	}
	if err := in.clean(); err != nil {
		return Application{}, err
	}
	err := s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppDraft && a.State != AppReturned {
			return books.Errorf(books.Conflict, "申请 %s %s，只有草稿或退回的申请可以修改", a.No, a.StateName())
		}
		if a.CreatedBy != s.User().Name {
			return books.Errorf(books.Forbidden, "申请 %s 是“%s”填写的，只有申请人本人可以修改", a.No, a.CreatedBy)
		}
		if in.Date == "" {
			in.Date = a.Date
		}
		var compoundID int64
		if err := tx.QueryRow(`SELECT id FROM compound WHERE name = ? AND archived = 0`, in.Compound).Scan(&compoundID); err != nil {
			return books.Errorf(books.NotFound, "小区“%s”不存在或已归档", in.Compound)
		}
		pol, err := policyAt(tx, a.Date)
		if err != nil {
			return err
		}
		computed := pol.LevelOf(in.Amount, in.Category)
		level, reason := computed, ""
		want := in.Level
		if want == "" && a.Level != a.ComputedLevel && levelRank[a.Level] > levelRank[computed] {
			want, in.LevelReason = a.Level, a.LevelReason
		}
		// A raised level stays raised (by whoever raised it): an update
		// may raise it further, never take it back.
		if want != "" && a.Level != a.ComputedLevel && levelRank[want] < levelRank[a.Level] {
			return books.Errorf(books.Invalid, "申请 %s 已提高为%s事项（%s），事项等级只能提高，不能降为%s", a.No, a.LevelName(), a.LevelReason, LevelName(want))
		}
		if want != "" && levelRank[want] > levelRank[computed] {
			if strings.TrimSpace(in.LevelReason) == "" {
				return books.Errorf(books.Invalid, "提高事项等级须说明理由")
			}
			level, reason = want, strings.TrimSpace(in.LevelReason)
		} else if want != "" && levelRank[want] < levelRank[computed] {
			return books.Errorf(books.Invalid, "按标准这是%s事项，事项等级只能提高，不能降为%s", LevelName(computed), LevelName(want))
		}
		amount, _ := books.ToFen(in.Amount)
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE application SET compound_id = ?, title = ?, purpose = ?, category = ?, amount_fen = ?, payee = ?, applicant_body = ?,
			level = ?, computed_level = ?, level_reason = ?, updated_at = ? WHERE id = ?`,
			compoundID, in.Title, in.Purpose, in.Category, amount, in.Payee, in.ApplicantBody, level, computed, reason, now, a.ID); err != nil {
			return err
		}
		if err := addEvent(tx, a.ID, a.Version, now, s.User(), "update", a.State, a.State, ""); err != nil {
			return err
		}
		return tx.Log("application.update", "application", a.No, appLog(a), map[string]any{
			"compound": in.Compound, "title": in.Title, "category": in.Category, "amount": books.PlainYuan(in.Amount), "payee": in.Payee, "level": LevelName(level)})
	})
	if err != nil {
		return Application{}, fmt.Errorf("update application %s: %w", no, err)
	}
	return ApplicationByNo(s.Book(), no)
}

// Submit sends a draft (or a returned application, as a new version) to the
// 社区党组织 for review, running the split-payment check.
func Submit(s *books.Session, no, opinion string) (Application, error) {
	if err := s.Require("提交支出申请", books.RoleCommittee); err != nil {
		return Application{}, err
	}
	err := s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppDraft && a.State != AppReturned {
			return books.Errorf(books.Conflict, "申请 %s %s，不能再提交", a.No, a.StateName())
		}
		if a.CreatedBy != s.User().Name {
			return books.Errorf(books.Forbidden, "申请 %s 是“%s”填写的，只有申请人本人可以提交", a.No, a.CreatedBy)
		}
		action, version := "submit", a.Version
		if a.State == AppReturned {
			action, version = "resubmit", a.Version+1
		}
		warning, err := splitWarning(tx, a)
		if err != nil {
			return err
		}
		now := tx.Now()
		// A new warning (or a changed one) must be acknowledged again.
		ackBy, ackAt, ackNote := a.SplitAckBy, a.SplitAckAt, a.SplitAckNote
		if warning != a.SplitWarning {
			ackBy, ackAt, ackNote = "", "", ""
		}
		if _, err := tx.Exec(`UPDATE application SET state = 'party_review', version = ?, split_warning = ?, split_ack_by = ?, split_ack_at = ?, split_ack_note = ?,
			reviewed_by = '', request_sha256 = '', updated_at = ? WHERE id = ?`, version, warning, ackBy, ackAt, ackNote, now, a.ID); err != nil {
			return err
		}
		if err := addEvent(tx, a.ID, version, now, s.User(), action, a.State, AppPartyReview, strings.TrimSpace(opinion)); err != nil {
			return err
		}
		return tx.Log("application."+action, "application", a.No,
			map[string]any{"state": AppStateName(a.State), "version": a.Version},
			map[string]any{"state": AppStateName(AppPartyReview), "version": version, "split_warning": warning, "opinion": opinion})
	})
	if err != nil {
		return Application{}, fmt.Errorf("submit application %s: %w", no, err)
	}
	return ApplicationByNo(s.Book(), no)
}

// splitWarning is the split-payment check: other live applications of the
// same compound and payee within 30 days that, added to this one, reach a
// higher level than any of them alone.
func splitWarning(tx *books.Tx, a Application) (string, error) {
	d, err := books.ParseDate(a.Date)
	if err != nil {
		return "", err
	}
	from, to := d.AddDate(0, 0, -30).Format("2006-01-02"), d.AddDate(0, 0, 30).Format("2006-01-02")
	rows, err := tx.Query(`SELECT no, amount_fen FROM application WHERE compound_id = ? AND payee = ? AND id <> ?
		AND state NOT IN ('draft', 'rejected', 'withdrawn') AND date BETWEEN ? AND ? ORDER BY no`, a.CompoundID, a.Payee, a.ID, from, to)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	pol, err := policyAt(tx, a.Date)
	if err != nil {
		return "", err
	}
	total := a.Amount
	top := pol.levelOfAmount(a.Amount)
	var others []string
	for rows.Next() {
		var no string
		var fen int64
		if err := rows.Scan(&no, &fen); err != nil {
			return "", err
		}
		m := books.FromFen(fen)
		total = total.Add(m)
		if l := pol.levelOfAmount(m); levelRank[l] > levelRank[top] {
			top = l
		}
		others = append(others, fmt.Sprintf("%s（%s 元）", no, books.FormatYuan(m)))
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(others) == 0 {
		return "", nil
	}
	if together := pol.levelOfAmount(total); levelRank[together] > levelRank[top] {
		return fmt.Sprintf("疑似拆分支付：小区同一收款人“%s”在前后 30 天内还有申请 %s，连同本申请合计 %s 元，达到%s事项标准（单笔均为%s事项）",
			a.Payee, strings.Join(others, "、"), books.FormatYuan(total), LevelName(together), LevelName(top)), nil
	}
	return "", nil
}

// AcknowledgeSplit records that the 社区党组织 reviewer has seen the
// split-payment warning; review cannot pass until then.
func AcknowledgeSplit(s *books.Session, no, note string) error {
	if err := s.Require("确认拆分支付提示", books.RoleParty); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return books.Errorf(books.Invalid, "请写明确认意见（为何不属于拆分支付，或已如何处理）")
	}
	return s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppPartyReview {
			return books.Errorf(books.Conflict, "申请 %s %s，不在党组织审核中", a.No, a.StateName())
		}
		if a.SplitWarning == "" {
			return books.Errorf(books.Conflict, "申请 %s 没有拆分支付提示，不需要确认", a.No)
		}
		if a.SplitAckBy != "" {
			return books.Errorf(books.Conflict, "申请 %s 的拆分支付提示已由“%s”于 %s 确认", a.No, a.SplitAckBy, a.SplitAckAt)
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE application SET split_ack_by = ?, split_ack_at = ?, split_ack_note = ?, updated_at = ? WHERE id = ?`,
			s.User().Name, now, note, now, a.ID); err != nil {
			return err
		}
		if err := addEvent(tx, a.ID, a.Version, now, s.User(), "ack_split", a.State, a.State, note); err != nil {
			return err
		}
		return tx.Log("application.ack_split", "application", a.No, map[string]string{"split_warning": a.SplitWarning},
			map[string]string{"acknowledged_by": s.User().Name, "note": note})
	})
}

// RaiseLevel raises an application's matter level with a reason (never
// lowers it), before the 社区党组织 review has passed.
func RaiseLevel(s *books.Session, no, level, reason string) error {
	if err := s.Require("提高事项等级", books.RoleCommittee, books.RoleParty, books.RoleAccountant); err != nil {
		return err
	}
	l, err := ParseLevel(level)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return books.Errorf(books.Invalid, "提高事项等级须说明理由")
	}
	return s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppDraft && a.State != AppPartyReview && a.State != AppReturned {
			return books.Errorf(books.Conflict, "申请 %s %s，党组织审核通过后不能再改事项等级", a.No, a.StateName())
		}
		if levelRank[l] < levelRank[a.Level] {
			return books.Errorf(books.Invalid, "申请 %s 现为%s事项，事项等级只能提高，不能降为%s", a.No, a.LevelName(), LevelName(l))
		}
		if l == a.Level {
			return books.Errorf(books.Conflict, "申请 %s 已经是%s事项", a.No, a.LevelName())
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE application SET level = ?, level_reason = ?, updated_at = ? WHERE id = ?`, l, reason, now, a.ID); err != nil {
			return err
		}
		opinion := fmt.Sprintf("事项等级由%s提高为%s：%s", a.LevelName(), LevelName(l), reason)
		if err := addEvent(tx, a.ID, a.Version, now, s.User(), "raise", a.State, a.State, opinion); err != nil {
			return err
		}
		return tx.Log("application.raise", "application", a.No, map[string]string{"level": a.LevelName()},
			map[string]string{"level": LevelName(l), "reason": reason})
	})
}

// Withdraw takes an application back before review (by its applicant).
func Withdraw(s *books.Session, no, reason string) error {
	if err := s.Require("撤回支出申请", books.RoleCommittee); err != nil {
		return err
	}
	return s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppDraft && a.State != AppPartyReview && a.State != AppReturned {
			return books.Errorf(books.Conflict, "申请 %s %s，党组织审核通过后不能撤回", a.No, a.StateName())
		}
		if a.CreatedBy != s.User().Name {
			return books.Errorf(books.Forbidden, "申请 %s 是“%s”填写的，只有申请人本人可以撤回", a.No, a.CreatedBy)
		}
		return transition(s, tx, a, "withdraw", AppWithdrawn, strings.TrimSpace(reason))
	})
}

// Review is the 社区党组织 review: approve (to the street), return for
// revision, or reject. It passes only when the level's deliberation steps
// before review are recorded and passed and any split-payment warning is
// acknowledged; nobody reviews an application they created.
func Review(s *books.Session, no, decision, opinion string) error {
	if err := s.Require("党组织审核", books.RoleParty); err != nil {
		return err
	}
	opinion = strings.TrimSpace(opinion)
	to := map[string]string{"approve": AppStreetReview, "return": AppReturned, "reject": AppRejected}[decision]
	if to == "" {
		return books.Errorf(books.Invalid, "审核结论只能是 approve（通过）、return（退回）或 reject（驳回）")
	}
	if decision != "approve" && opinion == "" {
		return books.Errorf(books.Invalid, "退回或驳回须写明意见")
	}
	return s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State != AppPartyReview {
			return books.Errorf(books.Conflict, "申请 %s %s，不在待党组织审核状态", a.No, a.StateName())
		}
		if a.CreatedBy == s.User().Name {
			return books.Errorf(books.Forbidden, "申请 %s 是您本人填写的，不能由您审核", a.No)
		}
		if decision == "approve" {
			if a.SplitWarning != "" && a.SplitAckBy == "" {
				return books.Errorf(books.Conflict, "申请 %s 有拆分支付提示，审核人须先确认：%s", a.No, a.SplitWarning)
			}
			if err := requireSteps(tx, a, PhaseReview, "党组织审核通过"); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE application SET reviewed_by = ? WHERE id = ?`, s.User().Name, a.ID); err != nil {
				return err
			}
		}
		return transition(s, tx, a, "review_"+decision, to, opinion)
	})
}

// transition moves an application to a new state with an event and a log
// entry by the session's user.
func transition(s *books.Session, tx *books.Tx, a Application, action, to, opinion string) error {
	now := tx.Now()
	if _, err := tx.Exec(`UPDATE application SET state = ?, updated_at = ? WHERE id = ?`, to, now, a.ID); err != nil {
		return err
	}
	if err := addEvent(tx, a.ID, a.Version, now, s.User(), action, a.State, to, opinion); err != nil {
		return err
	}
	return tx.Log("application."+action, "application", a.No,
		map[string]any{"state": AppStateName(a.State)}, map[string]any{"state": AppStateName(to), "opinion": opinion, "version": a.Version})
}

func addEvent(tx *books.Tx, appID int64, version int, at string, u books.User, action, from, to, opinion string) error {
	return addEventAs(tx, appID, version, at, u.Name, u.Role.Name(), action, from, to, opinion)
}

func addEventAs(tx *books.Tx, appID int64, version int, at, user, role, action, from, to, opinion string) error {
	_, err := tx.Exec(`INSERT INTO application_event (application_id, version, at, user_name, role, action, from_state, to_state, opinion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, appID, version, at, user, role, action, from, to, opinion)
	return err
}

func appLog(a Application) map[string]any {
	return map[string]any{"no": a.No, "compound": a.Compound, "title": a.Title, "category": a.Category, "amount": books.PlainYuan(a.Amount),
		"payee": a.Payee, "level": a.LevelName(), "state": a.StateName(), "version": a.Version}
}
