package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// chooserNames is the names the chooser lists.
func chooserNames(c *fileChooser) []string {
	var out []string
	for _, e := range c.entries {
		out = append(out, e.Name())
	}
	return out
}

// The chooser speaks Chinese, lists a book without its working files, and
// only the kinds of file asked for; a double tap opens, and saving over a
// file asks first.
func TestFileChooserHidesWorkingFilesAndSpeaksChinese(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	dir := t.TempDir()
	for _, f := range []string{"阳光社区.sunbooks", "阳光社区.sunbooks-wal", "阳光社区.sunbooks-shm", "阳光社区.sunbooks.lock",
		"阳光社区.sunbooks-journal", ".阳光社区.pdf.123.tmp", "公示.pdf", "说明.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "打印件"), 0o755); err != nil {
		t.Fatal(err)
	}
	fileDir = dir
	t.Cleanup(func() { fileDir = "" })

	var chosen string
	c := u.chooseFile(fileOpts{exts: []string{".sunbooks"}}, func(p string) { chosen = p })
	if got := strings.Join(chooserNames(c), " "); got != "打印件 阳光社区.sunbooks" {
		t.Errorf("the chooser lists %q; want the folder and the book, none of its working files", got)
	}
	shown := visibleText(u.win.Canvas())
	for _, piece := range strings.Split(shown, " | ") {
		switch piece {
		case "Home", "Computer", "Desktop", "Documents", "Open", "Save", "Cancel", "Open File", "Show Hidden Files":
			t.Errorf("the chooser shows %q in English", piece)
		}
	}
	for _, want := range []string{"主目录", "打开", "取消", "上一级", "只列出 .sunbooks 文件"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the chooser does not show %q: %q", want, shown)
		}
	}
	if !c.ok.Disabled() {
		t.Errorf("打开 is offered before a file is picked")
	}
	// A folder opens with a tap; the book is opened with a double tap.
	c.tap(0)
	if c.dir != filepath.Join(dir, "打印件") {
		t.Fatalf("tapping 打印件 opened %s", c.dir)
	}
	c.up()
	var book *fileItem
	for i := range c.entries {
		if c.entries[i].Name() == "阳光社区.sunbooks" {
			book = newFileItem()
			c.showItem(i, book)
		}
	}
	test.DoubleTap(book)
	if chosen != filepath.Join(dir, "阳光社区.sunbooks") {
		t.Errorf("a double tap chose %q", chosen)
	}

	// Every file but the working ones when no kind is asked for.
	c = u.chooseFile(fileOpts{}, func(string) {})
	if got := strings.Join(chooserNames(c), " "); got != "打印件 公示.pdf 说明.txt 阳光社区.sunbooks" {
		t.Errorf("the chooser lists %q", got)
	}
	c.dlg.Hide()

	// Saving over 公示.pdf asks; 取消 keeps the file.
	chosen = ""
	c = u.chooseFile(fileOpts{save: true, name: "公示.pdf", exts: []string{".pdf"}}, func(p string) { chosen = p })
	c.confirm()
	assertShows(t, u.win.Canvas(), "文件“公示.pdf”已存在。替换它吗？")
	tapButton(t, u.win.Canvas(), "替换")
	if chosen != filepath.Join(dir, "公示.pdf") {
		t.Errorf("替换 chose %q", chosen)
	}
	// A new name is written at once.
	c = u.chooseFile(fileOpts{save: true, name: "新公示.pdf"}, func(p string) { chosen = p })
	c.confirm()
	if chosen != filepath.Join(dir, "新公示.pdf") {
		t.Errorf("saving a new name chose %q", chosen)
	}
	if fileDir != dir {
		t.Errorf("the next chooser starts in %q, want %q", fileDir, dir)
	}
}

func TestWorkingFilesAreKnown(t *testing.T) {
	for name, want := range map[string]bool{
		"a.sunbooks": false, "a.sunbooks-wal": true, "a.sunbooks-shm": true, "a.sunbooks-journal": true,
		"a.sunbooks.lock": true, ".a.pdf.1.tmp": true, ".hidden": true, "审批单.pdf": false, "A.SUNBOOKS-WAL": true,
	} {
		if got := workingFile(name); got != want {
			t.Errorf("workingFile(%q) = %v, want %v", name, got, want)
		}
	}
}
