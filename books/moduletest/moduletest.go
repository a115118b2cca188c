// Package moduletest holds what the tests of the subdomains (books/income,
// books/spending) share about their modules: leaving a check out, running
// each check's scenario with and without it, and editing a book's file
// behind the app's back. It imports only books, so the subdomains' own tests
// can use it.
package moduletest

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"sunbooks/books"
)

// Without returns m with the check named left out, as a build or a
// refactor that forgot it would.
func Without(m books.Module, name string) books.Module {
	out := books.Module{Name: m.Name, Tables: m.Tables, Sealed: m.Sealed}
	for _, x := range m.Post {
		if x.Name != name {
			out.Post = append(out.Post, x)
		}
	}
	for _, x := range m.Delete {
		if x.Name != name {
			out.Delete = append(out.Delete, x)
		}
	}
	for _, x := range m.Verify {
		if x.Name != name {
			out.Verify = append(out.Verify, x)
		}
	}
	return out
}

// Names lists m's checks in run order, each with its door: "post …",
// "delete …", "verify …".
func Names(m books.Module) []string {
	var out []string
	for _, x := range m.Post {
		out = append(out, "post "+x.Name)
	}
	for _, x := range m.Delete {
		out = append(out, "delete "+x.Name)
	}
	for _, x := range m.Verify {
		out = append(out, "verify "+x.Name)
	}
	return out
}

// Scenario opens books with mod as the subdomain's module and does what a
// check is there for; it returns nil when the check did its work and an
// error saying what happened instead. Each check acts only at its own door,
// which the scenario reaches after its setup, so books opened without the
// check from the start are the books that forgot it.
type Scenario struct {
	Check string // "post income.release-on-reversal"
	Run   func(t *testing.T, mod books.Module) error
}

// EveryCheckIsNeeded runs each scenario with m (it must pass) and with its
// check left out (it must fail); a check without a scenario, or a scenario
// without a check, fails it.
func EveryCheckIsNeeded(t *testing.T, m books.Module, scenarios []Scenario) {
	t.Helper()
	var listed []string
	for _, s := range scenarios {
		listed = append(listed, s.Check)
	}
	got := Names(m)
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(listed))) {
		t.Fatalf("the module's checks are %q;\nthe scenarios name %q", got, listed)
	}
	for _, s := range scenarios {
		name := s.Check[strings.Index(s.Check, " ")+1:]
		t.Run(s.Check, func(t *testing.T) {
			if err := s.Run(t, m); err != nil {
				t.Fatalf("with every check: %v", err)
			}
			if err := s.Run(t, Without(m, name)); err == nil {
				t.Fatalf("without %s the scenario still passes: the check is not needed or the scenario does not test it", name)
			}
		})
	}
}

// VerifyFinds is a scenario for a verify check: edit makes a book whose
// file was changed by hand, and Verify must name want.
func VerifyFinds(want string, edit func(t *testing.T, mod books.Module) *books.Book) func(t *testing.T, mod books.Module) error {
	return func(t *testing.T, mod books.Module) error {
		b := edit(t, mod)
		problems, err := b.Verify(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(problems, "\n"); !strings.Contains(got, want) {
			return fmt.Errorf("verify found %q, want a problem naming %q", got, want)
		}
		return nil
	}
}

// HandEdit closes b, runs stmts on its file behind the app's back — the
// seal's triggers dropped first, as someone hiding the edit would — and
// opens it again with modules; the book is closed when the test ends.
func HandEdit(t *testing.T, b *books.Book, modules []books.Module, stmts ...string) *books.Book {
	t.Helper()
	path := b.Path()
	b.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	DropSealTriggers(t, db)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	nb, err := books.Open(path, modules...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nb.Close() })
	return nb
}

// NeedsASecondPerson checks that the voucher id of b is a draft its
// preparer (one of sessions) may not review, and that poster may not post
// it with its reviewer forged in the file — no reviewer, or the preparer.
func NeedsASecondPerson(t *testing.T, b *books.Book, id int64, poster *books.Session, sessions ...*books.Session) {
	t.Helper()
	v, err := b.Voucher(id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != books.StatusDraft {
		t.Fatalf("made as %s, want a draft waiting for review", v.Status)
	}
	var preparer *books.Session
	for _, s := range sessions {
		if s.User().Name == v.Preparer {
			preparer = s
		}
	}
	if preparer == nil {
		t.Fatalf("prepared by %q", v.Preparer)
	}
	if err := preparer.ReviewVoucher(id); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("the preparer reviews it: %v, want Forbidden", err)
	}
	for _, forged := range []string{`NULL`, `preparer_id`} {
		if _, err := b.DB().Exec(`UPDATE voucher SET status = 'reviewed', reviewer_id = `+forged+` WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		err := poster.PostVoucher(id)
		if books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "以外的人审核") {
			t.Errorf("reviewer set to %s by hand: PostVoucher = %v, want refused for want of a second person", forged, err)
		}
		if got, _ := b.Voucher(id); got.Status == books.StatusPosted {
			t.Fatalf("posted with reviewer %s", forged)
		}
	}
}

// DropSealTriggers drops the triggers that record changes to the sealed
// tables (the program puts them back when it next opens the book).
func DropSealTriggers(t testing.TB, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'seal\_%' ESCAPE '\'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	if len(names) == 0 {
		t.Fatal("the book has no seal triggers")
	}
	for _, n := range names {
		if _, err := db.Exec(`DROP TRIGGER "` + n + `"`); err != nil {
			t.Fatal(err)
		}
	}
}
