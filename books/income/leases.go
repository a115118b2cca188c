package income

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"sunbooks/books"
)

// Lease cycles of the base rent.
const (
	CycleMonthly   = "monthly"
	CycleQuarterly = "quarterly"
)

// CycleName returns 月 or 季.
func CycleName(c string) string {
	if c == CycleQuarterly {
		return "按季"
	}
	return "按月"
}

// ParseCycle reads 月/季/monthly/quarterly.
func ParseCycle(s string) (string, error) {
	switch strings.TrimSpace(s) {
	case "", "月", "按月", CycleMonthly:
		return CycleMonthly, nil
	case "季", "按季", CycleQuarterly:
		return CycleQuarterly, nil
	}
	return "", books.Errorf(books.Invalid, "交租周期“%s”不对，可选：月、季", s)
}

// RentStep is one step of the base rent schedule: from From on, each cycle's
// rent is Amount.
type RentStep struct {
	From   string
	Amount books.Money
}

// Lease is a "保底租金 + 收益分成" lease of a service room: a base rent per
// cycle plus, per lease year, ShareRate percent of the tenant's turnover
// above Threshold.
type Lease struct {
	ID           int64
	Number       int
	Tenant       string
	RoomID       int64
	RoomLocation string
	CompoundID   int64
	CompoundName string
	Start, End   string // inclusive dates
	Cycle        string // CycleMonthly or CycleQuarterly
	Rent         []RentStep
	ShareRate    decimal.Decimal // percent, e.g. 5 for 5%
	Threshold    books.Money
	IncomeCode   string // the rent income account
	// TerminatedOn is the last day of a lease ended early (inclusive), or
	// "" while it runs to End; Cycles and LeaseYear stop there.
	TerminatedOn      string
	TerminationReason string
	TerminatedBy      string
	TerminatedAt      string
}

// No writes the lease number, e.g. 租-0003.
func (l Lease) No() string { return fmt.Sprintf("租-%04d", l.Number) }

// ParseLeaseNo reads 租-0003 or 3.
func ParseLeaseNo(s string) (int, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "租-")
	var n int
	if _, err := fmt.Sscanf(t, "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != strings.TrimLeft(t, "0") {
		return 0, books.Errorf(books.Invalid, "租约编号“%s”不对，应写成 租-0001 或 1", s)
	}
	return n, nil
}

// ParseRate reads a share rate as an exact decimal percentage: "5", "2.5",
// "5%". It must lie between 0 and 100.
func ParseRate(s string) (decimal.Decimal, error) {
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	d, err := decimal.NewFromString(t)
	if err != nil || t == "" || strings.ContainsAny(t, "eE") {
		return decimal.Zero, books.Errorf(books.Invalid, "分成比例“%s”格式不对，应写成 5 或 2.5（百分数）", s)
	}
	if d.IsNegative() || d.Cmp(decimal.NewFromInt(100)) > 0 {
		return decimal.Zero, books.Errorf(books.Invalid, "分成比例 %s%% 应在 0 到 100 之间", d.String())
	}
	if d.Exponent() < -4 {
		return decimal.Zero, books.Errorf(books.Invalid, "分成比例“%s”最多四位小数", s)
	}
	return d, nil
}

// Share is the turnover share of a lease year: rate percent of the turnover
// above the threshold, rounded to the fen (四舍五入); nothing at or below it.
// 5% above 500,000: 620,000 → 6,000.00; 480,000 → 0.
func Share(rate decimal.Decimal, threshold, turnover books.Money) books.Money {
	above := turnover.Sub(threshold)
	if !above.IsPositive() {
		return decimal.Zero
	}
	return above.Mul(rate).Div(decimal.NewFromInt(100)).Round(2)
}

// addMonths moves a date by n months, keeping the day but never past the end
// of the target month (Jan 31 + 1 → Feb 28).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	d := t.Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

func mustDate(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// Cycle is one rent cycle of a lease.
type Cycle struct {
	Index  int    // 0 for the first
	Start  string // first day
	End    string // last day
	Amount books.Money
	// Full is the rent of the whole cycle; Amount is less when the lease
	// was terminated inside the cycle (see ProrateRent).
	Full books.Money
}

// Cycles lists the lease's rent cycles. A cycle starts every one or three
// months from the start date, so a lease never begins inside a cycle; a last
// partial cycle at the agreed end still owes its full rent (prorating is
// agreed case by case and entered by hand). A lease terminated early has no
// cycles after its termination date, and the cycle it ends in is prorated by
// days (ProrateRent).
func (l Lease) Cycles() []Cycle {
	out := l.agreedCycles()
	if l.TerminatedOn == "" {
		return out
	}
	var kept []Cycle
	for _, c := range out {
		if c.Start > l.TerminatedOn {
			break
		}
		if c.End > l.TerminatedOn {
			c.Amount = ProrateRent(c.Full, daysBetween(c.Start, l.TerminatedOn), daysBetween(c.Start, c.End))
			c.End = l.TerminatedOn
		}
		kept = append(kept, c)
	}
	return kept
}

// agreedCycles lists the cycles of the lease as signed, to its agreed end.
func (l Lease) agreedCycles() []Cycle {
	step := 1
	if l.Cycle == CycleQuarterly {
		step = 3
	}
	start, end := mustDate(l.Start), mustDate(l.End)
	var out []Cycle
	for i := 0; ; i++ {
		cs := addMonths(start, i*step)
		if cs.After(end) {
			break
		}
		ce := addMonths(start, (i+1)*step).AddDate(0, 0, -1)
		if ce.After(end) {
			ce = end
		}
		c := Cycle{Index: i, Start: cs.Format("2006-01-02"), End: ce.Format("2006-01-02"), Amount: decimal.Zero}
		for _, r := range l.Rent {
			if r.From <= c.Start {
				c.Amount = r.Amount
			}
		}
		c.Full = c.Amount
		out = append(out, c)
	}
	return out
}

// LastDay is the last day the lease runs: its termination date when it was
// terminated early, else its agreed end.
func (l Lease) LastDay() string {
	if l.TerminatedOn != "" {
		return l.TerminatedOn
	}
	return l.End
}

// LeaseYear returns the first and last day of lease year k (1-based), and
// false when the lease has no such year (none starts after a termination).
func (l Lease) LeaseYear(k int) (from, to string, ok bool) {
	if k < 1 {
		return "", "", false
	}
	start, end := mustDate(l.Start), mustDate(l.LastDay())
	f := addMonths(start, 12*(k-1))
	if f.After(end) {
		return "", "", false
	}
	t := addMonths(start, 12*k).AddDate(0, 0, -1)
	if t.After(end) {
		t = end
	}
	return f.Format("2006-01-02"), t.Format("2006-01-02"), true
}

func (l *Lease) validate() error {
	l.Tenant = strings.TrimSpace(l.Tenant)
	if l.Tenant == "" {
		return books.Errorf(books.Invalid, "请填写承租人")
	}
	s, err := books.ParseDate(l.Start)
	if err != nil {
		return err
	}
	e, err := books.ParseDate(l.End)
	if err != nil {
		return err
	}
	if !e.After(s) {
		return books.Errorf(books.Invalid, "租约的结束日期 %s 应晚于开始日期 %s", l.End, l.Start)
	}
	if l.Cycle, err = ParseCycle(l.Cycle); err != nil {
		return err
	}
	if len(l.Rent) == 0 {
		return books.Errorf(books.Invalid, "请填写保底租金")
	}
	for i, r := range l.Rent {
		if r.From == "" && i == 0 {
			l.Rent[0].From, r.From = l.Start, l.Start
		}
		if _, err := books.ParseDate(r.From); err != nil {
			return err
		}
		if r.Amount.IsNegative() {
			return books.Errorf(books.Invalid, "保底租金不能为负")
		}
		if _, err := books.ToFen(r.Amount); err != nil {
			return err
		}
		if i == 0 && r.From != l.Start {
			return books.Errorf(books.Invalid, "租金表的第一档应从租约开始日 %s 起算", l.Start)
		}
		if i > 0 && r.From <= l.Rent[i-1].From {
			return books.Errorf(books.Invalid, "租金表各档的起算日要按先后排列")
		}
		if r.From > l.End {
			return books.Errorf(books.Invalid, "租金表的起算日 %s 晚于租约结束日 %s", r.From, l.End)
		}
	}
	if l.ShareRate.IsNegative() || l.ShareRate.Cmp(decimal.NewFromInt(100)) > 0 {
		return books.Errorf(books.Invalid, "分成比例应在 0 到 100 之间")
	}
	if l.Threshold.IsNegative() {
		return books.Errorf(books.Invalid, "分成门槛不能为负")
	}
	if _, err := books.ToFen(l.Threshold); err != nil {
		return err
	}
	return nil
}

func leaseLog(l Lease) map[string]any {
	var rent []string
	for _, r := range l.Rent {
		rent = append(rent, r.From+":"+books.PlainYuan(r.Amount))
	}
	return map[string]any{"no": l.No(), "tenant": l.Tenant, "room": l.RoomLocation, "compound": l.CompoundName,
		"start": l.Start, "end": l.End, "cycle": l.Cycle, "rent": rent, "share_rate": l.ShareRate.String(),
		"threshold": books.PlainYuan(l.Threshold), "income": l.IncomeCode}
}

// AddLease signs a lease on a recovered room that has no other lease over the
// same dates. The room becomes 出租 to the tenant.
func AddLease(s *books.Session, l Lease) (Lease, error) {
	if err := s.Require("登记租约", books.RoleAccountant); err != nil {
		return l, err
	}
	if err := l.validate(); err != nil {
		return l, err
	}
	err := s.Write(func(tx *books.Tx) error {
		room, err := loadRoom(tx, l.RoomID)
		if err != nil {
			return err
		}
		if room.Recovery != RecoveryDone {
			return books.Errorf(books.Conflict, "用房“%s”还没有回收，不能出租", room.Location)
		}
		if room.Use == UseService {
			return books.Errorf(books.Conflict, "用房“%s”用于便民服务，请先在登记簿里改为空置再出租", room.Location)
		}
		var other int
		if err := tx.QueryRow(`SELECT coalesce(max(number), 0) FROM lease WHERE room_id = ? AND start_date <= ? AND coalesce(terminated_on, end_date) >= ?`, l.RoomID, l.End, l.Start).Scan(&other); err != nil {
			return err
		}
		if other != 0 {
			return books.Errorf(books.Conflict, "用房“%s”在这段时间已有租约 租-%04d", room.Location, other)
		}
		l.RoomLocation, l.CompoundID, l.CompoundName = room.Location, room.CompoundID, room.CompoundName
		if l.IncomeCode == "" {
			if l.IncomeCode, err = categoryAccountTx(s, tx, CategoryRent); err != nil {
				return err
			}
		}
		var class string
		var leaf bool
		err = tx.QueryRow(`SELECT class, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a WHERE code = ?`, l.IncomeCode).Scan(&class, &leaf)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (class != books.ClassIncome || !leaf)) {
			return books.Errorf(books.Invalid, "租金收入科目 %s 应是一个末级收入类科目", l.IncomeCode)
		} else if err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT coalesce(max(number), 0) + 1 FROM lease`).Scan(&l.Number); err != nil {
			return err
		}
		fen, _ := books.ToFen(l.Threshold)
		now := tx.Now()
		res, err := tx.Exec(`INSERT INTO lease (number, tenant, room_id, start_date, end_date, cycle, share_rate, threshold_fen, income_code, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.Number, l.Tenant, l.RoomID, l.Start, l.End, l.Cycle, l.ShareRate.String(), fen, l.IncomeCode, now)
		if err != nil {
			return err
		}
		l.ID, _ = res.LastInsertId()
		for _, r := range l.Rent {
			f, _ := books.ToFen(r.Amount)
			if _, err := tx.Exec(`INSERT INTO lease_rent (lease_id, from_date, amount_fen) VALUES (?, ?, ?)`, l.ID, r.From, f); err != nil {
				return err
			}
		}
		if err := tx.Log("lease.add", "lease", l.No(), nil, leaseLog(l)); err != nil {
			return err
		}
		if room.Use != UseRented || room.Tenant != l.Tenant {
			after := room
			after.Use, after.Tenant = UseRented, l.Tenant
			if _, err := tx.Exec(`UPDATE room SET room_use = ?, tenant = ? WHERE id = ?`, UseRented, l.Tenant, room.ID); err != nil {
				return err
			}
			return tx.Log("room.update", "room", fmt.Sprint(room.ID), roomLog(room), roomLog(after))
		}
		return nil
	})
	if err != nil {
		return l, fmt.Errorf("add lease: %w", err)
	}
	return l, nil
}

const leaseSelect = `SELECT l.id, l.number, l.tenant, l.room_id, r.location, r.compound_id, c.name, l.start_date, l.end_date, l.cycle,
	l.share_rate, l.threshold_fen, l.income_code, coalesce(l.terminated_on, ''), l.termination_reason, l.terminated_by, l.terminated_at
	FROM lease l JOIN room r ON r.id = l.room_id JOIN compound c ON c.id = r.compound_id`

func scanLease(sc interface{ Scan(...any) error }) (Lease, error) {
	var l Lease
	var rate string
	var th int64
	if err := sc.Scan(&l.ID, &l.Number, &l.Tenant, &l.RoomID, &l.RoomLocation, &l.CompoundID, &l.CompoundName, &l.Start, &l.End, &l.Cycle, &rate, &th, &l.IncomeCode,
		&l.TerminatedOn, &l.TerminationReason, &l.TerminatedBy, &l.TerminatedAt); err != nil {
		return l, err
	}
	l.ShareRate, _ = decimal.NewFromString(rate)
	l.Threshold = books.FromFen(th)
	return l, nil
}

func loadRent(q books.Querier, l *Lease) error {
	rows, err := q.Query(`SELECT from_date, amount_fen FROM lease_rent WHERE lease_id = ? ORDER BY from_date`, l.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	l.Rent = nil
	for rows.Next() {
		var r RentStep
		var f int64
		if err := rows.Scan(&r.From, &f); err != nil {
			return err
		}
		r.Amount = books.FromFen(f)
		l.Rent = append(l.Rent, r)
	}
	return rows.Err()
}

// loadLease reads lease number with its rent schedule. In a write
// transaction, where the work bills, receives or ends it, it reads it only
// as the program sealed it, with its rents, declared turnover, bills,
// receipts and credits and its room.
func loadLease(q books.Querier, number int) (Lease, error) {
	l, err := scanLease(q.QueryRow(leaseSelect+` WHERE l.number = ?`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return l, books.Errorf(books.NotFound, "租约 租-%04d 不存在", number)
	}
	if err != nil {
		return l, internal("read lease", err)
	}
	if tx, ok := q.(*books.Tx); ok {
		for _, table := range []string{"lease", "lease_rent", "lease_turnover", "lease_bill", "lease_receipt", "lease_credit"} {
			if err := tx.RequireSealed(table, l.ID); err != nil {
				return l, err
			}
		}
		if err := tx.RequireSealed("room", nil); err != nil {
			return l, err
		}
	}
	if err := loadRent(q, &l); err != nil {
		return l, internal("read lease", err)
	}
	return l, nil
}

// Lease loads a lease by its number.
func LeaseByNumber(b *books.Book, number int) (Lease, error) { return loadLease(b.Reader(), number) }

// Leases lists every lease by number.
func Leases(b *books.Book) ([]Lease, error) {
	rows, err := b.Reader().Query(leaseSelect + ` ORDER BY l.number`)
	if err != nil {
		return nil, internal("list leases", err)
	}
	var out []Lease
	for rows.Next() {
		l, err := scanLease(rows)
		if err != nil {
			rows.Close()
			return nil, internal("list leases", err)
		}
		out = append(out, l)
	}
	rows.Close()
	for i := range out {
		if err := loadRent(b.Reader(), &out[i]); err != nil {
			return nil, internal("list leases", err)
		}
	}
	return out, nil
}
