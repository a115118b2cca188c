package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sunbooks/books"
)

// waitFor waits for long work to report on screen; it never judges speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never happened", what)
}

func TestOperationLogListsChangesAndVerifyPasses(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("100")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("100")})
	u := openApp(t, path, "王审计")
	s := u.Show("settings").(*settingsScreen)
	s.tabs.SelectIndex(6)
	c := u.win.Canvas()
	assertShows(t, c, "voucher.post")
	assertShows(t, c, "李出纳")
	s.verify()
	waitFor(t, "verify", func() bool { return s.verifyOut.Text != "" })
	if !strings.HasPrefix(s.verifyOut.Text, "校验通过") {
		t.Errorf("verify of a sound book says %q", s.verifyOut.Text)
	}
}

func TestClosingAMonthWithDraftsIsRefusedInChinese(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	s := u.Show("settings").(*settingsScreen)
	s.tabs.SelectIndex(0)
	for i, p := range s.periods {
		if p.Period == e.v.Period {
			s.periodSel = i
		}
	}
	c := u.win.Canvas()
	tapButton(t, c, "结账")
	tapButton(t, c, "Yes")
	if u.book.IsClosed(e.v.Period) {
		t.Fatal("closed a month with a draft voucher")
	}
	assertShows(t, c, e.v.Period.Chinese()+" 还有凭证没有记账：记-0001")
}
