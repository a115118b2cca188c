package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sunbooks/books"
	"sunbooks/books/income"
)

func TestRoomsRegisterShowsVacancyAndServiceShare(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s, ok := u.Show("income").(*incomeScreen)
	if !ok {
		t.Fatalf("no 收入 screen: %v", u.ScreenIDs())
	}
	c := u.win.Canvas()
	add := func(location, area, use, tenant string) {
		t.Helper()
		s.clearRoom()
		test.Type(s.rLocation, location)
		s.rCompound.SetSelected("阳光小区")
		test.Type(s.rArea, area)
		s.rUse.SetSelected(use)
		test.Type(s.rTenant, tenant)
		tapButton(t, c, "登记用房")
	}
	add("1号楼底商", "100", "出租", "便民超市")
	add("2号楼一层", "60", "便民服务", "")
	add("3号楼一层", "40", "空置", "")
	assertShows(t, c, "3号楼一层")
	// Vacant 40 of 200 recovered: 20%; service 60 of 200: 30%.
	assertShows(t, c, "空置率 20.00%")
	assertShows(t, c, "便民服务占比 30.00%")

	// A refusal from the register, in Chinese.
	add("4号楼一层", "50", "出租", "")
	assertShows(t, c, "用房“4号楼一层”用于出租，请填写承租人")
	closeDialogs(u)

	// Letting the empty room out moves the vacancy to zero.
	for i, r := range s.rooms {
		if r.Location == "3号楼一层" {
			s.pickRoom(i)
		}
	}
	s.rUse.SetSelected("出租")
	test.Type(s.rTenant, "理发店")
	tapButton(t, c, "保存修改")
	assertShows(t, c, "空置率 0.00%")
}

func TestLeaseTurnoverGivesShare(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("income").(*incomeScreen)
	c := u.win.Canvas()
	test.Type(s.rLocation, "1号楼底商")
	s.rCompound.SetSelected("阳光小区")
	test.Type(s.rArea, "120")
	tapButton(t, c, "登记用房")

	s.tabs.SelectIndex(1)
	s.lRoom.SetSelectedIndex(0)
	test.Type(s.lTenant, "便民超市")
	test.Type(s.lStart, "2026-01-01")
	test.Type(s.lEnd, "2028-12-31")
	test.Type(s.lRent, "3000")
	test.Type(s.lRate, "5")
	test.Type(s.lThreshold, "500000")
	tapButton(t, c, "登记租约")
	assertShows(t, c, "租-0001")
	assertShows(t, c, "5%（超过 500,000.00 元的部分）")

	s.tabs.SelectIndex(2)
	test.Type(s.tAmount, "620000")
	tapButton(t, c, "登记营业额")
	assertShows(t, c, "第 1 年营业额 620,000.00 元 → 分成 6,000.00 元")
	s.tAmount.SetText("480000")
	tapButton(t, c, "登记营业额")
	assertShows(t, c, "分成 0.00 元")
}

func TestOtherIncomeAndQuarterlyDeposit(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("5000")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("5000")})
	u := openApp(t, path, "张会计")
	s := u.Show("income").(*incomeScreen)
	c := u.win.Canvas()

	s.tabs.SelectIndex(4)
	s.iDate.SetText("2026-03-10")
	s.iCompound.SetSelected("阳光小区")
	s.iCategory.SetSelectedIndex(0)
	test.Type(s.iPayer, "优选团购平台")
	test.Type(s.iAmount, "321.50")
	tapButton(t, c, "登记收入")
	assertShows(t, c, "优选团购平台")
	assertShows(t, c, "321.50")
	// The voucher is named with its month, in the list and in the status line.
	if got, _ := s.itemTable.cell(0, 6); got != "2026年3月 记-0002" {
		t.Errorf("the income's voucher shows as %q, want 2026年3月 记-0002", got)
	}
	assertShows(t, c, "凭证 2026年3月 记-0002，草稿")

	s.tabs.SelectIndex(5)
	if s.quarter.Selected != "2026年第1季度" {
		t.Fatalf("quarter offered = %q, want 2026年第1季度 (March ends it)", s.quarter.Selected)
	}
	assertShows(t, c, "5,000.00") // 阳光小区's posted public revenue
	tapButton(t, c, "生成缴存凭证")
	assertShows(t, c, "2026年第1季度 生成缴存凭证 1 张")
	assertShows(t, c, "2026Q1")
	if got, _ := s.depTable.cell(0, 3); !strings.HasPrefix(got, "2026年3月 记-") {
		t.Errorf("the deposit's voucher shows as %q, want it named with its month", got)
	}
}

// 导入结算单 turns the shipped workshop sheet into drafts and lists them; the
// same sheet again is refused on screen.
func TestIncomeImportsASettlementSheet(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("income").(*incomeScreen)
	s.tabs.SelectIndex(4)
	assertShows(t, u.win.Canvas(), "导入结算单…")
	sheet := filepath.Join("..", "testdata", "结算单", "共富工坊-2026年3月-计件结算.xlsx")
	run := func() (income.SettlementResult, error) {
		ch := make(chan struct{})
		var res income.SettlementResult
		var err error
		s.importSettlement(income.SourceWorkshop, sheet, func(r income.SettlementResult, e error) { res, err = r, e; close(ch) })
		<-ch
		return res, err
	}
	res, err := run()
	if err != nil || len(res.Vouchers) != 2 || books.PlainYuan(res.Commission) != "665.00" {
		t.Fatalf("import: %+v %v", res, err)
	}
	if items, err := income.IncomeItems(u.book, 202603, 202603); err != nil || len(items) != 2 || items[0].Payer != income.SourceWorkshop {
		t.Errorf("income items of March: %+v %v", items, err)
	}
	if _, err := run(); books.ErrorCode(err) != books.Conflict {
		t.Errorf("the same sheet again: %v", err)
	}
}
