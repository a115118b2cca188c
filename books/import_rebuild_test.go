package books

import (
	"context"
	"strings"
	"testing"
)

func lineIndexes(t *testing.T, b *Book) map[string]string {
	t.Helper()
	out := map[string]string{}
	rows, err := b.db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'voucher_line' AND sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, q string
		rows.Scan(&n, &q)
		out[n] = q
	}
	return out
}

// An import that brings more lines than the book holds builds the lines'
// secondary indexes once at the end: afterwards they are there, as the
// schema wrote them, and answer; the book verifies clean. Below the
// threshold they are left alone.
func TestLargeImportRebuildsTheLineIndexes(t *testing.T) {
	defer func(n int) { importRebuildMin = n }(importRebuildMin)
	importRebuildMin = 4
	tb := importBook(t)
	before := lineIndexes(t, tb.Book)
	if len(before) < 2 {
		t.Fatalf("voucher_line has indexes %v", before)
	}
	if _, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "a.csv", goodImport), ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err != nil {
		t.Fatalf("import: %s", ErrorMessage(err))
	}
	after := lineIndexes(t, tb.Book)
	if len(after) != len(before) {
		t.Fatalf("indexes after the import %v, before %v", after, before)
	}
	for n, q := range before {
		if after[n] != q {
			t.Errorf("index %s is %q after the import, was %q", n, after[n], q)
		}
	}
	var plan string
	tb.Book.db.QueryRow(`EXPLAIN QUERY PLAN SELECT sum(debit_fen) FROM voucher_line WHERE account_id = 1 AND period = 202601`).Scan(new(int), new(int), new(int), &plan)
	if plan == "" || !strings.Contains(plan, "voucher_line_account") {
		t.Errorf("a query by account does not use its index: %q", plan)
	}
	var n int
	tb.Book.db.QueryRow(`SELECT count(*) FROM voucher_line INDEXED BY voucher_line_compound WHERE compound_id > 0`).Scan(&n)
	if n != 6 {
		t.Errorf("the rebuilt compound index holds %d lines, want 6", n)
	}
	if problems, err := tb.Book.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("verify after a rebuilding import: %v %v", problems, err)
	}
}

// Dropped inside a transaction that then fails, the indexes are back.
func TestLineIndexesSurviveAFailedImport(t *testing.T) {
	defer func(n int) { importRebuildMin = n }(importRebuildMin)
	importRebuildMin = 1
	tb := importBook(t)
	before := lineIndexes(t, tb.Book)
	tx, err := tb.Book.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	create, err := dropLineIndexes(tx, 10)
	if err != nil || len(create) != len(before) {
		t.Fatalf("dropLineIndexes: %v %v", create, err)
	}
	tx.Rollback()
	after := lineIndexes(t, tb.Book)
	for n, q := range before {
		if after[n] != q {
			t.Errorf("after the rollback index %s is %q", n, after[n])
		}
	}
	// Too few lines, or fewer than the book holds: nothing is dropped.
	importRebuildMin = 100
	tx, _ = tb.Book.db.Begin()
	defer tx.Rollback()
	if create, err := dropLineIndexes(tx, 10); err != nil || create != nil {
		t.Errorf("a small import dropped %v (%v)", create, err)
	}
}
