package demo

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sunbooks/books"
)

// It is long on purpose: one scenario told from start to end, each step
// checked where it happens.
func TestDemoBookIsRealisticAndVerifiesClean(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.sunbooks")
	today := time.Date(2026, 3, 18, 10, 0, 0, 0, time.Local)
	b, err := Create(path, Options{Password: "demo123", Today: today})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer b.Close()
	if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify: %v %v", problems, err)
	}
	// The demo obeys the rules of a real book: every posted voucher was
	// reviewed by someone other than its preparer (the demo migrates no
	// history).
	all, _ := b.Vouchers(books.VoucherFilter{Status: books.StatusPosted, Limit: 100000})
	if len(all) < 100 {
		t.Errorf("%d posted vouchers, want a year's worth", len(all))
	}
	for _, v := range all {
		if v.Reviewer == "" || v.Reviewer == v.Preparer || v.Migrated() {
			t.Errorf("%s %s: prepared by %s, reviewed by %q, migrated %v", v.Period, v.No, v.Preparer, v.Reviewer, v.Migrated())
		}
	}
	ps, _ := b.Periods()
	closed := map[books.Period]bool{}
	for _, p := range ps {
		closed[p.Period] = p.Closed
	}
	for p := books.Period(202503); p <= 202602; p = p.Next() {
		if !closed[p] {
			t.Errorf("%s not closed", p)
		}
	}
	if closed[202603] {
		t.Errorf("the current month is closed")
	}
	for _, u := range []string{"张会计", "李出纳", "赵主任", "王书记", "王审计"} {
		if _, err := b.Login(u, "demo123"); err != nil {
			t.Errorf("Login %s: %v", u, err)
		}
	}
	cs, _ := b.Compounds(false)
	if len(cs) != 4 {
		t.Errorf("%d compounds, want 4", len(cs))
	}
	tb, err := b.TrialBalance(202503, 202603, 0)
	if err != nil || !tb.Balanced() {
		t.Errorf("trial balance: %v balanced=%v", err, tb.Balanced())
	}
	vs, _ := b.Vouchers(books.VoucherFilter{From: 202510, To: 202510, Limit: 500})
	if len(vs) < 10 {
		t.Errorf("October has %d vouchers, want a realistic month", len(vs))
	}
	var memos strings.Builder
	payments := 0
	for _, v := range vs {
		memos.WriteString(v.Memo)
		if v.Kind == books.VoucherPayment {
			// Paid through an approved application, and reviewed by a
			// second person like every voucher.
			payments++
			if v.Status != books.StatusPosted || v.Preparer != "李出纳" || v.Reviewer != "张会计" || v.Poster != "李出纳" || !strings.Contains(v.Memo, "申-") {
				t.Errorf("payment %s: %s prepared by %q reviewed by %q posted by %q, memo %q", v.No, v.Status, v.Preparer, v.Reviewer, v.Poster, v.Memo)
			}
		} else if v.Status != books.StatusPosted || v.Reviewer != "李出纳" || v.Poster != "张会计" {
			t.Errorf("%s: %s reviewed by %q posted by %q", v.No, v.Status, v.Reviewer, v.Poster)
		}
		if v.Date < "2025-10-01" || v.Date > "2025-10-31" {
			t.Errorf("%s dated %s", v.No, v.Date)
		}
	}
	if payments < 4 {
		t.Errorf("October has %d payments through applications, want the four cleaning contracts at least", payments)
	}
	for _, w := range []string{"物业用房租金", "保洁服务", "银行账户管理费"} {
		if !strings.Contains(memos.String(), w) {
			t.Errorf("October memos lack %q", w)
		}
	}
	open, _ := b.Vouchers(books.VoucherFilter{From: 202603, To: 202603, Limit: 500})
	waiting := 0
	for _, v := range open {
		if v.Date > "2026-03-18" {
			t.Errorf("voucher %s dated after today: %s", v.No, v.Date)
		}
		if v.Status != books.StatusPosted {
			waiting++
		}
	}
	if waiting != 2 {
		t.Errorf("%d vouchers waiting in the current month, want 2", waiting)
	}
	// The year-end carry was made: income and expense of 2025 are closed out.
	var carry int
	b.DB().QueryRow(`SELECT count(*) FROM voucher WHERE kind = 'carry' AND period = 202512 AND status = 'posted'`).Scan(&carry)
	if carry != 1 {
		t.Errorf("%d posted carry vouchers for 2025, want 1", carry)
	}
	// Every compound keeps money: the fund never went negative.
	for _, c := range cs {
		if m, _ := b.Spendable(c.ID, 0); !m.IsPositive() {
			t.Errorf("%s spendable %s", c.Name, m)
		}
	}
	// Timestamps follow the demo's history, not the wall clock.
	var created string
	b.DB().QueryRow(`SELECT created_at FROM book`).Scan(&created)
	if !strings.HasPrefix(created, "2025-03-01") {
		t.Errorf("book created at %s, want the demo's first day", created)
	}

}

func TestDemoIsDeterministic(t *testing.T) {
	today := time.Date(2026, 1, 10, 10, 0, 0, 0, time.Local)
	var dumps []string
	for range 2 {
		b, err := Create(filepath.Join(t.TempDir(), "d.sunbooks"), Options{Password: "demo123", Today: today})
		if err != nil {
			t.Fatal(err)
		}
		tb, _ := b.TrialBalance(202501, 202601, 0)
		var buf bytes.Buffer
		tb.Table().WriteCSV(&buf)
		var fps string
		b.DB().QueryRow(`SELECT group_concat(fingerprint, '') FROM (SELECT fingerprint FROM voucher ORDER BY id)`).Scan(&fps)
		dumps = append(dumps, buf.String()+fps)
		b.Close()
	}
	if dumps[0] != dumps[1] {
		t.Errorf("two demo books with the same options differ")
	}
}

func TestDemoOnTheFirstOfAMonthHasWorkInProgress(t *testing.T) {
	today := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	b, err := Create(filepath.Join(t.TempDir(), "d.sunbooks"), Options{Password: "demo123", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	vs, _ := b.Vouchers(books.VoucherFilter{From: 202612, To: 202612, Limit: 100})
	if len(vs) < 4 {
		t.Errorf("%d vouchers in the current month, want some", len(vs))
	}
	for _, v := range vs {
		if v.Date != "2026-12-01" {
			t.Errorf("%s dated %s, after today", v.No, v.Date)
		}
	}
}

// A demo made early in a month (before the day the last month would be
// closed) dates nothing after the day it was made.
func TestDemoHappensNoLaterThanToday(t *testing.T) {
	today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local)
	b, err := Create(filepath.Join(t.TempDir(), "d.sunbooks"), Options{Password: "demo123", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var last, closed string
	b.DB().QueryRow(`SELECT max(at) FROM oplog`).Scan(&last)
	if end := "2026-12-02 10:00:00"; last > end {
		t.Errorf("the operation log runs to %s, after the moment the demo was made (%s)", last, end)
	}
	// Entry times never decrease.
	var back int
	b.DB().QueryRow(`SELECT count(*) FROM oplog o JOIN oplog p ON p.id = o.id - 1 WHERE o.at < p.at`).Scan(&back)
	if back != 0 {
		t.Errorf("%d log entries are earlier than the one before them", back)
	}
	b.DB().QueryRow(`SELECT closed_at FROM period_close WHERE period = 202611`).Scan(&closed)
	if !strings.HasPrefix(closed, "2026-12-02") {
		t.Errorf("November closed at %q, want on the demo's today", closed)
	}
}
