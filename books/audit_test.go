package books

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// closeThrough posts one voucher in p and closes every month from p to last.
func closeThrough(t *testing.T, tb *testBook, first, last Period) {
	t.Helper()
	tb.post(first.First(), line("收到物业费", "1002", "阳光小区", "100.00", ""), line("", "4301", "阳光小区", "", "100.00"))
	for p := first; p <= last; p = p.Next() {
		if err := tb.accountant.ClosePeriod(p); err != nil {
			t.Fatalf("ClosePeriod(%s): %v", p, err)
		}
	}
}

func TestMonthBeforeClosedMonthAcceptsNothing(t *testing.T) {
	tb := newTestBook(t)
	closeThrough(t, tb, 202601, 202602)
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2025-12-20", Lines: []Line{
		line("补记上年物业费", "1002", "阳光小区", "50.00", ""), line("", "4301", "阳光小区", "", "50.00")}})
	if ErrorCode(err) != PeriodClosed {
		t.Fatalf("voucher dated before the first closed month: %v, want PeriodClosed", err)
	}
	if !strings.Contains(ErrorMessage(err), "2025年12月") {
		t.Errorf("message %q does not name the month", ErrorMessage(err))
	}
	// Income dated then is refused too: books/income's TestIncomeBeforeClosedMonthIsRefused.
	p := writeImport(t, "old.csv", ImportHeader, "2025-12-05,V1,1002,银行存款,阳光小区,10.00,,旧账", "2025-12-05,V1,4301,提供服务收入,阳光小区,,10.00,旧账")
	if _, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err == nil || !strings.Contains(ErrorMessage(err), "早于已结账") {
		t.Errorf("import into a month before the first closed month: %v, want a closed-month refusal", err)
	}
	// After reopening everything the month is open again.
	for _, p := range []Period{202602, 202601} {
		if err := tb.accountant.ReopenPeriod(p, "补记上年凭证"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tb.accountant.SaveVoucher(Voucher{Date: "2025-12-20", Lines: []Line{
		line("补记上年物业费", "1002", "阳光小区", "50.00", ""), line("", "4301", "阳光小区", "", "50.00")}}); err != nil {
		t.Errorf("voucher in an open month after reopening: %v", err)
	}
}

// handEdit closes the book, runs statements on its file the way someone with
// a SQLite browser would, and opens it again.
func handEdit(t *testing.T, tb *testBook, stmts ...string) *Book {
	t.Helper()
	path := tb.Path()
	tb.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	b, err := Open(path, standIn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func verifyText(t *testing.T, b *Book) string {
	t.Helper()
	p, err := b.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(p, "\n")
}

func TestVerifyFindsTruncatedLog(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if got := verifyText(t, tb.Book); got != "" {
		t.Fatalf("fresh book: %s", got)
	}
	b := handEdit(t, tb, `DROP TRIGGER oplog_no_delete`, `DELETE FROM oplog WHERE id = (SELECT max(id) FROM oplog)`)
	if got := verifyText(t, b); !strings.Contains(got, "操作日志") || !strings.Contains(got, "删除") {
		t.Errorf("verify after deleting the last log entry = %q, want it named", got)
	}
}

func TestVerifyFindsVoucherNumberGap(t *testing.T) {
	tb := newTestBook(t)
	for i := 0; i < 3; i++ {
		tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	}
	// Remove 记-0002 with its lines and its share of the kept balances, so
	// every other check still agrees.
	b := handEdit(t, tb, `DROP TRIGGER voucher_line_posted_no_delete`, `DROP TRIGGER voucher_posted_no_delete`,
		`DELETE FROM voucher_line WHERE voucher_id = 2`, `DELETE FROM voucher WHERE id = 2`,
		`UPDATE balance SET debit_fen = debit_fen - 1000 WHERE debit_fen > 0`,
		`UPDATE balance SET credit_fen = credit_fen - 1000 WHERE credit_fen > 0`)
	if got := verifyText(t, b); !strings.Contains(got, "断号") {
		t.Errorf("verify after deleting 记-0002 = %q, want a number gap", got)
	}
}

func TestSearchTreatsWildcardsAsText(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("物业费收缴率100%", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	tb.post("2026-03-06", line("收到物业费1000元", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	for _, tt := range []struct {
		text string
		want int
	}{{"100%", 1}, {"_", 0}, {"%", 1}, {"物业费", 2}} {
		got, err := tb.Vouchers(VoucherFilter{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("Vouchers(Text %q) = %d vouchers, want %d", tt.text, len(got), tt.want)
		}
	}
	if got, _ := tb.Vouchers(VoucherFilter{AccountCode: "%"}); len(got) != 0 {
		t.Errorf("Vouchers(AccountCode %%) = %d vouchers, want 0", len(got))
	}
	if got, _ := tb.accountant.Log(LogFilter{Text: "物_费"}); len(got) != 0 {
		t.Errorf("Log(Text 物_费) = %d entries, want 0", len(got))
	}
}

func TestVoucherTotalWithinRange(t *testing.T) {
	big := "99999999999.00" // the largest amount a line may carry, near MaxFen
	v := Voucher{Date: "2026-03-05", Lines: []Line{
		line("巨额", "1001", "阳光小区", big, ""), line("", "1001", "和平小区", big, ""),
		line("", "4901", "阳光小区", "", big), line("", "4901", "和平小区", "", big)}}
	if err := v.Validate(false); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "合计") {
		t.Errorf("Validate(total beyond the range) = %v, want Invalid naming the total", err)
	}
	tb := newTestBook(t)
	if _, err := tb.accountant.SaveVoucher(v); err == nil {
		t.Errorf("SaveVoucher(total beyond the range) saved it")
	}
}

func TestVoucherDateIsARealMonthOfThisEra(t *testing.T) {
	ok := []Line{line("收到物业费", "1001", "阳光小区", "100.00", ""), line("", "4901", "阳光小区", "", "100.00")}
	for _, d := range []string{"0001-01-01", "1899-12-31", "2026-02-30"} {
		if err := (Voucher{Date: d, Lines: ok}).Validate(false); ErrorCode(err) != Invalid {
			t.Errorf("Validate(date %q) = %v, want Invalid", d, err)
		}
	}
}

func TestVoucherDateIsStoredWithoutSpaces(t *testing.T) {
	tb := newTestBook(t)
	v, err := tb.accountant.SaveVoucher(Voucher{Date: " 2026-03-05 ", Lines: []Line{
		line("收到物业费", "1001", "阳光小区", "100.00", ""), line("", "4901", "阳光小区", "", "100.00")}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Date != "2026-03-05" {
		t.Errorf("saved date = %q, want 2026-03-05", v.Date)
	}
	v.Date = "2026-03-06\t"
	if v, err = tb.accountant.SaveVoucher(v); err != nil || v.Date != "2026-03-06" {
		t.Errorf("updated date = %q (%v), want 2026-03-06", v.Date, err)
	}
}

func TestLockThatCannotBeMadeIsExplained(t *testing.T) {
	tb := newTestBook(t)
	path := tb.Path()
	tb.Close()
	// A folder in the lock file's place stands for a folder the user may
	// not write (root ignores permissions, so the test cannot chmod).
	os.Remove(lockPath(path))
	if err := os.Mkdir(lockPath(path), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, standIn)
	if err == nil || ErrorCode(err) == Internal || !strings.Contains(ErrorMessage(err), "只读方式") {
		t.Errorf("Open with no way to make the lock: %v (%q), want a refusal that offers read-only opening", err, ErrorMessage(err))
	}
}

func TestOpenRefusesAForeignDatabase(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup []string
	}{
		{"another program's database", []string{`CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)`}},
		{"an empty database file", nil},
	} {
		path := filepath.Join(t.TempDir(), "other.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		db.Exec(`PRAGMA user_version = 1`) // makes the file exist
		for _, q := range tt.setup {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		b, err := Open(path, standIn)
		if err == nil {
			b.Close()
		}
		if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "不是阳光账本的账簿") {
			t.Errorf("%s: Open = %v, want Invalid saying it is not a book", tt.name, err)
		}
		db, _ = sql.Open("sqlite", path)
		var n int
		db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('voucher', 'migration')`).Scan(&n)
		db.Close()
		if n != 0 {
			t.Errorf("%s: Open wrote the book's tables into the file", tt.name)
		}
	}
}

func TestRestoreRefusesATamperedBackup(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	snap, err := tb.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER voucher_line_posted_no_update`, `UPDATE voucher_line SET debit_fen = 100000 WHERE voucher_id = 1 AND seq = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	path := tb.Path()
	tb.Close()
	if _, err := Restore(t.Context(), path, snap, standIn); ErrorCode(err) != Tampered || !strings.Contains(ErrorMessage(err), "未恢复") {
		t.Errorf("restoring a hand-edited backup: %v, want Tampered and nothing restored", err)
	}
}

func TestRestoreIsTheAccountantsAndLogsWho(t *testing.T) {
	tb := newTestBook(t)
	snap, err := tb.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.cashier.Restore(t.Context(), snap); ErrorCode(err) != Forbidden {
		t.Errorf("a 出纳 restoring: %v, want Forbidden", err)
	}
	if _, err := tb.accountant.Restore(t.Context(), snap); err != nil {
		t.Fatal(err)
	}
	b, err := Open(tb.Path(), standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	log, _ := (&Session{b: b}).Log(LogFilter{Text: "book.restore"})
	if len(log) != 1 || log[0].User != "张会计" {
		t.Errorf("restore log = %+v, want one entry by 张会计", log)
	}
}

func TestRenumberingIsLogged(t *testing.T) {
	tb := newTestBook(t)
	var ids []int64
	for i := 0; i < 3; i++ {
		v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{
			line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	if err := tb.accountant.DeleteVoucher(ids[0]); err != nil {
		t.Fatal(err)
	}
	log, _ := tb.accountant.Log(LogFilter{Text: "voucher.delete"})
	if len(log) != 1 || !strings.Contains(log[0].After, "记-0002") || !strings.Contains(log[0].After, "记-0001") {
		t.Fatalf("delete log = %+v, want the renumbering 记-0002→记-0001, 记-0003→记-0002 in it", log)
	}
	// Moving a draft to another month renumbers the month it leaves.
	v, _ := tb.Voucher(ids[1])
	v.Date = "2026-04-01"
	if _, err := tb.accountant.SaveVoucher(v); err != nil {
		t.Fatal(err)
	}
	log, _ = tb.accountant.Log(LogFilter{Text: "voucher.update"})
	if len(log) != 1 || !strings.Contains(log[0].After, "renumbered") {
		t.Errorf("update log = %+v, want the renumbering of 2026-03 in it", log)
	}
}

func TestImportEdgeCases(t *testing.T) {
	const h = ImportHeader
	big := "99999999999.00"
	tests := []struct {
		name    string
		content string
		want    string // "" imports; otherwise a text the refusal contains
	}{
		{"BOM, CRLF, quoted comma and blank lines import", "\ufeff" + h + "\r\n2026-01-05,V1,1001,现金,阳光小区,\"1,000.00\",,\"租金,三月\"\r\n\r\n2026-01-05,V1,4901,其他收入,阳光小区,,1000.00,\r\n", ""},
		{"a day that does not exist", h + "\n2026-02-30,V1,1001,现金,阳光小区,1.00,,x\n2026-02-30,V1,4901,其他收入,阳光小区,,1.00,x\n", "第 2 行：日期"},
		{"year one", h + "\n0001-01-05,V1,1001,现金,阳光小区,1.00,,x\n0001-01-05,V1,4901,其他收入,阳光小区,,1.00,x\n", "第 2 行：日期"},
		{"an amount beyond the range", h + "\n2026-01-05,V1,1001,现金,阳光小区,123456789012345.00,,x\n2026-01-05,V1,4901,其他收入,阳光小区,,1.00,x\n", "第 2 行：借方"},
		{"a voucher total beyond the range", h + "\n2026-01-05,V1,1001,现金,阳光小区," + big + ",,x\n2026-01-05,V1,1001,现金,和平小区," + big + ",,x\n" +
			"2026-01-05,V1,4901,其他收入,阳光小区,," + big + ",x\n2026-01-05,V1,4901,其他收入,和平小区,," + big + ",x\n", "超出允许范围"},
	}
	for _, tt := range tests {
		tb := newTestBook(t)
		p := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{ConfirmedBy: tb.cashier, Post: true})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, ErrorMessage(err))
		case tt.want == "" && (res.Vouchers != 1 || !res.Total.Equal(yuan("1000"))):
			t.Errorf("%s: imported %d vouchers, total %s", tt.name, res.Vouchers, res.Total)
		case tt.want != "" && (err == nil || !strings.Contains(ErrorMessage(err), tt.want)):
			t.Errorf("%s: %v, want a refusal with %q", tt.name, ErrorMessage(err), tt.want)
		}
		if tt.want == "" && err == nil {
			v, _ := tb.Voucher(1)
			if v.Lines[0].Memo != "租金,三月" {
				t.Errorf("%s: memo %q", tt.name, v.Lines[0].Memo)
			}
		}
	}
}

func TestRefusedCloseLeavesNoSnapshot(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-01-05", Lines: []Line{
		line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}}); err != nil {
		t.Fatal(err)
	}
	before, _ := tb.Snapshots()
	for i := 0; i < 3; i++ {
		if err := tb.accountant.ClosePeriod(202601); ErrorCode(err) != Conflict {
			t.Fatalf("closing a month with a draft: %v, want Conflict", err)
		}
	}
	// Snapshots rotate (the newest 30 stay): refused attempts must not push
	// the useful ones out.
	if after, _ := tb.Snapshots(); len(after) != len(before) {
		t.Errorf("refused closes left %d snapshots, want %d", len(after), len(before))
	}
}

func TestVerifyFindsClosingAndRolesEditedBehindTheLog(t *testing.T) {
	tb := newTestBook(t)
	closeThrough(t, tb, 202601, 202602)
	if _, err := tb.accountant.AddUser("王审计", RoleAuditor, "secret1"); err != nil {
		t.Fatal(err)
	}
	if got := verifyText(t, tb.Book); got != "" {
		t.Fatalf("fresh book: %s", got)
	}
	b := handEdit(t, tb, `DELETE FROM period_close WHERE period = 202602`, `UPDATE user SET role = 'accountant' WHERE name = '王审计'`)
	got := verifyText(t, b)
	for _, want := range []string{"2026年2月", "王审计"} {
		if !strings.Contains(got, want) {
			t.Errorf("verify after reopening 2026-02 and promoting 王审计 by hand = %q, want %q named", got, want)
		}
	}
}

// Deposits' refusals are in books/income's TestDepositRefusalsNameWhatAndWhere.
func TestRefusalsNameWhatAndWhere(t *testing.T) {
	tb := newTestBook(t)
	_, err1 := tb.TrialBalance(202613, 202701, 0)
	_, err2 := tb.BalanceSheet(202600, 0)
	_, err5 := tb.accountant.AddUser("赵某", Role("boss"), "secret1")
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"trial balance of month 13", err1, "2026-13"},
		{"balance sheet of month 0", err2, "2026-00"},
		{"unknown role", err5, "boss"},
	} {
		if ErrorCode(tt.err) != Invalid || !strings.Contains(ErrorMessage(tt.err), tt.want) {
			t.Errorf("%s: %v, want Invalid naming %q", tt.name, tt.err, tt.want)
		}
	}
}

func TestDeactivatedUserSessionActsNoMore(t *testing.T) {
	tb := newTestBook(t)
	if err := tb.accountant.SetUserActive("李出纳", false); err != nil {
		t.Fatal(err)
	}
	_, err := tb.cashier.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{
		line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
	if ErrorCode(err) != Unauthorized || !strings.Contains(ErrorMessage(err), "李出纳") {
		t.Errorf("a session of a deactivated user saving a voucher: %v, want Unauthorized naming the user", err)
	}
}

func TestVerifyFindsAFingerprintRewrittenBehindTheLog(t *testing.T) {
	tb := newTestBook(t)
	v := tb.post("2026-03-05", line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	// A careful forger changes both lines and the kept balances, and
	// recomputes the fingerprint so the voucher agrees with itself.
	v.Lines[0].Debit, v.Lines[1].Credit = yuan("1000"), yuan("1000")
	fp := fingerprint(v)
	b := handEdit(t, tb,
		`DROP TRIGGER voucher_line_posted_no_update`, `DROP TRIGGER voucher_posted_no_update`,
		`UPDATE voucher_line SET debit_fen = 100000 WHERE debit_fen = 1000`,
		`UPDATE voucher_line SET credit_fen = 100000 WHERE credit_fen = 1000`,
		`UPDATE balance SET debit_fen = 100000 WHERE debit_fen = 1000`,
		`UPDATE balance SET credit_fen = 100000 WHERE credit_fen = 1000`,
		`UPDATE voucher SET total_fen = 100000, fingerprint = '`+fp+`'`)
	if got := verifyText(t, b); !strings.Contains(got, v.No()) || !strings.Contains(got, "日志") {
		t.Errorf("verify after a forged voucher with a recomputed fingerprint = %q, want %s named against the log", got, v.No())
	}
}

func TestCreateInAMissingFolderSaysSo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "没有这个文件夹")
	_, err := Create(filepath.Join(dir, "a.sunbooks"), CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "1", UserName: "张会计", Password: "secret1"}, standIn)
	if err == nil || ErrorCode(err) == Internal || !strings.Contains(ErrorMessage(err), dir) || strings.Contains(ErrorMessage(err), "只读方式打开") {
		t.Errorf("Create in a missing folder: %v (%q), want a refusal naming the folder", err, ErrorMessage(err))
	}
}

func TestImportPostIsOnlyForHistory(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2027-01-02", line("收到物业费", "1002", "阳光小区", "1000", ""), line("", "4901", "阳光小区", "", "1000"))
	// -post skips review by another person: it may migrate history, not
	// post this month's work single-handed.
	now := writeImport(t, "now.csv", ImportHeader,
		"2027-01-05,V1,5201,管理费用,阳光小区,300.00,,买办公桌",
		"2027-01-05,V1,1002,银行存款,阳光小区,,300.00,买办公桌")
	if _, err := tb.accountant.ImportFile(t.Context(), now, ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err == nil || !strings.Contains(ErrorMessage(err), "第 2 行") || !strings.Contains(ErrorMessage(err), "历史") {
		t.Errorf("import -post into this month (the test clock's 2027-01): %v, want line 2 refused as not history", err)
	}
	old := writeImport(t, "old.csv", ImportHeader,
		"2025-12-05,V1,1002,银行存款,阳光小区,80.00,,旧账",
		"2025-12-05,V1,4901,其他收入,阳光小区,,80.00,旧账")
	if _, err := tb.accountant.ImportFile(t.Context(), old, ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err != nil {
		t.Errorf("import -post of an earlier month: %v", err)
	}
	if _, err := tb.accountant.ImportFile(t.Context(), now, ImportOptions{}); err != nil {
		t.Errorf("import of this month's vouchers as drafts: %v", err)
	}
}

func TestVerifyFindsAPostedVoucherUnpostedByHand(t *testing.T) {
	tb := newTestBook(t)
	v := tb.post("2026-03-05", line("收到物业费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	// Unposted by hand with its kept balances gone, it could then be edited
	// or deleted through the program.
	b := handEdit(t, tb, `DROP TRIGGER voucher_posted_no_update`,
		`UPDATE voucher SET status = 'reviewed', poster_id = NULL, posted_at = NULL, fingerprint = ''`, `DELETE FROM balance`)
	if got := verifyText(t, b); !strings.Contains(got, v.No()) {
		t.Errorf("verify after unposting %s by hand = %q, want it named", v.No(), got)
	}
}

func TestBookPathMayHoldURICharacters(t *testing.T) {
	for _, name := range []string{"阳光#2.sunbooks", "收缴率100%.sunbooks", "a?b.sunbooks", "x&mode=ro.sunbooks"} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "1", UserName: "张会计", Password: "secret1"}, standIn)
		if err != nil {
			t.Errorf("Create(%q, standIn): %v", name, err)
			continue
		}
		b.Close()
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("Create(%q, standIn) wrote %v instead", name, names)
			continue
		}
		for _, open := range []func(string, ...Module) (*Book, error){Open, OpenReadOnly} {
			b, err := open(path, standIn)
			if err != nil {
				t.Errorf("opening %q: %v", name, err)
				continue
			}
			if _, err := b.Info(); err != nil {
				t.Errorf("reading %q: %v", name, err)
			}
			b.Close()
		}
	}
}

func TestCloseRefusesAMonthNotYetBegun(t *testing.T) {
	tb := newTestBook(t) // the clock says 2026-03-10
	// On an empty book any month could be "first": closing 2030-01 would
	// shut every earlier month.
	if err := tb.accountant.ClosePeriod(203001); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "2030年1月") {
		t.Errorf("closing 2030-01 in March 2026: %v, want Invalid naming the month", err)
	}
	if err := tb.accountant.ClosePeriod(202603); err != nil {
		t.Errorf("closing the current month: %v", err)
	}
}
