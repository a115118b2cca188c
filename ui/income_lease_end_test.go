package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
	"sunbooks/books/standard"
)

// leaseBookFile is newTestBookFile with a room let to 好邻居超市 at 3,000.00
// a month for 2026, March billed in full.
func leaseBookFile(t *testing.T) string {
	t.Helper()
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, _ := b.Login("张会计", "secret1")
	a, _ := income.ParseArea("120")
	r, err := income.AddRoom(s, income.Room{Location: "2号楼101", CompoundName: "阳光小区", Area: a})
	if err != nil {
		t.Fatal(err)
	}
	l, err := income.AddLease(s, income.Lease{Tenant: "好邻居超市", RoomID: r.ID, Start: "2026-01-01", End: "2026-12-31", Rent: []income.RentStep{{Amount: money("3000")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := income.BillRent(s, l.Number, 202603, ""); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIncomeLeaseTerminationAsksThenEndsTheLease(t *testing.T) {
	path := leaseBookFile(t)
	u := openApp(t, path, "张会计")
	s := u.Show("income").(*incomeScreen)
	c := u.win.Canvas()
	s.tabs.SelectIndex(1)
	assertShows(t, c, "履行中")
	if !s.terminateBtn.Disabled() {
		t.Fatalf("终止租约 offered with no lease picked")
	}
	s.leaseTable.Select(widget.TableCellID{Row: 0, Col: 0})
	if s.terminateBtn.Disabled() {
		t.Fatalf("终止租约 not offered for a running lease")
	}

	// 取消 on the confirmation leaves the lease as it was.
	tapButton(t, c, "终止租约…")
	s.endDate.SetText("2026-03-10")
	test.Type(s.endReason, "承租人退租")
	tapButton(t, c, "确定")
	assertShows(t, c, "确定终止租约 租-0001（好邻居超市，阳光小区 2号楼101）？")
	tapButton(t, c, "取消")
	if l, _ := income.LeaseByNumber(u.book, 1); l.TerminatedOn != "" {
		t.Fatalf("cancelled, yet the lease was terminated on %s", l.TerminatedOn)
	}

	// A refusal from books comes back in Chinese.
	tapButton(t, c, "终止租约…")
	s.endDate.SetText("2027-03-10")
	test.Type(s.endReason, "承租人退租")
	tapButton(t, c, "确定")
	tapButton(t, c, "确认终止")
	assertShows(t, c, "终止日期 2027-03-10 不在租约 租-0001 的租期")
	closeDialogs(u)

	s.leaseTable.Select(widget.TableCellID{Row: 0, Col: 0})
	tapButton(t, c, "终止租约…")
	s.endDate.SetText("2026-03-10")
	test.Type(s.endReason, "承租人退租")
	saveShot(t, u.win, "终止租约")
	tapButton(t, c, "确定")
	tapButton(t, c, "确认终止")
	saveShot(t, u.win, "终止租约-已终止")
	assertShows(t, c, "已终止租约 租-0001：租期止于 2026-03-10，最后一期租金 967.74 元；超出部分 2,032.26 元由红字凭证 记-0002（草稿）冲减")
	assertShows(t, c, "已终止 2026-03-10")
	l, _ := income.LeaseByNumber(u.book, 1)
	if l.TerminatedOn != "2026-03-10" || l.TerminationReason != "承租人退租" {
		t.Errorf("lease after 确认终止: %+v", l)
	}
	s.leaseTable.Select(widget.TableCellID{Row: 0, Col: 0})
	if !s.terminateBtn.Disabled() {
		t.Errorf("终止租约 still offered for a terminated lease")
	}
	// The reason is read beside the button, the table staying narrow.
	assertShows(t, c, "租-0001 已终止：2026-03-10 止（承租人退租）")
	saveShot(t, u.win, "终止租约-选中")
}

func TestIncomeLeaseTerminationIsTheAccountants(t *testing.T) {
	u := openApp(t, leaseBookFile(t), "李出纳")
	s := u.Show("income").(*incomeScreen)
	s.tabs.SelectIndex(1)
	if s.terminateBtn.Visible() {
		t.Errorf("a 出纳 is offered 终止租约")
	}
}
