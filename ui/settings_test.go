package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

func TestOperationLogListsChangesAndVerifyPasses(t *testing.T) {
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("100")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("100")})
	u := openApp(t, path, "王审计")
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("操作日志")
	c := u.win.Canvas()
	assertShows(t, c, "记账 | 记-0001")
	assertShows(t, c, "李出纳")
	s.verify()
	u.long.Wait()
	if !strings.HasPrefix(s.verifyOut.Text, "校验通过") {
		t.Errorf("verify of a sound book says %q", s.verifyOut.Text)
	}
}

func TestClosingAMonthWithDraftsIsRefusedInChinese(t *testing.T) {
	path := newTestBookFile(t)
	// A draft of last month: the month has ended, its work has not.
	now := time.Now()
	last := books.Period(now.Year()*100 + int(now.Month())).Prev()
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := b.Login("张会计", "secret1")
	if _, err := acc.SaveVoucher(books.Voucher{Date: last.First(), Lines: []books.Line{
		{Memo: "收到补助", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("5000"), Credit: money("0")},
		{Memo: "收到补助", AccountCode: "4401", CompoundName: "阳光小区", Debit: money("0"), Credit: money("5000")}}}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	closeFromSettings(t, u, last)
	if u.book.IsClosed(last) {
		t.Fatal("closed a month with a draft voucher")
	}
	assertShows(t, u.win.Canvas(), last.Chinese()+" 还有凭证没有记账：记-0001")
}

// closeFromSettings picks month p under 设置 → 期间与结账 and taps 结账, then
// confirms.
func closeFromSettings(t *testing.T, u *App, p books.Period) {
	t.Helper()
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("期间与结账")
	for i, x := range s.periods {
		if x.Period == p {
			s.periodSel = i
		}
	}
	tapButton(t, u.win.Canvas(), "结账")
	tapButton(t, u.win.Canvas(), "结账")
}

// The month in progress is not closed: its last day has not passed.
func TestClosingTheCurrentMonthIsRefused(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	now := time.Now()
	cur := books.Period(now.Year()*100 + int(now.Month()))
	closeFromSettings(t, u, cur)
	if u.book.IsClosed(cur) {
		t.Fatal("closed the month in progress")
	}
	assertShows(t, u.win.Canvas(), "还没有结束")
}

func TestNewLevelPolicyIsListedWithItsBands(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("事项标准与程序")
	c := u.win.Canvas()
	assertShows(t, c, "小微 < 5,000.00")
	assertShows(t, c, "重大：社区党组织提议 → 两委联席会议商议（表决）")
	tapButton(t, c, "新增标准…")
	tapButton(t, c, "确定")
	if ps, _ := spending.Policies(u.book); len(ps) == 0 {
		t.Fatalf("no policy stored; screen shows %q", visibleText(c))
	}
	assertShows(t, c, "已新增事项等级标准")
}

func TestProcedureEditSavesANewVersion(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("事项标准与程序")
	c := u.win.Canvas()
	tapButton(t, c, "修改议事程序…")
	tapButton(t, c, "确定")
	assertShows(t, c, "议事程序已存为第")
}

func TestParseStepsReadsPhaseAndVote(t *testing.T) {
	for _, c := range []struct {
		text, want, err string
	}{
		{"社区党组织提议\n两委联席会议决定｜表决", "社区党组织提议/review/false;两委联席会议决定/review/true", ""},
		{"实施结果公开｜结项前", "实施结果公开/close/false", ""},
		{"决议公开 | 付款前", "决议公开/payment/false", ""},
		{"开会｜明天", "", "一般事项第 1 行：看不懂“明天”"},
	} {
		steps, err := parseSteps(spending.LevelGeneral, c.text)
		if c.err != "" {
			if err == nil || !strings.Contains(books.ErrorMessage(err), c.err) {
				t.Errorf("parseSteps(%q) error = %v, want %q", c.text, err, c.err)
			}
			continue
		}
		var got []string
		for _, s := range steps {
			got = append(got, fmt.Sprintf("%s/%s/%v", s.Name, s.Phase, s.Vote))
		}
		if strings.Join(got, ";") != c.want || err != nil {
			t.Errorf("parseSteps(%q) = %q, %v; want %q", c.text, strings.Join(got, ";"), err, c.want)
		}
	}
}

// The log reads in Chinese and goes out whole, with its chain.
func TestOperationLogReadsInChineseAndExports(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "张会计")
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("操作日志")
	s.loadLog()
	if strings.Contains(visibleText(u.win.Canvas()), `{"`) {
		t.Errorf("the log shows raw JSON:\n%s", visibleText(u.win.Canvas()))
	}
	out := filepath.Join(t.TempDir(), "日志.xlsx")
	done := make(chan error, 1)
	s.exportLog(out, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) < 3 || !strings.Contains(strings.Join(rows[1], ","), "本条哈希") || !strings.Contains(strings.Join(rows[2], ","), "科目模板：npo2004") {
		t.Errorf("exported rows %v", rows)
	}
}
