package income

import (
	"strings"
	"testing"
	"time"

	"sunbooks/books"
)

func TestShareRule(t *testing.T) {
	cases := []struct {
		name, rate, threshold, turnover, want string
	}{
		{"5% above 500,000 on 620,000 gives 6,000", "5", "500000", "620000", "6000.00"},
		{"turnover below the threshold gives nothing", "5", "500000", "480000", "0.00"},
		{"turnover at the threshold gives nothing", "5", "500000", "500000", "0.00"},
		{"fractional rate is exact", "2.5", "100000", "100001", "0.03"},
		{"rounds half up to the fen", "3", "0", "0.50", "0.02"},
		{"zero threshold shares all turnover", "10", "0", "1234.56", "123.46"},
		{"zero rate gives nothing", "0", "0", "99999", "0.00"},
	}
	for _, c := range cases {
		rate, err := ParseRate(c.rate)
		if err != nil {
			t.Fatalf("%s: ParseRate(%q): %v", c.name, c.rate, err)
		}
		got := Share(rate, yuan(c.threshold), yuan(c.turnover))
		if got.StringFixed(2) != c.want {
			t.Errorf("%s: Share(%s%%, %s, %s) = %s, want %s", c.name, c.rate, c.threshold, c.turnover, got.StringFixed(2), c.want)
		}
	}
}

func TestParseRateRefusesNonsense(t *testing.T) {
	for _, s := range []string{"", "abc", "-1", "101", "1e2", "0.00001"} {
		if _, err := ParseRate(s); err == nil {
			t.Errorf("ParseRate(%q) accepted", s)
		}
	}
	if r, err := ParseRate("5%"); err != nil || r.String() != "5" {
		t.Errorf("ParseRate(5%%) = %v, %v", r, err)
	}
}

func TestParseAreaKeepsHundredths(t *testing.T) {
	cases := map[string]int64{"120": 12000, "120.5": 12050, "0.01": 1, "88.88": 8888}
	for s, want := range cases {
		a, err := ParseArea(s)
		if err != nil || areaCenti(a) != want {
			t.Errorf("ParseArea(%q) = %v (%d), %v; want %d", s, a, areaCenti(a), err, want)
		}
	}
	for _, s := range []string{"", "0", "-5", "1.234", "x", "1e3"} {
		if _, err := ParseArea(s); err == nil {
			t.Errorf("ParseArea(%q) accepted", s)
		}
	}
}

func (tb *testBook) room(loc, compound, area, recovery, use, tenant string) Room {
	tb.t.Helper()
	a, err := ParseArea(area)
	if err != nil {
		tb.t.Fatal(err)
	}
	r, err := AddRoom(tb.accountant, Room{Location: loc, CompoundName: compound, Area: a, Recovery: recovery, Use: use, Tenant: tenant})
	if err != nil {
		tb.t.Fatalf("AddRoom %s: %v", loc, err)
	}
	return r
}

func TestRoomFiguresVacancyAndPublicServiceShare(t *testing.T) {
	cases := []struct {
		name          string
		rooms         [][4]string // area, recovery, use, tenant
		vacancy, svc  string
		recovered     int
		recoveredArea string
		warn          bool
	}{
		{"vacancy and service share are of the recovered area",
			[][4]string{{"100", "已回收", "出租", "甲"}, {"50", "已回收", "便民服务", ""}, {"50", "已回收", "空置", ""}, {"300", "待回收", "空置", ""}},
			"25.00", "25.00", 3, "200.00", false},
		{"service share below 20% warns",
			[][4]string{{"90", "已回收", "出租", "甲"}, {"10", "已回收", "便民服务", ""}},
			"0.00", "10.00", 2, "100.00", true},
		{"exactly 20% does not warn",
			[][4]string{{"80", "已回收", "出租", "甲"}, {"20", "已回收", "便民服务", ""}},
			"0.00", "20.00", 2, "100.00", false},
		{"nothing recovered has no rates and no warning",
			[][4]string{{"60", "待回收", "空置", ""}},
			"0.00", "0.00", 0, "0.00", false},
		{"hundredths of m² stay exact",
			[][4]string{{"33.33", "已回收", "空置", ""}, {"66.67", "已回收", "便民服务", ""}},
			"33.33", "66.67", 2, "100.00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := newTestBook(t)
			for i, r := range c.rooms {
				tb.room("A"+string(rune('0'+i)), "阳光小区", r[0], r[1], r[2], r[3])
			}
			f, err := RoomFiguresFor(tb.Book, 0)
			if err != nil {
				t.Fatal(err)
			}
			if f.VacancyRate.StringFixed(2) != c.vacancy || f.ServiceShare.StringFixed(2) != c.svc {
				t.Errorf("vacancy %s service %s, want %s %s", f.VacancyRate.StringFixed(2), f.ServiceShare.StringFixed(2), c.vacancy, c.svc)
			}
			if f.Recovered != c.recovered || f.RecoveredArea.StringFixed(2) != c.recoveredArea {
				t.Errorf("recovered %d %s, want %d %s", f.Recovered, f.RecoveredArea.StringFixed(2), c.recovered, c.recoveredArea)
			}
			if (f.Warning != "") != c.warn {
				t.Errorf("warning %q, want warn=%v", f.Warning, c.warn)
			}
		})
	}
}

func TestRoomRulesAndLog(t *testing.T) {
	tb := newTestBook(t)
	bad := []struct {
		name string
		r    Room
	}{
		{"a room not recovered cannot be in use", Room{Location: "X", CompoundName: "阳光小区", Area: yuan("10"), Recovery: "待回收", Use: "便民服务"}},
		{"a rented room needs a tenant", Room{Location: "X", CompoundName: "阳光小区", Area: yuan("10"), Use: "出租"}},
		{"title must be one of three", Room{Location: "X", CompoundName: "阳光小区", Area: yuan("10"), Title: "不明"}},
		{"unknown compound", Room{Location: "X", CompoundName: "没有小区", Area: yuan("10")}},
	}
	for _, c := range bad {
		if _, err := AddRoom(tb.accountant, c.r); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	r := tb.room("1号楼底商", "阳光小区", "80", "已回收", "空置", "")
	r.Title, r.Use = TitleDisputed, UseService
	if _, err := UpdateRoom(tb.accountant, r); err != nil {
		t.Fatal(err)
	}
	if _, err := AddRoom(tb.cashier, Room{Location: "Y", CompoundName: "阳光小区", Area: yuan("1")}); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("cashier adding a room: %v, want forbidden", err)
	}
	log, _ := tb.accountant.Log(books.LogFilter{Text: "room.update"})
	if len(log) != 1 || !strings.Contains(log[0].Before, "空置") || !strings.Contains(log[0].After, "有争议") {
		t.Errorf("room.update log = %+v", log)
	}
}

// leaseBook is a test book with a rented room and a lease: monthly rent
// 3,000 from 2026-01-01 to 2026-12-31, 5% of turnover above 500,000.
func leaseBook(t *testing.T) (*testBook, Lease) {
	return leaseBookWith(t, Module())
}

// leaseBookWith is leaseBook opened with mod in place of income's module.
func leaseBookWith(t *testing.T, mod books.Module) (*testBook, Lease) {
	tb := newTestBookWith(t, time.Date(2027, 1, 15, 9, 0, 0, 0, time.Local), mod)
	r := tb.room("2号楼101", "阳光小区", "120.5", "已回收", "空置", "")
	l, err := AddLease(tb.accountant, Lease{Tenant: "好邻居超市", RoomID: r.ID, Start: "2026-01-01", End: "2026-12-31",
		Cycle: "月", Rent: []RentStep{{Amount: yuan("3000")}}, ShareRate: yuan("5"), Threshold: yuan("500000")})
	if err != nil {
		t.Fatalf("AddLease: %v", err)
	}
	return tb, l
}

func TestLeaseMakesRoomRentedAndRefusesOverlap(t *testing.T) {
	tb, l := leaseBook(t)
	r, _ := RoomByID(tb.Book, l.RoomID)
	if r.Use != UseRented || r.Tenant != "好邻居超市" {
		t.Errorf("room after lease: %+v", r)
	}
	if l.No() != "租-0001" || l.IncomeCode != "430101" {
		t.Errorf("lease %s income %s", l.No(), l.IncomeCode)
	}
	_, err := AddLease(tb.accountant, Lease{Tenant: "别人", RoomID: l.RoomID, Start: "2026-06-01", End: "2027-05-31", Rent: []RentStep{{Amount: yuan("1")}}})
	if books.ErrorCode(err) != books.Conflict {
		t.Errorf("overlapping lease: %v", err)
	}
	pending := tb.room("3号楼", "和平小区", "40", "待回收", "空置", "")
	_, err = AddLease(tb.accountant, Lease{Tenant: "别人", RoomID: pending.ID, Start: "2026-06-01", End: "2027-05-31", Rent: []RentStep{{Amount: yuan("1")}}})
	if books.ErrorCode(err) != books.Conflict {
		t.Errorf("lease of a room not recovered: %v", err)
	}
}

func TestCyclesFollowScheduleAndMonthEnds(t *testing.T) {
	l := Lease{Start: "2026-01-31", End: "2026-12-30", Cycle: CycleQuarterly,
		Rent: []RentStep{{"2026-01-31", yuan("9000")}, {"2026-07-01", yuan("9900")}}}
	cs := l.Cycles()
	want := []string{"2026-01-31 2026-04-29 9000", "2026-04-30 2026-07-30 9000", "2026-07-31 2026-10-30 9900", "2026-10-31 2026-12-30 9900"}
	if len(cs) != len(want) {
		t.Fatalf("cycles = %+v", cs)
	}
	for i, c := range cs {
		got := c.Start + " " + c.End + " " + c.Amount.String()
		if got != want[i] {
			t.Errorf("cycle %d = %s, want %s", i, got, want[i])
		}
	}
	if f, to, ok := l.LeaseYear(1); !ok || f != "2026-01-31" || to != "2026-12-30" {
		t.Errorf("lease year 1 = %s %s %v", f, to, ok)
	}
	if _, _, ok := l.LeaseYear(2); ok {
		t.Error("lease year 2 exists")
	}
}

func TestBillingMakesReceivableAndRefusesTwice(t *testing.T) {
	tb, l := leaseBook(t)
	b, err := BillRent(tb.accountant, l.Number, 202603, "")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(b.VoucherID)
	if v.Kind != books.VoucherIncome || v.Status != books.StatusDraft || v.Date != "2026-03-01" {
		t.Errorf("voucher kind %s status %s date %s", v.Kind, v.Status, v.Date)
	}
	if v.Lines[0].AccountCode != "1122" || !v.Lines[0].Debit.Equal(yuan("3000")) || v.Lines[1].AccountCode != "430101" || !v.Lines[1].Credit.Equal(yuan("3000")) {
		t.Errorf("lines %+v", v.Lines)
	}
	for _, ln := range v.Lines {
		if ln.CompoundName != "阳光小区" {
			t.Errorf("line compound %s", ln.CompoundName)
		}
	}
	if _, err := BillRent(tb.accountant, l.Number, 202603, ""); books.ErrorCode(err) != books.Conflict {
		t.Errorf("second bill of 2026-03: %v, want conflict", err)
	}
	bs, err := BillMonth(tb.accountant, 202603, "")
	if err != nil || len(bs) != 0 {
		t.Errorf("BillMonth after BillRent billed %d: %v", len(bs), err)
	}
	bs, err = BillMonth(tb.accountant, 202604, "")
	if err != nil || len(bs) != 1 {
		t.Errorf("BillMonth 2026-04 billed %d: %v", len(bs), err)
	}
	if _, err := BillRent(tb.accountant, l.Number, 202701, ""); books.ErrorCode(err) != books.Invalid {
		t.Errorf("bill after the lease ends: %v", err)
	}
	// Deleting the draft voucher releases the period for billing again.
	if err := tb.accountant.DeleteVoucher(b.VoucherID); err != nil {
		t.Fatal(err)
	}
	if _, err := BillRent(tb.accountant, l.Number, 202603, ""); err != nil {
		t.Errorf("bill after deleting the draft: %v", err)
	}
	// The bill the deletion took with it (ON DELETE CASCADE) left the seal
	// too: the cascade fires the seal's triggers.
	if p, err := tb.Verify(t.Context()); err != nil || len(p) > 0 {
		t.Errorf("Verify = %q, %v", p, err)
	}
}

func TestBillAfterReversalIsAllowed(t *testing.T) {
	tb, l := leaseBook(t)
	b, err := BillRent(tb.accountant, l.Number, 202601, "")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(b.VoucherID)
	rv, err := tb.accountant.ReverseVoucher(b.VoucherID, "2026-01-20")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); books.ErrorCode(err) != books.Conflict {
		t.Errorf("bill while reversal is a draft: %v", err)
	}
	tb.postID(rv.ID)
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); err != nil {
		t.Errorf("bill after posted reversal: %v", err)
	}
}

func (tb *testBook) postID(id int64) {
	tb.t.Helper()
	if err := tb.cashier.ReviewVoucher(id); err != nil {
		tb.t.Fatalf("review: %v", err)
	}
	if err := tb.accountant.PostVoucher(id); err != nil {
		tb.t.Fatalf("post: %v", err)
	}
}

func TestShareBillingFromDeclaredTurnover(t *testing.T) {
	tb, l := leaseBook(t)
	if _, err := BillShare(tb.accountant, l.Number, 1, "2026-12-31"); books.ErrorCode(err) != books.Conflict {
		t.Errorf("share before turnover: %v", err)
	}
	tu, err := DeclareTurnover(tb.accountant, l.Number, 1, yuan("480000"))
	if err != nil || !tu.Share.IsZero() {
		t.Fatalf("turnover 480,000: %+v %v", tu, err)
	}
	if _, err := BillShare(tb.accountant, l.Number, 1, "2026-12-31"); books.ErrorCode(err) != books.Conflict {
		t.Errorf("zero share billed: %v", err)
	}
	tu, err = DeclareTurnover(tb.accountant, l.Number, 1, yuan("620000"))
	if err != nil || tu.Share.StringFixed(2) != "6000.00" {
		t.Fatalf("turnover 620,000: %+v %v", tu, err)
	}
	b, err := BillShare(tb.accountant, l.Number, 1, "2026-12-31")
	if err != nil || !b.Amount.Equal(yuan("6000")) {
		t.Fatalf("BillShare: %+v %v", b, err)
	}
	if _, err := BillShare(tb.accountant, l.Number, 1, "2026-12-31"); books.ErrorCode(err) != books.Conflict {
		t.Errorf("share billed twice: %v", err)
	}
	if _, err := DeclareTurnover(tb.accountant, l.Number, 1, yuan("700000")); books.ErrorCode(err) != books.Conflict {
		t.Errorf("turnover changed after billing: %v", err)
	}
	if _, err := DeclareTurnover(tb.accountant, l.Number, 2, yuan("1")); books.ErrorCode(err) != books.Invalid {
		t.Errorf("turnover of a year the lease lacks: %v", err)
	}
}

func TestArrearsAreBilledMinusReceived(t *testing.T) {
	tb, l := leaseBook(t)
	for _, p := range []books.Period{202601, 202602, 202603} {
		if _, err := BillRent(tb.accountant, l.Number, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ReceiveRent(tb.cashier, l.Number, "2026-01-05", yuan("3000"), ""); err != nil {
		t.Fatal(err)
	}
	r, err := ReceiveRent(tb.cashier, l.Number, "2026-02-05", yuan("1000"), "")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(r.VoucherID)
	if v.Lines[0].AccountCode != "1002" || v.Lines[1].AccountCode != "1122" {
		t.Errorf("receipt lines %+v", v.Lines)
	}
	// Draft receipts are not money in: the arrears wait for their posting,
	// and show them apart.
	a, err := LeaseArrears(tb.Book, l.Number)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Received.IsZero() || a.Owed.StringFixed(2) != "9000.00" || a.Pending.StringFixed(2) != "4000.00" || a.OldestDue != "2026-01-01" {
		t.Errorf("arrears with draft receipts %+v", a)
	}
	// What waits counts against receiving the same money twice.
	if _, err := ReceiveRent(tb.cashier, l.Number, "2026-03-05", yuan("5000.01"), ""); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "待记账") {
		t.Errorf("overpayment: %v", err)
	}
	rs, _ := tb.Vouchers(books.VoucherFilter{Status: books.StatusDraft, Text: "收"})
	for _, v := range rs {
		if v.Kind == books.VoucherIncome && v.Preparer == "李出纳" {
			tb.accountant.ReviewVoucher(v.ID)
			if err := tb.accountant.PostVoucher(v.ID); err != nil {
				t.Fatalf("post receipt %s: %v", v.No, err)
			}
		}
	}
	a, err = LeaseArrears(tb.Book, l.Number)
	if err != nil {
		t.Fatal(err)
	}
	if a.Billed.StringFixed(2) != "9000.00" || a.Received.StringFixed(2) != "4000.00" || a.Owed.StringFixed(2) != "5000.00" || !a.Pending.IsZero() || a.OldestDue != "2026-02-01" {
		t.Errorf("arrears after posting the receipts %+v", a)
	}
	all, _ := AllArrears(tb.Book, true)
	if len(all) != 1 || !all[0].Owed.Equal(yuan("5000")) {
		t.Errorf("AllArrears = %+v", all)
	}
}

func TestOtherIncomeMakesVoucherWithCategory(t *testing.T) {
	tb := newTestBook(t)
	cases := []struct{ cat, account string }{
		{CategoryGroupBuy, "490101"}, {CategoryWorkshop, "490102"}, {CategorySubsidy, "4401"}, {CategoryOther, "490109"},
	}
	for _, c := range cases {
		e, err := AddIncome(tb.cashier, IncomeEntry{Date: "2026-03-05", CompoundName: "和平小区", Category: c.cat, Payer: "某平台", Amount: yuan("1234.50")})
		if err != nil {
			t.Fatalf("%s: %v", c.cat, err)
		}
		v, _ := tb.Voucher(e.VoucherID)
		if v.Kind != books.VoucherIncome || v.Lines[0].AccountCode != "1002" || v.Lines[1].AccountCode != c.account || v.Lines[1].CompoundName != "和平小区" {
			t.Errorf("%s: voucher %+v", c.cat, v.Lines)
		}
	}
	if _, err := AddIncome(tb.cashier, IncomeEntry{Date: "2026-03-05", CompoundName: "和平小区", Category: "彩票", Amount: yuan("1")}); books.ErrorCode(err) != books.NotFound {
		t.Errorf("unknown category: %v", err)
	}
	items, _ := IncomeItems(tb.Book, 202603, 202603)
	if len(items) != 4 || items[0].Category != CategoryGroupBuy {
		t.Errorf("IncomeItems = %+v", items)
	}
}

func TestIncomeAccountFallsBackToUsedParent(t *testing.T) {
	tb := newTestBook(t)
	// 4901 already has postings as a leaf: a child would strand them.
	tb.post("2026-03-02", line("其他收入", "1002", "阳光小区", "10", ""), line("其他收入", "4901", "阳光小区", "", "10"))
	e, err := AddIncome(tb.accountant, IncomeEntry{Date: "2026-03-05", CompoundName: "阳光小区", Category: CategoryGroupBuy, Amount: yuan("5")})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(e.VoucherID)
	if v.Lines[1].AccountCode != "4901" {
		t.Errorf("income account %s, want 4901", v.Lines[1].AccountCode)
	}
}

func TestIncomeAccountUsesNamedLeafOrNextFreeCode(t *testing.T) {
	tb := newTestBook(t)
	// A chart extended by hand: 490101 is taken by another account, and
	// 共富工坊收入 already exists elsewhere.
	for _, a := range [][3]string{{"4901", "490101", "广告位收入"}, {"4301", "430199", "共富工坊收入"}} {
		if _, err := tb.accountant.AddAccount(a[0], a[1], a[2]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ cat, want string }{{CategoryGroupBuy, "490102"}, {CategoryWorkshop, "430199"}} {
		e, err := AddIncome(tb.accountant, IncomeEntry{Date: "2026-03-05", CompoundName: "阳光小区", Category: c.cat, Amount: yuan("5")})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := tb.Voucher(e.VoucherID)
		if v.Lines[1].AccountCode != c.want {
			t.Errorf("%s posts to %s, want %s", c.cat, v.Lines[1].AccountCode, c.want)
		}
	}
	a, _ := tb.AccountByCode("490102")
	if a.Name != "社区团购佣金" {
		t.Errorf("490102 = %s", a.Name)
	}
}

// A deposit leaves the compound's fund as it was, but the money held at the
// street is not spendable until it comes back.
func TestDepositKeepsTheFundButNotTheSpendableMoney(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-01-10", line("收停车费", "1002", "阳光小区", "10000", ""), line("收停车费", "4301", "阳光小区", "", "10000"))
	tb.post("2026-02-10", line("付保洁费", "5101", "阳光小区", "2500", ""), line("付保洁费", "1002", "阳光小区", "", "2500"))
	tb.post("2026-03-10", line("收广告费", "1002", "和平小区", "800", ""), line("收广告费", "4901", "和平小区", "", "800"))
	// Income billed but not received: fund counts it, the bank does not.
	tb.post("2026-03-11", line("应收租金", "1122", "和平小区", "500", ""), line("应收租金", "4301", "和平小区", "", "500"))
	sun, _ := tb.CompoundByName("阳光小区")
	peace, _ := tb.CompoundByName("和平小区")
	fundBefore, _ := tb.FundBalance(sun.ID, 202603)
	spendBefore, _ := tb.Spendable(sun.ID, 202603)

	q, _ := ParseQuarter("2026Q1")
	deps, plans, err := MakeDeposits(tb.accountant, q, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(deps) != 2 || len(plans) != 2 {
		t.Fatalf("deposits %+v plans %+v", deps, plans)
	}
	if !deps[0].Amount.Equal(yuan("7500")) || !deps[1].Amount.Equal(yuan("800")) {
		t.Errorf("amounts %s %s, want 7500 and 800 (capped at the bank balance)", deps[0].Amount, deps[1].Amount)
	}
	v, _ := tb.Voucher(deps[0].VoucherID)
	if v.Kind != books.VoucherDeposit || v.Lines[0].AccountCode != "100901" || v.Lines[1].AccountCode != "1002" || v.Date != "2026-03-31" {
		t.Errorf("deposit voucher %s %s %+v", v.Kind, v.Date, v.Lines)
	}
	for _, d := range deps {
		tb.postID(d.VoucherID)
	}
	fundAfter, _ := tb.FundBalance(sun.ID, 202603)
	spendAfter, _ := tb.Spendable(sun.ID, 202603)
	if !fundAfter.Equal(fundBefore) || !spendAfter.Equal(spendBefore.Sub(yuan("7500"))) {
		t.Errorf("fund %s→%s spendable %s→%s: a deposit keeps the fund and takes the money deposited out of the spendable", fundBefore, fundAfter, spendBefore, spendAfter)
	}
	if sp, _ := tb.Spendable(peace.ID, 202603); !sp.IsZero() {
		t.Errorf("和平小区 spendable %s after depositing all it had, want 0", sp)
	}
	// Money the street sends back is spendable again.
	tb.post("2026-04-02", line("街道返还", "1002", "和平小区", "300", ""), line("街道返还", "100901", "和平小区", "", "300"))
	if sp, _ := tb.Spendable(peace.ID, 0); !sp.Equal(yuan("300")) {
		t.Errorf("和平小区 spendable %s after 300 came back, want 300", sp)
	}
	if tb.SpecialAccount() != "100901" {
		t.Errorf("special account %q", tb.SpecialAccount())
	}
	// The same quarter is not deposited twice.
	again, _, err := MakeDeposits(tb.accountant, q, "", "")
	if err != nil || len(again) != 0 {
		t.Errorf("second deposit of 2026Q1: %d made, %v", len(again), err)
	}
	// Next quarter only new revenue moves.
	tb.post("2026-04-10", line("收停车费", "1002", "阳光小区", "1000", ""), line("收停车费", "4301", "阳光小区", "", "1000"))
	q2, _ := ParseQuarter("2026Q2")
	deps, _, err = MakeDeposits(tb.accountant, q2, "", "阳光小区")
	if err != nil || len(deps) != 1 || !deps[0].Amount.Equal(yuan("1000")) {
		t.Errorf("Q2 deposit %+v %v", deps, err)
	}
}

func TestDepositRuralCreatesBasicAndSpecialAccounts(t *testing.T) {
	path := t.TempDir() + "/rural.sunbooks"
	b, err := books.Create(path, books.CreateOptions{Street: "城关街道", Community: "东村社区", Code: "R1", Chart: "rural2023", UserName: "会计", Password: "secret1"}, withSpending(Module())...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, _ := b.Login("会计", "secret1")
	if _, err := s.AddCompound("东苑"); err != nil {
		t.Fatal(err)
	}
	q, _ := ParseQuarter("2026Q1")
	if _, _, err := MakeDeposits(s, q, "", ""); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"10201", "10202"} {
		if _, err := b.AccountByCode(code); err != nil {
			t.Errorf("account %s: %v", code, err)
		}
	}
	if bank, _ := bankLeaf(b.DB()); bank != "10201" {
		t.Errorf("bank leaf %s, want 10201", bank)
	}
}

func TestParseQuarter(t *testing.T) {
	q, err := ParseQuarter("2026Q1")
	if err != nil || q.First() != 202601 || q.Last() != 202603 || q.String() != "2026Q1" {
		t.Errorf("2026Q1 = %+v %v", q, err)
	}
	for _, s := range []string{"2026Q5", "2026", "Q1", "2026Q12"} {
		if _, err := ParseQuarter(s); err == nil {
			t.Errorf("ParseQuarter(%q) accepted", s)
		}
	}
}

func TestVerifyFindsHandEditedBill(t *testing.T) {
	tb, l := leaseBook(t)
	if _, err := BillRent(tb.accountant, l.Number, 202601, ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := tb.Verify(t.Context()); len(p) != 0 {
		t.Fatalf("clean book: %v", p)
	}
	if _, err := tb.DB().Exec(`UPDATE lease_bill SET amount_fen = 100`); err != nil {
		t.Fatal(err)
	}
	// The seal names the row changed; the income check, what it breaks.
	p, _ := tb.Verify(t.Context())
	if len(p) != 2 || !strings.Contains(p[0], "租金账单 租约 租-0001 2026-01（lease_bill 1）的内容与封存时不一致") || !strings.Contains(p[1], "租金应收") {
		t.Errorf("Verify = %v", p)
	}
}

func TestDepositKeepsReserveOnTheBank(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-01-10", line("收停车费", "1002", "阳光小区", "10000", ""), line("收停车费", "4301", "阳光小区", "", "10000"))
	tb.post("2026-01-11", line("收停车费", "1002", "和平小区", "1500", ""), line("收停车费", "4301", "和平小区", "", "1500"))
	q, _ := ParseQuarter("2026Q1")
	deps, plans, err := MakeDepositsKeeping(tb.accountant, q, "2026-04-03", "", yuan("2000"))
	if err != nil {
		t.Fatal(err)
	}
	if len(deps) != 1 || !deps[0].Amount.Equal(yuan("8000")) || deps[0].CompoundName != "阳光小区" {
		t.Errorf("deposits %+v", deps)
	}
	if plans[1].Amount.IsPositive() || !strings.Contains(plans[1].Note, "备用金") {
		t.Errorf("和平小区 plan %+v", plans[1])
	}
	v, _ := tb.Voucher(deps[0].VoucherID)
	if v.Date != "2026-04-03" {
		t.Errorf("date %s", v.Date)
	}
	if _, _, err := MakeDeposits(tb.accountant, q, "2026-03-15", ""); books.ErrorCode(err) != books.Invalid {
		t.Errorf("deposit dated inside the quarter: %v", err)
	}
}

func TestRentReceivableNeverLandsOnAnotherChild(t *testing.T) {
	tb, l := leaseBook(t)
	if _, err := tb.accountant.AddAccount("1122", "112201", "备用金"); err != nil {
		t.Fatal(err)
	}
	b, err := BillRent(tb.accountant, l.Number, 202601, "")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(b.VoucherID)
	if v.Lines[0].AccountCode != "112202" || v.Lines[0].AccountName != "应收租金" {
		t.Errorf("receivable %s %s, want 112202 应收租金", v.Lines[0].AccountCode, v.Lines[0].AccountName)
	}
	r, err := ReceiveRent(tb.cashier, l.Number, "2026-01-03", yuan("3000"), "")
	if err != nil {
		t.Fatal(err)
	}
	v, _ = tb.Voucher(r.VoucherID)
	if v.Lines[1].AccountCode != "112202" {
		t.Errorf("receipt credits %s, want 112202", v.Lines[1].AccountCode)
	}
}

func TestDepositRuralRefusesWhenBankAlreadyPosted(t *testing.T) {
	b, err := books.Create(t.TempDir()+"/rural.sunbooks", books.CreateOptions{Street: "城关街道", Community: "东村社区", Code: "R1", Chart: "rural2023", UserName: "会计", Password: "secret1"}, withSpending(Module())...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, _ := b.Login("会计", "secret1")
	s.AddUser("出纳", books.RoleCashier, "secret1")
	c, _ := b.Login("出纳", "secret1")
	s.AddCompound("东苑")
	v, err := s.SaveVoucher(books.Voucher{Date: "2026-01-05", Lines: []books.Line{line("收租金", "102", "东苑", "100", ""), line("收租金", "501", "东苑", "", "100")}})
	if err != nil {
		t.Fatal(err)
	}
	c.ReviewVoucher(v.ID)
	if err := s.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	q, _ := ParseQuarter("2026Q1")
	if _, _, err := MakeDeposits(s, q, "", ""); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "10202") {
		t.Errorf("deposit with 102 posted and childless: %v", err)
	}
}

func TestDepositReversalReleasesTheQuarter(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-01-10", line("收停车费", "1002", "阳光小区", "1000", ""), line("收停车费", "4301", "阳光小区", "", "1000"))
	q, _ := ParseQuarter("2026Q1")
	deps, _, err := MakeDeposits(tb.accountant, q, "", "")
	if err != nil || len(deps) != 1 {
		t.Fatalf("%+v %v", deps, err)
	}
	tb.postID(deps[0].VoucherID)
	rv, err := tb.accountant.ReverseVoucher(deps[0].VoucherID, "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	tb.postID(rv.ID)
	if ds, _ := Deposits(tb.Book, "2026Q1"); len(ds) != 0 {
		t.Errorf("reversed deposit still counts: %+v", ds)
	}
	again, _, err := MakeDeposits(tb.accountant, q, "", "")
	if err != nil || len(again) != 1 || !again[0].Amount.Equal(yuan("1000")) {
		t.Errorf("deposit after reversal: %+v %v", again, err)
	}
}
