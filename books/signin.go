package books

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"time"
	"unicode/utf8"
)

// Wrong passwords cost time and leave a trace. Each user name's failed
// sign-ins in a row are counted in a file beside the book (book.signin),
// which every program opening the book reads and writes — the app, the CLI,
// a read-only copy — so a loop over the CLI waits as long as the app does.
// From the third failure in a row, the next attempt waits 1, 2, 4 … seconds,
// at most signinWaitCap, before the password is even checked. A book opened
// for writing also logs each failure (user.login_failed); a good sign-in
// clears the count and tells the user how many failures came before it.

// signinRecord is one user name's failures since its last good sign-in.
type signinRecord struct {
	Failures int      `json:"failures"`
	Last     string   `json:"last"`   // time of the last failure
	Recent   []string `json:"recent"` // times of the last failures, newest last
}

const (
	signinFreeFailures = 2
	signinWaitCap      = 5 * time.Minute
	signinKeepRecent   = 20
	signinKeepNames    = 200
)

// signinWait is how long after the last of n failures in a row the next
// attempt waits.
func signinWait(n int) time.Duration {
	if n <= signinFreeFailures {
		return 0
	}
	d := time.Second << min(n-signinFreeFailures-1, 20)
	return min(d, signinWaitCap)
}

func (b *Book) signinPath() string { return b.path + ".signin" }

// loadSignin reads the failure counts; a missing or unreadable file counts
// nothing.
func (b *Book) loadSignin() map[string]*signinRecord {
	st := map[string]*signinRecord{}
	if data, err := os.ReadFile(b.signinPath()); err == nil && len(data) < 1<<20 {
		json.Unmarshal(data, &st)
	}
	return st
}

// saveSignin writes the failure counts; where it cannot (a read-only
// folder), the counts still hold for this program's life through the log
// of a writable book.
func (b *Book) saveSignin(st map[string]*signinRecord) {
	if len(st) > signinKeepNames {
		// Names tried once by mistake go first: keep the most failed.
		for name, r := range st {
			if len(st) <= signinKeepNames {
				break
			}
			if r.Failures <= 1 {
				delete(st, name)
			}
		}
	}
	data, err := json.Marshal(st)
	if err == nil {
		WriteFileAtomic(b.signinPath(), data)
	}
}

// refuseWhileWaiting refuses an attempt made before the wait its user name's
// failures earned is over.
func (b *Book) refuseWhileWaiting(name string, r *signinRecord) error {
	if r == nil || r.Failures <= signinFreeFailures {
		return nil
	}
	last, err := time.ParseInLocation("2006-01-02 15:04:05", r.Last, time.Local)
	if err != nil {
		return nil
	}
	left := last.Add(signinWait(r.Failures)).Sub(b.now())
	if left <= 0 {
		return nil
	}
	secs := int(left.Round(time.Second) / time.Second)
	return Errorf(Unauthorized, "用户“%s”已连续 %d 次登录失败，请 %d 秒后再试", name, r.Failures, max(secs, 1))
}

// recordFailure counts a failed sign-in of name and, in a writable book,
// logs it; it returns the refusal to show.
func (b *Book) recordFailure(st map[string]*signinRecord, name string, u User) error {
	if utf8.RuneCountInString(name) > 40 {
		name = string([]rune(name)[:40])
	}
	r := st[name]
	if r == nil {
		r = &signinRecord{}
		st[name] = r
	}
	now := b.stamp()
	r.Failures++
	r.Last = now
	r.Recent = append(r.Recent, now)
	if len(r.Recent) > signinKeepRecent {
		r.Recent = r.Recent[len(r.Recent)-signinKeepRecent:]
	}
	b.saveSignin(st)
	if !b.readOnly {
		if u.Name == "" {
			u = User{Name: name}
		}
		b.write(func(tx *sql.Tx) error {
			return appendLog(tx, now, u, "user.login_failed", "user", name, nil, map[string]any{"failures_in_a_row": r.Failures})
		})
	}
	msg := "用户名或密码不对"
	if wait := signinWait(r.Failures); wait > 0 {
		msg += fmt.Sprintf("；已连续 %d 次失败，请 %d 秒后再试", r.Failures, int(wait/time.Second))
	}
	return Errorf(Unauthorized, "%s", msg)
}

// SignInFailures returns, per user name, the failed sign-ins since its last
// good one (names never signed in as included), for the 会计's user list.
func (b *Book) SignInFailures() map[string]int {
	out := map[string]int{}
	for name, r := range b.loadSignin() {
		out[name] = r.Failures
	}
	return out
}

// FailedBefore is how many failed sign-ins came before this one since the
// user's last good sign-in, and when the last of them was.
func (s *Session) FailedBefore() (int, string) { return s.failedBefore, s.failedLast }
