package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestVerifyChecksTheAnchorTypedFromTheNotice(t *testing.T) {
	path := newTestBookFile(t)
	u := openApp(t, path, "王审计")
	s := u.Show("settings").(*settingsScreen)
	s.selectTab("操作日志")
	head, err := u.book.LogAnchor()
	if err != nil || head.IsZero() {
		t.Fatalf("log head %+v %v", head, err)
	}
	for _, tc := range []struct {
		name, typed string
		ok          bool
		want        string
	}{
		{"no anchor", "", true, fmt.Sprintf("当前日志锚点（可抄入纸质账簿）：日志第 %d 条 · %s", head.Seq, head.Code())},
		{"the anchor as printed", head.String(), true, fmt.Sprintf("日志锚点相符：日志第 %d 条 · %s", head.Seq, head.Code())},
		{"another entry's code", fmt.Sprintf("%d:%s", head.Seq-1, head.Code()), false, fmt.Sprintf("日志第 %d 条的校验码与记下的 %s 不符", head.Seq-1, head.Code())},
		{"not an anchor", "3F2A-09C1", false, "格式不对"},
	} {
		s.anchorIn.SetText("")
		test.Type(s.anchorIn, tc.typed)
		s.verify()
		u.long.Wait()
		got := s.verifyOut.Text
		if !strings.Contains(got, tc.want) || (s.verifyOut.Importance == widget.SuccessImportance) != tc.ok {
			t.Errorf("%s: verify says %q (importance %v), want %q", tc.name, got, s.verifyOut.Importance, tc.want)
		}
	}
}
