package books

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// keepSnapshots is how many snapshots a book keeps; older ones are removed.
const keepSnapshots = 30

// BackupDir is the folder beside the book where its snapshots live.
func (b *Book) BackupDir() string { return b.path + ".backups" }

// Snapshot is one backup file of the book.
type Snapshot struct {
	Path string
	Name string
	Size int64
	Time time.Time
	// Restorable is false for a file cut short (restorable); such files do
	// not count among the snapshots kept.
	Restorable bool
}

// Backup takes a snapshot on request and logs it.
func (s *Session) Backup() (string, error) {
	if err := s.require("备份", RoleAccountant, RoleCashier); err != nil {
		return "", err
	}
	p, err := s.b.snapshot("manual")
	if err != nil {
		return "", err
	}
	err = s.b.write(func(tx *sql.Tx) error {
		return appendLog(tx, s.b.stamp(), s.user, "book.backup", "book", filepath.Base(p), nil, map[string]string{"file": p})
	})
	return p, err
}

// snapshot writes a consistent copy of the book (VACUUM INTO) into the backup
// folder and keeps the newest 30 that can be restored. The copy is written
// under a temporary name (….sqlite.partial), synced and renamed: a snapshot
// killed midway leaves only a .partial file, which the next opening of the
// book removes (removeUnfinishedSnapshots), never a broken file under a
// backup's name.
func (b *Book) snapshot(reason string) (string, error) {
	dir := b.BackupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &Error{Code: Internal, Msg: fmt.Sprintf("无法建立备份文件夹 %s", dir), Err: err}
	}
	name := fmt.Sprintf("%s-%s-%s.sqlite", strings.TrimSuffix(filepath.Base(b.path), filepath.Ext(b.path)), b.now().Format("20060102-150405.000"), reason)
	p := filepath.Join(dir, name)
	part := p + partialSuffix
	if _, err := b.db.Exec(`VACUUM INTO ?`, part); err != nil {
		os.Remove(part)
		if isDiskFull(err) {
			return "", &Error{Code: DiskFull, Msg: "磁盘已满，备份没有完成；账簿未被改动", Err: err}
		}
		return "", internal("snapshot", err)
	}
	if err := syncFile(part); err != nil {
		os.Remove(part)
		return "", writeError(p, err)
	}
	if err := os.Rename(part, p); err != nil {
		os.Remove(part)
		return "", writeError(p, err)
	}
	syncDir(dir)
	snaps, _ := b.Snapshots()
	kept := 0
	for _, sn := range snaps {
		if !sn.Restorable {
			continue
		}
		if kept++; kept > keepSnapshots {
			os.Remove(sn.Path)
		}
	}
	return p, nil
}

// partialSuffix marks a snapshot still being written.
const partialSuffix = ".partial"

// removeUnfinishedSnapshots removes what a snapshot killed midway left.
func (b *Book) removeUnfinishedSnapshots() {
	parts, _ := filepath.Glob(filepath.Join(b.BackupDir(), "*"+partialSuffix))
	for _, p := range parts {
		os.Remove(p)
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	serr := f.Sync()
	return firstError(serr, f.Close())
}

// restorable reports whether a snapshot file is a whole SQLite database: its
// header is SQLite's and its size is the page count its header gives times
// the page size. A copy cut short by a crash (written by an earlier version
// straight under its name) fails this.
func restorable(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := make([]byte, 100)
	if _, err := io.ReadFull(f, h); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return false
	}
	pageSize := int64(h[16])<<8 | int64(h[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(h[28])<<24 | int64(h[29])<<16 | int64(h[30])<<8 | int64(h[31])
	// The page count in the header is valid when the change counter at
	// offset 24 equals the one at 92, which SQLite 3.7+ always writes.
	valid := string(h[24:28]) == string(h[92:96])
	return pageSize >= 512 && (!valid || pages*pageSize == size) && size%pageSize == 0 && size > 0
}

// Snapshots lists the book's snapshots, newest first.
func (b *Book) Snapshots() ([]Snapshot, error) {
	entries, err := os.ReadDir(b.BackupDir())
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, internal("list snapshots", err)
	}
	var out []Snapshot
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sqlite") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		p := filepath.Join(b.BackupDir(), e.Name())
		out = append(out, Snapshot{Path: p, Name: e.Name(), Size: info.Size(), Time: info.ModTime(), Restorable: restorable(p, info.Size())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// Restore replaces the book at path with a backup. The backup must be a book
// with the same identity (UUID): restoring another community's book over this
// one is refused. The current state is snapshotted first, so a restore can be
// undone. The book must not be open elsewhere.
//
// modules are the subdomains' (seam.go): the backup is verified with their
// checks, and the book opened with them.
func Restore(ctx context.Context, path, from string, modules ...Module) (string, error) {
	return restore(ctx, path, from, User{Name: "系统", Role: RoleAccountant}, modules)
}

// Restore replaces the session's book with a backup, as the package-level
// Restore does, logging the person who asked; only a 会计 restores. The
// session's book is closed and must be opened again afterwards.
func (s *Session) Restore(ctx context.Context, from string) (string, error) {
	if err := s.require("恢复备份", RoleAccountant); err != nil {
		return "", err
	}
	path := s.b.path
	s.b.Close()
	return restore(ctx, path, from, s.user, s.b.modules)
}

// Cancelling ctx stops it while it verifies the backup, before anything is
// changed; once the copy begins it runs to the end, so the book is never
// left half restored.
func restore(ctx context.Context, path, from string, by User, modules []Module) (string, error) {
	src, err := OpenReadOnly(from, modules...)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	srcInfo, err := src.Info()
	if err == nil {
		err = src.integrity()
	}
	var problems []string
	if err == nil {
		// A backup edited by hand would bring its edits back as the book.
		problems, err = src.Verify(ctx)
	}
	src.Close()
	if ErrorCode(err) == Cancelled {
		return "", err
	}
	if err != nil {
		return "", Errorf(Invalid, "备份文件 %s 已损坏或不是阳光账本的账簿，未恢复", from)
	}
	if len(problems) > 0 {
		return "", Errorf(Tampered, "备份文件 %s 校验不通过（%s），未恢复", from, problems[0])
	}
	b, err := Open(path, modules...)
	if err != nil {
		return "", err
	}
	info, err := b.Info()
	if err != nil {
		b.Close()
		return "", err
	}
	if info.UUID != srcInfo.UUID {
		b.Close()
		return "", Errorf(Conflict, "备份文件属于另一本账（%s %s），不是 %s %s 的备份，未恢复", srcInfo.Street, srcInfo.Community, info.Street, info.Community)
	}
	safety, err := b.snapshot("before-restore")
	if err != nil {
		b.Close()
		return "", err
	}
	lk := b.lock
	b.lock = nil
	b.Close()
	defer lk.release()
	if err := copyFile(from, path+".restoring"); err != nil {
		os.Remove(path + ".restoring")
		return "", &Error{Code: Internal, Msg: "复制备份文件失败（磁盘已满？），账簿未被改动", Err: err}
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if err := os.Rename(path+".restoring", path); err != nil {
		return "", internal("restore", err)
	}
	// Log the restore in the restored book.
	rb, err := openWithLock(path, lk, modules)
	if err != nil {
		return safety, err
	}
	defer func() { rb.lock = nil; rb.Close() }()
	err = rb.write(func(tx *sql.Tx) error {
		return appendLog(tx, rb.stamp(), by, "book.restore", "book", filepath.Base(from),
			map[string]string{"saved_as": safety}, map[string]string{"restored_from": from})
	})
	return safety, err
}

func openWithLock(path string, lk *writeLock, modules []Module) (*Book, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, internal("open book", err)
	}
	b := newBook(db, path, lk, false, modules)
	if err := b.migrate(); err != nil {
		b.db.Close()
		return nil, err
	}
	if err := b.installSeal(); err != nil {
		b.db.Close()
		return nil, err
	}
	return b, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (b *Book) integrity() error {
	var res string
	if err := b.db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity: %s", res)
	}
	return nil
}
