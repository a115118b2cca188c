package books

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A snapshot is written under a temporary name and renamed when whole: one
// killed midway leaves a .partial file that the next opening removes, and a
// file cut short under a backup's name (an earlier version's crash) is shown
// as not restorable, refused by restore and not counted among the 30 kept.
func TestSnapshotsAreWholeOrAbsent(t *testing.T) {
	tb := newTestBook(t)
	p, err := tb.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p, ".sqlite") {
		t.Fatalf("snapshot %s", p)
	}
	dir := tb.BackupDir()
	if parts, _ := filepath.Glob(filepath.Join(dir, "*"+partialSuffix)); len(parts) != 0 {
		t.Fatalf("a finished snapshot left %q", parts)
	}
	whole, _ := os.ReadFile(p)
	// What a kill leaves: a partial copy, and (from an earlier version) a
	// copy cut short under a real name, newer than every other.
	os.WriteFile(filepath.Join(dir, "test-20991231-235959.000-manual.sqlite.partial"), whole[:len(whole)/2], 0o644)
	broken := filepath.Join(dir, "test-20991231-235959.999-manual.sqlite")
	os.WriteFile(broken, whole[:len(whole)/2], 0o644)

	path := tb.Path()
	tb.Close()
	b, err := Open(path, standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if parts, _ := filepath.Glob(filepath.Join(dir, "*"+partialSuffix)); len(parts) != 0 {
		t.Errorf("opening the book left the unfinished snapshot %q", parts)
	}
	snaps, err := b.Snapshots()
	if err != nil {
		t.Fatal(err)
	}
	restorable := map[string]bool{}
	for _, s := range snaps {
		restorable[s.Path] = s.Restorable
	}
	if restorable[broken] || !restorable[p] {
		t.Fatalf("restorable = %v; want the whole snapshot restorable and the cut one not", restorable)
	}
	if _, err := Restore(t.Context(), path, broken, standIn); err == nil || !strings.Contains(ErrorMessage(err), broken) {
		t.Errorf("restoring a cut snapshot: %v, want refused naming it", err)
	}
	// The 30 kept are 30 restorable ones: the cut file does not push a good
	// one out.
	acc, _ := b.Login("张会计", "secret1")
	for i := 0; i < keepSnapshots; i++ {
		if _, err := acc.Backup(); err != nil {
			t.Fatal(err)
		}
	}
	snaps, _ = b.Snapshots()
	good := 0
	for _, s := range snaps {
		if s.Restorable {
			good++
		}
	}
	if good != keepSnapshots {
		t.Errorf("%d restorable snapshots kept, want %d", good, keepSnapshots)
	}
}

// A file written through CreateAtomic replaces its path only on Commit; an
// abandoned one leaves the old content and no temporary file.
func TestAtomicFilesReplaceOnlyWhenWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "报表.csv")
	if err := WriteFileAtomic(path, []byte("第一版\n")); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("写了一半"))
	f.Abort()
	if got, _ := os.ReadFile(path); string(got) != "第一版\n" {
		t.Errorf("an abandoned write changed the file to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files after an abandoned write, want 1", len(entries))
	}
	if err := WriteFileAtomic(filepath.Join(dir, "没有这个文件夹", "x.csv"), []byte("x")); ErrorCode(err) != Internal || !strings.Contains(ErrorMessage(err), "没有这个文件夹") {
		t.Errorf("writing into a missing folder: %v", err)
	}
	// What a killed write left is removed by the next write to the same
	// file once it is old; a recent one may be a write still going on.
	stale := filepath.Join(dir, ".报表.csv.123.tmp")
	fresh := filepath.Join(dir, ".报表.csv.456.tmp")
	os.WriteFile(stale, []byte("半"), 0o644)
	os.WriteFile(fresh, []byte("半"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	if err := WriteFileAtomic(path, []byte("第二版\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("the stale temporary file of a killed write is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a recent temporary file was removed: %v", err)
	}
	// A device is written in place, never replaced by a file.
	if st, err := os.Stat(os.DevNull); err == nil && !st.Mode().IsRegular() {
		if err := WriteFileAtomic(os.DevNull, []byte("x")); err != nil {
			t.Errorf("writing to %s: %v", os.DevNull, err)
		}
		if st, err := os.Stat(os.DevNull); err != nil || st.Mode().IsRegular() {
			t.Fatalf("%s was replaced by a file", os.DevNull)
		}
	}
}
