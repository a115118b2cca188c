package books

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// migrationFS holds the book's schema as one numbered sequence of SQL files,
// applied in name order, each once per book (the migration table records the
// names a book has applied). There is no 0004: the number was taken by work
// that never shipped, and no book has applied it. Never renumber a file or
// fill the gap — books know their migrations by name — and add new ones after
// the highest number.
//
//go:embed migrations/*.sql
var embeddedMigrations embed.FS

// migrationFS is where migrate reads them (tests add their own).
var migrationFS fs.FS = embeddedMigrations

// Book is an open community or street book: one SQLite file.
type Book struct {
	db       *sql.DB
	path     string
	readOnly bool
	lock     *writeLock
	closed   atomic.Bool
	// now returns the current time; tests replace it.
	now func() time.Time
	// modules are the subdomains opened with the book (seam.go); rules run
	// when a voucher is posted or deleted and a book verified (rules.go).
	modules []Module
	rules   rules
	// seal is set once the book's seal triggers are in place (seal.go);
	// from then on every write transaction seals what it changed.
	seal *sealState
	// marks are where each open write transaction started, for sealing
	// midway (sealNow).
	marks sync.Map // *sql.Tx → sealMark
	// sealEntries are the seal entries of the log a guard has checked, by
	// id: the rows each names (seal.go).
	sealEntries sync.Map
}

// Info is the book's identity.
type Info struct {
	UUID      string
	Kind      string // "community" or "street"
	Street    string
	Community string
	Code      string
	Chart     string
	CreatedAt string
}

// Book kinds.
const (
	KindCommunity = "community"
	KindStreet    = "street"
)

// dsn builds a DSN whose pragmas apply to every pooled connection.
func dsn(path string, readOnly bool) string {
	v := url.Values{}
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "busy_timeout(5000)")
	if !readOnly {
		v.Add("_pragma", "journal_mode(WAL)")
		v.Add("_pragma", "synchronous(FULL)")
		// Statement journals (one per row a trigger or constraint may undo)
		// stay in memory instead of a temporary file per statement: at a
		// million imported lines the disk writes were a third of the time.
		v.Add("_pragma", "temp_store(2)")
		v.Add("_txlock", "immediate")
	} else {
		v.Add("mode", "ro")
	}
	return "file:" + uriPath(path) + "?" + v.Encode()
}

// uriPath writes a file path for a SQLite "file:" URI: a book named
// "阳光#2.sunbooks" or "100%.sunbooks" must not lose the part after # or have
// % read as an escape, and a ? must not start the parameters.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// CreateOptions describe a new book.
type CreateOptions struct {
	Kind      string // KindCommunity (default) or KindStreet
	Street    string
	Community string
	Code      string
	Chart     string // chart template; "npo2004" by default
	// First user: a 会计 for a community book, a 街道 user for a street book.
	UserName string
	Password string
	// Now is the new book's clock (the demo generator dates its history);
	// nil means the wall clock.
	Now func() time.Time
}

// Create makes a new book at path with its chart and first user, and returns
// it open for writing. It refuses to overwrite an existing file.
func Create(path string, o CreateOptions, modules ...Module) (*Book, error) {
	if o.Kind == "" {
		o.Kind = KindCommunity
	}
	if o.Chart == "" {
		o.Chart = "npo2004"
	}
	if strings.TrimSpace(o.Street) == "" {
		return nil, Errorf(Invalid, "请填写街道名称")
	}
	if o.Kind == KindCommunity && strings.TrimSpace(o.Community) == "" {
		return nil, Errorf(Invalid, "请填写社区名称")
	}
	if o.Kind == KindCommunity && strings.TrimSpace(o.Code) == "" {
		return nil, Errorf(Invalid, "请填写社区代码")
	}
	if o.Kind == KindStreet && o.Code == "" {
		o.Code = "STREET"
	}
	tmpl, ok := chartTemplates[o.Chart]
	if !ok {
		return nil, Errorf(Invalid, "没有名为“%s”的科目模板（可选 npo2004、rural2023）", o.Chart)
	}
	if err := validatePassword(o.Password); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, Errorf(Conflict, "文件 %s 已存在，不会覆盖", path)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return nil, Errorf(NotFound, "文件夹 %s 不存在，无法在那里建立账簿", filepath.Dir(path))
	}
	b, err := open(path, true, modules)
	if err != nil {
		return nil, err
	}
	if o.Now != nil {
		b.now = o.Now
	}
	role := RoleAccountant
	if o.Kind == KindStreet {
		role = RoleStreet
	}
	err = b.write(func(tx *sql.Tx) error {
		now := b.stamp()
		if _, err := tx.Exec(`INSERT INTO book (id, uuid, kind, street, community, code, chart, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
			newUUID(), o.Kind, strings.TrimSpace(o.Street), strings.TrimSpace(o.Community), strings.TrimSpace(o.Code), o.Chart, now); err != nil {
			return err
		}
		if err := insertChart(tx, tmpl); err != nil {
			return err
		}
		u, err := insertUser(tx, o.UserName, role, o.Password, now)
		if err != nil {
			return err
		}
		if err := initSigningKey(tx); err != nil {
			return err
		}
		return appendLog(tx, now, u, "book.create", "book", "1", nil, map[string]string{
			"kind": o.Kind, "street": o.Street, "community": o.Community, "code": o.Code, "chart": o.Chart})
	})
	if err != nil {
		b.Close()
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		return nil, fmt.Errorf("create book: %w", err)
	}
	return b, nil
}

// Open opens an existing book for writing with the subdomains' modules
// (seam.go); a book holding tables none of them keeps is refused. A second
// process that opens the same book for writing is refused with a Locked
// error naming the holder.
func Open(path string, modules ...Module) (*Book, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, Errorf(NotFound, "找不到账簿文件 %s", path)
	}
	return open(path, false, modules)
}

// OpenReadOnly opens a book for reading only (auditors, the street reading a
// copy). It takes no lock and never migrates. Without the modules of the
// subdomains whose tables the book holds it still opens for reading, but
// Verify refuses.
func OpenReadOnly(path string, modules ...Module) (*Book, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, Errorf(NotFound, "找不到账簿文件 %s", path)
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, internal("open book", err)
	}
	b := newBook(db, path, nil, true, modules)
	if err := b.checkIsBook(); err != nil {
		db.Close()
		return nil, err
	}
	return b, nil
}

// open opens path for writing and migrates it. Unless create is set, the
// file must already be a book: Open never writes the book's tables into
// another program's database or an empty file.
func open(path string, create bool, modules []Module) (*Book, error) {
	lk, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		lk.release()
		return nil, internal("open book", err)
	}
	b := newBook(db, path, lk, false, modules)
	if !create {
		var n int
		err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('migration', 'book')`).Scan(&n)
		if err != nil && ErrorCode(translateSQLError(err)) == Forbidden {
			b.Close()
			return nil, &Error{Code: Forbidden, Err: err, Msg: fmt.Sprintf("账簿文件 %s 是只读的（或所在文件夹不能写入），不能以修改方式打开；可以只读方式打开查看", path)}
		}
		if err != nil || n < 2 {
			b.Close()
			return nil, Errorf(Invalid, "文件 %s 不是阳光账本的账簿", path)
		}
	}
	b.removeUnfinishedSnapshots()
	if err := b.migrate(); err != nil {
		b.Close()
		return nil, err
	}
	if err := b.claimTables(); err != nil {
		b.Close()
		return nil, err
	}
	if err := b.installSeal(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *Book) checkIsBook() error {
	var n int
	err := b.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'book'`).Scan(&n)
	if err != nil {
		return Errorf(Invalid, "文件 %s 不是阳光账本的账簿（无法作为数据库读取）", b.path)
	}
	if n == 0 {
		return Errorf(Invalid, "文件 %s 不是阳光账本的账簿", b.path)
	}
	return nil
}

// Close closes the book and releases its write lock.
func (b *Book) Close() error {
	if b == nil {
		return nil
	}
	var err error
	// b.db stays set: work still running on another goroutine (a preview
	// being drawn when the user opens another book) then gets "database is
	// closed" errors instead of a nil pointer.
	if b.db != nil && !b.closed.Swap(true) {
		// Fold the WAL back into the main file so a copied book is complete.
		if !b.readOnly {
			b.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		}
		err = b.db.Close()
	}
	if b.lock != nil {
		b.lock.release()
		b.lock = nil
	}
	return err
}

// Path returns the book's file path.
func (b *Book) Path() string { return b.path }

// ReadOnly reports whether the book was opened read-only.
func (b *Book) ReadOnly() bool { return b.readOnly }

// DB exposes the database for benchmarks and verification tools in this
// module; callers must not write through it.
func (b *Book) DB() *sql.DB { return b.db }

// SetClock replaces the book's clock (tests and the demo generator).
func (b *Book) SetClock(now func() time.Time) { b.now = now }

// SetDurable chooses whether every transaction waits for the disk, as it
// does from Open on. A book being built from scratch that would be rebuilt
// rather than recovered after a crash (the demo, a generated benchmark book)
// may turn it off for its hundreds of transactions, and turns it back on
// before it is handed over. An accountant's book never turns it off.
func (b *Book) SetDurable(durable bool) error {
	if b.readOnly {
		return Errorf(Forbidden, "只读打开的账簿不能更改写入方式")
	}
	if durable {
		if _, err := b.db.Exec(`PRAGMA synchronous = FULL`); err != nil {
			return internal("set durable", err)
		}
		b.db.SetMaxOpenConns(0)
		return nil
	}
	// The pragma holds for one connection: keep the pool to that one.
	b.db.SetMaxOpenConns(1)
	if _, err := b.db.Exec(`PRAGMA synchronous = OFF`); err != nil {
		return internal("set durable", err)
	}
	return nil
}

func (b *Book) stamp() string { return b.now().Format("2006-01-02 15:04:05") }

// Info returns the book's identity.
func (b *Book) Info() (Info, error) {
	var i Info
	err := b.db.QueryRow(`SELECT uuid, kind, street, community, code, chart, created_at FROM book WHERE id = 1`).
		Scan(&i.UUID, &i.Kind, &i.Street, &i.Community, &i.Code, &i.Chart, &i.CreatedAt)
	if err != nil {
		return i, internal("read book info", err)
	}
	return i, nil
}

// write runs fn in a write transaction that is not cancelled: a book's
// ordinary changes (a voucher, an application, a setting) are a handful of
// statements that finish in milliseconds, and a half-done transaction is
// rolled back anyway, so there is nothing a cancel could save. Long work —
// an import, a package, a verify — takes the caller's context through tx.
func (b *Book) write(fn func(tx *sql.Tx) error) error {
	return b.tx(context.Background(), fn)
}

// tx runs fn in a write transaction; fn's error rolls it back, and so does
// cancelling ctx before it commits.
func (b *Book) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if b.readOnly {
		return Errorf(Forbidden, "账簿以只读方式打开，不能修改")
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer tx.Rollback()
	var mark sealMark
	if b.seal != nil {
		if mark, err = sealBegin(tx); err != nil {
			return internal("begin", translateSQLError(err))
		}
		b.marks.Store(tx, mark)
		defer b.marks.Delete(tx)
	}
	if err := fn(tx); err != nil {
		return translateSQLError(err)
	}
	if b.seal != nil {
		if err := b.sealCommit(tx, mark, nil); err != nil {
			return translateSQLError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return internal("commit", translateSQLError(err))
	}
	return nil
}

func (b *Book) migrate() error {
	if _, err := b.db.Exec(`CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		if isNotADatabase(err) {
			return Errorf(Invalid, "文件 %s 不是阳光账本的账簿", b.path)
		}
		if e := translateSQLError(err); ErrorCode(e) == Forbidden {
			return &Error{Code: Forbidden, Err: err, Msg: fmt.Sprintf("账簿文件 %s 是只读的（或所在文件夹不能写入），不能以修改方式打开；可以只读方式打开查看", b.path)}
		}
		return translateSQLError(err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return internal("list migrations", err)
	}
	sort.Strings(names)
	applied := map[string]bool{}
	rows, err := b.db.Query(`SELECT name FROM migration`)
	if err != nil {
		return internal("read migrations", err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		applied[n] = true
	}
	rows.Close()
	var pending []string
	for _, n := range names {
		if !applied[filepath.Base(n)] {
			pending = append(pending, n)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	if len(applied) > 0 {
		if _, err := b.snapshot("before-migration"); err != nil {
			return fmt.Errorf("snapshot before migration: %w", err)
		}
	}
	// All pending migrations apply in one transaction: a book is upgraded
	// whole or not at all. A sealed book's rows are resealed where the
	// migrations changed them, those that matched the seal before only.
	return b.write(func(tx *sql.Tx) error {
		var reseal *migrationSeal
		var sealed int
		if err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seal'`).Scan(&sealed); err != nil {
			return err
		}
		if sealed > 0 {
			var err error
			if reseal, err = b.beforeMigration(tx); err != nil {
				return err
			}
		}
		var done []string
		for _, n := range pending {
			body, err := fs.ReadFile(migrationFS, n)
			if err != nil {
				return internal("read migration", err)
			}
			if _, err := tx.Exec(string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", n, err)
			}
			if _, err := tx.Exec(`INSERT INTO migration (name, applied_at) VALUES (?, ?)`, filepath.Base(n), b.stamp()); err != nil {
				return err
			}
			if hook := migrationHooks[filepath.Base(n)]; hook != nil {
				if err := hook(b, tx); err != nil {
					return err
				}
			}
			done = append(done, filepath.Base(n))
		}
		if reseal != nil {
			return b.afterMigration(tx, reseal, done)
		}
		return nil
	})
}

// migrationHooks finish a migration in Go, in its transaction.
var migrationHooks = map[string]func(b *Book, tx *sql.Tx) error{
	"0009_seal.sql": sealExisting,
}

func newUUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Setting returns a book setting, or def when unset.
func (b *Book) Setting(key, def string) string {
	var v string
	if err := b.db.QueryRow(`SELECT value FROM setting WHERE key = ?`, key).Scan(&v); err != nil {
		return def
	}
	return v
}
