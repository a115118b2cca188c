package income

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"sunbooks/books"
)

// Room title, recovery and use values, as the register writes them.
const (
	TitleClear     = "清晰"
	TitleDisputed  = "有争议"
	TitleConfirmed = "已确权"

	RecoveryPending = "待回收"
	RecoveryDone    = "已回收"

	UseRented  = "出租"
	UseService = "便民服务"
	UseVacant  = "空置"
)

// PublicServiceTarget is the policy share of recovered room area kept for free
// public services (about 20%); RoomFigures warns below it.
var PublicServiceTarget = decimal.NewFromInt(20)

// Area is a floor area in square metres, exact to the hundredth; the book
// keeps it as INTEGER hundredths.
type Area = decimal.Decimal

// ParseArea reads an area in m² with at most two decimals ("120.5").
func ParseArea(s string) (Area, error) {
	t := strings.TrimSpace(s)
	d, err := decimal.NewFromString(t)
	if err != nil || t == "" || strings.ContainsAny(t, "eE") {
		return decimal.Zero, books.Errorf(books.Invalid, "面积“%s”格式不对，应写成 120.50 这样的平方米数", s)
	}
	if !d.Mul(hundred).Equal(d.Mul(hundred).Truncate(0)) {
		return decimal.Zero, books.Errorf(books.Invalid, "面积“%s”最多两位小数", s)
	}
	if !d.IsPositive() {
		return decimal.Zero, books.Errorf(books.Invalid, "面积必须大于 0")
	}
	if d.Cmp(decimal.NewFromInt(1e9)) > 0 {
		return decimal.Zero, books.Errorf(books.Invalid, "面积“%s”超出允许范围", s)
	}
	return d, nil
}

func areaCenti(a Area) int64 { return a.Mul(hundred).IntPart() }
func fromCenti(c int64) Area { return decimal.New(c, -2) }

// Room is one community service room (社服用房) of the register.
type Room struct {
	ID           int64
	Location     string
	CompoundID   int64
	CompoundName string
	Area         Area
	Title        string // 清晰 / 有争议 / 已确权
	Recovery     string // 待回收 / 已回收
	Use          string // 出租 / 便民服务 / 空置
	Tenant       string
	Note         string
}

func mustBeOneOf(what, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return books.Errorf(books.Invalid, "%s“%s”不对，可选：%s", what, v, strings.Join(allowed, "、"))
}

// validate checks the room's own rules: the values of its statuses, a tenant
// exactly when rented, and no use before the room is recovered.
func (r *Room) validate() error {
	r.Location, r.Tenant, r.Note = strings.TrimSpace(r.Location), strings.TrimSpace(r.Tenant), strings.TrimSpace(r.Note)
	if r.Location == "" {
		return books.Errorf(books.Invalid, "请填写用房位置")
	}
	if !r.Area.IsPositive() {
		return books.Errorf(books.Invalid, "用房“%s”的面积必须大于 0", r.Location)
	}
	if _, err := ParseArea(r.Area.String()); err != nil {
		return err
	}
	if r.Title == "" {
		r.Title = TitleClear
	}
	if r.Recovery == "" {
		r.Recovery = RecoveryDone
	}
	if r.Use == "" {
		r.Use = UseVacant
	}
	if err := mustBeOneOf("权属状态", r.Title, TitleClear, TitleDisputed, TitleConfirmed); err != nil {
		return err
	}
	if err := mustBeOneOf("回收状态", r.Recovery, RecoveryPending, RecoveryDone); err != nil {
		return err
	}
	if err := mustBeOneOf("用途", r.Use, UseRented, UseService, UseVacant); err != nil {
		return err
	}
	if r.Recovery == RecoveryPending && r.Use != UseVacant {
		return books.Errorf(books.Invalid, "用房“%s”还没有回收，用途只能是空置", r.Location)
	}
	if r.Use == UseRented && r.Tenant == "" {
		return books.Errorf(books.Invalid, "用房“%s”用于出租，请填写承租人", r.Location)
	}
	if r.Use != UseRented && r.Tenant != "" {
		return books.Errorf(books.Invalid, "用房“%s”不是出租，不应填写承租人", r.Location)
	}
	return nil
}

func roomLog(r Room) map[string]string {
	return map[string]string{"location": r.Location, "compound": r.CompoundName, "area": r.Area.StringFixed(2),
		"title": r.Title, "recovery": r.Recovery, "use": r.Use, "tenant": r.Tenant, "note": r.Note}
}

func resolveRoomCompound(q books.Querier, r *Room) error {
	var archived bool
	var err error
	if r.CompoundID != 0 {
		err = q.QueryRow(`SELECT name, archived FROM compound WHERE id = ?`, r.CompoundID).Scan(&r.CompoundName, &archived)
	} else {
		err = q.QueryRow(`SELECT id, archived FROM compound WHERE name = ?`, strings.TrimSpace(r.CompoundName)).Scan(&r.CompoundID, &archived)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return books.Errorf(books.NotFound, "小区“%s”不存在", r.CompoundName)
	}
	if err != nil {
		return err
	}
	if archived {
		return books.Errorf(books.Invalid, "小区“%s”已归档", r.CompoundName)
	}
	return nil
}

// AddRoom registers a community service room.
func AddRoom(s *books.Session, r Room) (Room, error) {
	if err := s.Require("登记社服用房", books.RoleAccountant); err != nil {
		return r, err
	}
	if err := r.validate(); err != nil {
		return r, err
	}
	err := s.Write(func(tx *books.Tx) error {
		if err := resolveRoomCompound(tx, &r); err != nil {
			return err
		}
		var n int
		tx.QueryRow(`SELECT count(*) FROM room WHERE compound_id = ? AND location = ?`, r.CompoundID, r.Location).Scan(&n)
		if n > 0 {
			return books.Errorf(books.Conflict, "小区“%s”已登记过位置为“%s”的用房", r.CompoundName, r.Location)
		}
		now := tx.Now()
		res, err := tx.Exec(`INSERT INTO room (location, compound_id, area_centi, title, recovery, room_use, tenant, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Location, r.CompoundID, areaCenti(r.Area), r.Title, r.Recovery, r.Use, r.Tenant, r.Note, now)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		return tx.Log("room.add", "room", fmt.Sprint(r.ID), nil, roomLog(r))
	})
	if err != nil {
		return r, fmt.Errorf("add room: %w", err)
	}
	return r, nil
}

// UpdateRoom changes a registered room; the log keeps before and after. A
// room under a running lease stays 出租 to its tenant.
func UpdateRoom(s *books.Session, r Room) (Room, error) {
	if err := s.Require("修改社服用房", books.RoleAccountant); err != nil {
		return r, err
	}
	if err := r.validate(); err != nil {
		return r, err
	}
	err := s.Write(func(tx *books.Tx) error {
		old, err := loadRoom(tx, r.ID)
		if err != nil {
			return err
		}
		if err := resolveRoomCompound(tx, &r); err != nil {
			return err
		}
		var tenant string
		err = tx.QueryRow(`SELECT tenant FROM lease WHERE room_id = ? AND end_date >= ? ORDER BY start_date DESC LIMIT 1`, r.ID, s.Book().Now().Format("2006-01-02")).Scan(&tenant)
		if err == nil && (r.Use != UseRented || r.Tenant != tenant) {
			return books.Errorf(books.Conflict, "用房“%s”正由%s承租（租约未到期），用途和承租人不能改", r.Location, tenant)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(`UPDATE room SET location = ?, compound_id = ?, area_centi = ?, title = ?, recovery = ?, room_use = ?, tenant = ?, note = ? WHERE id = ?`,
			r.Location, r.CompoundID, areaCenti(r.Area), r.Title, r.Recovery, r.Use, r.Tenant, r.Note, r.ID); err != nil {
			return err
		}
		return tx.Log("room.update", "room", fmt.Sprint(r.ID), roomLog(old), roomLog(r))
	})
	if err != nil {
		return r, fmt.Errorf("update room: %w", err)
	}
	return r, nil
}

const roomSelect = `SELECT r.id, r.location, r.compound_id, c.name, r.area_centi, r.title, r.recovery, r.room_use, r.tenant, r.note
	FROM room r JOIN compound c ON c.id = r.compound_id`

func scanRoom(sc interface{ Scan(...any) error }) (Room, error) {
	var r Room
	var centi int64
	err := sc.Scan(&r.ID, &r.Location, &r.CompoundID, &r.CompoundName, &centi, &r.Title, &r.Recovery, &r.Use, &r.Tenant, &r.Note)
	r.Area = fromCenti(centi)
	return r, err
}

func loadRoom(q books.Querier, id int64) (Room, error) {
	r, err := scanRoom(q.QueryRow(roomSelect+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, books.Errorf(books.NotFound, "社服用房（编号 %d）不存在", id)
	}
	if err != nil {
		return r, internal("read room", err)
	}
	return r, nil
}

// Room loads one room.
func RoomByID(b *books.Book, id int64) (Room, error) { return loadRoom(b.Reader(), id) }

// Rooms lists the register, by compound and location; compoundID 0 lists all.
func Rooms(b *books.Book, compoundID int64) ([]Room, error) {
	q, args := roomSelect, []any{}
	if compoundID != 0 {
		q += ` WHERE r.compound_id = ?`
		args = append(args, compoundID)
	}
	rows, err := b.Reader().Query(q+` ORDER BY r.compound_id, r.location`, args...)
	if err != nil {
		return nil, internal("list rooms", err)
	}
	defer rows.Close()
	var out []Room
	for rows.Next() {
		r, err := scanRoom(rows)
		if err != nil {
			return nil, internal("list rooms", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RoomFigures are the figures people ask of the register.
type RoomFigures struct {
	Rooms         int
	Area          Area
	Recovered     int // rooms 已回收
	RecoveredArea Area
	Pending       int // rooms 待回收
	PendingArea   Area
	Disputed      int // rooms whose title is 有争议
	Rented        int
	RentedArea    Area
	Service       int // rooms kept for free public services (便民服务)
	ServiceArea   Area
	Vacant        int // recovered rooms standing empty
	VacantArea    Area
	// VacancyRate is the vacant share of the recovered area, in percent
	// rounded to two decimals: a room not yet recovered cannot be let, so it
	// does not count as vacant.
	VacancyRate decimal.Decimal
	// ServiceShare is the share of the recovered area kept for free public
	// services, in percent rounded to two decimals.
	ServiceShare decimal.Decimal
	// Warning is set when ServiceShare is below PublicServiceTarget.
	Warning string
}

// RoomFigures sums the register; compoundID 0 sums every compound.
func RoomFiguresFor(b *books.Book, compoundID int64) (RoomFigures, error) {
	rooms, err := Rooms(b, compoundID)
	if err != nil {
		return RoomFigures{}, err
	}
	return roomFigures(rooms), nil
}

func roomPercent(part, whole decimal.Decimal) decimal.Decimal {
	if whole.IsZero() {
		return decimal.Zero
	}
	return part.Mul(decimal.NewFromInt(100)).DivRound(whole, 2)
}

func roomFigures(rooms []Room) RoomFigures {
	f := RoomFigures{Area: decimal.Zero, RecoveredArea: decimal.Zero, PendingArea: decimal.Zero, RentedArea: decimal.Zero,
		ServiceArea: decimal.Zero, VacantArea: decimal.Zero}
	for _, r := range rooms {
		f.Rooms++
		f.Area = f.Area.Add(r.Area)
		if r.Title == TitleDisputed {
			f.Disputed++
		}
		if r.Recovery == RecoveryPending {
			f.Pending++
			f.PendingArea = f.PendingArea.Add(r.Area)
			continue
		}
		f.Recovered++
		f.RecoveredArea = f.RecoveredArea.Add(r.Area)
		switch r.Use {
		case UseRented:
			f.Rented++
			f.RentedArea = f.RentedArea.Add(r.Area)
		case UseService:
			f.Service++
			f.ServiceArea = f.ServiceArea.Add(r.Area)
		default:
			f.Vacant++
			f.VacantArea = f.VacantArea.Add(r.Area)
		}
	}
	f.VacancyRate = roomPercent(f.VacantArea, f.RecoveredArea)
	f.ServiceShare = roomPercent(f.ServiceArea, f.RecoveredArea)
	if f.Recovered > 0 && f.ServiceShare.Cmp(PublicServiceTarget) < 0 {
		f.Warning = fmt.Sprintf("用于便民服务的面积占已回收面积的 %s%%，低于政策要求的约 %s%%", f.ServiceShare.StringFixed(2), PublicServiceTarget.String())
	}
	return f
}
