package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// approvedApp takes an application of category through deliberation,
// review and the street's approval straight through the books API, and
// returns its number.
func approvedApp(t *testing.T, community, street, title, category string) string {
	t.Helper()
	b, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := b.Login("王业委", "secret1")
	p, _ := b.Login("赵书记", "secret1")
	acc, _ := b.Login("张会计", "secret1")
	a, err := spending.Apply(w, spending.ApplyInput{Compound: "阳光小区", Title: title, Category: category, Amount: money("1000"), Payee: "明亮电器行"})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if _, err := spending.Submit(w, a.No, ""); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	in := spending.DeliberationInput{Step: spending.StepJointDecision, Date: todayDate(), Form: "现场会议", Expected: 9, Present: 8, For: 8}
	if _, err := spending.Deliberate(p, a.No, in); err != nil {
		t.Fatalf("Deliberate: %v", err)
	}
	if err := spending.Review(p, a.No, "approve", "同意"); err != nil {
		t.Fatalf("Review: %v", err)
	}
	req, err := spending.ExportRequest(acc, a.No)
	if err != nil {
		t.Fatalf("ExportRequest: %v", err)
	}
	reqPath := filepath.Join(t.TempDir(), "request.json")
	if err := os.WriteFile(reqPath, req, 0o644); err != nil {
		t.Fatal(err)
	}
	b.Close()
	dec, err := os.ReadFile(streetDecides(t, street, reqPath))
	if err != nil {
		t.Fatal(err)
	}
	if b, err = books.Open(community, standard.Modules()...); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ = b.Login("张会计", "secret1")
	if _, err := spending.ImportDecision(acc, dec); err != nil {
		t.Fatalf("ImportDecision: %v", err)
	}
	return a.No
}

func TestPaymentOffersTheExpenseAccountLastUsedForTheCategory(t *testing.T) {
	community, street := spendingBooks(t)
	first := approvedApp(t, community, street, "修水泵", "物业维修")
	second := approvedApp(t, community, street, "修路灯", "物业维修")
	other := approvedApp(t, community, street, "慰问金", "困难帮扶")

	u := openApp(t, community, "张会计")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()

	// The first payment of 物业维修: nothing to go by, so nothing is chosen.
	s.open(first)
	s.tabs.SelectIndex(3)
	if got := s.pay.to.Text; got != "" {
		t.Fatalf("first payment of a category offers %q; want no account until one is chosen", got)
	}
	assertShows(t, c, "本账簿尚无“物业维修”类支出的付款记录，请选择支出科目。")
	// Picked by its 助记码 from the list; paid.
	c.Focus(s.pay.to)
	typeKeys(t, u.win, "glfy")
	saveShot(t, u.win, "付款-支出科目-1280x720")
	press(t, u.win, fyne.KeyReturn)
	if got := s.pay.to.Text; got != "5201 管理费用" {
		t.Fatalf("glfy picked %q, want 5201 管理费用", got)
	}
	s.pay.date.SetText(todayDate())
	s.payNow()
	tapButton(t, c, "付款") // the confirmation
	assertShows(t, c, "已生成付款凭证")
	assertShows(t, c, "（1,000.00 元），待审核")
	closeDialogs(u)

	// The next 物业维修 payment offers 5201, and says why.
	s.open(second)
	s.tabs.SelectIndex(3)
	if got := s.pay.to.Text; got != "5201 管理费用" {
		t.Errorf("second payment of 物业维修 offers %q, want 5201 管理费用", got)
	}
	assertShows(t, c, "按本账簿上次“物业维修”类支出付款所用的科目预填，请核对。")

	// Another category does not borrow it.
	s.open(other)
	s.tabs.SelectIndex(3)
	if got := s.pay.to.Text; got != "" {
		t.Errorf("困难帮扶 offers %q, the account of another category", got)
	}
}

// At 1280×720 the whole payment form and its 付款 button are in view on
// opening the tab, without scrolling, and come before the record of
// payments made, which can grow.
func TestPaymentFormFitsA1280x720Window(t *testing.T) {
	community, street := spendingBooks(t)
	no := approvedApp(t, community, street, "修水泵", "物业维修")
	u := openApp(t, community, "张会计")
	u.win.Resize(fyne.NewSize(1280, 720))
	s := u.Show("spending").(*spendingScreen)
	s.open(no)
	s.tabs.SelectIndex(3)
	saveShot(t, u.win, "付款-1280x720")
	checkPlaced(t, u.win, []placed{
		{"付款金额", s.pay.amount, 120, 0},
		{"日期", s.pay.date, 100, 0},
		{"支出科目", s.pay.to, 300, 0},
		{"付款账户", s.pay.from, 200, 0},
		{"摘要", s.pay.memo, 300, 0},
		{"付款", s.pay.payBtn, 0, 0},
	})
	d := fyne.CurrentApp().Driver()
	if btn, table := d.AbsolutePositionForObject(s.pay.payBtn), d.AbsolutePositionForObject(s.pay.table); btn.Y > table.Y {
		t.Errorf("the 付款 button (y %v) sits below the payments made (y %v)", btn.Y, table.Y)
	}
}
