package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/standard"
)

var ctrlS = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl}

// entryOf opens 凭证 → 填制凭证 with a new voucher, the cursor in the first memo.
func entryOf(t *testing.T, u *App) *voucherEntry {
	t.Helper()
	s, ok := u.Show("vouchers").(*vouchersScreen)
	if !ok {
		t.Fatalf("no 凭证 screen for %s; screens %v", u.sess.User().Name, u.ScreenIDs())
	}
	s.tabs.Select(s.entryTab)
	if u.win.Canvas().Focused() != s.entry.rows[0].memo {
		t.Fatalf("a new voucher does not start in the first memo")
	}
	return s.entry
}

// typeLine types one line from the memo cell with Enter between cells, as an
// accountant does: memo, account, compound, debit, credit.
func typeLine(t *testing.T, u *App, memo, account, compound, debit, credit string) {
	t.Helper()
	w := u.win
	if memo != "" {
		f := w.Canvas().Focused().(*cellEntry)
		f.SetText("")
		typeKeys(t, w, memo)
	}
	press(t, w, fyne.KeyReturn)
	typeKeys(t, w, account)
	press(t, w, fyne.KeyReturn)
	if compound != "" {
		w.Canvas().Focused().(*cellEntry).SetText("")
		typeKeys(t, w, compound)
	}
	press(t, w, fyne.KeyReturn)
	typeKeys(t, w, debit)
	press(t, w, fyne.KeyReturn)
	if debit == "" {
		typeKeys(t, w, credit)
		press(t, w, fyne.KeyReturn)
	}
}

func TestTypedVoucherIsSavedWithPinyinAccountAndBalancingAmount(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到三月停车费", "yhck", "yg", "1234.5", "")
	// The second line keeps memo and compound from the line above; its
	// credit offers the balancing amount, which Enter takes.
	typeLine(t, u, "", "4901", "", "", "")
	if got := e.rows[1].compound.Text; got != "阳光小区" {
		t.Errorf("second line's compound = %q, want 阳光小区 carried down", got)
	}
	assertShows(t, u.win.Canvas(), "借贷平衡")
	assertShows(t, u.win.Canvas(), "壹仟贰佰叁拾肆元伍角")
	u.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(ctrlS)

	if e.v.ID == 0 {
		t.Fatalf("voucher not saved; screen shows %q", visibleText(u.win.Canvas()))
	}
	assertShows(t, u.win.Canvas(), "记-0001")
	v, err := u.book.Voucher(e.v.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"收到三月停车费|1002|阳光小区|1234.50|0.00", "收到三月停车费|4901|阳光小区|0.00|1234.50"}
	if len(v.Lines) != len(want) {
		t.Fatalf("saved %d lines, want %d", len(v.Lines), len(want))
	}
	for i, l := range v.Lines {
		got := strings.Join([]string{l.Memo, l.AccountCode, l.CompoundName, books.PlainYuan(l.Debit), books.PlainYuan(l.Credit)}, "|")
		if got != want[i] {
			t.Errorf("line %d = %s, want %s", i+1, got, want[i])
		}
	}
}

func TestUnbalancedVoucherIsRefusedInChinese(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "购买办公用品", "5201", "hp", "1000", "")
	typeLine(t, u, "", "1001", "", "", "900")
	assertShows(t, u.win.Canvas(), "差额：借方多 100.00")
	test.Tap(e.saveBtn)
	assertShows(t, u.win.Canvas(), "借贷不平：借方合计 1,000.00，贷方合计 900.00，借方多 100.00")
	if n, _ := u.book.CountVouchers(books.VoucherFilter{}); n != 0 {
		t.Errorf("the book has %d vouchers after a refused save, want 0", n)
	}
}

func TestUnknownAccountIsNamedWithItsLine(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	entryOf(t, u)
	typeKeys(t, u.win, "测试")
	press(t, u.win, fyne.KeyReturn)
	typeKeys(t, u.win, "zzzz")
	press(t, u.win, fyne.KeyReturn)
	assertShows(t, u.win.Canvas(), "第 1 行：找不到“zzzz”")
}

func TestReviewAndPostFromTheList(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	u.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(ctrlS)
	u.win.Close()

	// The preparer may not review; the cashier reviews and posts.
	c := openApp(t, path, "李出纳")
	s := c.Show("vouchers").(*vouchersScreen)
	if s.rows.total != 1 {
		t.Fatalf("list shows %d vouchers, want 1", s.rows.total)
	}
	assertShows(t, c.win.Canvas(), "未审核")
	s.table.Select(tableCell0)
	test.Tap(s.reviewBtn)
	assertShows(t, c.win.Canvas(), "已审核")
	test.Tap(s.postBtn)
	// Posting cannot be undone: it is asked first, and Enter confirms.
	assertShows(t, c.win.Canvas(), "记账后不能再修改或删除")
	press(t, c.win, fyne.KeyReturn)
	assertShows(t, c.win.Canvas(), "已记账")
	v, _ := c.book.Vouchers(books.VoucherFilter{})
	if len(v) != 1 || v[0].Status != books.StatusPosted || v[0].Reviewer != "李出纳" {
		t.Errorf("voucher after review and post = %+v, want posted, reviewed by 李出纳", v)
	}
}

func TestPreparerCannotReviewOwnVoucher(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到补助", "1002", "阳光小区", "5000", "")
	typeLine(t, u, "", "4401", "", "", "")
	test.Tap(e.saveBtn)
	// The preparer is not offered 审核, on the form or in the list.
	if !e.reviewBtn.Disabled() {
		t.Errorf("审核 is offered to the preparer on the voucher form")
	}
	s := u.Show("vouchers").(*vouchersScreen)
	s.tabs.Select(s.listTab)
	s.table.Select(tableCell0)
	if !s.reviewBtn.Disabled() {
		t.Errorf("审核 is offered to the preparer in the voucher list")
	}
	// The book refuses it all the same, with a sentence naming the voucher.
	if got := errorText(u.sess.ReviewVoucher(e.v.ID)); !strings.Contains(got, "是您本人制单的，审核须由另一人进行") {
		t.Errorf("reviewing one's own voucher: %q", got)
	}
}

func TestCompletionMatchesCodeNameAndPinyin(t *testing.T) {
	all := []candidate{
		{label: "1001 现金", code: "1001", name: "现金", mnem: "xj"},
		{label: "1002 银行存款", code: "1002", name: "银行存款", mnem: books.Mnemonic("银行存款")},
		{label: "5201 管理费用", code: "5201", name: "管理费用", mnem: "glfy"},
	}
	for _, c := range []struct{ typed, want string }{
		{"yhck", "1002 银行存款"},
		{"100", "1001 现金"},
		{"1002", "1002 银行存款"},
		{"银行", "1002 银行存款"},
		{"glfy", "5201 管理费用"},
		{"费用", "5201 管理费用"},
	} {
		m := matches(all, c.typed, 3)
		if len(m) == 0 || m[0].label != c.want {
			t.Errorf("matches(%q) first = %v, want %q", c.typed, m, c.want)
		}
	}
	if _, ok := resolve(all, "100"); ok {
		t.Errorf("resolve(\"100\") chose one of two accounts")
	}
}

var tableCell0 = widget.TableCellID{Row: 0, Col: 0}

func TestParentMnemonicFindsChildAccounts(t *testing.T) {
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := b.Login("张会计", "secret1")
	for _, c := range [][2]string{{"100201", "工商银行"}, {"100202", "农商银行"}} {
		if _, err := s.AddAccount("1002", c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	typeKeys(t, u.win, "存款")
	press(t, u.win, fyne.KeyReturn)
	typeKeys(t, u.win, "yhck")
	assertShows(t, u.win.Canvas(), "100201 银行存款—工商银行")
	assertShows(t, u.win.Canvas(), "100202 银行存款—农商银行")
	press(t, u.win, fyne.KeyDown)
	press(t, u.win, fyne.KeyReturn)
	if got := e.rows[0].account.Text; got != "100202 银行存款—农商银行" {
		t.Errorf("after ↓ Enter the account is %q, want 100202 银行存款—农商银行", got)
	}
	if u.win.Canvas().Focused() != e.rows[0].compound {
		t.Errorf("Enter on a chosen account did not move to the compound")
	}
}

func TestPageKeysWalkTheVouchersAcrossMonths(t *testing.T) {
	path := newTestBookFile(t)
	for _, d := range []string{"2026-02-10", "2026-03-05", "2026-03-06"} {
		postVoucher(t, path, d,
			books.Line{Memo: "收到停车费 " + d, AccountCode: "1002", CompoundName: "阳光小区", Debit: money("10")},
			books.Line{Memo: "收到停车费 " + d, AccountCode: "4901", CompoundName: "阳光小区", Credit: money("10")})
	}
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	// From a new voucher, PgUp shows the last of the working month (the
	// first not closed: February); then on through March, with the cells
	// read-only and nothing focused, the keys still reach the form.
	press(t, u.win, fyne.KeyPageUp)
	if e.v.Date != "2026-02-10" {
		t.Fatalf("PgUp shows the voucher of %q, want 2026-02-10", e.v.Date)
	}
	for _, want := range []string{"2026-03-05", "2026-03-06", "2026-03-06"} {
		u.win.Canvas().Unfocus()
		u.win.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		if e.v.Date != want {
			t.Fatalf("PgDn shows the voucher of %s, want %s", e.v.Date, want)
		}
	}
	assertShows(t, u.win.Canvas(), "前后没有更多凭证了")
}

func TestVoucherListFiltersByMonthStatusAccountCompoundAndText(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-02-10",
		books.Line{Memo: "二月停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("10")},
		books.Line{Memo: "二月停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("10")})
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "三月补助", AccountCode: "1001", CompoundName: "和平小区", Debit: money("20")},
		books.Line{Memo: "三月补助", AccountCode: "4401", CompoundName: "和平小区", Credit: money("20")})
	u := openApp(t, path, "张会计")
	s := u.Show("vouchers").(*vouchersScreen)
	count := func() int { s.apply(); return s.rows.total }
	s.scope.SetSelectedIndex(2) // 全部期间
	if n := count(); n != 2 {
		t.Fatalf("全部期间 lists %d, want 2", n)
	}
	s.scope.SetSelected("2026年3月")
	if n := count(); n != 1 {
		t.Errorf("2026年3月 lists %d, want 1", n)
	}
	s.scope.SetSelectedIndex(2)
	s.account.SetText("xj") // 现金 by its initials
	if n := count(); n != 1 || s.account.Text != "1001 现金" {
		t.Errorf("account xj lists %d (account shown %q), want 1 and 1001 现金", n, s.account.Text)
	}
	s.account.SetText("")
	s.compound.SetSelected("阳光小区")
	if n := count(); n != 1 {
		t.Errorf("阳光小区 lists %d, want 1", n)
	}
	s.compound.SetSelectedIndex(0)
	s.text.SetText("补助")
	if n := count(); n != 1 {
		t.Errorf("text 补助 lists %d, want 1", n)
	}
	s.text.SetText("")
	s.status.SetSelected("未审核")
	if n := count(); n != 0 {
		t.Errorf("未审核 lists %d, want 0", n)
	}
	assertShows(t, u.win.Canvas(), "共 0 张")
}

// Tab away from an account whose list is open, to a compound carried down
// from the line above: Enter keeps the compound (the list belonged to the
// account cell).
func TestEnterInCompoundIgnoresTheAccountList(t *testing.T) {
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := b.Login("张会计", "secret1")
	for _, c := range [][2]string{{"100201", "工商银行"}, {"100202", "农商银行"}} {
		if _, err := s.AddAccount("1002", c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	typeLine(t, u, "收到停车费", "4901", "yg", "100", "")
	press(t, u.win, fyne.KeyReturn) // memo carried down → account
	typeKeys(t, u.win, "yhck")
	assertShows(t, u.win.Canvas(), "100202 银行存款—农商银行")
	u.win.Canvas().FocusNext() // Tab
	if u.win.Canvas().Focused() != e.rows[1].compound {
		t.Fatalf("Tab from the account did not reach the compound")
	}
	press(t, u.win, fyne.KeyReturn)
	if got := e.rows[1].compound.Text; got != "阳光小区" {
		t.Errorf("compound after Enter = %q, want 阳光小区", got)
	}
}

func TestVoucherListOpensFromTheKeyboard(t *testing.T) {
	path := newTestBookFile(t)
	for _, d := range []string{"2026-03-05", "2026-03-06"} {
		postVoucher(t, path, d,
			books.Line{Memo: "收到停车费 " + d, AccountCode: "1002", CompoundName: "阳光小区", Debit: money("10")},
			books.Line{Memo: "收到停车费 " + d, AccountCode: "4901", CompoundName: "阳光小区", Credit: money("10")})
	}
	u := openApp(t, path, "张会计")
	s := u.Show("vouchers").(*vouchersScreen)
	u.win.Canvas().Unfocus()
	key := u.win.Canvas().(test.WindowlessCanvas).OnTypedKey()
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyReturn} {
		key(&fyne.KeyEvent{Name: k})
	}
	if s.tabs.Selected() != s.entryTab || s.entry.v.Date != "2026-03-06" {
		t.Errorf("↓↓ Enter shows %q on tab %q, want the voucher of 2026-03-06 in the form", s.entry.v.Date, s.tabs.Selected().Text)
	}
}

// A 用友 user's names find the account (kcxj for 现金, yh for the bank's
// children), and a search that finds nothing says so under the cell.
func TestAccountSearchKnowsCommonNamesAndSaysWhenNothingMatches(t *testing.T) {
	path := newTestBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := b.Login("张会计", "secret1")
	if _, err := s.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	e := entryOf(t, u)
	for _, tc := range []struct{ typed, want string }{
		{"kcxj", "1001 现金"},
		{"库存现金", "1001 现金"},
		{"yhgs", "100201 银行存款—工商银行"},
	} {
		m := matches(e.accounts, tc.typed, 5)
		if len(m) == 0 || m[0].label != tc.want {
			t.Errorf("typing %q offers %v first, want %q", tc.typed, m, tc.want)
		}
	}
	typeKeys(t, u.win, "备用金")
	press(t, u.win, fyne.KeyReturn)
	typeKeys(t, u.win, "zzqq")
	assertShows(t, u.win.Canvas(), "没有找到“zzqq”")
	if e.suggest.visible() || !e.suggest.noting() {
		t.Errorf("the note offers something to pick")
	}
	press(t, u.win, fyne.KeyBackspace)
	press(t, u.win, fyne.KeyBackspace)
	press(t, u.win, fyne.KeyBackspace)
	press(t, u.win, fyne.KeyBackspace)
	typeKeys(t, u.win, "kcxj")
	assertShows(t, u.win.Canvas(), "1001 现金")
}
