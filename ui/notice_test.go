package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
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
