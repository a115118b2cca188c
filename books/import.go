package books

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ImportHeader is the exact header an import file must start with.
const ImportHeader = "date,voucher_no,account_code,account_name,compound,debit,credit,memo"

// maxImportErrors is how many bad lines an import lists.
const maxImportErrors = 50

// ImportOptions control an import.
type ImportOptions struct {
	// Post posts what is imported (a history migration); otherwise the
	// vouchers arrive as drafts.
	Post bool
	// AddCompounds creates compounds the file names and the book lacks.
	AddCompounds bool
	// ConfirmedBy is the second user who confirms a migration (Post) before
	// its vouchers post, as the book requires unless its setting
	// migration.confirm is off: signed in to the same book, not the
	// importer, a 会计, 出纳 or 社区党组织.
	ConfirmedBy *Session
}

// ImportResult says what an import did.
type ImportResult struct {
	File           string
	SHA256         string
	Vouchers       int
	Lines          int
	Posted         bool
	From, To       Period
	Total          Money // sum of debits
	AddedCompounds []string
	Snapshot       string
	// Encoding is how a CSV file's text was read (EncodingUTF8 or
	// EncodingGB18030); an .xlsx is always UTF-8.
	Encoding string
}

// voucherKey names a voucher of the file: its month and number.
type voucherKey struct {
	p  Period
	no string
}

// importAccount is what an import needs to know of an account.
type importAccount struct {
	id           int64
	name         string
	active, leaf bool
}

// ImportFile imports vouchers from a CSV (UTF-8) or .xlsx file whose header
// is ImportHeader. All or nothing: any bad line imports nothing, and the
// error (a *MultiError) lists every bad line, up to 50, with its number and
// reason. Lines with the same voucher_no in the same month form one voucher;
// the book numbers it (记-NNNN) and keeps the file's number in source_ref. A
// snapshot is taken first, and the file's SHA-256 is recorded so the same file
// is never imported twice.
//
// With Post, the vouchers are posted in the same transaction. This is a
// history migration: the vouchers were prepared, reviewed and posted in the
// old system, so the importing 会计 is recorded as 制单, 审核 and 记账 alike
// (the rule that another person reviews applies to vouchers made in this
// book), and the posting checks other parts of the book add (approved
// amounts, spendable money) are not run on history.
//
// Cancelling ctx stops it while it reads the file or writes the vouchers;
// nothing is saved then (the snapshot taken before stays).
func (s *Session) ImportFile(ctx context.Context, path string, o ImportOptions) (ImportResult, error) {
	if err := s.require("导入凭证", RoleAccountant); err != nil {
		return ImportResult{}, err
	}
	if err := s.checkMigrationConfirmer(o); err != nil {
		return ImportResult{}, err
	}
	// The file is read twice, streaming: once for its hash (a file already
	// imported is refused before any work), once for its lines; a
	// million-line file is never held in memory whole.
	f, err := os.Open(path)
	if err != nil {
		return ImportResult{}, Errorf(NotFound, "无法读取文件 %s", path)
	}
	defer f.Close()
	isXLSX := strings.EqualFold(filepath.Ext(path), ".xlsx")
	st, err := f.Stat()
	if err != nil {
		return ImportResult{}, Errorf(NotFound, "无法读取文件 %s", path)
	}
	limit := int64(MaxImportCSV)
	if isXLSX {
		limit = MaxImportXLSX
	}
	if st.Size() > limit {
		return ImportResult{}, tooLarge(path, "导入文件", st.Size(), limit)
	}
	h := sha256.New()
	var sniff encodingSniffer
	if _, err := io.Copy(io.MultiWriter(h, &sniff), f); err != nil {
		return ImportResult{}, Errorf(NotFound, "无法读取文件 %s", path)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ImportResult{}, internal("import", err)
	}
	var rows rowReader
	encoding := EncodingUTF8
	if isXLSX {
		rows, err = newXLSXRows(f, st.Size())
		if err != nil {
			return ImportResult{}, err
		}
	} else {
		encoding = sniff.encoding()
		rows = newCSVRows(decoded(&lineLimiter{r: f, max: MaxImportLine}, encoding))
	}
	defer rows.Close()
	return s.importRows(ctx, filepath.Base(path), sum, encoding, rows, o)
}

// importState is the book as an import sees it, loaded once so that no line
// needs a query.
type importState struct {
	accounts  map[string]importAccount
	compounds map[string]Compound
	closed    map[Period]bool
	// firstClosed is the earliest closed month, 0 if none: the months
	// before it are as closed as it is.
	firstClosed Period
	// historyBefore is the first month -post may not write: the book's live
	// start (LiveStart), or this month while nothing live is posted yet.
	historyBefore Period
	// today is the book's date: nothing is dated after it.
	today string
}

// closedReason says why an import may not write into month p, or "".
func (st *importState) closedReason(p Period) string {
	if st.closed[p] {
		return p.Chinese() + " 已结账，不能导入凭证"
	}
	if st.firstClosed != 0 && p < st.firstClosed {
		return p.Chinese() + " 早于已结账的 " + st.firstClosed.Chinese() + "，不能导入凭证（会改变已结账月份的期初余额）"
	}
	return ""
}

func (b *Book) loadImportState(q querier) (*importState, error) {
	st := &importState{accounts: map[string]importAccount{}, compounds: map[string]Compound{}, closed: map[Period]bool{}}
	rows, err := q.Query(`SELECT a.id, a.code, a.name, a.active, NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var a importAccount
		var code string
		if err := rows.Scan(&a.id, &code, &a.name, &a.active, &a.leaf); err != nil {
			rows.Close()
			return nil, err
		}
		st.accounts[code] = a
	}
	rows.Close()
	rows, err = q.Query(`SELECT id, name, archived FROM compound`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c Compound
		if err := rows.Scan(&c.ID, &c.Name, &c.Archived); err != nil {
			rows.Close()
			return nil, err
		}
		st.compounds[c.Name] = c
	}
	rows.Close()
	now := b.now()
	st.historyBefore = Period(now.Year()*100 + int(now.Month()))
	// The stored live start, and the first live month itself: a setting
	// moved later by hand does not open live months to -post.
	for _, f := range []func(querier) (Period, error){liveStart, firstLiveMonth} {
		live, err := f(q)
		if err != nil {
			return nil, err
		}
		if live != 0 && live < st.historyBefore {
			st.historyBefore = live
		}
	}
	st.today = now.Format("2006-01-02")
	rows, err = q.Query(`SELECT period FROM period_close`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p Period
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		st.closed[p] = true
		if st.firstClosed == 0 || p < st.firstClosed {
			st.firstClosed = p
		}
	}
	rows.Close()
	return st, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// fingerprintFen is fingerprint computed from fen and ids, without building
// decimals: the same bytes, so Verify and posting agree with it.
func fingerprintFen(buf []byte, p Period, word string, number int, date string, attachments int, kind string, reverses int64,
	lines func(yield func(seq int, memo string, acc, comp, dr, cr int64))) ([]byte, string) {
	buf = appendFingerprintHead(buf[:0], p, word, number, date, attachments, kind, reverses)
	lines(func(seq int, memo string, acc, comp, dr, cr int64) {
		buf = appendFingerprintLine(buf, seq, memo, acc, comp, dr, cr)
	})
	sum := sha256.Sum256(buf)
	return buf, hex.EncodeToString(sum[:])
}

// appendFingerprintHead appends the first line of what a voucher's
// fingerprint hashes: its header.
func appendFingerprintHead(buf []byte, p Period, word string, number int, date string, attachments int, kind string, reverses int64) []byte {
	buf = strconv.AppendInt(buf, int64(p), 10)
	buf = append(buf, '|')
	buf = append(buf, word...)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, int64(number), 10)
	buf = append(buf, '|')
	buf = append(buf, date...)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, int64(attachments), 10)
	buf = append(buf, '|')
	buf = append(buf, kind...)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, reverses, 10)
	return append(buf, '\n')
}

// appendFingerprintLine appends one of a voucher's lines as its
// fingerprint hashes it, after the head.
func appendFingerprintLine(buf []byte, seq int, memo string, acc, comp, dr, cr int64) []byte {
	buf = strconv.AppendInt(buf, int64(seq), 10)
	buf = append(buf, '|')
	buf = append(buf, memo...)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, acc, 10)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, comp, 10)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, dr, 10)
	buf = append(buf, '|')
	buf = strconv.AppendInt(buf, cr, 10)
	return append(buf, '\n')
}

// importRows checks the whole file, then writes it in one transaction.
func (s *Session) importRows(ctx context.Context, name, sum, encoding string, rows rowReader, o ImportOptions) (ImportResult, error) {
	res := ImportResult{File: name, SHA256: sum, Posted: o.Post, Total: FromFen(0), Encoding: encoding}
	defer lowerGC()()
	if err := s.b.refuseImported(s.b.db, res.SHA256); err != nil {
		return res, err
	}
	st, err := s.b.loadImportState(s.b.db)
	if err != nil {
		return res, internal("import", err)
	}
	f, err := s.parseImport(ctx, rows, st, o, encoding)
	if err != nil {
		return res, fmt.Errorf("import %s: %w", name, err)
	}
	defer f.close()
	res.AddedCompounds = f.added
	if res.Snapshot, err = s.b.snapshot("before-import"); err != nil {
		return res, fmt.Errorf("import %s: snapshot: %w", name, err)
	}
	err = s.b.tx(ctx, func(tx *sql.Tx) error {
		return s.writeImport(ctx, tx, &res, f, o)
	})
	if err != nil {
		if e := stopped(ctx); e != nil {
			return res, e
		}
		return res, fmt.Errorf("import %s: %w", name, err)
	}
	return res, nil
}

func (b *Book) refuseImported(q querier, sha string) error {
	var at, by string
	err := q.QueryRow(`SELECT f.imported_at, u.name FROM import_file f JOIN user u ON u.id = f.imported_by WHERE f.sha256 = ?`, sha).Scan(&at, &by)
	if err == nil {
		return Errorf(Conflict, "这个文件已经在 %s 由 %s 导入过，不能重复导入", at, by)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return internal("import", err)
	}
	return nil
}

func (s *Session) writeImport(ctx context.Context, tx *sql.Tx, res *ImportResult, f *importFile, o ImportOptions) error {
	now := s.b.stamp()
	addedIDs, err := s.prepareImport(tx, res, f, o, now)
	if err != nil {
		return err
	}
	// Lines go in before their voucher row (written several to a statement:
	// rowBatch), which is then inserted already posted: the voucher_line_posted_no_insert trigger allows it (there is
	// no posted voucher yet), it saves an UPDATE per voucher, and the foreign
	// key from line to voucher is checked at commit.
	if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
		return err
	}
	numbers, id, err := importNumbering(tx)
	if err != nil {
		return err
	}
	// Vouchers are numbered in date order within each month, after any the
	// month already has; the file's order breaks ties. Ids follow the
	// numbers.
	byDate := make([]int32, 0, f.vouchers)
	f.eachVoucher(func(i int32, _ *importPiece) { byDate = append(byDate, i) })
	sort.SliceStable(byDate, func(i, j int) bool {
		return f.pieces.at(byDate[i]).day < f.pieces.at(byDate[j]).day
	})
	// A voucher's first piece keeps its place in date order (in first): its
	// id is the book's last id plus the place plus one, its number the place
	// plus its month's offset (a month's vouchers are together in date order).
	offset := map[Period]int32{}
	var total int64
	res.From, res.To = f.pieces.at(byDate[0]).period(), f.pieces.at(byDate[0]).period()
	for rank, i := range byDate {
		v := f.pieces.at(i)
		p := v.period()
		if _, ok := offset[p]; !ok {
			offset[p] = int32(numbers[p]+1) - int32(rank)
		}
		v.first = int32(rank)
		total += v.dr
		res.Vouchers++
		res.Lines += int(f.linesOf(i))
		res.From, res.To = min(res.From, p), max(res.To, p)
	}
	byDate = nil
	res.Total = FromFen(total)
	idOf := func(v *importPiece) int64 { return id + int64(v.first) + 1 }
	numberOf := func(v *importPiece) int { return int(v.first + offset[v.period()]) }
	rebuild, err := dropLineIndexes(tx, res.Lines)
	if err != nil {
		return err
	}
	lineRows := newRowBatch(tx, `INSERT INTO voucher_line (voucher_id, seq, period, memo, account_id, compound_id, debit_fen, credit_fen) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?)`)
	defer lineRows.close()
	vRows := newRowBatch(tx, `INSERT INTO voucher (id, period, word, number, date, attachments, status, kind, source_ref,
		preparer_id, reviewer_id, poster_id, reviewed_at, posted_at, total_fen, fingerprint, created_at) VALUES `,
		`(?, ?, '记', ?, ?, 0, ?, 'import', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	defer vRows.close()
	// Every voucher row goes in after its lines.
	vRows.before = lineRows.flush
	balances := map[importBalanceKey][2]int64{}
	status := StatusDraft
	var reviewer, poster, postedAt any
	if o.Post {
		// Migrated history (迁移): nobody reviewed it in this book, so no
		// reviewer is named; Voucher.Migrated marks it wherever it shows.
		status, reviewer, poster, postedAt = StatusPosted, nil, s.user.ID, now
	}
	// A posted voucher's fingerprint hashes its head and its lines in order:
	// hashed piece by piece as the lines are read back, one hash for a
	// voucher in one piece (nearly all), one per voucher whose pieces are
	// apart while it is open.
	var buf []byte
	one := sha256.New()
	hashes := map[int32]hash.Hash{}
	err = f.replay(ctx, func(v *importPiece, seq int, l *spillLine) error {
		if seq == 1 && o.Post {
			buf = appendFingerprintHead(buf[:0], v.period(), "记", numberOf(v), v.date(), 0, VoucherImport, 0)
		}
		if l.comp < 0 {
			l.comp = addedIDs[-l.comp-1]
		}
		if o.Post {
			buf = appendFingerprintLine(buf, seq, l.memo, l.acc, l.comp, l.dr, l.cr)
			k := importBalanceKey{l.acc, l.comp, v.period()}
			b := balances[k]
			balances[k] = [2]int64{b[0] + l.dr, b[1] + l.cr}
		}
		return lineRows.add(idOf(v), seq, int(v.period()), l.memo, l.acc, l.comp, l.dr, l.cr)
	}, func(v *importPiece, vi int32, whole, last bool) error {
		fp := ""
		if o.Post {
			h := one
			if whole {
				h.Reset()
			} else if h = hashes[vi]; h == nil {
				h = sha256.New()
				hashes[vi] = h
			}
			h.Write(buf)
			buf = buf[:0]
			if !last {
				return nil
			}
			delete(hashes, vi)
			fp = hex.EncodeToString(h.Sum(nil))
		} else if !last {
			return nil
		}
		return vRows.add(idOf(v), int(v.period()), numberOf(v), v.date(), status, f.no(v), s.user.ID, reviewer, poster, postedAt, postedAt, v.dr, fp, now)
	})
	if err != nil {
		return err
	}
	if err := vRows.flush(); err != nil {
		return err
	}
	if len(rebuild) > 0 {
		// The sort that builds an index spills to a temporary file rather
		// than holding a million keys in memory.
		// (Best effort: SQLite refuses the switch on a connection holding
		// temporary tables, and the sort then stays in memory.)
		tx.Exec(`PRAGMA temp_store = FILE`)
		for _, q := range rebuild {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		tx.Exec(`PRAGMA temp_store = MEMORY`)
	}
	if o.Post {
		if err := addImportBalances(tx, balances); err != nil {
			return err
		}
	}
	return s.recordImport(tx, res, f.added, o, now)
}

// importRebuildMin is how many lines an import brings before it rebuilds
// the lines' indexes rather than growing them row by row.
var importRebuildMin = 50_000

// dropLineIndexes drops voucher_line's secondary indexes (by account, by
// compound: not the unique ones, which guard the rows as they go in) when an
// import brings n lines, at least importRebuildMin and at least as many as
// the book holds, and returns the statements that create them again, as
// the schema has them. Built once from sorted rows at the end, they cost a
// fraction of a million random insertions. It all happens inside the
// import's transaction: a failed or interrupted import leaves the indexes
// as they were.
func dropLineIndexes(tx *sql.Tx, n int) ([]string, error) {
	if n < importRebuildMin {
		return nil, nil
	}
	var held int
	if err := tx.QueryRow(`SELECT count(*) FROM voucher_line`).Scan(&held); err != nil {
		return nil, err
	}
	if held > n {
		return nil, nil
	}
	var names, create []string
	err := eachRow(tx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'voucher_line' AND sql IS NOT NULL ORDER BY name`, nil,
		func(scan func(...any) error) error {
			var name, q string
			if err := scan(&name, &q); err != nil {
				return err
			}
			if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "CREATE UNIQUE") {
				names, create = append(names, name), append(create, q)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.Exec(`DROP INDEX ` + sqlIdent(name)); err != nil {
			return nil, err
		}
	}
	return create, nil
}

// prepareImport re-checks, inside the writing transaction, what may have
// changed while the file was read (the same file imported, a month closed
// or gone live), and adds the compounds the file brings; it returns their
// ids in order.
func (s *Session) prepareImport(tx *sql.Tx, res *ImportResult, f *importFile, o ImportOptions, now string) ([]int64, error) {
	if err := s.b.refuseImported(tx, res.SHA256); err != nil {
		return nil, err
	}
	// Re-check closed months inside the transaction: one may have been
	// closed while the file was read.
	st, err := s.b.loadImportState(tx)
	if err != nil {
		return nil, err
	}
	var refused error
	f.eachVoucher(func(_ int32, v *importPiece) {
		if refused != nil {
			return
		}
		if why := st.closedReason(v.period()); why != "" {
			refused = Errorf(PeriodClosed, "%s", why)
		} else if o.Post && v.period() >= st.historyBefore {
			refused = Errorf(Conflict, "%s 不是以前的月份，-post 只用于迁移历史凭证", v.period().Chinese())
		}
	})
	if refused != nil {
		return nil, refused
	}
	addedIDs := make([]int64, len(f.added))
	for i, name := range f.added {
		c, err := addCompound(tx, now, s.user, name)
		if err != nil {
			return nil, err
		}
		addedIDs[i] = c.ID
	}
	return addedIDs, nil
}

// importNumbering returns the last 记 number of each month and the highest
// voucher id: imported vouchers follow them.
func importNumbering(tx *sql.Tx) (map[Period]int, int64, error) {
	numbers := map[Period]int{}
	rows, err := tx.Query(`SELECT period, max(number) FROM voucher WHERE word = '记' GROUP BY period`)
	if err != nil {
		return nil, 0, err
	}
	for rows.Next() {
		var p Period
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			rows.Close()
			return nil, 0, err
		}
		numbers[p] = n
	}
	rows.Close()
	var id int64
	if err := tx.QueryRow(`SELECT coalesce(max(id), 0) FROM voucher`).Scan(&id); err != nil {
		return nil, 0, err
	}
	return numbers, id, nil
}

// importBalanceKey is a kept balance's row: account, compound, month.
type importBalanceKey struct {
	acc, comp int64
	p         Period
}

// addImportBalances adds posted imported lines to the kept balances.
func addImportBalances(tx *sql.Tx, balances map[importBalanceKey][2]int64) error {
	stmt, err := tx.Prepare(`INSERT INTO balance (account_id, compound_id, period, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (account_id, compound_id, period) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for k, b := range balances {
		if _, err := stmt.Exec(k.acc, k.comp, int(k.p), b[0], b[1]); err != nil {
			return err
		}
	}
	return nil
}

// recordImport records the file (so it is never imported twice) and logs
// the import as one entry: the file's hash pins its content, and each posted
// voucher carries its own fingerprint.
func (s *Session) recordImport(tx *sql.Tx, res *ImportResult, added []string, o ImportOptions, now string) error {
	if _, err := tx.Exec(`INSERT INTO import_file (sha256, file_name, imported_at, imported_by, vouchers, lines, posted) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		res.SHA256, res.File, now, s.user.ID, res.Vouchers, res.Lines, o.Post); err != nil {
		return err
	}
	// One log entry for the whole import: the file's hash pins its content,
	// and each posted voucher carries its own fingerprint.
	return appendLog(tx, now, s.user, "voucher.import", "import", res.SHA256[:16], nil, map[string]any{
		"file": res.File, "sha256": res.SHA256, "vouchers": res.Vouchers, "lines": res.Lines, "posted": o.Post,
		"from": res.From.String(), "to": res.To.String(), "debit_total": PlainYuan(res.Total), "added_compounds": added,
		// Posted at once, the vouchers are history migrated from an earlier
		// system (迁移): no second person reviewed them here; a second user
		// confirmed the migration as a whole.
		"migrated": o.Post, "confirmed_by": confirmerName(o)})
}

// checkMigrationConfirmer refuses a migration (Post) the book requires a
// second user to confirm, when no such user confirms it.
func (s *Session) checkMigrationConfirmer(o ImportOptions) error {
	if !o.Post || s.b.Setting(SettingMigrationConfirm, "on") == "off" {
		return nil
	}
	c := o.ConfirmedBy
	if c == nil {
		return Errorf(Forbidden, "迁移历史凭证（导入后直接记账）须由另一位用户确认：请指定确认人（会计、出纳或社区党组织），由其输入自己的密码")
	}
	if c.b != s.b {
		return Errorf(Forbidden, "确认人须登录同一本账簿")
	}
	if c.user.ID == s.user.ID {
		return Errorf(Forbidden, "迁移须由导入人（%s）以外的用户确认", s.user.Name)
	}
	return c.require("确认迁移历史凭证", RoleAccountant, RoleCashier, RoleParty)
}

func confirmerName(o ImportOptions) any {
	if o.ConfirmedBy == nil {
		return nil
	}
	return o.ConfirmedBy.user.Name
}
