package books

import (
	"strings"
	"testing"
	"time"
)

// Wrong passwords cost time and leave a trace, in a writable book and in a
// read-only one alike; a good sign-in clears the count and reports it.
func TestWrongPasswordsWaitLongerAndAreLogged(t *testing.T) {
	tb := newTestBook(t)
	now := time.Date(2027, 1, 15, 10, 0, 0, 0, time.Local)
	tb.SetClock(func() time.Time { return now })
	for i := 1; i <= 2; i++ {
		if _, err := tb.Login("李出纳", "wrong"); ErrorCode(err) != Unauthorized || ErrorMessage(err) != "用户名或密码不对" {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, err := tb.Login("李出纳", "wrong")
	if ErrorCode(err) != Unauthorized || !strings.Contains(ErrorMessage(err), "已连续 3 次失败，请 1 秒后再试") {
		t.Fatalf("third failure: %v", err)
	}
	// Even the right password waits until the time is up, unchecked.
	if _, err := tb.Login("李出纳", "secret1"); ErrorCode(err) != Unauthorized || !strings.Contains(ErrorMessage(err), "秒后再试") {
		t.Fatalf("the right password during the wait: %v", err)
	}
	// A read-only program (the CLI's report commands) counts in the same
	// place: the fourth failure waits 2 seconds.
	ro, err := OpenReadOnly(tb.Path(), standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	now = now.Add(time.Second)
	ro.SetClock(func() time.Time { return now })
	if _, err := ro.Login("李出纳", "wrong"); !strings.Contains(ErrorMessage(err), "已连续 4 次失败，请 2 秒后再试") {
		t.Fatalf("fourth failure, read-only: %v", err)
	}
	if got := tb.SignInFailures()["李出纳"]; got != 4 {
		t.Errorf("the accountant sees %d failures, want 4", got)
	}
	now = now.Add(2 * time.Second)
	s, err := tb.Login("李出纳", "secret1")
	if err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	if n, last := s.FailedBefore(); n != 4 || last == "" {
		t.Errorf("FailedBefore = %d %q, want 4 and a time", n, last)
	}
	if got := tb.SignInFailures()["李出纳"]; got != 0 {
		t.Errorf("after a good sign-in %d failures remain", got)
	}
	// The writable book logged its three failures; the read-only one could not.
	entries, _ := tb.accountant.Log(LogFilter{Text: "user.login_failed"})
	if len(entries) != 3 {
		t.Errorf("%d user.login_failed entries, want 3", len(entries))
	}
	// The wait is capped.
	if signinWait(40) != signinWaitCap || signinWait(3) != time.Second || signinWait(5) != 4*time.Second {
		t.Errorf("waits: %v %v %v", signinWait(3), signinWait(5), signinWait(40))
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("verify after failed sign-ins: %q %v", problems, err)
	}
}
