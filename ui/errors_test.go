package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
)

func TestErrorsShowTheirChineseSentenceNeverRawText(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"books refusal", fmt.Errorf("post voucher 记-0001: %w", books.Errorf(books.Unbalanced, "借贷不平：借方合计 1.00，贷方合计 2.00，贷方多 1.00")), "借贷不平：借方合计 1.00"},
		{"raw SQLite text", errors.New("sqlite3: database disk image is malformed (11)"), "程序内部出错"},
	} {
		test.NewTempApp(t)
		w := test.NewTempWindow(t, widget.NewLabel(""))
		showError(w, c.err)
		got := visibleText(w.Canvas())
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: screen shows %q, want %q", c.name, got, c.want)
		}
		for _, raw := range []string{"sqlite", "post voucher", "unbalanced:"} {
			if strings.Contains(got, raw) {
				t.Errorf("%s: raw text %q reached the screen: %q", c.name, raw, got)
			}
		}
	}
}
