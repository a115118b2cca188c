package books

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
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

// importLine is one line of the file, kept small: a million of them are held
// in memory at once, in one importLines.
type importLine struct {
	memo   int32 // in importFile.memos
	next   int32 // the voucher's next line, -1 after its last
	acc    int64
	comp   int64 // < 0: the -comp'th compound the import adds
	dr, cr int64 // fen
}

// importLines holds an import's lines in fixed chunks: growing never copies
// a million lines, nor holds a spare half of them.
type importLines struct {
	chunks [][]importLine
	n      int32
}

const importChunk = 1 << 15

// add keeps l and returns its index.
func (a *importLines) add(l importLine) int32 {
	if int(a.n)%importChunk == 0 {
		a.chunks = append(a.chunks, make([]importLine, 0, importChunk))
	}
	c := &a.chunks[len(a.chunks)-1]
	*c = append(*c, l)
	a.n++
	return a.n - 1
}

func (a *importLines) at(i int32) *importLine { return &a.chunks[i/importChunk][i%importChunk] }

// of calls fn with each line of v, in the file's order, numbered from 1.
func (a *importLines) of(v *importVoucher, fn func(seq int, l *importLine)) {
	seq := 0
	for i := v.head; i >= 0; i = a.at(i).next {
		seq++
		fn(seq, a.at(i))
	}
}

type importVoucher struct {
	no         string
	date       string
	period     Period
	first      int32 // file line of its first line
	order      int32 // in the file
	head, tail int32 // its first and last lines in importLines, -1 for none
	n          int32 // its lines
	joined     bool  // a later piece of a voucher, joined into its first
}

// voucherKey names a voucher of the file: its month and number.
type voucherKey struct {
	p  Period
	no string
}

// importFile is what the check of a file keeps for writing it.
type importFile struct {
	vouchers []*importVoucher // in the file's order
	lines    importLines
	memos    []string // by importLine.memo
	added    []string // compounds to add, in order
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

func internString(m map[string]string, s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	m[s] = s
	return s
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
	buf = buf[:0]
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
	buf = append(buf, '\n')
	lines(func(seq int, memo string, acc, comp, dr, cr int64) {
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
		buf = append(buf, '\n')
	})
	sum := sha256.Sum256(buf)
	return buf, hex.EncodeToString(sum[:])
}

// importRows checks the whole file, then writes it in one transaction.
func (s *Session) importRows(ctx context.Context, name, sum, encoding string, rows rowReader, o ImportOptions) (ImportResult, error) {
	res := ImportResult{File: name, SHA256: sum, Posted: o.Post, Total: FromFen(0), Encoding: encoding}
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
	res.AddedCompounds = f.added
	vouchers := f.vouchers
	// Vouchers are numbered in date order within each month, after any the
	// month already has; the file's order breaks ties.
	sort.SliceStable(vouchers, func(i, j int) bool {
		if vouchers[i].date != vouchers[j].date {
			return vouchers[i].date < vouchers[j].date
		}
		return vouchers[i].order < vouchers[j].order
	})
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
	vouchers := f.vouchers
	addedIDs, err := s.prepareImport(tx, res, vouchers, f.added, o, now)
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
	rebuild, err := dropLineIndexes(tx, int(f.lines.n))
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
	var buf []byte
	var total int64
	res.From, res.To = vouchers[0].period, vouchers[0].period
	for n, v := range vouchers {
		if n%500 == 0 {
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		id++
		numbers[v.period]++
		num := numbers[v.period]
		var vtotal int64
		var werr error
		f.lines.of(v, func(seq int, l *importLine) {
			if l.comp < 0 {
				l.comp = addedIDs[-l.comp-1]
			}
			if werr == nil {
				werr = lineRows.add(id, seq, int(v.period), f.memos[l.memo], l.acc, l.comp, l.dr, l.cr)
			}
			vtotal += l.dr
			if o.Post {
				k := importBalanceKey{l.acc, l.comp, v.period}
				b := balances[k]
				balances[k] = [2]int64{b[0] + l.dr, b[1] + l.cr}
			}
		})
		if werr != nil {
			return werr
		}
		fp := ""
		if o.Post {
			buf, fp = fingerprintFen(buf, v.period, "记", num, v.date, 0, VoucherImport, 0, func(yield func(int, string, int64, int64, int64, int64)) {
				f.lines.of(v, func(seq int, l *importLine) {
					yield(seq, f.memos[l.memo], l.acc, l.comp, l.dr, l.cr)
				})
			})
		}
		if err := vRows.add(id, int(v.period), num, v.date, status, v.no, s.user.ID, reviewer, poster, postedAt, postedAt, vtotal, fp, now); err != nil {
			return err
		}
		total += vtotal
		res.Vouchers++
		res.Lines += int(v.n)
		res.From, res.To = min(res.From, v.period), max(res.To, v.period)
	}
	if err := vRows.flush(); err != nil {
		return err
	}
	res.Total = FromFen(total)
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
func (s *Session) prepareImport(tx *sql.Tx, res *ImportResult, vouchers []*importVoucher, added []string, o ImportOptions, now string) ([]int64, error) {
	if err := s.b.refuseImported(tx, res.SHA256); err != nil {
		return nil, err
	}
	// Re-check closed months inside the transaction: one may have been
	// closed while the file was read.
	st, err := s.b.loadImportState(tx)
	if err != nil {
		return nil, err
	}
	for _, v := range vouchers {
		if why := st.closedReason(v.period); why != "" {
			return nil, Errorf(PeriodClosed, "%s", why)
		}
		if o.Post && v.period >= st.historyBefore {
			return nil, Errorf(Conflict, "%s 不是以前的月份，-post 只用于迁移历史凭证", v.period.Chinese())
		}
	}
	addedIDs := make([]int64, len(added))
	for i, name := range added {
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
