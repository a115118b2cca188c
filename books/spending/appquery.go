package spending

// Reading applications: one with its history, the filtered list, and the applications behind vouchers.

import (
	"database/sql"
	"errors"
	"sort"
	"strings"

	"sunbooks/books"
)

const appColumns = `a.id, a.no, a.compound_id, c.name, a.title, a.purpose, a.category, a.amount_fen, a.payee, a.applicant_body, a.applicant_person,
	u.name, a.date, a.state, a.level, a.computed_level, a.level_reason, a.policy_id, a.procedure_version, a.version,
	a.split_warning, a.split_ack_by, a.split_ack_at, a.split_ack_note, a.reviewed_by, a.request_sha256, a.approved_fen, a.approval_no, a.paper,
	a.created_at, a.updated_at, ` + paidExpr + `
	FROM application a JOIN compound c ON c.id = a.compound_id JOIN user u ON u.id = a.created_by`

// paidExpr is what an application has been paid: its posted payment
// vouchers, less those reversed by a posted red-ink voucher; pendingExpr what
// its payment vouchers not yet posted (待审核, 待记账) would pay.
const paidExpr = `coalesce((SELECT sum(p.amount_fen) FROM payment p JOIN voucher pv ON pv.id = p.voucher_id WHERE p.application_id = a.id
	AND pv.status = 'posted' AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_id = p.voucher_id AND r.status = 'posted')), 0),
	coalesce((SELECT sum(p.amount_fen) FROM payment p JOIN voucher pv ON pv.id = p.voucher_id WHERE p.application_id = a.id
	AND pv.status <> 'posted'), 0)`

type scanner interface{ Scan(dest ...any) error }

func scanApplication(r scanner) (Application, error) {
	var a Application
	var amount, approved, paid, pending int64
	err := r.Scan(&a.ID, &a.No, &a.CompoundID, &a.Compound, &a.Title, &a.Purpose, &a.Category, &amount, &a.Payee, &a.ApplicantBody, &a.ApplicantPerson,
		&a.CreatedBy, &a.Date, &a.State, &a.Level, &a.ComputedLevel, &a.LevelReason, &a.PolicyID, &a.ProcedureVersion, &a.Version,
		&a.SplitWarning, &a.SplitAckBy, &a.SplitAckAt, &a.SplitAckNote, &a.ReviewedBy, &a.RequestSHA256, &approved, &a.ApprovalNo, &a.Paper,
		&a.CreatedAt, &a.UpdatedAt, &paid, &pending)
	a.Amount, a.Approved, a.Paid, a.Pending = books.FromFen(amount), books.FromFen(approved), books.FromFen(paid), books.FromFen(pending)
	return a, err
}

// loadApplication reads application no. In a write transaction — where
// the work decides on it — it reads it only as the program sealed it, with
// its history, deliberations, decisions and payments and the rules it runs
// under (its procedure's steps, the level policies): an application set to
// 已批准 by hand is paid nothing.
func loadApplication(q books.Querier, no string) (Application, error) {
	a, err := scanApplication(q.QueryRow(`SELECT `+appColumns+` WHERE a.no = ?`, strings.TrimSpace(no)))
	if errors.Is(err, sql.ErrNoRows) {
		return a, books.Errorf(books.NotFound, "没有编号为“%s”的支出申请", no)
	}
	if err != nil {
		return a, err
	}
	if tx, ok := q.(*books.Tx); ok {
		for _, c := range []struct {
			table string
			scope any
		}{
			{"application", a.ID}, {"application_event", a.ID}, {"deliberation", a.ID}, {"decision", a.ID}, {"payment", a.ID},
			{"procedure_step", a.ProcedureVersion}, {"level_policy", nil},
		} {
			if err := tx.RequireSealed(c.table, c.scope); err != nil {
				return a, err
			}
		}
	}
	return a, nil
}

// Application returns an application with its history, deliberation records,
// step status, decisions, payments and attachment list.
func ApplicationByNo(b *books.Book, no string) (Application, error) {
	a, err := loadApplication(b.Reader(), no)
	if err != nil {
		return a, internal("read application", err)
	}
	if err := fillApplication(b, &a); err != nil {
		return a, internal("read application", err)
	}
	return a, nil
}

func fillApplication(b *books.Book, a *Application) error {
	rows, err := b.Reader().Query(`SELECT id, version, at, user_name, role, action, from_state, to_state, opinion FROM application_event WHERE application_id = ? ORDER BY id`, a.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e AppEvent
		if err := rows.Scan(&e.ID, &e.Version, &e.At, &e.User, &e.Role, &e.Action, &e.From, &e.To, &e.Opinion); err != nil {
			rows.Close()
			return err
		}
		a.Events = append(a.Events, e)
	}
	rows.Close()
	if a.Deliberations, err = loadDeliberations(b.Reader(), a.ID); err != nil {
		return err
	}
	if a.Steps, err = stepStatus(b.Reader(), *a); err != nil {
		return err
	}
	if a.Decisions, err = loadDecisions(b.Reader(), a.ID); err != nil {
		return err
	}
	if a.Payments, err = loadPayments(b.Reader(), a.ID); err != nil {
		return err
	}
	a.Attachments, err = loadAttachments(b.Reader(), `application_id = ?`, a.ID)
	return err
}

// AppFilter selects applications for a list.
type AppFilter struct {
	States     []string // codes; empty for any
	CompoundID int64
	// WaitingFor selects what waits on a role: 社区党组织 the reviews, 业委会
	// drafts and returns, 会计 paper approvals, payments and 结项, 出纳 payments.
	WaitingFor books.Role
	Text       string // in number, title, payee
	Offset     int
	Limit      int // 0 means 100
}

func (f AppFilter) where() (string, []any) {
	var conds []string
	var args []any
	states := f.States
	switch f.WaitingFor {
	case books.RoleParty:
		states = append(states, AppPartyReview)
	case books.RoleCommittee:
		states = append(states, AppDraft, AppReturned)
	case books.RoleAccountant:
		states = append(states, AppStreetReview, AppApproved, AppPartlyPaid, AppPaid)
	case books.RoleCashier:
		states = append(states, AppApproved, AppPartlyPaid)
	}
	if len(states) > 0 {
		conds = append(conds, "a.state IN ("+strings.TrimSuffix(strings.Repeat("?,", len(states)), ",")+")")
		for _, s := range states {
			args = append(args, s)
		}
	}
	if f.CompoundID != 0 {
		conds = append(conds, "a.compound_id = ?")
		args = append(args, f.CompoundID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		conds = append(conds, `(a.no LIKE ? ESCAPE '\' OR a.title LIKE ? ESCAPE '\' OR a.payee LIKE ? ESCAPE '\')`)
		p := "%" + likeEscape(t) + "%"
		args = append(args, p, p, p)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Applications lists applications, newest first, a page at a time (without
// their history; Application loads one in full).
func Applications(b *books.Book, f AppFilter) ([]Application, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	where, args := f.where()
	rows, err := b.Reader().Query(`SELECT `+appColumns+where+` ORDER BY a.year DESC, a.seq DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, internal("list applications", err)
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, internal("list applications", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountApplications counts the applications a filter selects.
func CountApplications(b *books.Book, f AppFilter) (int, error) {
	where, args := f.where()
	var n int
	if err := b.Reader().QueryRow(`SELECT count(*) FROM application a`+where, args...).Scan(&n); err != nil {
		return 0, internal("count applications", err)
	}
	return n, nil
}

// AppRef is what a printout needs to know about the application a voucher pays.
type AppRef struct {
	No      string
	Level   string // 重大|一般|小微
	Paper   bool   // approved on paper (纸质审批)
	Handler string // 经办人: the applying person
	// ApprovalNo is the street's approval number (审批编号).
	ApprovalNo string
}

// VoucherApplications returns, for each of the given vouchers that pays an
// application (or reverses such a payment), the application it pays.
func VoucherApplications(b *books.Book, voucherIDs []int64) (map[int64]AppRef, error) {
	out := map[int64]AppRef{}
	if len(voucherIDs) == 0 {
		return out, nil
	}
	ids := append([]int64(nil), voucherIDs...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		rows, err := b.Reader().Query(`SELECT v.id, a.no, a.level, a.paper, a.applicant_person, a.approval_no
			FROM voucher v JOIN payment p ON p.voucher_id = coalesce(
				CASE WHEN v.kind = 'reversal' THEN v.reverses_id END, v.id)
			JOIN application a ON a.id = p.application_id
			WHERE v.id IN (`+in+`)`, args...)
		if err != nil {
			return nil, internal("voucher applications", err)
		}
		for rows.Next() {
			var id int64
			var r AppRef
			var level string
			if err := rows.Scan(&id, &r.No, &level, &r.Paper, &r.Handler, &r.ApprovalNo); err != nil {
				rows.Close()
				return nil, internal("voucher applications", err)
			}
			r.Level = LevelName(level)
			out[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("voucher applications", err)
		}
	}
	return out, nil
}
