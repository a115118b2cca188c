package ui

import (
	"errors"
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

func TestNoticePreviewShowsPages(t *testing.T) {
	if _, err := findPDFToPPM(); err != nil {
		t.Skip("pdftoppm not installed")
	}
	u := openApp(t, noticeBook(t), "张会计")
	s := waitPreview(t, u)
	assertShows(t, u.win.Canvas(), "共 2 页") // 阳光小区 and 和平小区, one page each
	if len(s.pages.Objects) != 2 {
		t.Errorf("preview has %d pages, want 2", len(s.pages.Objects))
	}
	// One compound, one page.
	ch := make(chan struct{}, 1)
	s.previewed = func() { ch <- struct{}{} }
	s.compound.SetSelected("阳光小区")
	<-ch
	if len(s.pages.Objects) != 1 {
		t.Errorf("preview of 阳光小区 has %d pages, want 1", len(s.pages.Objects))
	}
}

// A long month previews its first pages only and says so; the preview
// leaves nothing in the temp folder.
func TestNoticePreviewShowsFirstPagesOnly(t *testing.T) {
	if _, err := findPDFToPPM(); err != nil {
		t.Skip("pdftoppm not installed")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	saved := previewPages
	previewPages = 1
	t.Cleanup(func() { previewPages = saved })
	u := openApp(t, noticeBook(t), "张会计")
	s := waitPreview(t, u)
	assertShows(t, u.win.Canvas(), "共 2 页")
	assertShows(t, u.win.Canvas(), "预览显示前 1 页")
	if len(s.pages.Objects) != 1 {
		t.Errorf("preview has %d pages, want 1", len(s.pages.Objects))
	}
	u.reading.Wait()
	if left, _ := filepath.Glob(filepath.Join(tmp, "sunbooks-notice-*")); len(left) != 0 {
		t.Errorf("the preview left %v in the temp folder", left)
	}
}

func TestNoticeWithoutPDFToPPMShowsRows(t *testing.T) {
	saved := findPDFToPPM
	findPDFToPPM = func() (string, error) { return "", errors.New("not found") }
	t.Cleanup(func() { findPDFToPPM = saved })
	u := openApp(t, noticeBook(t), "张会计")
	waitPreview(t, u)
	c := u.win.Canvas()
	assertShows(t, c, "本机没有 pdftoppm")
	assertShows(t, c, "阳光社区财务公开榜")
	assertShows(t, c, "收到停车费")
	assertShows(t, c, "1,234.50")
	assertShows(t, c, "壹仟贰佰叁拾肆元伍角")
	assertShows(t, c, "社区党组织（盖章）")
}

// March is not closed in the test book: the screen says so before anything
// is printed, and that the board will show 未结账.
func TestNoticeOfAMonthNotClosedWarnsOnScreen(t *testing.T) {
	u := openApp(t, noticeBook(t), "张会计")
	waitPreview(t, u)
	assertShows(t, u.win.Canvas(), "还没有结账，公示上印有“未结账”")
}
