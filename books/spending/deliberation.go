package spending

import (
	"database/sql"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Deliberation is the record of one deliberation step of an application: a
// meeting, a filing or a publication.
type Deliberation struct {
	ID           int64
	Step         string
	Date         string
	Form         string // meeting form (会议形式), e.g. 现场会议
	Expected     int    // attendance expected (应到)
	Present      int    // attendance actual (实到)
	VotesFor     int
	VotesAgainst int
	VotesAbstain int
	Voted        bool // attendance and votes were recorded
	Passed       bool
	Note         string
	RecordedBy   string
	RecordedAt   string
	Attachments  []Attachment
}

// OutcomeName is the record's outcome in Chinese.
func (d Deliberation) OutcomeName() string {
	if d.Passed {
		return "通过"
	}
	return "未通过"
}

// StepStatus is where an application stands on one step of its procedure.
type StepStatus struct {
	ProcedureStep
	Recorded bool
	Passed   bool
	Date     string // of the latest record
}

// DeliberationInput is a step record to add.
type DeliberationInput struct {
	Step     string
	Date     string
	Form     string
	Expected int
	Present  int
	For      int
	Against  int
	Abstain  int
	// Voted says the attendance and vote figures above were given (the CLI
	// sets it when any of them is). Vote steps need them.
	Voted bool
	// Failed records a non-vote step that did not pass (e.g. a proposal
	// withdrawn); vote steps take their outcome from the votes.
	Failed      bool
	Note        string
	Attachments []AttachmentInput
}

// Deliberate records a deliberation step of an application, by a 会计 or a
// 社区党组织 user. The guards: the step must belong to the procedure version
// and level of the application; the steps before the 社区党组织 review are
// recorded in order, each after the previous one has passed and not dated
// before it; 报街道备案 follows street approval; 实施结果公开 follows payment;
// a vote step needs attendance and votes, and passes by VotePasses.
func Deliberate(s *books.Session, no string, in DeliberationInput) (Deliberation, error) {
	if err := s.Require("记录议事过程", books.RoleAccountant, books.RoleParty); err != nil {
		return Deliberation{}, err
	}
	if err := in.clean(s.Book().Today()); err != nil {
		return Deliberation{}, err
	}
	files, err := checkAttachments(in.Attachments)
	if err != nil {
		return Deliberation{}, err
	}
	var d Deliberation
	err = s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		proc, err := loadProcedure(tx, a.ProcedureVersion)
		if err != nil {
			return err
		}
		st, ok := proc.step(a.Level, in.Step)
		if !ok {
			return books.Errorf(books.Invalid, "“%s”不是%s事项的议事步骤（第 %d 版程序：%s）", in.Step, a.LevelName(), proc.Version, proc.Describe(a.Level))
		}
		if err := checkStepOpen(tx, a, st, in.Date); err != nil {
			return err
		}
		passed := !in.Failed
		if st.Vote {
			if !in.Voted || in.Expected == 0 {
				return books.Errorf(books.Invalid, "“%s”是表决步骤，请填写应到、实到人数和赞成、反对、弃权票数", st.Name)
			}
			passed = VotePasses(in.Expected, in.Present, in.For)
		}
		now := tx.Now()
		outcome := "failed"
		if passed {
			outcome = "passed"
		}
		res, err := tx.Exec(`INSERT INTO deliberation (application_id, step, date, form, expected, present, votes_for, votes_against, votes_abstain, voted, outcome, note, recorded_by, recorded_at, app_version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, st.Name, in.Date, in.Form, in.Expected, in.Present, in.For, in.Against, in.Abstain, in.Voted, outcome, in.Note, s.User().Name, now, a.Version)
		if err != nil {
			return err
		}
		d = Deliberation{Step: st.Name, Date: in.Date, Form: in.Form, Expected: in.Expected, Present: in.Present, VotesFor: in.For,
			VotesAgainst: in.Against, VotesAbstain: in.Abstain, Voted: in.Voted, Passed: passed, Note: in.Note, RecordedBy: s.User().Name, RecordedAt: now}
		d.ID, _ = res.LastInsertId()
		var names []string
		for _, f := range files {
			att, err := insertAttachment(tx, a.ID, d.ID, 0, f, s.User().Name, now)
			if err != nil {
				return err
			}
			d.Attachments = append(d.Attachments, att)
			names = append(names, att.Name+" sha256:"+att.SHA256)
		}
		after := map[string]any{"step": st.Name, "date": in.Date, "form": in.Form, "outcome": d.OutcomeName(), "attachments": names}
		if in.Voted {
			after["votes"] = fmt.Sprintf("应到%d 实到%d 赞成%d 反对%d 弃权%d", in.Expected, in.Present, in.For, in.Against, in.Abstain)
		}
		return tx.Log("application.deliberate", "application", a.No, nil, after)
	})
	if err != nil {
		return Deliberation{}, fmt.Errorf("deliberate %s: %w", no, err)
	}
	return d, nil
}

// clean trims a deliberation record and refuses one dated after today or
// with counts that cannot be (negative, more present than expected, more
// votes than present); any count makes it a vote.
func (in *DeliberationInput) clean(today string) error {
	in.Step, in.Form, in.Note = strings.TrimSpace(in.Step), strings.TrimSpace(in.Form), strings.TrimSpace(in.Note)
	if _, err := books.ParseDate(in.Date); err != nil {
		return err
	}
	if in.Date > today {
		return books.Errorf(books.Invalid, "议事日期 %s 晚于今天，不能预先记录", in.Date)
	}
	for _, n := range []int{in.Expected, in.Present, in.For, in.Against, in.Abstain} {
		if n < 0 {
			return books.Errorf(books.Invalid, "人数和票数不能为负")
		}
	}
	if in.Expected != 0 || in.Present != 0 || in.For != 0 || in.Against != 0 || in.Abstain != 0 {
		in.Voted = true
	}
	if in.Voted {
		if in.Present > in.Expected {
			return books.Errorf(books.Invalid, "实到 %d 人多于应到 %d 人", in.Present, in.Expected)
		}
		if in.For+in.Against+in.Abstain > in.Present {
			return books.Errorf(books.Invalid, "赞成 %d、反对 %d、弃权 %d 合计多于实到的 %d 人", in.For, in.Against, in.Abstain, in.Present)
		}
	}
	return nil
}

// checkStepOpen refuses a record of step st the application cannot take on
// date: a finished application, a date before the application, a step
// already passed, a review step after the review or before the steps ahead
// of it, a filing step before approval, a payment step before the review
// steps, a closing step before payment.
func checkStepOpen(tx *books.Tx, a Application, st ProcedureStep, date string) error {
	switch a.State {
	case AppRejected, AppWithdrawn, AppClosed:
		return books.Errorf(books.Conflict, "申请 %s %s，不能再记录议事过程", a.No, a.StateName())
	}
	steps, err := stepStatus(tx, a)
	if err != nil {
		return err
	}
	if date < a.Date {
		return books.Errorf(books.Invalid, "议事日期 %s 早于申请 %s 的申请日期 %s；议事只能在申请之后", date, a.No, a.Date)
	}
	for _, ss := range steps {
		if ss.Name == st.Name && ss.Passed {
			return books.Errorf(books.Conflict, "申请 %s 的“%s”已于 %s 记录并通过，不需要再记", a.No, st.Name, ss.Date)
		}
	}
	switch st.Phase {
	case PhaseReview:
		if a.State != AppDraft && a.State != AppPartyReview && a.State != AppReturned {
			return books.Errorf(books.Conflict, "申请 %s %s，党组织审核前的议事步骤“%s”已不能再补记", a.No, a.StateName(), st.Name)
		}
		for _, ss := range steps {
			if ss.Phase != PhaseReview || ss.Seq >= st.Seq {
				continue
			}
			if !ss.Passed {
				return books.Errorf(books.Conflict, "“%s”须在“%s”记录并通过之后进行", st.Name, ss.Name)
			}
			if date < ss.Date {
				return books.Errorf(books.Invalid, "“%s”的日期 %s 早于前一步“%s”的日期 %s", st.Name, date, ss.Name, ss.Date)
			}
		}
	case PhaseFiling:
		if a.State != AppApproved && a.State != AppPartlyPaid && a.State != AppPaid {
			return books.Errorf(books.Conflict, "“%s”须在街道审批通过之后进行；申请 %s 现在%s", st.Name, a.No, a.StateName())
		}
	case PhasePayment:
		if err := requireSteps(tx, a, PhaseReview, "记录“"+st.Name+"”"); err != nil {
			return err
		}
	case PhaseClose:
		if a.State != AppPartlyPaid && a.State != AppPaid {
			return books.Errorf(books.Conflict, "“%s”须在付款之后进行；申请 %s 现在%s", st.Name, a.No, a.StateName())
		}
	}
	return nil
}

func loadDeliberations(q books.Querier, appID int64) ([]Deliberation, error) {
	rows, err := q.Query(`SELECT id, step, date, form, expected, present, votes_for, votes_against, votes_abstain, voted, outcome, note, recorded_by, recorded_at
		FROM deliberation WHERE application_id = ? ORDER BY date, id`, appID)
	if err != nil {
		return nil, err
	}
	var out []Deliberation
	for rows.Next() {
		var d Deliberation
		var outcome string
		if err := rows.Scan(&d.ID, &d.Step, &d.Date, &d.Form, &d.Expected, &d.Present, &d.VotesFor, &d.VotesAgainst, &d.VotesAbstain, &d.Voted, &outcome, &d.Note, &d.RecordedBy, &d.RecordedAt); err != nil {
			rows.Close()
			return nil, err
		}
		d.Passed = outcome == "passed"
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Attachments, err = loadAttachments(q, `deliberation_id = ?`, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stepStatus returns the application's procedure steps with the latest
// record of each made under the application's current version: what was
// deliberated before a 退回 does not carry over to the revised application.
func stepStatus(q books.Querier, a Application) ([]StepStatus, error) {
	proc, err := loadProcedure(q, a.ProcedureVersion)
	if err != nil {
		return nil, err
	}
	var out []StepStatus
	for _, st := range proc.Steps[a.Level] {
		ss := StepStatus{ProcedureStep: st}
		var outcome string
		err := q.QueryRow(`SELECT outcome, date FROM deliberation WHERE application_id = ? AND step = ? AND app_version = ? ORDER BY id DESC LIMIT 1`, a.ID, st.Name, a.Version).Scan(&outcome, &ss.Date)
		if err == nil {
			ss.Recorded, ss.Passed = true, outcome == "passed"
		} else if err != sql.ErrNoRows {
			return nil, err
		}
		out = append(out, ss)
	}
	return out, nil
}

// requireSteps refuses unless every step of the phase is recorded and passed.
func requireSteps(tx *books.Tx, a Application, phase, action string) error {
	steps, err := stepStatus(tx, a)
	if err != nil {
		return err
	}
	var missing []string
	for _, ss := range steps {
		if ss.Phase != phase {
			continue
		}
		switch {
		case !ss.Recorded:
			missing = append(missing, ss.Name+"（未记录）")
		case !ss.Passed:
			missing = append(missing, ss.Name+"（未通过）")
		}
	}
	if len(missing) > 0 {
		return books.Errorf(books.Conflict, "申请 %s 是%s事项，%s之前须先完成：%s", a.No, a.LevelName(), action, strings.Join(missing, "、"))
	}
	return nil
}
