package income

import (
	"encoding/json"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/moduletest"
)

func TestProrateRentRoundsHalfUpToTheFen(t *testing.T) {
	cases := []struct {
		name          string
		full          string
		covered, days int
		want          string
	}{
		{"3,000 monthly ending on day 10 of a 30-day month", "3000", 10, 30, "1000.00"},
		{"3,000 monthly ending on day 10 of a 31-day month (967.7419…)", "3000", 10, 31, "967.74"},
		{"3,000 monthly ending on day 10 of February 2026 (1,071.4285…)", "3000", 10, 28, "1071.43"},
		{"3,000 ending on day 15 of 31 (1,451.6129…)", "3000", 15, 31, "1451.61"},
		{"a half fen rounds up: 0.01 for 1 of 2 days", "0.01", 1, 2, "0.01"},
		{"a half fen rounds up: 0.03 for 1 of 2 days (1.5 fen)", "0.03", 1, 2, "0.02"},
		{"below half a fen rounds down: 100 for 1 of 3 days", "100", 1, 3, "33.33"},
		{"above half a fen rounds up: 200 for 1 of 3 days", "200", 1, 3, "66.67"},
		{"quarterly 9,000 ending on day 45 of 92", "9000", 45, 92, "4402.17"},
		{"the whole cycle owes the whole rent", "3000", 31, 31, "3000.00"},
		{"no day owes nothing", "3000", 0, 31, "0.00"},
		{"zero rent stays zero", "0", 10, 31, "0.00"},
	}
	for _, c := range cases {
		got := ProrateRent(yuan(c.full), c.covered, c.days)
		if got.StringFixed(2) != c.want {
			t.Errorf("%s: ProrateRent(%s, %d, %d) = %s, want %s", c.name, c.full, c.covered, c.days, got.StringFixed(2), c.want)
		}
	}
}

func TestTerminatedCyclesStopAndProrate(t *testing.T) {
	l := Lease{Start: "2026-01-01", End: "2026-12-31", Cycle: CycleMonthly, Rent: []RentStep{{"2026-01-01", yuan("3000")}}}
	cases := []struct {
		name, end string
		cycles    int
		last      string // start end amount
	}{
		{"day 10 of a 31-day month", "2026-03-10", 3, "2026-03-01 2026-03-10 967.74"},
		{"day 10 of a 30-day month", "2026-04-10", 4, "2026-04-01 2026-04-10 1000.00"},
		{"the last day of a cycle owes it whole", "2026-04-30", 4, "2026-04-01 2026-04-30 3000.00"},
		{"the first day of the lease", "2026-01-01", 1, "2026-01-01 2026-01-01 96.77"},
	}
	for _, c := range cases {
		lt := l
		lt.TerminatedOn = c.end
		cs := lt.Cycles()
		if len(cs) != c.cycles {
			t.Errorf("%s: %d cycles, want %d", c.name, len(cs), c.cycles)
			continue
		}
		last := cs[len(cs)-1]
		if got := last.Start + " " + last.End + " " + last.Amount.StringFixed(2); got != c.last {
			t.Errorf("%s: last cycle %s, want %s", c.name, got, c.last)
		}
	}
	q := Lease{Start: "2026-01-01", End: "2026-12-31", Cycle: CycleQuarterly, Rent: []RentStep{{"2026-01-01", yuan("9000")}}, TerminatedOn: "2026-05-15"}
	cs := q.Cycles()
	// The second quarter runs 2026-04-01 to 2026-06-30: 91 days, 45 covered.
	if len(cs) != 2 || cs[1].End != "2026-05-15" || cs[1].Amount.StringFixed(2) != "4450.55" || !cs[1].Full.Equal(yuan("9000")) {
		t.Errorf("quarterly cycles after termination = %+v", cs)
	}
}

func TestTerminateLeaseCreditsTheUnearnedRent(t *testing.T) {
	tb, l := leaseBook(t)
	// March billed and posted, April billed ahead and still a draft.
	for _, p := range []books.Period{202601, 202602, 202603, 202604} {
		b, err := BillRent(tb.accountant, l.Number, p, "")
		if err != nil {
			t.Fatal(err)
		}
		if p != 202604 {
			tb.postID(b.VoucherID)
		}
	}
	rc, err := ReceiveRent(tb.cashier, l.Number, "2026-03-05", yuan("9000"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.ReviewVoucher(rc.VoucherID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(rc.VoucherID); err != nil {
		t.Fatal(err)
	}
	term, err := TerminateLease(tb.accountant, l.Number, "2026-03-10", "承租人经营困难，双方协商提前解约")
	if err != nil {
		t.Fatal(err)
	}
	// March: 3,000 billed, 967.74 earned, 2,032.26 back; April: all 3,000.
	if term.LastCycle.Amount.StringFixed(2) != "967.74" || term.Credit.StringFixed(2) != "5032.26" || term.VoucherNo == "" || !term.RoomVacated {
		t.Fatalf("termination = %+v", term)
	}
	v, _ := tb.Voucher(term.VoucherID)
	if v.Kind != books.VoucherIncome || v.Status != books.StatusDraft || v.Date != "2026-03-10" || len(v.Lines) != 4 {
		t.Fatalf("credit voucher %s %s %s with %d lines", v.Kind, v.Status, v.Date, len(v.Lines))
	}
	want := []string{"1122 -2032.26 0.00", "430101 0.00 -2032.26", "1122 -3000.00 0.00", "430101 0.00 -3000.00"}
	for i, ln := range v.Lines {
		if got := ln.AccountCode + " " + ln.Debit.StringFixed(2) + " " + ln.Credit.StringFixed(2); got != want[i] || ln.CompoundName != "阳光小区" {
			t.Errorf("credit line %d = %s (%s), want %s", i+1, got, ln.CompoundName, want[i])
		}
	}
	if !strings.Contains(v.Lines[0].Memo, "按10/31天折算为967.74") {
		t.Errorf("memo %q does not say how March was prorated", v.Lines[0].Memo)
	}
	tb.postID(term.VoucherID)
	a, _ := LeaseArrears(tb.Book, l.Number)
	// Owed: 3,000 + 3,000 + 967.74 − 9,000 received = −2,032.26 (a refund due).
	if a.Billed.StringFixed(2) != "6967.74" || a.Owed.StringFixed(2) != "-2032.26" {
		t.Errorf("arrears after termination = billed %s owed %s", a.Billed.StringFixed(2), a.Owed.StringFixed(2))
	}

	got, _ := LeaseByNumber(tb.Book, l.Number)
	if got.TerminatedOn != "2026-03-10" || got.TerminationReason != "承租人经营困难，双方协商提前解约" || got.TerminatedBy != "张会计" || got.StatusOn("2026-03-01") != LeaseTerminated {
		t.Errorf("lease after termination = %+v", got)
	}
	if r, _ := RoomByID(tb.Book, l.RoomID); r.Use != UseVacant || r.Tenant != "" {
		t.Errorf("room after termination: %s %q", r.Use, r.Tenant)
	}
	if bs, err := BillMonth(tb.accountant, 202605, ""); err != nil || len(bs) != 0 {
		t.Errorf("BillMonth after termination billed %d: %v", len(bs), err)
	}
	if _, err := BillRent(tb.accountant, l.Number, 202605, ""); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "已于 2026-03-10 终止") {
		t.Errorf("rent after termination: %v", err)
	}
	if _, err := DeclareTurnover(tb.accountant, l.Number, 2, yuan("1")); books.ErrorCode(err) != books.Invalid {
		t.Errorf("turnover of a year the lease never had: %v", err)
	}

	entries, _ := tb.accountant.Log(books.LogFilter{Text: "lease.terminate"})
	if len(entries) != 1 || entries[0].User != "张会计" || entries[0].EntityID != "租-0001" {
		t.Fatalf("log entries %+v", entries)
	}
	var before, after map[string]string
	json.Unmarshal([]byte(entries[0].Before), &before)
	json.Unmarshal([]byte(entries[0].After), &after)
	if before["status"] != LeaseActive || before["end"] != "2026-12-31" || after["status"] != LeaseTerminated || after["end"] != "2026-03-10" ||
		after["credit"] != "5032.26" || after["last_cycle_rent"] != "967.74" {
		t.Errorf("logged %v → %v", before, after)
	}
	if p, err := tb.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Errorf("verify after termination: %v %v", p, err)
	}
}

func TestTerminationBeforeBillingBillsTheProratedCycle(t *testing.T) {
	tb, l := leaseBook(t)
	term, err := TerminateLease(tb.accountant, l.Number, "2026-04-10", "房屋征收")
	if err != nil {
		t.Fatal(err)
	}
	if !term.Credit.IsZero() || term.VoucherNo != "" {
		t.Errorf("nothing was billed, yet credit %s voucher %q", term.Credit, term.VoucherNo)
	}
	bs, err := BillMonth(tb.accountant, 202604, "")
	if err != nil || len(bs) != 1 || bs[0].Amount.StringFixed(2) != "1000.00" {
		t.Fatalf("April after termination on day 10 of 30: %+v %v", bs, err)
	}
	v, _ := tb.Voucher(bs[0].VoucherID)
	if !strings.Contains(v.Lines[0].Memo, "2026-04-01至2026-04-10") || !strings.Contains(v.Lines[0].Memo, "按10/30天折算") {
		t.Errorf("memo %q", v.Lines[0].Memo)
	}
}

func TestTerminationRefusals(t *testing.T) {
	tb, l := leaseBook(t)
	tb.post("2026-01-05", line("收到补助", "1002", "阳光小区", "100", ""), line("收到补助", "4401", "阳光小区", "", "100"))
	if err := tb.accountant.ClosePeriod(202601); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		s          *books.Session
		end, why   string
		code       books.Code
		msg        string
		terminated bool // terminate successfully first
	}{
		{"a cashier may not terminate", tb.cashier, "2026-06-30", "原因", books.Forbidden, "", false},
		{"a reason is required", tb.accountant, "2026-06-30", " ", books.Invalid, "请填写终止租约 租-0001 的原因", false},
		{"a date that is not one", tb.accountant, "2026-6-30", "原因", books.Invalid, "终止日期“2026-6-30”格式不对", false},
		{"a date before the term", tb.accountant, "2025-12-31", "原因", books.Invalid, "终止日期 2025-12-31 不在租约 租-0001 的租期（2026-01-01 至 2026-12-31）内", false},
		{"a date after the term", tb.accountant, "2027-01-01", "原因", books.Invalid, "不在租约 租-0001 的租期", false},
		{"a closed month", tb.accountant, "2026-01-20", "原因", books.PeriodClosed, "租约 租-0001 不能终止于 2026-01-20：2026年1月已结账", false},
		{"terminating twice", tb.accountant, "2026-07-31", "再次终止", books.Conflict, "租约 租-0001（好邻居超市）已于 2026-06-30 终止（原因：到期前退租），不能重复终止", true},
	}
	for _, c := range cases {
		if c.terminated {
			if _, err := TerminateLease(tb.accountant, l.Number, "2026-06-30", "到期前退租"); err != nil {
				t.Fatalf("%s: first termination: %v", c.name, err)
			}
		}
		_, err := TerminateLease(c.s, l.Number, c.end, c.why)
		if books.ErrorCode(err) != c.code || !strings.Contains(books.ErrorMessage(err), c.msg) {
			t.Errorf("%s: %v (%s), want %s containing %q", c.name, err, books.ErrorCode(err), c.code, c.msg)
		}
	}
	entries, _ := tb.accountant.Log(books.LogFilter{Text: "lease.terminate"})
	if len(entries) != 1 {
		t.Errorf("%d lease.terminate entries, want only the one that succeeded", len(entries))
	}
}

func TestTerminationRefusedBeforeABilledLaterShare(t *testing.T) {
	tb := newTestBook(t)
	r := tb.room("2号楼101", "阳光小区", "120.5", "已回收", "空置", "")
	l, err := AddLease(tb.accountant, Lease{Tenant: "好邻居超市", RoomID: r.ID, Start: "2025-01-01", End: "2027-12-31",
		Cycle: "月", Rent: []RentStep{{Amount: yuan("3000")}}, ShareRate: yuan("5"), Threshold: yuan("500000")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DeclareTurnover(tb.accountant, l.Number, 2, yuan("620000")); err != nil {
		t.Fatal(err)
	}
	if _, err := BillShare(tb.accountant, l.Number, 2, "2026-12-31"); err != nil {
		t.Fatal(err)
	}
	_, err = TerminateLease(tb.accountant, l.Number, "2025-10-31", "提前解约")
	if books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "第 2 个租赁年度（2026-01-01 起）的收益分成已经开票") {
		t.Fatalf("termination before a billed share: %v", err)
	}
	// Year 2 ended early: its share can still be billed; year 3 cannot.
	if _, err := TerminateLease(tb.accountant, l.Number, "2026-10-31", "提前解约"); err != nil {
		t.Fatal(err)
	}
	_, err = DeclareTurnover(tb.accountant, l.Number, 3, yuan("620000"))
	if books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "第 3 个租赁年度（2027-01-01 起）在终止之后") {
		t.Errorf("turnover for a year after termination: %v", err)
	}
	_, err = BillShare(tb.accountant, l.Number, 3, "")
	if books.ErrorCode(err) != books.Conflict {
		t.Errorf("share for a year after termination: %v", err)
	}
	ts, _ := Turnovers(tb.Book, l.Number)
	if len(ts) != 1 || ts[0].To != "2026-10-31" {
		t.Errorf("turnovers after termination = %+v", ts)
	}
}

func TestCreditedBillIsReversedOnlyAfterItsCredit(t *testing.T) {
	tb, l := leaseBook(t)
	b, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.ReviewVoucher(b.VoucherID); err != nil {
		t.Fatal(err)
	}
	term, err := TerminateLease(tb.accountant, l.Number, "2026-03-10", "提前解约")
	if err != nil {
		t.Fatal(err)
	}
	// The bill is still unposted: it cannot go while the credit names it.
	if err := tb.cashier.UnreviewVoucher(b.VoucherID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.DeleteVoucher(b.VoucherID); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "请先删除那张冲减凭证") {
		t.Fatalf("deleting a credited bill: %v", err)
	}
	tb.postID(b.VoucherID)
	tb.postID(term.VoucherID)
	rb, err := tb.accountant.ReverseVoucher(b.VoucherID, "2026-03-20")
	if err != nil {
		t.Fatal(err)
	}
	tb.cashier.ReviewVoucher(rb.ID)
	if err := tb.accountant.PostVoucher(rb.ID); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "请先冲销那张冲减凭证") {
		t.Fatalf("reversing a credited bill first: %v", err)
	}
	rc, err := tb.accountant.ReverseVoucher(term.VoucherID, "2026-03-20")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(rc.ID)
	if err := tb.accountant.PostVoucher(rb.ID); err != nil {
		t.Fatalf("reversing the bill after its credit: %v", err)
	}
	// Both gone, March bills again at the prorated rent.
	nb, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil || nb.Amount.StringFixed(2) != "967.74" {
		t.Fatalf("March billed again: %+v %v", nb, err)
	}
	if p, err := tb.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Errorf("verify: %v %v", p, err)
	}
}

// A book made before 0008_lease_end opens, migrates and can terminate its
// leases: the old schema is rebuilt by dropping what 0008 added.
func TestBookBeforeLeaseEndMigrates(t *testing.T) {
	tb, l := leaseBook(t)
	if _, err := BillRent(tb.accountant, l.Number, 202603, ""); err != nil {
		t.Fatal(err)
	}
	path := tb.Path()
	db := tb.DB()
	moduletest.BeforeSeal(t, db)
	for _, q := range []string{
		`DROP INDEX lease_credit_once`, `DROP TABLE lease_credit`,
		`ALTER TABLE lease DROP COLUMN terminated_on`, `ALTER TABLE lease DROP COLUMN termination_reason`,
		`ALTER TABLE lease DROP COLUMN terminated_by`, `ALTER TABLE lease DROP COLUMN terminated_at`,
		`DELETE FROM migration WHERE name = '0008_lease_end.sql'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("making an old book: %s: %v", q, err)
		}
	}
	tb.Close()
	b, err := books.Open(path, withSpending(Module())...)
	if err != nil {
		t.Fatalf("open an old book: %v", err)
	}
	defer b.Close()
	var n int
	b.DB().QueryRow(`SELECT count(*) FROM migration WHERE name = '0008_lease_end.sql'`).Scan(&n)
	if n != 1 {
		t.Fatalf("0008_lease_end.sql applied %d times", n)
	}
	snaps, _ := b.Snapshots()
	if len(snaps) == 0 || !strings.Contains(snaps[0].Name, "before-migration") {
		t.Errorf("no snapshot kept before migrating: %+v", snaps)
	}
	got, err := LeaseByNumber(b, l.Number)
	if err != nil || got.TerminatedOn != "" || got.End != "2026-12-31" {
		t.Fatalf("lease after migration: %+v %v", got, err)
	}
	acc, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	term, err := TerminateLease(acc, l.Number, "2026-03-10", "提前解约")
	if err != nil || term.Credit.StringFixed(2) != "2032.26" {
		t.Fatalf("terminate on a migrated book: %+v %v", term, err)
	}
	if p, err := b.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Errorf("verify a migrated book: %v %v", p, err)
	}
}
