package spending

import (
	"database/sql"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Phases of a deliberation step: when it must be recorded.
const (
	// PhaseReview steps are recorded and passed, in order, before the
	// 社区党组织 review can pass.
	PhaseReview = "review"
	// PhaseFiling steps (报街道备案) follow street approval and precede payment.
	PhaseFiling = "filing"
	// PhasePayment steps (决议公开) precede payment.
	PhasePayment = "payment"
	// PhaseClose steps (实施结果公开) follow payment and precede 结项.
	PhaseClose = "close"
)

var phaseNames = map[string]string{PhaseReview: "党组织审核前", PhaseFiling: "街道审批后、付款前", PhasePayment: "付款前", PhaseClose: "结项前"}

// PhaseName says in Chinese when a step of the phase is due.
func PhaseName(p string) string { return phaseNames[p] }

// ProcedureStep is one step of a level's deliberation procedure.
type ProcedureStep struct {
	Seq   int
	Name  string
	Phase string
	// Vote steps are meetings that decide by vote: their record needs the
	// attendance and the votes, and passes only by the rule in VotePasses.
	Vote bool
}

// Procedure is a version of the deliberation procedures of every level.
type Procedure struct {
	Version   int
	Note      string
	Source    string
	CreatedAt string
	CreatedBy string
	Steps     map[string][]ProcedureStep // by level
}

// Step names of the default procedures (DOMAIN.md, issue 4).
const (
	StepPartyProposal    = "社区党组织提议"
	StepJointDiscussion  = "两委联席会议商议"
	StepJointDecision    = "两委联席会议决定"
	StepPartyMembers     = "党员大会审议"
	StepResidentsVote    = "居民代表会议决议"
	StepSupervisionBoard = "居务监督委员会评议"
	StepStreetFiling     = "报街道备案"
	StepDecisionPublic   = "决议公开"
	StepResultPublic     = "实施结果公开"
)

// DefaultProcedure is the procedure shipped: "五议一备两公开" for 重大, and
// the shorter ones for 一般 and 小微.
func DefaultProcedure() Procedure {
	return Procedure{Version: 1, Note: "默认程序", Source: "默认", Steps: map[string][]ProcedureStep{
		LevelMajor: {
			{1, StepPartyProposal, PhaseReview, false},
			{2, StepJointDiscussion, PhaseReview, true},
			{3, StepPartyMembers, PhaseReview, true},
			{4, StepResidentsVote, PhaseReview, true},
			{5, StepSupervisionBoard, PhaseReview, true},
			{6, StepStreetFiling, PhaseFiling, false},
			{7, StepDecisionPublic, PhasePayment, false},
			{8, StepResultPublic, PhaseClose, false},
		},
		LevelGeneral: {
			{1, StepPartyProposal, PhaseReview, false},
			{2, StepJointDecision, PhaseReview, true},
			{3, StepResultPublic, PhaseClose, false},
		},
		LevelMinor: {
			{1, StepJointDecision, PhaseReview, true},
			{2, StepResultPublic, PhaseClose, false},
		},
	}}
}

// VotePasses is our default voting rule, stated so it can be shown: a meeting
// is quorate when more than half of those expected are present, and a motion
// passes when more than half of those present vote for it.
func VotePasses(expected, present, votesFor int) bool {
	return expected > 0 && present*2 > expected && votesFor*2 > present
}

// VoteRule describes VotePasses in Chinese.
const VoteRule = "应到人数过半数出席，且赞成票超过出席人数的一半，方为通过"

func loadProcedure(q books.Querier, version int) (Procedure, error) {
	p := Procedure{Version: version, Steps: map[string][]ProcedureStep{}}
	err := q.QueryRow(`SELECT note, source, created_at, created_by FROM procedure_version WHERE version = ?`, version).
		Scan(&p.Note, &p.Source, &p.CreatedAt, &p.CreatedBy)
	if err == sql.ErrNoRows {
		return p, books.Errorf(books.NotFound, "议事程序第 %d 版不存在", version)
	}
	if err != nil {
		return p, err
	}
	rows, err := q.Query(`SELECT level, seq, name, phase, vote FROM procedure_step WHERE version = ? ORDER BY level, seq`, version)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var level string
		var st ProcedureStep
		if err := rows.Scan(&level, &st.Seq, &st.Name, &st.Phase, &st.Vote); err != nil {
			return p, err
		}
		p.Steps[level] = append(p.Steps[level], st)
	}
	return p, rows.Err()
}

// Procedure returns a version of the procedures; version 0 means the current
// one (the default when the book has none stored yet).
func ProcedureVersion(b *books.Book, version int) (Procedure, error) {
	if version == 0 {
		b.Reader().QueryRow(`SELECT coalesce(max(version), 0) FROM procedure_version`).Scan(&version)
		if version == 0 {
			return DefaultProcedure(), nil
		}
	}
	p, err := loadProcedure(b.Reader(), version)
	if err != nil {
		return p, internal("read procedure", err)
	}
	return p, nil
}

// ensureProcedure returns the current procedure version, storing the default
// the first time one is needed.
func ensureProcedure(tx *books.Tx, now, by string) (int, error) {
	var v int
	if err := tx.QueryRow(`SELECT coalesce(max(version), 0) FROM procedure_version`).Scan(&v); err != nil {
		return 0, err
	}
	if v > 0 {
		return v, nil
	}
	p := DefaultProcedure()
	return p.Version, insertProcedure(tx, &p, now, by)
}

func insertProcedure(tx *books.Tx, p *Procedure, now, by string) error {
	if _, err := tx.Exec(`INSERT INTO procedure_version (version, note, source, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
		p.Version, p.Note, p.Source, now, by); err != nil {
		return err
	}
	for _, level := range Levels {
		for i, st := range p.Steps[level] {
			if _, err := tx.Exec(`INSERT INTO procedure_step (version, level, seq, name, phase, vote) VALUES (?, ?, ?, ?, ?, ?)`,
				p.Version, level, i+1, st.Name, st.Phase, st.Vote); err != nil {
				return err
			}
		}
	}
	p.CreatedAt, p.CreatedBy = now, by
	return nil
}

func (p Procedure) validate() error {
	for _, level := range Levels {
		steps := p.Steps[level]
		if len(steps) == 0 {
			return books.Errorf(books.Invalid, "%s事项的议事程序至少要有一个步骤", LevelName(level))
		}
		seen := map[string]bool{}
		review := 0
		for i, st := range steps {
			name := strings.TrimSpace(st.Name)
			if name == "" {
				return books.Errorf(books.Invalid, "%s事项的第 %d 个步骤没有名称", LevelName(level), i+1)
			}
			if seen[name] {
				return books.Errorf(books.Invalid, "%s事项的步骤“%s”重复了", LevelName(level), name)
			}
			seen[name] = true
			if _, ok := phaseNames[st.Phase]; !ok {
				return books.Errorf(books.Invalid, "%s事项的步骤“%s”没有说明在哪个阶段进行", LevelName(level), name)
			}
			if st.Phase == PhaseReview {
				review++
			}
		}
		if review == 0 {
			return books.Errorf(books.Invalid, "%s事项至少要有一个在党组织审核前完成的议事步骤", LevelName(level))
		}
	}
	return nil
}

// SetProcedure stores a new version of the procedures; applications already
// started keep the version they started under. A street user edits them in
// the street book; a community 会计 may enter the street's procedures by hand.
func SetProcedure(s *books.Session, p Procedure) (Procedure, error) {
	if err := s.Require("修改议事程序", books.RoleAccountant, books.RoleStreet); err != nil {
		return p, err
	}
	for l, steps := range p.Steps {
		for i := range steps {
			steps[i].Name = strings.TrimSpace(steps[i].Name)
			steps[i].Seq = i + 1
		}
		p.Steps[l] = steps
	}
	if err := p.validate(); err != nil {
		return p, err
	}
	if p.Source == "" {
		p.Source = "手工录入"
	}
	err := s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		cur, err := ensureProcedure(tx, now, s.User().Name)
		if err != nil {
			return err
		}
		p.Version = cur + 1
		if err := insertProcedure(tx, &p, now, s.User().Name); err != nil {
			return err
		}
		after := map[string]any{"version": p.Version, "note": p.Note, "source": p.Source}
		for _, l := range Levels {
			after[LevelName(l)] = p.Describe(l)
		}
		return tx.Log("procedure.set", "procedure", fmt.Sprint(p.Version), nil, after)
	})
	return p, err
}

// Describe lists a level's steps, e.g. "社区党组织提议 → 两委联席会议决定（表决） → …".
func (p Procedure) Describe(level string) string {
	var parts []string
	for _, st := range p.Steps[level] {
		s := st.Name
		if st.Vote {
			s += "（表决）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " → ")
}

// step finds a step of a level by name.
func (p Procedure) step(level, name string) (ProcedureStep, bool) {
	for _, st := range p.Steps[level] {
		if st.Name == name {
			return st, true
		}
	}
	return ProcedureStep{}, false
}
