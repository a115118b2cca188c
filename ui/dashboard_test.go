package ui

import (
	"testing"

	"sunbooks/books"
)

func TestDashboardShowsFundsOpenMonthsAndWaitingVouchers(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("8888.88")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("8888.88")})
	u := openApp(t, path, "李出纳")
	if ids := u.ScreenIDs(); len(ids) == 0 || ids[0] != "home" {
		t.Fatalf("first screen = %v, want home", ids)
	}
	c := u.win.Canvas()
	assertShows(t, c, "各小区资金")
	assertShows(t, c, "阳光小区")
	assertShows(t, c, "8,888.88")
	assertShows(t, c, "2026年3月：已记账 1 张，可以结账")
	assertShows(t, c, "没有等待您处理的事项")
}
