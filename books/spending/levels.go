package spending

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sunbooks/books"
)

// Matter levels (事项等级) of an expenditure application, stored as codes.
const (
	LevelMajor   = "major"   // 重大
	LevelGeneral = "general" // 一般
	LevelMinor   = "minor"   // 小微
)

var levelNames = map[string]string{LevelMajor: "重大", LevelGeneral: "一般", LevelMinor: "小微"}

// levelRank orders levels: a level may be raised, never lowered.
var levelRank = map[string]int{LevelMinor: 1, LevelGeneral: 2, LevelMajor: 3}

// Levels lists the levels from the lowest.
var Levels = []string{LevelMinor, LevelGeneral, LevelMajor}

// LevelName returns a level in Chinese (重大, 一般, 小微).
func LevelName(l string) string {
	if n, ok := levelNames[l]; ok {
		return n
	}
	return l
}

// ParseLevel accepts a level's Chinese name (with or without 事项) or code.
func ParseLevel(s string) (string, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "事项")
	for c, n := range levelNames {
		if s == n || s == c {
			return c, nil
		}
	}
	return "", books.Errorf(books.Invalid, "没有“%s”这个事项等级（可选：重大、一般、小微）", s)
}

// DefaultMajorCategories are the categories that are 重大 by nature whatever
// the amount (construction, asset disposal, contracts over a year).
var DefaultMajorCategories = []string{"工程建设", "资产处置", "一年以上合同"}

// Categories offered for applications; any other text is accepted too.
var Categories = []string{"公共服务", "基础设施", "困难帮扶", "环境整治", "文体活动", "物业维修", "工程建设", "资产处置", "一年以上合同", "其他"}

// LevelPolicy is a street's thresholds for matter levels from a date on.
type LevelPolicy struct {
	ID            int64
	EffectiveFrom string      // YYYY-MM-DD
	MinorMax      books.Money // 小微 below this (or up to it, when MinorMaxIncl)
	MinorMaxIncl  bool
	MajorMin      books.Money // 重大 from this (inclusive when MajorMinIncl) or above
	MajorMinIncl  bool
	// MajorCategories are always 重大.
	MajorCategories []string
	Source          string
	CreatedAt       string
	CreatedBy       string
}

// DefaultPolicy is the policy shipped: 小微 < 5,000; 一般 5,000 ≤ x < 50,000;
// 重大 ≥ 50,000 or by nature.
func DefaultPolicy() LevelPolicy {
	return LevelPolicy{EffectiveFrom: "2000-01-01", MinorMax: books.FromFen(500000), MinorMaxIncl: false,
		MajorMin: books.FromFen(5000000), MajorMinIncl: true, MajorCategories: append([]string(nil), DefaultMajorCategories...), Source: "默认"}
}

// Describe writes the policy's bands in words, e.g. "小微 < 5,000.00；一般
// 5,000.00 ≤ 金额 < 50,000.00；重大 ≥ 50,000.00 或 工程建设、资产处置".
func (p LevelPolicy) Describe() string {
	lt, ge := "<", "≥"
	if p.MinorMaxIncl {
		lt, ge = "≤", ">"
	}
	mlt, mge := "<", "≥"
	if !p.MajorMinIncl {
		mlt, mge = "≤", ">"
	}
	return fmt.Sprintf("小微 %s %s；一般 %s %s 且 %s %s；重大 %s %s，或类别为%s（自 %s 起）",
		lt, books.FormatYuan(p.MinorMax), ge, books.FormatYuan(p.MinorMax), mlt, books.FormatYuan(p.MajorMin), mge, books.FormatYuan(p.MajorMin),
		strings.Join(p.MajorCategories, "、"), p.EffectiveFrom)
}

// LevelOf returns the level the policy gives an amount and category.
func (p LevelPolicy) LevelOf(amount books.Money, category string) string {
	category = strings.TrimSpace(category)
	for _, c := range p.MajorCategories {
		if c == category {
			return LevelMajor
		}
	}
	return p.levelOfAmount(amount)
}

func (p LevelPolicy) levelOfAmount(amount books.Money) string {
	if c := amount.Cmp(p.MajorMin); c > 0 || (c == 0 && p.MajorMinIncl) {
		return LevelMajor
	}
	if c := amount.Cmp(p.MinorMax); c < 0 || (c == 0 && p.MinorMaxIncl) {
		return LevelMinor
	}
	return LevelGeneral
}

func (p LevelPolicy) validate() error {
	if _, err := books.ParseDate(p.EffectiveFrom); err != nil {
		return err
	}
	if !p.MinorMax.IsPositive() || !p.MajorMin.IsPositive() {
		return books.Errorf(books.Invalid, "事项等级的金额界限必须大于零")
	}
	if p.MajorMin.Cmp(p.MinorMax) < 0 {
		return books.Errorf(books.Invalid, "重大事项的起点 %s 不能低于小微事项的上限 %s", books.FormatYuan(p.MajorMin), books.FormatYuan(p.MinorMax))
	}
	for _, m := range []books.Money{p.MinorMax, p.MajorMin} {
		if _, err := books.ToFen(m); err != nil {
			return err
		}
	}
	return nil
}

// policyAt returns the policy in force on date: the one with the latest
// effective date not after it (the latest entered wins a tie); the default
// when the book has none yet.
func policyAt(q books.Querier, date string) (LevelPolicy, error) {
	var p LevelPolicy
	var minor, major int64
	var cats string
	err := q.QueryRow(`SELECT id, effective_from, minor_max_fen, minor_max_incl, major_min_fen, major_min_incl, major_categories, source, created_at, created_by
		FROM level_policy WHERE effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1`, date).
		Scan(&p.ID, &p.EffectiveFrom, &minor, &p.MinorMaxIncl, &major, &p.MajorMinIncl, &cats, &p.Source, &p.CreatedAt, &p.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultPolicy(), nil
	}
	if err != nil {
		return p, err
	}
	p.MinorMax, p.MajorMin = books.FromFen(minor), books.FromFen(major)
	if err := json.Unmarshal([]byte(cats), &p.MajorCategories); err != nil {
		return p, err
	}
	return p, nil
}

// PolicyAt returns the level policy in force on date.
func PolicyAt(b *books.Book, date string) (LevelPolicy, error) {
	p, err := policyAt(b.Reader(), date)
	if err != nil {
		return p, internal("read level policy", err)
	}
	return p, nil
}

// Policies lists every level policy, newest effective date first.
func Policies(b *books.Book) ([]LevelPolicy, error) {
	rows, err := b.Reader().Query(`SELECT id, effective_from, minor_max_fen, minor_max_incl, major_min_fen, major_min_incl, major_categories, source, created_at, created_by
		FROM level_policy ORDER BY effective_from DESC, id DESC`)
	if err != nil {
		return nil, internal("list policies", err)
	}
	defer rows.Close()
	var out []LevelPolicy
	for rows.Next() {
		var p LevelPolicy
		var minor, major int64
		var cats string
		if err := rows.Scan(&p.ID, &p.EffectiveFrom, &minor, &p.MinorMaxIncl, &major, &p.MajorMinIncl, &cats, &p.Source, &p.CreatedAt, &p.CreatedBy); err != nil {
			return nil, internal("list policies", err)
		}
		p.MinorMax, p.MajorMin = books.FromFen(minor), books.FromFen(major)
		json.Unmarshal([]byte(cats), &p.MajorCategories)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ensurePolicy stores the default policy the first time an application needs
// one, so every application points at a stored policy row.
func ensurePolicy(tx *books.Tx, date, now, by string) (LevelPolicy, error) {
	p, err := policyAt(tx, date)
	if err != nil || p.ID != 0 {
		return p, err
	}
	p.EffectiveFrom = "2000-01-01"
	return p, insertPolicy(tx, &p, now, by)
}

func insertPolicy(tx *books.Tx, p *LevelPolicy, now, by string) error {
	minor, _ := books.ToFen(p.MinorMax)
	major, _ := books.ToFen(p.MajorMin)
	cats, _ := json.Marshal(p.MajorCategories)
	if p.MajorCategories == nil {
		cats = []byte("[]")
	}
	res, err := tx.Exec(`INSERT INTO level_policy (effective_from, minor_max_fen, minor_max_incl, major_min_fen, major_min_incl, major_categories, source, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.EffectiveFrom, minor, p.MinorMaxIncl, major, p.MajorMinIncl, string(cats), p.Source, now, by)
	if err != nil {
		return err
	}
	p.ID, _ = res.LastInsertId()
	p.CreatedAt, p.CreatedBy = now, by
	return nil
}

// SetPolicy adds a level policy from its effective date on. Applications
// already made keep the level they were given. A street user sets it in the
// street book (and sends it to communities as a signed policy file); in a
// community book the 会计 may enter the street's policy by hand, logged.
func SetPolicy(s *books.Session, p LevelPolicy) (LevelPolicy, error) {
	if err := s.Require("设置事项等级标准", books.RoleAccountant, books.RoleStreet); err != nil {
		return p, err
	}
	if err := p.validate(); err != nil {
		return p, err
	}
	if p.Source == "" {
		p.Source = "手工录入"
	}
	err := s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		if err := insertPolicy(tx, &p, now, s.User().Name); err != nil {
			return err
		}
		return tx.Log("policy.set", "level_policy", fmt.Sprint(p.ID), nil, map[string]any{
			"effective_from": p.EffectiveFrom, "policy": p.Describe(), "source": p.Source})
	})
	return p, err
}

// policyFile is the payload of a street policy file: the street's level
// thresholds (every effective date) and its current procedures.
type policyFile struct {
	Street    string          `json:"street"`
	Policies  []policyJSON    `json:"policies"`
	Procedure []procedureJSON `json:"procedure"`
	Note      string          `json:"note"`
}

type policyJSON struct {
	EffectiveFrom   string   `json:"effective_from"`
	MinorMax        string   `json:"minor_max"`
	MinorMaxIncl    bool     `json:"minor_max_inclusive"`
	MajorMin        string   `json:"major_min"`
	MajorMinIncl    bool     `json:"major_min_inclusive"`
	MajorCategories []string `json:"major_categories"`
}

type procedureJSON struct {
	Level string `json:"level"`
	Name  string `json:"name"`
	Phase string `json:"phase"`
	Vote  bool   `json:"vote"`
}

// ExportPolicy writes the street's level policies and current procedures as
// a signed policy file for its communities (by a 街道 user in a street book).
func ExportPolicy(s *books.Session) ([]byte, error) {
	if err := s.Require("导出街道政策", books.RoleStreet); err != nil {
		return nil, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return nil, err
	}
	if info.Kind != books.KindStreet {
		return nil, books.Errorf(books.Invalid, "只有街道账簿导出街道政策文件")
	}
	pols, err := Policies(s.Book())
	if err != nil {
		return nil, err
	}
	if len(pols) == 0 {
		pols = []LevelPolicy{DefaultPolicy()}
	}
	proc, err := ProcedureVersion(s.Book(), 0)
	if err != nil {
		return nil, err
	}
	pf := policyFile{Street: info.Street, Note: fmt.Sprintf("议事程序第 %d 版", proc.Version)}
	for _, p := range pols {
		pf.Policies = append(pf.Policies, policyJSON{p.EffectiveFrom, books.PlainYuan(p.MinorMax), p.MinorMaxIncl, books.PlainYuan(p.MajorMin), p.MajorMinIncl, p.MajorCategories})
	}
	for _, l := range Levels {
		for _, st := range proc.Steps[l] {
			pf.Procedure = append(pf.Procedure, procedureJSON{l, st.Name, st.Phase, st.Vote})
		}
	}
	payload, err := json.Marshal(pf)
	if err != nil {
		return nil, internal("export policy", err)
	}
	data, err := s.Book().SignFile(books.FileKindPolicy, payload)
	if err != nil {
		return nil, err
	}
	return data, s.Write(func(tx *books.Tx) error {
		return tx.Log("policy.export", "level_policy", info.Street, nil, map[string]any{"policies": len(pf.Policies), "procedure": pf.Note})
	})
}

// ImportPolicy takes a street's signed policy file into a community book (by
// the 会计): thresholds not yet present are added with their effective
// dates, and the procedures become a new version when they differ from the
// current one. Applications already made keep their level and version.
func ImportPolicy(s *books.Session, data []byte) (added int, procVersion int, err error) {
	if err := s.Require("导入街道政策", books.RoleAccountant); err != nil {
		return 0, 0, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return 0, 0, err
	}
	if info.Kind != books.KindCommunity {
		return 0, 0, books.Errorf(books.Invalid, "街道政策文件要导入社区账簿")
	}
	f, tk, err := s.Book().OpenTrusted(data, books.FileKindPolicy)
	if err != nil {
		return 0, 0, err
	}
	if tk.Kind != books.KindStreet {
		return 0, 0, books.Errorf(books.Forbidden, "街道政策文件须由街道签名")
	}
	var pf policyFile
	if err := json.Unmarshal(f.Payload, &pf); err != nil {
		return 0, 0, books.Errorf(books.Invalid, "街道政策文件的内容无法读取")
	}
	var pols []LevelPolicy
	for _, pj := range pf.Policies {
		mi, err1 := books.ParseMoney(pj.MinorMax)
		ma, err2 := books.ParseMoney(pj.MajorMin)
		if err1 != nil || err2 != nil {
			return 0, 0, books.Errorf(books.Invalid, "街道政策文件中的金额无法读取")
		}
		p := LevelPolicy{EffectiveFrom: pj.EffectiveFrom, MinorMax: mi, MinorMaxIncl: pj.MinorMaxIncl, MajorMin: ma, MajorMinIncl: pj.MajorMinIncl,
			MajorCategories: pj.MajorCategories, Source: "街道政策文件 " + f.Signer}
		if err := p.validate(); err != nil {
			return 0, 0, err
		}
		pols = append(pols, p)
	}
	proc := Procedure{Note: pf.Note, Source: "街道政策文件 " + f.Signer, Steps: map[string][]ProcedureStep{}}
	for _, pj := range pf.Procedure {
		if levelNames[pj.Level] == "" {
			return 0, 0, books.Errorf(books.Invalid, "街道政策文件中有未知的事项等级")
		}
		proc.Steps[pj.Level] = append(proc.Steps[pj.Level], ProcedureStep{Seq: len(proc.Steps[pj.Level]) + 1, Name: pj.Name, Phase: pj.Phase, Vote: pj.Vote})
	}
	if err := proc.validate(); err != nil {
		return 0, 0, err
	}
	err = s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		for _, p := range pols {
			minor, _ := books.ToFen(p.MinorMax)
			major, _ := books.ToFen(p.MajorMin)
			cats, _ := json.Marshal(p.MajorCategories)
			var n int
			tx.QueryRow(`SELECT count(*) FROM level_policy WHERE effective_from = ? AND minor_max_fen = ? AND minor_max_incl = ? AND major_min_fen = ? AND major_min_incl = ? AND major_categories = ?`,
				p.EffectiveFrom, minor, p.MinorMaxIncl, major, p.MajorMinIncl, string(cats)).Scan(&n)
			if n > 0 {
				continue
			}
			if err := insertPolicy(tx, &p, now, s.User().Name); err != nil {
				return err
			}
			added++
		}
		cur, err := ensureProcedure(tx, now, s.User().Name)
		if err != nil {
			return err
		}
		have, err := loadProcedure(tx, cur)
		if err != nil {
			return err
		}
		procVersion = cur
		if !sameSteps(have, proc) {
			proc.Version = cur + 1
			if err := insertProcedure(tx, &proc, now, s.User().Name); err != nil {
				return err
			}
			procVersion = proc.Version
		}
		if added == 0 && procVersion == cur {
			return books.Errorf(books.Conflict, "街道政策文件中的标准和议事程序与本账簿现有的相同，无需导入")
		}
		return tx.Log("policy.import", "level_policy", pf.Street, nil, map[string]any{
			"signer": f.Signer, "sha256": f.SHA256, "policies_added": added, "procedure_version": procVersion})
	})
	return added, procVersion, err
}

func sameSteps(a, b Procedure) bool {
	for _, l := range Levels {
		if len(a.Steps[l]) != len(b.Steps[l]) {
			return false
		}
		for i := range a.Steps[l] {
			x, y := a.Steps[l][i], b.Steps[l][i]
			if x.Name != y.Name || x.Phase != y.Phase || x.Vote != y.Vote {
				return false
			}
		}
	}
	return true
}
