package books

import "testing"

// SetDurable(false) is for books being built; turning it back on leaves the
// book writing as every book does.
func TestSetDurableGoesBackToFullSync(t *testing.T) {
	tb := newTestBook(t)
	syncMode := func() int {
		var n int
		if err := tb.db.QueryRow(`PRAGMA synchronous`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := syncMode(); got != 2 {
		t.Fatalf("a new book's synchronous = %d, want 2 (FULL)", got)
	}
	if err := tb.SetDurable(false); err != nil {
		t.Fatal(err)
	}
	if got := syncMode(); got != 0 {
		t.Errorf("after SetDurable(false) synchronous = %d, want 0 (OFF)", got)
	}
	tb.post("2026-03-05", line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	if err := tb.SetDurable(true); err != nil {
		t.Fatal(err)
	}
	if got := syncMode(); got != 2 {
		t.Errorf("after SetDurable(true) synchronous = %d, want 2 (FULL)", got)
	}
	ro, err := OpenReadOnly(tb.Path(), standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.SetDurable(false); ErrorCode(err) != Forbidden {
		t.Errorf("SetDurable on a read-only book = %v, want Forbidden", err)
	}
}
