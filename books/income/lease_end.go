package income

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"sunbooks/books"
)

// ProrateRent is the rent owed for covered days of a cycle of days days whose
// full rent is full: full × covered ÷ days, rounded half up to the fen
// (四舍五入到分). It is computed in whole fen, splitting full into a multiple
// of days and a remainder, so nothing is rounded before the last step and
// nothing overflows. 3,000.00 for 10 of 30 days is 1,000.00; for 10 of 31
// days 967.74 (967.7419…).
func ProrateRent(full books.Money, covered, days int) books.Money {
	if covered <= 0 {
		return books.FromFen(0)
	}
	fen, err := books.ToFen(full)
	if err != nil || covered >= days || fen <= 0 {
		return full
	}
	d, c := int64(days), int64(covered)
	q, r := fen/d, fen%d
	return books.FromFen(q*c + (2*r*c+d)/(2*d))
}

// daysBetween counts the days from a to b, both included.
func daysBetween(a, b string) int {
	return int(mustDate(b).Sub(mustDate(a))/(24*time.Hour)) + 1
}

// Lease states as people read them.
const (
	LeaseActive     = "履行中"
	LeaseNotStarted = "未开始"
	LeaseExpired    = "已到期"
	LeaseTerminated = "已终止"
)

// StatusOn is the lease's state on a date: 已终止 once terminated (whatever
// the date), else 未开始, 履行中 or 已到期.
func (l Lease) StatusOn(date string) string {
	switch {
	case l.TerminatedOn != "":
		return LeaseTerminated
	case date < l.Start:
		return LeaseNotStarted
	case date > l.End:
		return LeaseExpired
	}
	return LeaseActive
}

// rentMemo is the memo of a rent bill; a prorated cycle says how it was
// prorated.
func rentMemo(l Lease, c Cycle) string {
	memo := fmt.Sprintf("应收%s%s租金（%s至%s）", l.Tenant, l.RoomLocation, c.Start, c.End)
	if c.Amount.Equal(c.Full) {
		return memo
	}
	for _, a := range l.agreedCycles() {
		if a.Index == c.Index {
			memo += fmt.Sprintf("，租约于%s终止，按%d/%d天折算", l.TerminatedOn, daysBetween(c.Start, c.End), daysBetween(a.Start, a.End))
		}
	}
	return memo
}

// refuseAfterTermination refuses rent for a month after the lease ended early.
func refuseAfterTermination(l Lease, p books.Period) error {
	if l.TerminatedOn == "" {
		return nil
	}
	if end, _ := books.PeriodOf(l.TerminatedOn); p > end {
		return books.Errorf(books.Conflict, "租约 %s 已于 %s 终止（%s），%s 不再开具租金", l.No(), l.TerminatedOn, l.TerminationReason, p.Chinese())
	}
	return nil
}

// refuseYearAfterTermination refuses turnover and share for a lease year
// that starts after the lease ended early.
func refuseYearAfterTermination(l Lease, year int) error {
	if l.TerminatedOn == "" {
		return nil
	}
	agreed := l
	agreed.TerminatedOn = ""
	if from, _, ok := agreed.LeaseYear(year); ok {
		return books.Errorf(books.Conflict, "租约 %s 已于 %s 终止，第 %d 个租赁年度（%s 起）在终止之后，不能登记营业额或开具收益分成", l.No(), l.TerminatedOn, year, from)
	}
	return nil
}

// Termination is what ending a lease early did.
type Termination struct {
	Lease Lease // as it stands after the termination
	// LastCycle is the rent cycle the lease now ends in, prorated when the
	// termination date falls inside it.
	LastCycle Cycle
	// Credit is what was taken back from rent already billed beyond the
	// termination date, by the red-ink voucher VoucherNo (a draft); zero and
	// "" when nothing had been billed beyond it.
	Credit    books.Money
	VoucherID int64
	VoucherNo string
	// RoomVacated says the room went back to 空置 in the register.
	RoomVacated bool
}

// TerminateLease ends a lease early (终止租约), by the 会计 with a reason: the
// lease's last day becomes endDate (inclusive), which must lie within its term
// and not in a closed month. No base rent is billed for cycles starting after
// endDate, the cycle containing it is billed pro rata by days (ProrateRent),
// and no turnover share for lease years starting after it. Rent already
// billed beyond endDate (the unearned days of the last cycle, any later cycle
// billed ahead) is taken back by a red-ink income voucher made as billing
// makes its vouchers (a draft, reviewed and posted by the usual hands); the
// bills' own vouchers never change. The room goes back to 空置 when the
// register lets it to this tenant and no later lease holds it.
func TerminateLease(s *books.Session, number int, endDate, reason string) (Termination, error) {
	if err := s.Require("终止租约", books.RoleAccountant); err != nil {
		return Termination{}, err
	}
	reason = strings.TrimSpace(reason)
	endDate = strings.TrimSpace(endDate)
	if reason == "" {
		return Termination{}, books.Errorf(books.Invalid, "请填写终止租约 租-%04d 的原因", number)
	}
	if _, err := books.ParseDate(endDate); err != nil {
		return Termination{}, books.Errorf(books.Invalid, "终止日期“%s”格式不对，应写成 2026-03-15 这样", endDate)
	}
	var t Termination
	err := s.Write(func(tx *books.Tx) error {
		l, err := loadLease(tx, number)
		if err != nil {
			return err
		}
		if l.TerminatedOn != "" {
			return books.Errorf(books.Conflict, "租约 %s（%s）已于 %s 终止（原因：%s），不能重复终止", l.No(), l.Tenant, l.TerminatedOn, l.TerminationReason)
		}
		if endDate < l.Start || endDate > l.End {
			return books.Errorf(books.Invalid, "终止日期 %s 不在租约 %s 的租期（%s 至 %s）内", endDate, l.No(), l.Start, l.End)
		}
		p, _ := books.PeriodOf(endDate)
		if err := tx.RefuseClosed(p); err != nil {
			if books.ErrorCode(err) == books.PeriodClosed {
				return books.Errorf(books.PeriodClosed, "租约 %s 不能终止于 %s：%s已结账（或在已结账月份之前）；如确需终止到这一天，请先反结账", l.No(), endDate, p.Chinese())
			}
			return err
		}
		if err := refuseShareAfter(tx, l, endDate); err != nil {
			return err
		}
		ended := l
		ended.TerminatedOn, ended.TerminationReason = endDate, reason
		cycles := ended.Cycles()
		t.LastCycle = cycles[len(cycles)-1]
		now := tx.Now()
		if err := creditBeyond(s, tx, ended, &t, now); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE lease SET terminated_on = ?, termination_reason = ?, terminated_by = ?, terminated_at = ? WHERE id = ?`,
			endDate, reason, s.User().Name, now, l.ID); err != nil {
			return err
		}
		ended.TerminatedBy, ended.TerminatedAt = s.User().Name, now
		t.Lease = ended
		after := map[string]string{"status": LeaseTerminated, "end": endDate, "agreed_end": l.End, "reason": reason,
			"last_cycle": t.LastCycle.Start + "~" + t.LastCycle.End, "last_cycle_rent": books.PlainYuan(t.LastCycle.Amount),
			"credit": books.PlainYuan(t.Credit)}
		if t.VoucherNo != "" {
			after["voucher"] = t.VoucherNo + " " + p.String()
		}
		if err := tx.Log("lease.terminate", "lease", l.No(),
			map[string]string{"status": l.StatusOn(endDate), "end": l.End}, after); err != nil {
			return err
		}
		t.RoomVacated, err = vacateRoom(s, tx, ended, now)
		return err
	})
	if err != nil {
		return t, fmt.Errorf("terminate lease: %w", err)
	}
	return t, nil
}

// refuseShareAfter refuses a termination before a lease year whose share was
// billed already: that bill must be reversed first.
func refuseShareAfter(tx *books.Tx, l Lease, endDate string) error {
	rows, err := tx.Query(`SELECT b.bill_key, v.word, v.number, v.period FROM lease_bill b JOIN voucher v ON v.id = b.voucher_id
		WHERE b.lease_id = ? AND b.kind = 'share' AND b.reversed_by IS NULL ORDER BY b.id`, l.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key, word string
		var num int
		var p books.Period
		if err := rows.Scan(&key, &word, &num, &p); err != nil {
			return err
		}
		var year int
		fmt.Sscanf(strings.TrimPrefix(key, "Y"), "%d", &year)
		if from, _, ok := l.LeaseYear(year); ok && from > endDate {
			return books.Errorf(books.Conflict, "租约 %s 第 %d 个租赁年度（%s 起）的收益分成已经开票（%s 凭证 %s），在终止日期 %s 之后；请先冲销那张凭证再终止租约",
				l.No(), year, from, p.Chinese(), books.VoucherNo(word, num), endDate)
		}
	}
	return rows.Err()
}

// creditBeyond takes back, by one red-ink income voucher dated on the
// termination date, the rent billed for days after it: the difference between
// the bill and the prorated rent of the cycle the lease ends in, and the whole
// of any later cycle billed ahead.
func creditBeyond(s *books.Session, tx *books.Tx, l Lease, t *Termination, now string) error {
	agreed := map[string]Cycle{}
	for _, c := range l.agreedCycles() {
		p, _ := books.PeriodOf(c.Start)
		agreed[p.String()] = c
	}
	type credit struct {
		bill, fen    int64
		recv, income int64 // account ids of the bill's own lines
		memo         string
	}
	rows, err := tx.Query(`SELECT b.id, b.bill_key, b.amount_fen,
			(SELECT account_id FROM voucher_line WHERE voucher_id = b.voucher_id AND seq = 1),
			(SELECT account_id FROM voucher_line WHERE voucher_id = b.voucher_id AND seq = 2)
		FROM lease_bill b WHERE b.lease_id = ? AND b.kind = 'rent' AND b.reversed_by IS NULL ORDER BY b.due_date, b.id`, l.ID)
	if err != nil {
		return err
	}
	var credits []credit
	for rows.Next() {
		var c credit
		var key string
		if err := rows.Scan(&c.bill, &key, &c.fen, &c.recv, &c.income); err != nil {
			rows.Close()
			return err
		}
		cy, ok := agreed[key]
		switch {
		case !ok:
			continue
		case cy.Start > l.TerminatedOn:
			c.memo = fmt.Sprintf("冲减%s%s租金：租约%s于%s终止，%s至%s不再收租", l.Tenant, l.RoomLocation, l.No(), l.TerminatedOn, cy.Start, cy.End)
		case cy.End > l.TerminatedOn:
			owed, _ := books.ToFen(t.LastCycle.Amount)
			c.fen -= owed
			c.memo = fmt.Sprintf("冲减%s%s租金：租约%s于%s终止，%s至%s按%d/%d天折算为%s", l.Tenant, l.RoomLocation, l.No(), l.TerminatedOn,
				cy.Start, cy.End, daysBetween(cy.Start, l.TerminatedOn), daysBetween(cy.Start, cy.End), books.FormatYuan(t.LastCycle.Amount))
		default:
			continue
		}
		if c.fen > 0 {
			credits = append(credits, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	t.Credit = books.FromFen(0)
	if len(credits) == 0 {
		return nil
	}
	v := books.Voucher{Date: l.TerminatedOn, Kind: books.VoucherIncome, SourceRef: l.No() + " 终止"}
	var total int64
	for _, c := range credits {
		amt := books.FromFen(-c.fen)
		v.Lines = append(v.Lines,
			books.Line{Memo: c.memo, AccountID: c.recv, CompoundID: l.CompoundID, Debit: amt, Credit: zeroYuan},
			books.Line{Memo: c.memo, AccountID: c.income, CompoundID: l.CompoundID, Debit: zeroYuan, Credit: amt})
		total += c.fen
	}
	if err := v.Validate(true); err != nil {
		return err
	}
	// The bill's own accounts take the credit even if one was disabled
	// since: the credit only undoes part of what is there.
	if err := resolveAccountsOnly(tx, v.Lines); err != nil {
		return err
	}
	if err := tx.InsertVoucher(&v, "voucher.income"); err != nil {
		return err
	}
	for _, c := range credits {
		if _, err := tx.Exec(`INSERT INTO lease_credit (lease_id, bill_id, amount_fen, voucher_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			l.ID, c.bill, c.fen, v.ID, now); err != nil {
			return err
		}
	}
	t.Credit, t.VoucherID, t.VoucherNo = books.FromFen(total), v.ID, v.No()
	return nil
}

// resolveAccountsOnly fills the codes and names of lines given by account id.
func resolveAccountsOnly(tx *books.Tx, lines []books.Line) error {
	for i := range lines {
		l := &lines[i]
		if err := tx.QueryRow(`SELECT code, name FROM account WHERE id = ?`, l.AccountID).Scan(&l.AccountCode, &l.AccountName); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT name FROM compound WHERE id = ?`, l.CompoundID).Scan(&l.CompoundName); err != nil {
			return err
		}
	}
	return nil
}

// vacateRoom puts the lease's room back to 空置 when the register shows it
// let to this tenant and no other lease holds it after the termination date.
func vacateRoom(s *books.Session, tx *books.Tx, l Lease, now string) (bool, error) {
	room, err := loadRoom(tx, l.RoomID)
	if err != nil {
		return false, err
	}
	if room.Use != UseRented || room.Tenant != l.Tenant {
		return false, nil
	}
	var later int
	if err := tx.QueryRow(`SELECT count(*) FROM lease WHERE room_id = ? AND id <> ? AND coalesce(terminated_on, end_date) > ?`,
		l.RoomID, l.ID, l.TerminatedOn).Scan(&later); err != nil {
		return false, err
	}
	if later > 0 {
		return false, nil
	}
	after := room
	after.Use, after.Tenant = UseVacant, ""
	if _, err := tx.Exec(`UPDATE room SET room_use = ?, tenant = '' WHERE id = ?`, UseVacant, room.ID); err != nil {
		return false, err
	}
	return true, tx.Log("room.update", "room", fmt.Sprint(room.ID), roomLog(room), roomLog(after))
}

// creditedBy names the voucher of a credit still counting against the bill
// made by voucher id, or "" when there is none.
func creditedBy(tx *books.Tx, billVoucher int64) (string, error) {
	var word string
	var num int
	var p books.Period
	err := tx.QueryRow(`SELECT v.word, v.number, v.period FROM lease_bill b JOIN lease_credit c ON c.bill_id = b.id AND c.reversed_by IS NULL
		JOIN voucher v ON v.id = c.voucher_id WHERE b.voucher_id = ? LIMIT 1`, billVoucher).Scan(&word, &num, &p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return p.Chinese() + " " + books.VoucherNo(word, num), nil
}

// releaseCreditOnReversal makes a credit stop counting once the reversal of
// its red-ink voucher is posted. A bill a credit still counts against is not
// reversed before the credit, or the receivable would be taken back twice.
func releaseCreditOnReversal(tx *books.Tx, v books.Voucher) error {
	if v.Kind != books.VoucherReversal || v.ReversesID == 0 {
		return nil
	}
	by, err := creditedBy(tx, v.ReversesID)
	if err != nil {
		return err
	}
	if by != "" {
		return books.Errorf(books.Conflict, "凭证 %s 冲销的租金应收已被终止租约冲减了一部分（凭证 %s）；请先冲销那张冲减凭证", v.No(), by)
	}
	_, err = tx.Exec(`UPDATE lease_credit SET reversed_by = ? WHERE voucher_id = ? AND reversed_by IS NULL`, v.ID, v.ReversesID)
	return err
}

// keepCreditedBill keeps a draft bill a credit counts against until the
// credit's draft is deleted first.
func keepCreditedBill(tx *books.Tx, v books.Voucher) error {
	by, err := creditedBy(tx, v.ID)
	if err != nil {
		return err
	}
	if by != "" {
		return books.Errorf(books.Conflict, "凭证 %s 开具的租金应收已被终止租约冲减（凭证 %s）；请先删除那张冲减凭证", v.No(), by)
	}
	return nil
}

// verifyLeaseCredits reports a credit whose amount differs from its red-ink
// voucher: the file was edited by hand.
func verifyLeaseCredits(b *books.Book) []string {
	rows, err := b.Reader().Query(`SELECT v.period, v.word, v.number, sum(c.amount_fen), v.total_fen FROM lease_credit c JOIN voucher v ON v.id = c.voucher_id
		GROUP BY c.voucher_id HAVING sum(c.amount_fen) <> -v.total_fen LIMIT 20`)
	if err != nil {
		return []string{"无法读取终止租约的冲减记录"}
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p books.Period
		var w string
		var n int
		var amt, total int64
		rows.Scan(&p, &w, &n, &amt, &total)
		problems = append(problems, fmt.Sprintf("终止租约冲减 %s 与其凭证 %s %s 的金额 %s 不符（文件被改动过）",
			books.FormatYuan(books.FromFen(amt)), p.Chinese(), books.VoucherNo(w, n), books.FormatYuan(books.FromFen(-total))))
	}
	return problems
}
