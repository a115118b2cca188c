package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// catchOpened stands in for the system viewer and hands over what it was
// asked to open.
func catchOpened(t *testing.T) chan string {
	t.Helper()
	opened := make(chan string, 4)
	saved := openFile
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })
	return opened
}

func TestPrintKeepsPDFsInAFolderBesideTheBook(t *testing.T) {
	community, _ := spendingBooks(t)
	no := submitted(t, community, "购买灭火器", "2000", "消防器材店")
	opened := catchOpened(t)
	u := openApp(t, community, "张会计")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	s.open(no)

	tapButton(t, c, "打印审批单")
	first := <-opened
	u.long.Wait()
	dir := filepath.Join(filepath.Dir(community), "打印件")
	if filepath.Dir(first) != dir {
		t.Fatalf("打印 wrote %s; want it in %s", first, dir)
	}
	name := regexp.MustCompile(`^审批单-` + regexp.QuoteMeta(no) + `-\d{8}-\d{6}\.pdf$`)
	if !name.MatchString(filepath.Base(first)) {
		t.Errorf("printout named %q; want 审批单-%s-yyyymmdd-hhmmss.pdf", filepath.Base(first), no)
	}
	if data, err := os.ReadFile(first); err != nil || !strings.HasPrefix(string(data), "%PDF") {
		t.Fatalf("%s is not a PDF: %v", first, err)
	}
	assertShows(t, c, "已生成 PDF："+first)

	// Printing again keeps the first printout.
	tapButton(t, c, "打印审批单")
	second := <-opened
	u.long.Wait()
	if second == first {
		t.Errorf("the second print overwrote the first: %s", first)
	}
	if _, err := os.Stat(first); err != nil {
		t.Errorf("the first printout is gone: %v", err)
	}
}

func TestPrintFallsBackToTheTempFolderAndSaysSo(t *testing.T) {
	community, _ := spendingBooks(t)
	no := submitted(t, community, "购买灭火器", "2000", "消防器材店")
	// A file where the folder should be: 打印件 cannot be made (as on a
	// read-only share, which a test run as root cannot imitate).
	if err := os.WriteFile(filepath.Join(filepath.Dir(community), "打印件"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	opened := catchOpened(t)
	u := openApp(t, community, "张会计")
	s := u.Show("spending").(*spendingScreen)
	c := u.win.Canvas()
	s.open(no)
	tapButton(t, c, "打印审批单")
	got := <-opened
	u.long.Wait()
	t.Cleanup(func() { os.Remove(got) })
	if filepath.Dir(got) != filepath.Clean(os.TempDir()) {
		t.Errorf("with the book's folder unwritable 打印 wrote %s; want the temp folder", got)
	}
	if st, err := os.Stat(got); err != nil || st.Size() == 0 {
		t.Fatalf("no PDF at %s: %v", got, err)
	}
	assertShows(t, c, "账簿所在文件夹不能写入")
	assertShows(t, c, got)
}

func TestPrintTargetNamesKindNumberAndTime(t *testing.T) {
	book := filepath.Join(t.TempDir(), "阳光社区.sunbooks")
	at := time.Date(2026, 3, 15, 9, 30, 12, 0, time.Local)
	for _, tc := range []struct{ name, want string }{
		{"科目余额表-2026-03.pdf", "科目余额表-2026-03-20260315-093012.pdf"},
		{filepath.Join(os.TempDir(), "凭证-202603-记-0001.pdf"), "凭证-202603-记-0001-20260315-093012.pdf"},
	} {
		got, fallback := printTarget(book, tc.name, at)
		want := filepath.Join(filepath.Dir(book), "打印件", tc.want)
		if got != want || fallback {
			t.Errorf("printTarget(%q) = %q, %v; want %q, false", tc.name, got, fallback, want)
		}
	}
}
