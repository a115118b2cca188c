package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/demo"
)

// noticeBook is a test book with one posted income in March 2026.
func noticeBook(t *testing.T) string {
	t.Helper()
	path := newTestBookFile(t)
	postVoucher(t, path, "2026-03-05",
		books.Line{Memo: "收到停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: money("1234.50")},
		books.Line{Memo: "收到停车费", AccountCode: "4901", CompoundName: "阳光小区", Credit: money("1234.50")})
	return path
}

// waitPreview shows the 公示 screen and waits for its first preview.
func waitPreview(t *testing.T, u *App) *noticeScreen {
	t.Helper()
	ch := make(chan struct{}, 4)
	s, ok := u.Show("notice").(*noticeScreen)
	if !ok {
		t.Fatalf("no 公示 screen: %v", u.ScreenIDs())
	}
	// The preview Show started is over before the hook is set.
	u.reading.Wait()
	s.previewed = func() { ch <- struct{}{} }
	s.preview()
	<-ch
	return s
}

func TestNoticePrintWritesPDF(t *testing.T) {
	u := openApp(t, noticeBook(t), "张会计")
	s := waitPreview(t, u)
	openedCh := make(chan string, 1)
	saved := openFile
	openFile = func(p string) error { openedCh <- p; return nil }
	t.Cleanup(func() { openFile = saved })

	out := filepath.Join(t.TempDir(), "公示.pdf")
	done := make(chan error, 1)
	s.savePDF(out, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("save PDF: %v", err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no PDF written at %s: %v", out, err)
	}
	data, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(data), "%PDF") {
		t.Errorf("%s is not a PDF", out)
	}

	s.print()
	opened := <-openedCh
	if st, err := os.Stat(opened); err != nil || st.Size() == 0 {
		t.Errorf("打印 opened %s, which is missing or empty: %v", opened, err)
	}
}

// The preview draws the notice's own layout: one page per compound, the
// rows as the PDF prints them, with no PDF converter on the PC.
func TestNoticePreviewShowsPages(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	u := openApp(t, noticeBook(t), "张会计")
	s := waitPreview(t, u)
	c := u.win.Canvas()
	assertShows(t, c, "共 2 页") // 阳光小区 and 和平小区, one page each
	if s.doc.Pages() != 2 {
		t.Errorf("preview has %d pages, want 2", s.doc.Pages())
	}
	for _, want := range []string{"阳光社区财务公开榜", "收到停车费", "1,234.50", "壹仟贰佰叁拾肆元伍角", "社区党组织（盖章）"} {
		assertShows(t, c, want)
	}
	// One compound, one page.
	ch := make(chan struct{}, 1)
	s.previewed = func() { ch <- struct{}{} }
	s.compound.SetSelected("阳光小区")
	<-ch
	if s.doc.Pages() != 1 {
		t.Errorf("preview of 阳光小区 has %d pages, want 1", s.doc.Pages())
	}
}

// March is not closed in the test book: the screen says so before anything
// is printed, and that the board will show 未结账.
func TestNoticeOfAMonthNotClosedWarnsOnScreen(t *testing.T) {
	u := openApp(t, noticeBook(t), "张会计")
	waitPreview(t, u)
	assertShows(t, u.win.Canvas(), "还没有结账，公示上印有“未结账”")
}

// 发布 keeps the chosen month's notice in the archive, as the exact PDF; a
// month published again needs a reason; the archive finds it by month and
// item text; only the 会计 and the 社区党组织 see 发布.
func TestNoticePublishAndArchive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "演示.sunbooks")
	b, err := demo.Create(path, demo.Options{Password: "secret1", Today: time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	u := openApp(t, path, "张会计")
	s := waitPreview(t, u)
	if s.publishB.Hidden {
		t.Fatal("the 会计 does not see 发布")
	}
	u.win.Resize(officeScreen)
	checkPlaced(t, u.win, []placed{{"发布…", s.publishB, 40, 20}})
	closed := -1
	for i, p := range s.periods {
		if u.book.IsClosed(p) {
			closed = i
		}
	}
	if closed < 0 {
		t.Fatal("the demo has no closed month")
	}
	s.month.SetSelectedIndex(closed)
	s.compound.SetSelectedIndex(0)
	publish := func(reason string) (books.Publication, error) {
		ch := make(chan struct{})
		var pub books.Publication
		var err error
		s.publish(reason, func(p books.Publication, e error) { pub, err = p, e; close(ch) })
		<-ch
		return pub, err
	}
	pub, err := publish("")
	if err != nil {
		t.Fatalf("publish: %s", books.ErrorMessage(err))
	}
	month := s.periods[closed]
	if pub.Version != 1 || pub.Period != month || pub.Scope() != "全部小区" || !strings.HasPrefix(pub.No, "公示-") {
		t.Errorf("published %+v", pub)
	}
	if _, err := publish(""); books.ErrorCode(err) != books.Invalid {
		t.Errorf("published again without a reason: %v", err)
	}
	if _, err := publish("更正摘要"); err != nil {
		t.Errorf("published again with a reason: %v", err)
	}
	a := s.archive
	if len(a.list) != 2 || a.list[0].ReplacedBy != a.list[1].No {
		t.Fatalf("the archive lists %+v", a.list)
	}
	if state, red := a.cell(0, 7); !red || !strings.Contains(state, a.list[1].No) {
		t.Errorf("version 1 shows %q", state)
	}
	items, err := u.book.PublishedItems(pub.No)
	if err != nil || len(items) == 0 {
		t.Fatalf("items of %s: %v %v", pub.No, items, err)
	}
	word := []rune(items[0].Memo)
	a.text.SetText(string(word[:min(4, len(word))]))
	a.load()
	if len(a.list) != 2 || len(a.list[0].Matches) == 0 {
		t.Errorf("searching %q: %+v", a.text.Text, a.list)
	}
	s.tabs.SelectIndex(1)
	u.win.Content().Refresh()
	saveShot(t, u.win, "notice-archive")
	a.text.SetText("燃气管线改造不存在")
	a.load()
	if len(a.list) != 0 || !strings.Contains(a.head.Text, "没有符合条件") {
		t.Errorf("a search finding nothing: %d, %q", len(a.list), a.head.Text)
	}
	a.text.SetText("")
	a.month.SetSelectedIndex(closed + 1) // the month picker starts with 全部月份
	if len(a.list) != 2 {
		t.Errorf("the published month lists %d", len(a.list))
	}
	saved := openFile
	opened := make(chan string, 1)
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })
	a.open(0)
	got, _ := os.ReadFile(<-opened)
	want, _ := u.book.PublicationPDF(a.list[0].No)
	if len(want) == 0 || !bytes.Equal(got, want) {
		t.Errorf("打开 PDF wrote %d bytes, the archive holds %d", len(got), len(want))
	}

	u.reading.Wait()
	u.closeBook()
	cashier := openApp(t, path, "李出纳")
	if cs := waitPreview(t, cashier); !cs.publishB.Hidden {
		t.Error("a 出纳 sees 发布")
	}
}
