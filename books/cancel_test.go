package books

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// countdown is a context that is cancelled when its Err has been asked n
// times: long work asks between its steps, so each n stops the work at a
// different step, from reading the file to writing its last vouchers.
type countdown struct {
	context.Context
	cancel func()
	left   atomic.Int32
}

func newCountdown(t *testing.T, n int) *countdown {
	ctx, cancel := context.WithCancel(t.Context())
	c := &countdown{Context: ctx, cancel: cancel}
	c.left.Store(int32(n))
	t.Cleanup(cancel)
	return c
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		c.cancel()
	}
	return c.Context.Err()
}

// bookState is what an import that saves nothing must leave as it was.
func bookState(t *testing.T, b *Book) string {
	t.Helper()
	var vouchers, lines, files, log int
	var head string
	b.db.QueryRow(`SELECT count(*) FROM voucher`).Scan(&vouchers)
	b.db.QueryRow(`SELECT count(*) FROM voucher_line`).Scan(&lines)
	b.db.QueryRow(`SELECT count(*) FROM import_file`).Scan(&files)
	b.db.QueryRow(`SELECT count(*), coalesce(max(hash), '') FROM oplog`).Scan(&log, &head)
	return fmt.Sprintf("%d vouchers, %d lines, %d files, log %d %s", vouchers, lines, files, log, head)
}

// An import stopped at any step — while the file is read, or halfway
// through writing its vouchers — saves nothing; left alone it imports all.
func TestCancelledImportSavesNothing(t *testing.T) {
	tb := importBook(t)
	rows := []string{ImportHeader}
	for i := 1; i <= 2500; i++ {
		rows = append(rows, fmt.Sprintf("2026-01-05,V%d,100201,工商银行,阳光小区,10.00,,收费", i),
			fmt.Sprintf("2026-01-05,V%d,4901,其他收入,阳光小区,,10.00,收费", i))
	}
	file := writeImport(t, "big.csv", rows...)
	before := bookState(t, tb.Book)
	stoppedAt := 0
	for n := 0; ; n++ {
		if n > 100 {
			t.Fatal("the import never finished")
		}
		res, err := tb.accountant.ImportFile(newCountdown(t, n), file, ImportOptions{ConfirmedBy: tb.cashier, Post: true})
		if err == nil {
			if res.Vouchers != 2500 {
				t.Fatalf("imported %d vouchers, want 2500", res.Vouchers)
			}
			break
		}
		if ErrorCode(err) != Cancelled || !strings.Contains(ErrorMessage(err), "已取消") {
			t.Fatalf("stopped at step %d: %v, want Cancelled", n, err)
		}
		if got := bookState(t, tb.Book); got != before {
			t.Fatalf("stopped at step %d, the book changed: %s, was %s", n, got, before)
		}
		stoppedAt++
	}
	// Reading checks every 1,000 lines and writing every 1,000 lines: the
	// import was stopped in both phases.
	if stoppedAt < 8 {
		t.Errorf("the import stopped at only %d steps; reading and writing should each stop several times", stoppedAt)
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("verify after the finished import: %q %v", problems, err)
	}
}

// Verify stops when asked, with Cancelled and no result.
func TestCancelledVerifyStops(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if p, err := tb.Verify(ctx); ErrorCode(err) != Cancelled || p != nil {
		t.Errorf("Verify with a cancelled context = %q %v, want Cancelled", p, err)
	}
}
