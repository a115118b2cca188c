package books

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

// The seam: everything the subdomains beside the ledger core (books/income,
// books/spending) use of it, and nothing else. A subdomain keeps its own
// tables in the book's one schema (migrations/), reads them and the ledger's
// tables through Reader, changes them only inside Session.Write, and makes
// its vouchers with Tx.InsertVoucher, so the core's rules (closed months,
// dates, numbering, the operation log) hold for them as for any voucher. It
// hands the core its posting, deleting and verifying checks as a Module when
// a book is opened; a book whose schema holds tables no module claims is not
// opened for writing and not verified (claimTables).

// Module is a subdomain's part in a book: the tables it keeps and the checks
// the core runs for it at its three doors. Open, Create, OpenReadOnly and
// Restore take the modules of the program opening the book.
type Module struct {
	// Name names the subdomain to a person: "房屋租赁与其他收入".
	Name string
	// Tables are the schema's tables the module keeps. A book holding any of
	// them is opened for writing only with the module, so its checks run.
	Tables []string
	// Sealed are the tables among Tables under the seal (seal.go).
	Sealed []SealedTable
	Post   []PostCheck
	Delete []DeleteCheck
	Verify []VerifyCheck
}

// PostCheck runs inside the posting transaction after the voucher's lines
// are validated and its balances added; an error refuses the posting and
// rolls everything back. tx.Session() is the session posting.
type PostCheck struct {
	Name string
	Run  func(tx *Tx, v Voucher) error
}

// DeleteCheck runs inside the transaction that deletes a draft voucher,
// before it goes: it releases what the module's records linked to the draft,
// or refuses the deletion.
type DeleteCheck struct {
	Name string
	Run  func(tx *Tx, v Voucher) error
}

// VerifyCheck is one of Verify's checks; it returns the problems it finds in
// words for the person verifying.
type VerifyCheck struct {
	Name string
	Run  func(b *Book) []string
}

// Querier reads: a book (Reader) or a write transaction (*Tx).
type Querier interface {
	QueryRow(query string, args ...any) *sql.Row
	Query(query string, args ...any) (*sql.Rows, error)
}

// Reader is the book's database for reading. Subdomains read through it; no
// one writes through it.
func (b *Book) Reader() Querier { return b.db }

// EachRow runs query on q and calls fn with each row's Scan, stopping at
// fn's first error.
func EachRow(q Querier, query string, args []any, fn func(scan func(...any) error) error) error {
	return eachRow(q, query, args, fn)
}

// Now is the book's clock (tests and the demo set it with SetClock).
func (b *Book) Now() time.Time { return b.now() }

// Stamp is the book's time now as it records it, "YYYY-MM-DD hh:mm:ss".
func (b *Book) Stamp() string { return b.stamp() }

// Today is the book's date today, YYYY-MM-DD: nothing is dated after it.
func (b *Book) Today() string { return b.today() }

// Require refuses, in words naming action, a session whose user is no longer
// active or has none of roles.
func (s *Session) Require(action string, roles ...Role) error { return s.require(action, roles...) }

// Tx is a session's write transaction. Its embedded *sql.Tx reads and writes
// the subdomain's tables; the ledger's tables change only through its
// methods.
type Tx struct {
	*sql.Tx
	s   *Session
	now string
}

// Write runs fn in a write transaction for the session; fn's error rolls
// everything back. It is for ordinary changes, which are short and not
// cancelled (Book.write says why); long work uses WriteContext.
func (s *Session) Write(fn func(tx *Tx) error) error {
	return s.b.write(func(t *sql.Tx) error { return fn(s.wrap(t)) })
}

// WriteContext is Write for long work: cancelling ctx stops fn at its next
// statement and rolls everything back.
func (s *Session) WriteContext(ctx context.Context, fn func(tx *Tx) error) error {
	return s.b.tx(ctx, func(t *sql.Tx) error { return fn(s.wrap(t)) })
}

func (s *Session) wrap(t *sql.Tx) *Tx { return &Tx{Tx: t, s: s, now: s.b.stamp()} }

// Session is who is writing.
func (t *Tx) Session() *Session { return t.s }

// Now is the transaction's time stamp, "YYYY-MM-DD hh:mm:ss": what it
// records as made now carries it, and so does its log entry.
func (t *Tx) Now() string { return t.now }

// Log appends an entry to the book's operation log in this transaction.
func (t *Tx) Log(action, entity, entityID string, before, after any) error {
	return appendLog(t.Tx, t.now, t.s.user, action, entity, entityID, before, after)
}

// RefuseClosed refuses a change dated in a closed month.
func (t *Tx) RefuseClosed(p Period) error { return refuseClosed(t.Tx, p) }

// ResolveLines fills each line's account and compound from their codes and
// names, refusing unknown, inactive or non-leaf accounts and unknown
// compounds.
func (t *Tx) ResolveLines(lines []Line) error { return resolveLines(t.Tx, lines) }

// InsertVoucher saves v as a new draft of the session's user: dated no later
// than today, numbered in its month, its lines resolved and stored. A
// non-empty action logs the voucher under it.
func (t *Tx) InsertVoucher(v *Voucher, action string) error {
	return t.s.insertVoucher(t.Tx, v, t.now, action)
}

// AddChildAccount adds code, named name, under the account parentCode, as
// the session's AddAccount does (the child inherits class, direction,
// monetary kind and approval exemption; a leaf with lines takes no child);
// by names the subdomain in the log entry.
func (t *Tx) AddChildAccount(parentCode, code, name, by string) (Account, error) {
	parent, err := accountByCode(t.Tx, parentCode)
	if err != nil {
		return Account{}, err
	}
	return addChildAccount(t.Tx, t.now, t.s.user, parent, code, name, map[string]string{"by": by})
}

// RefuseFuture refuses a date after the book's today; what names the record
// in the message ("申请", "纸质审批").
func (b *Book) RefuseFuture(date, what string) error { return b.refuseFuture(date, what) }

// SpendableFen is a compound's spendable money in fen through a month (0:
// all): its money accounts less the street special account, read in the
// transaction or book q.
func SpendableFen(q Querier, compoundID int64, through Period) (int64, error) {
	return spendableFen(q, compoundID, through)
}

// SpendableAccountSQL is the SQL condition on account a that counts its lines
// as spendable money; ?1 is the street special account's code.
const SpendableAccountSQL = spendableAccount

// NewUUID returns a random (version 4) UUID.
func NewUUID() string { return newUUID() }

// Unexpected wraps an error nobody can act on (I/O, SQL) with the operation
// that failed; the edges show a generic sentence and log the details.
func Unexpected(op string, err error) error { return internal(op, err) }

// coreTables are the schema's tables the ledger core keeps itself.
var coreTables = []string{
	"migration", "book", "setting", "user", "account", "compound", "voucher", "voucher_line", "balance",
	"period_close", "oplog", "signing_key", "trusted_key", "import_file",
	"consol_package", "consol_account", "consol_balance", "consol_line", "consol_record",
	"seal", "seal_dirty", "consol_statement", "notice_publication", "notice_item",
}

// claimTables refuses a book whose schema holds tables that neither the core
// nor one of the book's modules keeps: without their module, posting and
// verifying would skip the rules that guard them.
func (b *Book) claimTables() error {
	rows, err := b.db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return internal("list tables", err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return internal("list tables", err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("list tables", err)
	}
	var unclaimed []string
	for _, n := range tables {
		if slices.Contains(coreTables, n) {
			continue
		}
		claimed := false
		for _, m := range b.modules {
			claimed = claimed || slices.Contains(m.Tables, n)
		}
		if !claimed {
			unclaimed = append(unclaimed, n)
		}
	}
	if len(unclaimed) > 0 {
		return Errorf(Invalid, "账簿 %s 含有本程序没有装入其规则的数据表（%s）：缺少这些规则时记账和校验都不完整，因此不能以修改方式打开或校验。请使用完整的阳光账本程序",
			b.path, strings.Join(unclaimed, "、"))
	}
	return nil
}
