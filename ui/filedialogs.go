package ui

// File dialogs that start in the book's folder and remember the last one, and opening a file with the system's program.

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/lang"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// fileDir is the folder the file dialogs open in: the last one used, at
// first the book's own folder, where exchange files usually sit.
var fileDir string

// jsonFiles are the request and decision files exchanged with the street:
// the open dialog lists only them, not every scan and PDF in the folder.
var jsonFiles = []string{".json"}

// openFileDialog asks for a file to read; exts limits the choice (".pdf").
func (u *App) openFileDialog(exts []string, fn func(path string)) {
	u.chooseFile(fileOpts{exts: exts}, fn)
}

// saveFileDialog asks where to write a file named name by default; the
// folder shows the files of name's kind.
func (u *App) saveFileDialog(name string, fn func(path string)) {
	var exts []string
	if ext := filepath.Ext(name); ext != "" {
		exts = []string{ext}
	}
	u.chooseFile(fileOpts{save: true, name: name, exts: exts}, fn)
}

// folderDialog asks for a folder.
func (u *App) folderDialog(fn func(dir string)) {
	u.chooseFile(fileOpts{folder: true}, fn)
}

// openBytes writes a file kept in the book to a temporary folder and opens it
// in the system viewer (scanned minutes, a paper approval).
func (u *App) openBytes(name string, data []byte) {
	dir, err := os.MkdirTemp("", "sunbooks-att-")
	if err != nil {
		showError(u.win, books.Errorf(books.Internal, "无法建立临时目录"))
		return
	}
	path := filepath.Join(dir, spending.SafeFileName(name, ""))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		showError(u.win, books.Errorf(books.Internal, "无法写入 %s", path))
		return
	}
	if err := openFile(path); err != nil {
		showInfo(u.win, lang.X("spending.att", "附件"), fmt.Sprintf(lang.X("spending.att.saved", "附件已保存在 %s"), path))
	}
}

// fileSize reads a file's size as people say it: a small scan is never
// "0.0 KB".
func fileSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
