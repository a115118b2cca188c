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

func loadLease(q books.Querier, number int) (Lease, error) {
	l, err := scanLease(q.QueryRow(leaseSelect+` WHERE l.number = ?`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return l, books.Errorf(books.NotFound, "租约 租-%04d 不存在", number)
	}
	if err != nil {
		return l, internal("read lease", err)
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

// Turnover is a tenant's declared turnover for one lease year.
type Turnover struct {
	LeaseNumber int
	Year        int
	From, To    string
	Amount      books.Money
	Share       books.Money
	DeclaredAt  string
	DeclaredBy  string
	Billed      bool
}

// DeclareTurnover records (or corrects, until its share is billed) the
// tenant's turnover for lease year k, and returns the share it gives.
func DeclareTurnover(s *books.Session, number, year int, amount books.Money) (Turnover, error) {
	if err := s.Require("登记营业额", books.RoleAccountant); err != nil {
		return Turnover{}, err
	}
	if amount.IsNegative() {
		return Turnover{}, books.Errorf(books.Invalid, "营业额不能为负")
	}
	fen, err := books.ToFen(amount)
	if err != nil {
		return Turnover{}, err
	}
	var t Turnover
	err = s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		from, to, ok := l.LeaseYear(year)
		if !ok {
			if err := refuseYearAfterTermination(l, year); err != nil {
				return err
			}
			return books.Errorf(books.Invalid, "租约 %s 没有第 %d 个租赁年度（%s 至 %s）", l.No(), year, l.Start, l.End)
		}
		var billed int
		tx.QueryRow(`SELECT count(*) FROM lease_bill WHERE lease_id = ? AND kind = 'share' AND bill_key = ? AND reversed_by IS NULL`, l.ID, shareKey(year)).Scan(&billed)
		if billed > 0 {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年的分成已经开票，营业额不能再改；如需更正，请先冲销那张凭证", l.No(), year)
		}
		var before any
		var old int64
		if err := tx.QueryRow(`SELECT turnover_fen FROM lease_turnover WHERE lease_id = ? AND lease_year = ?`, l.ID, year).Scan(&old); err == nil {
			before = map[string]string{"turnover": books.PlainYuan(books.FromFen(old))}
		}
		now := tx.Now()
		if _, err := tx.Exec(`INSERT INTO lease_turnover (lease_id, lease_year, turnover_fen, declared_at, declared_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (lease_id, lease_year) DO UPDATE SET turnover_fen = excluded.turnover_fen, declared_at = excluded.declared_at, declared_by = excluded.declared_by`,
			l.ID, year, fen, now, s.User().Name); err != nil {
			return err
		}
		t = Turnover{LeaseNumber: number, Year: year, From: from, To: to, Amount: amount, Share: Share(l.ShareRate, l.Threshold, amount), DeclaredAt: now, DeclaredBy: s.User().Name}
		return tx.Log("lease.turnover", "lease", fmt.Sprintf("%s Y%d", l.No(), year), before,
			map[string]string{"turnover": books.PlainYuan(amount), "share": books.PlainYuan(t.Share)})
	})
	if err != nil {
		return t, fmt.Errorf("declare turnover: %w", err)
	}
	return t, nil
}

// Turnovers lists a lease's declared turnovers with their shares.
func Turnovers(b *books.Book, number int) ([]Turnover, error) {
	l, err := LeaseByNumber(b, number)
	if err != nil {
		return nil, err
	}
	rows, err := b.Reader().Query(`SELECT t.lease_year, t.turnover_fen, t.declared_at, t.declared_by,
		EXISTS (SELECT 1 FROM lease_bill b WHERE b.lease_id = t.lease_id AND b.kind = 'share' AND b.bill_key = 'Y' || t.lease_year AND b.reversed_by IS NULL)
		FROM lease_turnover t WHERE t.lease_id = ? ORDER BY t.lease_year`, l.ID)
	if err != nil {
		return nil, internal("list turnovers", err)
	}
	defer rows.Close()
	var out []Turnover
	for rows.Next() {
		t := Turnover{LeaseNumber: number}
		var fen int64
		if err := rows.Scan(&t.Year, &fen, &t.DeclaredAt, &t.DeclaredBy, &t.Billed); err != nil {
			return nil, internal("list turnovers", err)
		}
		t.Amount = books.FromFen(fen)
		t.Share = Share(l.ShareRate, l.Threshold, t.Amount)
		t.From, t.To, _ = l.LeaseYear(t.Year)
		out = append(out, t)
	}
	return out, rows.Err()
}

func shareKey(year int) string { return fmt.Sprintf("Y%d", year) }

// Bill is a receivable of a lease: one rent cycle or one year's share.
type Bill struct {
	ID          int64
	LeaseNumber int
	Tenant      string
	Kind        string // "rent" or "share"
	Key         string // the cycle's first month "2026-03", or "Y1"
	DueDate     string
	Amount      books.Money
	VoucherID   int64
	VoucherNo   string
	Posted      bool
}

// BillRent bills the rent cycle of a lease that starts in month p: a draft
// income voucher debit receivable, credit the rent income account. date is
// the voucher date ("" for the cycle's first day). A cycle is billed once.
func BillRent(s *books.Session, number int, p books.Period, date string) (Bill, error) {
	if err := s.Require("开具租金应收", books.RoleAccountant); err != nil {
		return Bill{}, err
	}
	var b Bill
	err := s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		for _, c := range l.Cycles() {
			if cp, _ := books.PeriodOf(c.Start); cp == p {
				b, err = billTx(s, tx, l, "rent", p.String(), c.Start, date, c.Amount, rentMemo(l, c))
				return err
			}
		}
		if err := refuseAfterTermination(l, p); err != nil {
			return err
		}
		return books.Errorf(books.Invalid, "租约 %s（%s %s 至 %s）在 %s 没有开始的租期", l.No(), CycleName(l.Cycle), l.Start, l.End, p.Chinese())
	})
	if err != nil {
		return b, fmt.Errorf("bill rent: %w", err)
	}
	return b, nil
}

// BillMonth bills every lease's rent cycle that starts in month p and is not
// billed yet. date is the voucher date ("" for each cycle's first day).
func BillMonth(s *books.Session, p books.Period, date string) ([]Bill, error) {
	if err := s.Require("开具租金应收", books.RoleAccountant); err != nil {
		return nil, err
	}
	var out []Bill
	err := s.Write(func(tx *books.Tx) error {
		rows, err := tx.Query(`SELECT number FROM lease ORDER BY number`)
		if err != nil {
			return err
		}
		var nums []int
		for rows.Next() {
			var n int
			rows.Scan(&n)
			nums = append(nums, n)
		}
		rows.Close()
		for _, n := range nums {
			l, err := loadLease(tx, n)
			if err != nil {
				return err
			}
			for _, c := range l.Cycles() {
				if cp, _ := books.PeriodOf(c.Start); cp != p || !c.Amount.IsPositive() {
					continue
				}
				var done int
				tx.QueryRow(`SELECT count(*) FROM lease_bill WHERE lease_id = ? AND kind = 'rent' AND bill_key = ? AND reversed_by IS NULL`, l.ID, p.String()).Scan(&done)
				if done > 0 {
					continue
				}
				b, err := billTx(s, tx, l, "rent", p.String(), c.Start, date, c.Amount, rentMemo(l, c))
				if err != nil {
					return err
				}
				out = append(out, b)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bill month: %w", err)
	}
	return out, nil
}

// BillShare bills the turnover share of lease year k, from its declared
// turnover. A share of zero (turnover at or below the threshold) makes no
// bill.
func BillShare(s *books.Session, number, year int, date string) (Bill, error) {
	if err := s.Require("开具分成应收", books.RoleAccountant); err != nil {
		return Bill{}, err
	}
	var b Bill
	err := s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		from, to, ok := l.LeaseYear(year)
		if !ok {
			if err := refuseYearAfterTermination(l, year); err != nil {
				return err
			}
			return books.Errorf(books.Invalid, "租约 %s 没有第 %d 个租赁年度", l.No(), year)
		}
		var fen int64
		err = tx.QueryRow(`SELECT turnover_fen FROM lease_turnover WHERE lease_id = ? AND lease_year = ?`, l.ID, year).Scan(&fen)
		if errors.Is(err, sql.ErrNoRows) {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年（%s 至 %s）的营业额还没有申报", l.No(), year, from, to)
		} else if err != nil {
			return err
		}
		share := Share(l.ShareRate, l.Threshold, books.FromFen(fen))
		if !share.IsPositive() {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 年营业额 %s 未超过门槛 %s，分成为 0，不需要开票", l.No(), year, books.FormatYuan(books.FromFen(fen)), books.FormatYuan(l.Threshold))
		}
		due := to
		if date == "" {
			date = s.Book().Now().Format("2006-01-02")
			if date < to {
				date = to
			}
		}
		b, err = billTx(s, tx, l, "share", shareKey(year), due, date, share,
			fmt.Sprintf("应收%s第%d年收益分成（营业额%s，超过%s部分的%s%%）", l.Tenant, year, books.FormatYuan(books.FromFen(fen)), books.FormatYuan(l.Threshold), l.ShareRate.String()))
		return err
	})
	if err != nil {
		return b, fmt.Errorf("bill share: %w", err)
	}
	return b, nil
}

// billTx makes one bill and its voucher, refusing a period billed before.
func billTx(s *books.Session, tx *books.Tx, l Lease, kind, key, due, date string, amount books.Money, memo string) (Bill, error) {
	var no string
	err := tx.QueryRow(`SELECT v.word || '-' || printf('%04d', v.number) || '（' || v.period || '）' FROM lease_bill b JOIN voucher v ON v.id = b.voucher_id
		WHERE b.lease_id = ? AND b.kind = ? AND b.bill_key = ? AND b.reversed_by IS NULL`, l.ID, kind, key).Scan(&no)
	if err == nil {
		what := key + " 的租金"
		if kind == "share" {
			what = strings.TrimPrefix(key, "Y") + " 年的分成"
		}
		return Bill{}, books.Errorf(books.Conflict, "租约 %s %s已经开过票（凭证 %s），不能重复开票", l.No(), what, no)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Bill{}, err
	}
	if !amount.IsPositive() {
		return Bill{}, books.Errorf(books.Invalid, "租约 %s %s 的应收金额为 0，不需要开票", l.No(), key)
	}
	if date == "" {
		date = due
	}
	p, err := books.PeriodOf(date)
	if err != nil {
		return Bill{}, err
	}
	if err := tx.RefuseClosed(p); err != nil {
		return Bill{}, err
	}
	recv, err := receivableLeaf(s, tx)
	if err != nil {
		return Bill{}, err
	}
	v := books.Voucher{Date: date, Kind: books.VoucherIncome, SourceRef: l.No() + " " + key, Lines: []books.Line{
		{Memo: memo, AccountCode: recv, CompoundID: l.CompoundID, Debit: amount, Credit: zeroYuan},
		{Memo: memo, AccountCode: l.IncomeCode, CompoundID: l.CompoundID, Debit: zeroYuan, Credit: amount},
	}}
	if err := tx.ResolveLines(v.Lines); err != nil {
		return Bill{}, err
	}
	now := tx.Now()
	if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
		return Bill{}, err
	}
	fen, _ := books.ToFen(amount)
	res, err := tx.Exec(`INSERT INTO lease_bill (lease_id, kind, bill_key, due_date, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.ID, kind, key, due, fen, v.ID, now)
	if err != nil {
		return Bill{}, err
	}
	id, _ := res.LastInsertId()
	b := Bill{ID: id, LeaseNumber: l.Number, Tenant: l.Tenant, Kind: kind, Key: key, DueDate: due, Amount: amount, VoucherID: v.ID, VoucherNo: v.No()}
	return b, tx.Log("lease.bill", "lease", l.No()+" "+key, nil, map[string]string{
		"kind": kind, "key": key, "due": due, "amount": books.PlainYuan(amount), "voucher": v.No() + " " + v.Period.String()})
}

// receivableLeaf is the account rent receivables are debited to: the
// setting income.receivable_account when set; the chart's 其他应收款 (1122,
// rural 112) while it has no children; else its child 应收租金, created at the
// next free code on first use, so rent never lands on another child such as
// 备用金.
func receivableLeaf(s *books.Session, tx *books.Tx) (string, error) {
	var code string
	tx.QueryRow(`SELECT value FROM setting WHERE key = 'income.receivable_account'`).Scan(&code)
	if code != "" {
		return code, nil
	}
	_, ic, err := bookChart(tx)
	if err != nil {
		return "", err
	}
	if _, leaf, _, err := accountState(tx, ic.receivable); err != nil || leaf {
		return ic.receivable, err
	}
	return defaultCategoryAccount(s, tx, categoryAccount{parent: ic.receivable, code: ic.receivable + "01", name: "应收租金", class: books.ClassAsset})
}

// Bills lists a lease's bills that count (not reversed); number 0 lists all.
func Bills(b *books.Book, number int) ([]Bill, error) {
	rows, err := b.Reader().Query(`SELECT b.id, l.number, l.tenant, b.kind, b.bill_key, b.due_date, b.amount_fen, b.voucher_id, v.word, v.number, v.status = 'posted'
		FROM lease_bill b JOIN lease l ON l.id = b.lease_id JOIN voucher v ON v.id = b.voucher_id
		WHERE b.reversed_by IS NULL AND (? = 0 OR l.number = ?) ORDER BY l.number, b.due_date, b.id`, number, number)
	if err != nil {
		return nil, internal("list bills", err)
	}
	defer rows.Close()
	var out []Bill
	for rows.Next() {
		var x Bill
		var fen int64
		var word string
		var num int
		if err := rows.Scan(&x.ID, &x.LeaseNumber, &x.Tenant, &x.Kind, &x.Key, &x.DueDate, &fen, &x.VoucherID, &word, &num, &x.Posted); err != nil {
			return nil, internal("list bills", err)
		}
		x.Amount, x.VoucherNo = books.FromFen(fen), books.VoucherNo(word, num)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Receipt is money received from a tenant against its bills.
type Receipt struct {
	ID          int64
	LeaseNumber int
	Date        string
	Amount      books.Money
	VoucherID   int64
	VoucherNo   string
}

// ReceiveRent records money received from a lease's tenant: a draft income
// voucher debit the bank (bankCode, or the book's bank account when empty),
// credit the receivable. It may not exceed what the tenant owes.
func ReceiveRent(s *books.Session, number int, date string, amount books.Money, bankCode string) (Receipt, error) {
	if err := s.Require("登记租金收款", books.RoleAccountant, books.RoleCashier); err != nil {
		return Receipt{}, err
	}
	p, err := books.PeriodOf(date)
	if err != nil {
		return Receipt{}, err
	}
	if !amount.IsPositive() {
		return Receipt{}, books.Errorf(books.Invalid, "收款金额必须大于 0")
	}
	fen, err := books.ToFen(amount)
	if err != nil {
		return Receipt{}, err
	}
	var r Receipt
	err = s.Write(func(tx *books.Tx) error {
		if err := tx.RefuseClosed(p); err != nil {
			return err
		}
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		a, err := leaseArrears(tx, l)
		if err != nil {
			return err
		}
		// Receipts still waiting for posting count, or the same money could
		// be received twice.
		if open := a.Owed.Sub(a.Pending); amount.Cmp(open) > 0 {
			pending := ""
			if a.Pending.IsPositive() {
				pending = fmt.Sprintf("（另有待记账收款 %s）", books.FormatYuan(a.Pending))
			}
			return books.Errorf(books.Conflict, "收款 %s 超过租约 %s（%s）的欠款 %s%s；请先开具应收再收款", books.FormatYuan(amount), l.No(), l.Tenant, books.FormatYuan(open), pending)
		}
		if bankCode == "" {
			if bankCode, err = bankLeaf(tx); err != nil {
				return err
			}
		}
		if err := checkMoneyAccount(tx, bankCode); err != nil {
			return err
		}
		// Credit the account the lease's bills were debited to.
		var recv string
		err = tx.QueryRow(`SELECT a.code FROM lease_bill b JOIN voucher_line l ON l.voucher_id = b.voucher_id AND l.seq = 1
			JOIN account a ON a.id = l.account_id WHERE b.lease_id = ? ORDER BY b.id DESC LIMIT 1`, l.ID).Scan(&recv)
		if err != nil {
			return err
		}
		memo := fmt.Sprintf("收%s%s租金及分成", l.Tenant, l.RoomLocation)
		v := books.Voucher{Date: date, Kind: books.VoucherIncome, SourceRef: l.No() + " 收款", Lines: []books.Line{
			{Memo: memo, AccountCode: bankCode, CompoundID: l.CompoundID, Debit: amount, Credit: zeroYuan},
			{Memo: memo, AccountCode: recv, CompoundID: l.CompoundID, Debit: zeroYuan, Credit: amount},
		}}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO lease_receipt (lease_id, date, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?)`, l.ID, date, fen, v.ID, now)
		if err != nil {
			return err
		}
		r = Receipt{LeaseNumber: number, Date: date, Amount: amount, VoucherID: v.ID, VoucherNo: v.No()}
		r.ID, _ = res.LastInsertId()
		return tx.Log("lease.receive", "lease", l.No(), nil, map[string]string{
			"date": date, "amount": books.PlainYuan(amount), "voucher": v.No() + " " + v.Period.String()})
	})
	if err != nil {
		return r, fmt.Errorf("receive rent: %w", err)
	}
	return r, nil
}

// Arrears is what a lease's tenant owes: billed minus received.
type Arrears struct {
	Lease    Lease
	Billed   books.Money
	Received books.Money // posted receipts only: a draft receipt is not money in
	Owed     books.Money
	// Pending is what draft (not yet posted) receipts of the lease would
	// take off the arrears once posted: shown apart as 待记账.
	Pending books.Money
	// OldestDue is the due date of the oldest bill not yet covered by
	// receipts (bills are paid oldest first), or "".
	OldestDue string
}

func leaseArrears(q books.Querier, l Lease) (Arrears, error) {
	a := Arrears{Lease: l}
	// A termination's credits take back part of the bills they name.
	rows, err := q.Query(`SELECT b.due_date, b.amount_fen - coalesce((SELECT sum(c.amount_fen) FROM lease_credit c WHERE c.bill_id = b.id AND c.reversed_by IS NULL), 0)
		FROM lease_bill b WHERE b.lease_id = ? AND b.reversed_by IS NULL ORDER BY b.due_date, b.id`, l.ID)
	if err != nil {
		return a, err
	}
	type due struct {
		date string
		fen  int64
	}
	var dues []due
	var billed, received int64
	for rows.Next() {
		var d due
		rows.Scan(&d.date, &d.fen)
		dues = append(dues, d)
		billed += d.fen
	}
	rows.Close()
	var pending int64
	if err := q.QueryRow(`SELECT coalesce(sum(CASE WHEN v.status = 'posted' THEN r.amount_fen END), 0), coalesce(sum(CASE WHEN v.status <> 'posted' THEN r.amount_fen END), 0)
		FROM lease_receipt r JOIN voucher v ON v.id = r.voucher_id WHERE r.lease_id = ? AND r.reversed_by IS NULL`, l.ID).Scan(&received, &pending); err != nil {
		return a, err
	}
	a.Pending = books.FromFen(pending)
	left := received
	for _, d := range dues {
		if d.fen <= 0 {
			continue
		}
		if left >= d.fen {
			left -= d.fen
			continue
		}
		a.OldestDue = d.date
		break
	}
	a.Billed, a.Received, a.Owed = books.FromFen(billed), books.FromFen(received), books.FromFen(billed-received)
	return a, nil
}

// LeaseArrears returns what one lease's tenant owes.
func LeaseArrears(b *books.Book, number int) (Arrears, error) {
	l, err := LeaseByNumber(b, number)
	if err != nil {
		return Arrears{}, err
	}
	a, err := leaseArrears(b.Reader(), l)
	if err != nil {
		return a, internal("arrears", err)
	}
	return a, nil
}

// AllArrears lists every lease with its billed, received and owed amounts;
// owingOnly keeps the leases that owe something.
func AllArrears(b *books.Book, owingOnly bool) ([]Arrears, error) {
	leases, err := Leases(b)
	if err != nil {
		return nil, err
	}
	var out []Arrears
	for _, l := range leases {
		a, err := leaseArrears(b.Reader(), l)
		if err != nil {
			return nil, internal("arrears", err)
		}
		if owingOnly && !a.Owed.IsPositive() {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
