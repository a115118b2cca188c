package books

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

func writeImport(t *testing.T, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodImport = ImportHeader + `
2026-01-05,V001,100201,工商银行,阳光小区,1000.00,,物业用房租金
2026-01-05,V001,4901,其他收入,阳光小区,,1000.00,
2026-01-03,V002,5101,业务活动成本,阳光小区,"1,200.50",,保洁费
2026-01-03,V002,100201,工商银行,阳光小区,,1200.50,保洁费
2026-02-01,V001,1001,现金,和平小区,80,,公共收益
2026-02-01,V001,4901,其他收入,和平小区,,80,公共收益`

func importBook(t *testing.T) *testBook {
	t.Helper()
	tb := newTestBook(t)
	if _, err := tb.accountant.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	return tb
}

func voucherCount(t *testing.T, b *Book) int {
	var n int
	b.db.QueryRow(`SELECT count(*) FROM voucher`).Scan(&n)
	return n
}

func TestImportPostedIsNumberedByDateAndVerifiesClean(t *testing.T) {
	tb := importBook(t)
	// January already holds a migrated voucher (an earlier file of history).
	if _, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "first.csv", ImportHeader,
		"2026-01-02,V000,1001,现金,阳光小区,5.00,,期初",
		"2026-01-02,V000,3101,非限定性净资产,阳光小区,,5.00,期初"), ImportOptions{Post: true, ConfirmedBy: tb.cashier}); err != nil {
		t.Fatalf("first file: %s", ErrorMessage(err))
	}
	res, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "a.csv", goodImport), ImportOptions{ConfirmedBy: tb.cashier, Post: true})
	if err != nil {
		t.Fatalf("ImportFile: %s", ErrorMessage(err))
	}
	if res.Vouchers != 3 || res.Lines != 6 || res.From != 202601 || res.To != 202602 || PlainYuan(res.Total) != "2280.50" {
		t.Errorf("result %+v", res)
	}
	if res.Snapshot == "" {
		t.Errorf("no snapshot taken before import")
	}
	// 记-0001 is the voucher already in January; the import follows in date order.
	cases := []struct {
		p             Period
		no, ref, memo string
	}{
		{202601, "记-0002", "V002", "保洁费"},
		{202601, "记-0003", "V001", "物业用房租金"},
		{202602, "记-0001", "V001", "公共收益"},
	}
	for _, c := range cases {
		v, err := tb.VoucherByNo(c.p, c.no)
		if err != nil {
			t.Fatalf("%s %s: %v", c.p, c.no, err)
		}
		if v.SourceRef != c.ref || v.Status != StatusPosted || v.Kind != VoucherImport || v.Lines[0].Memo != c.memo {
			t.Errorf("%s %s: ref %q status %s kind %s memo %q", c.p, c.no, v.SourceRef, v.Status, v.Kind, v.Lines[0].Memo)
		}
		if v.Preparer != "张会计" || v.Reviewer != "" || v.Poster != "张会计" || !v.Migrated() {
			t.Errorf("%s: people %s/%s/%s migrated %v, want the importer preparing and posting, no reviewer, marked migrated", c.no, v.Preparer, v.Reviewer, v.Poster, v.Migrated())
		}
		if v.Lines[1].Memo != v.Lines[0].Memo {
			t.Errorf("%s: a blank memo repeats the one above: %q", c.no, v.Lines[1].Memo)
		}
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify after import: %v %v", problems, err)
	}
	trial, _ := tb.TrialBalance(202601, 202602, 0)
	if r := tbRow(t, trial, "4901"); strings.Join(r, " ") != "0.00 0.00 0.00 1080.00 0.00 1080.00" {
		t.Errorf("4901 after import: %v", r)
	}
}

func TestImportDuplicateFileRefused(t *testing.T) {
	tb := importBook(t)
	p := writeImport(t, "a.csv", goodImport)
	if _, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{}); err != nil {
		t.Fatal(ErrorMessage(err))
	}
	n := voucherCount(t, tb.Book)
	_, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{})
	if ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "已经") {
		t.Errorf("second import: %v, want Conflict", err)
	}
	if voucherCount(t, tb.Book) != n {
		t.Errorf("second import added vouchers")
	}
}

func TestImportDraftsLeaveBalancesAlone(t *testing.T) {
	tb := importBook(t)
	if _, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "a.csv", goodImport), ImportOptions{}); err != nil {
		t.Fatal(ErrorMessage(err))
	}
	v, _ := tb.VoucherByNo(202601, "记-0001")
	if v.Status != StatusDraft || v.Reviewer != "" {
		t.Errorf("imported without -post: status %s reviewer %q", v.Status, v.Reviewer)
	}
	var n int
	tb.db.QueryRow(`SELECT count(*) FROM balance`).Scan(&n)
	if n != 0 {
		t.Errorf("drafts wrote %d balance rows", n)
	}
	// Drafts go through review and posting like any voucher. (Money first:
	// posting never takes a compound's spendable money below zero.)
	tb.post("2026-01-02", line("期初", "100201", "阳光小区", "2000", ""), line("期初", "3101", "阳光小区", "", "2000"))
	if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.PostVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if problems, _ := tb.Verify(t.Context()); len(problems) > 0 {
		t.Errorf("Verify: %v", problems)
	}
}

func TestImportBadLinesAreAllListedAndNothingImported(t *testing.T) {
	tb := importBook(t)
	if err := tb.accountant.ClosePeriod(202512); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.accountant.AddAccount("5201", "520101", "办公费"); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.accountant.AddAccount("5401", "540101", "杂项"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetAccountActive("540101", false); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.ArchiveCompound("和平小区", true); err != nil {
		t.Fatal(err)
	}
	p := writeImport(t, "bad.csv", ImportHeader,
		"2026-01-05,V1,100201,工商银行,阳光小区,100.00,,正常行",  // 2
		"2026-01-05,V1,4901,其他收入,阳光小区,,100.00,",       // 3
		"2026-13-05,V2,100201,工商银行,阳光小区,100.00,,坏日期",  // 4
		"2026-01-06,V3,9999,不存在,阳光小区,100.00,,未知科目",    // 5
		"2026-01-06,V3,100201,工商银行,无名小区,,100.00,未知小区", // 6
		"2026-01-07,V4,100201,工商银行,阳光小区,12.345,,坏金额",  // 7
		"2025-12-20,V5,100201,工商银行,阳光小区,1.00,,已结账",    // 8
		"2026-01-08,V6,5201,管理费用,阳光小区,1.00,,非末级",      // 9
		"2026-01-08,V6,540101,杂项,阳光小区,,1.00,停用",       // 10
		"2026-01-09,V7,100201,工商银行,阳光小区,5.00,5.00,两边", // 11
		"2026-01-09,V8,100201,工商银行,阳光小区,5.00,,不平",     // 12
		"2026-01-09,V8,4901,其他收入,阳光小区,,4.00,不平",       // 13
		"2026-01-10,V9,100201,工商银行,阳光小区,5.00",         // 14
		"2026-01-11,V10,100201,工商银行,阳光小区,abc,,坏金额",    // 15
		"2026-01-12,V11,100201,工商银行,和平小区,1.00,,已归档",   // 16
		"2026-01-13,V12,100201,工商银行,阳光小区,1.00,,日期不同",  // 17
		"2026-01-14,V12,4901,其他收入,阳光小区,,1.00,",        // 18
		"2026-01-15,V13,100201,工商银行,阳光小区,1.00,,",      // 19
		"2026-01-15,V13,4901,其他收入,阳光小区,,1.00,有摘要",     // 20
		"2026-01-16,V14,100201,工商银行,阳光小区,2.00,,分开",    // 21
		"2026-01-16,V15,100201,工商银行,阳光小区,3.00,,隔开",    // 22
		"2026-01-16,V15,4901,其他收入,阳光小区,,3.00,",        // 23
		"2026-01-17,V14,4901,其他收入,阳光小区,,2.00,",        // 24
	)
	_, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{ConfirmedBy: tb.cashier, Post: true})
	var m *MultiError
	if !errors.As(err, &m) {
		t.Fatalf("want a MultiError, got %v", err)
	}
	msg := ErrorMessage(err)
	cases := []struct {
		line   int
		reason string
	}{
		{4, "日期"}, {5, "科目代码 9999 不存在"}, {6, "小区“无名小区”不存在"}, {7, "两位小数"},
		{8, "已结账"}, {9, "有下级科目"}, {10, "已停用"}, {11, "只能填一个"}, {12, "借贷不平"},
		{14, "应有 8 列"}, {15, "金额"}, {16, "已归档"},
		{18, "凭证 V12 的日期 2026-01-14 与其第 17 行的日期 2026-01-13 不同"}, {19, "凭证 V13 第一行的摘要为空"},
		{24, "凭证 V14 的日期 2026-01-17 与其第 21 行的日期 2026-01-16 不同"},
	}
	for _, c := range cases {
		found := false
		for _, e := range m.Errors {
			if e.Line == c.line && strings.Contains(e.Msg, c.reason) && strings.HasPrefix(e.Msg, "第 ") {
				found = true
			}
		}
		if !found {
			t.Errorf("line %d (%s) not reported; got:\n%s", c.line, c.reason, msg)
		}
	}
	for _, e := range m.Errors {
		if e.Line == 2 || e.Line == 3 || e.Line == 22 || e.Line == 23 {
			t.Errorf("good line reported: %s", e.Msg)
		}
	}
	if n := voucherCount(t, tb.Book); n != 0 {
		t.Errorf("a bad file imported %d vouchers; want none", n)
	}
	var files int
	tb.db.QueryRow(`SELECT count(*) FROM import_file`).Scan(&files)
	if files != 0 {
		t.Errorf("a refused file was recorded as imported")
	}
}

func TestImportListsAtMost50BadLines(t *testing.T) {
	tb := importBook(t)
	lines := []string{ImportHeader}
	for i := 0; i < 70; i++ {
		lines = append(lines, "2026-01-05,V1,9999,x,阳光小区,1.00,,坏")
	}
	_, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "many.csv", lines...), ImportOptions{})
	var m *MultiError
	if !errors.As(err, &m) {
		t.Fatal(err)
	}
	listed := 0
	for _, e := range m.Errors {
		if e.Line > 0 {
			listed++
		}
	}
	if listed != 50 || !strings.Contains(ErrorMessage(err), "另有 20 处错误未列出") {
		t.Errorf("listed %d lines; message:\n%s", listed, ErrorMessage(err))
	}
}

func TestImportHeaderMustBeExact(t *testing.T) {
	tb := importBook(t)
	_, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "h.csv", "date,no,account,debit,credit", "2026-01-05,V1,1001,1,"), ImportOptions{})
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "第 1 行：表头应为") {
		t.Errorf("bad header: %v", err)
	}
}

func TestImportAddCompounds(t *testing.T) {
	tb := importBook(t)
	file := ImportHeader + "\n2026-01-05,V1,1001,现金,幸福里小区,1.00,,新小区\n2026-01-05,V1,4901,其他收入,幸福里小区,,1.00,"
	if _, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "a.csv", file), ImportOptions{ConfirmedBy: tb.cashier, Post: true}); err == nil {
		t.Fatal("unknown compound imported without -add-compounds")
	}
	res, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "b.csv", file), ImportOptions{ConfirmedBy: tb.cashier, Post: true, AddCompounds: true})
	if err != nil {
		t.Fatal(ErrorMessage(err))
	}
	c, err := tb.CompoundByName("幸福里小区")
	if err != nil || len(res.AddedCompounds) != 1 {
		t.Fatalf("compound not added: %v %v", err, res.AddedCompounds)
	}
	if got, _ := tb.Spendable(c.ID, 0); PlainYuan(got) != "1.00" {
		t.Errorf("new compound's money %s", got)
	}
	if problems, _ := tb.Verify(t.Context()); len(problems) > 0 {
		t.Errorf("Verify: %v", problems)
	}
}

func TestImportXLSX(t *testing.T) {
	tb := importBook(t)
	f := excelize.NewFile()
	rows := [][]any{
		{"date", "voucher_no", "account_code", "account_name", "compound", "debit", "credit", "memo"},
		{time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "V1", "100201", "工商银行", "阳光小区", 1000.5, nil, "政府补助"},
		{"2026-01-05", "V1", "4401", "政府补助收入", "阳光小区", nil, "1000.50", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "v.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	res, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{ConfirmedBy: tb.cashier, Post: true})
	if err != nil {
		t.Fatal(ErrorMessage(err))
	}
	if res.Vouchers != 1 || PlainYuan(res.Total) != "1000.50" || res.From != 202601 {
		t.Errorf("xlsx result %+v", res)
	}
	if problems, _ := tb.Verify(t.Context()); len(problems) > 0 {
		t.Errorf("Verify: %v", problems)
	}
}

func TestImportNeedsAccountant(t *testing.T) {
	tb := importBook(t)
	_, err := tb.cashier.ImportFile(t.Context(), writeImport(t, "a.csv", goodImport), ImportOptions{Post: true})
	if ErrorCode(err) != Forbidden {
		t.Errorf("cashier import: %v, want Forbidden", err)
	}
}

func TestFingerprintFenMatchesFingerprint(t *testing.T) {
	tb := importBook(t)
	v := tb.post("2026-01-05", line("物业用房租金", "100201", "阳光小区", "1234.56", ""), line("", "4901", "阳光小区", "", "1234.56"))
	_, got := fingerprintFen(nil, v.Period, v.Word, v.Number, v.Date, v.Attachments, v.Kind, v.ReversesID, func(yield func(int, string, int64, int64, int64, int64)) {
		for _, l := range v.Lines {
			d, _ := ToFen(l.Debit)
			c, _ := ToFen(l.Credit)
			yield(l.Seq, l.Memo, l.AccountID, l.CompoundID, d, c)
		}
	})
	if got != fingerprint(v) {
		t.Errorf("fingerprintFen = %s, want %s", got, fingerprint(v))
	}
}

func TestParseFen(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1234.50", 123450, true}, {"1,234.5", 123450, true}, {"-3", -300, true}, {"+0.07", 7, true},
		{"12.345", 0, false}, {"1,23", 0, false}, {"abc", 0, false}, {"", 0, false}, {"1.", 0, false}, {".5", 0, false},
		{"12,345,678.90", 1234567890, true}, {"1234,567", 0, false},
	}
	for _, c := range cases {
		got, ok := parseFen(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("parseFen(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
		if m, err := ParseMoney(c.in); (err == nil) != c.ok || (c.ok && PlainYuan(m) != PlainYuan(FromFen(c.want))) {
			t.Errorf("parseFen(%q) disagrees with ParseMoney (%v, %v)", c.in, m, err)
		}
	}
}

func TestImportAcceptsExcelCSV(t *testing.T) {
	tb := importBook(t)
	// Excel's "CSV UTF-8" has a byte-order mark and CRLF line ends.
	body := "\xef\xbb\xbf" + strings.ReplaceAll(goodImport, "\n", "\r\n") + "\r\n"
	p := filepath.Join(t.TempDir(), "excel.csv")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{ConfirmedBy: tb.cashier, Post: true})
	if err != nil {
		t.Fatal(ErrorMessage(err))
	}
	if res.Vouchers != 3 {
		t.Errorf("%d vouchers, want 3", res.Vouchers)
	}
	v, _ := tb.VoucherByNo(202601, "记-0002")
	if m := v.Lines[len(v.Lines)-1].Memo; strings.ContainsAny(m, "\r\n") {
		t.Errorf("memo keeps a line end: %q", m)
	}
}

// A voucher whose lines are apart in the file is one voucher, its lines in
// the file's order; a blank memo repeats its own voucher's line above, not
// the line above in the file. Posted, its fingerprint (hashed piece by piece
// as the lines are written) is the one Verify computes.
func TestImportJoinsAVouchersLinesApart(t *testing.T) {
	for _, post := range []bool{false, true} {
		tb := importBook(t)
		_, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "apart.csv", ImportHeader,
			"2026-01-05,V001,100201,工商银行,阳光小区,300.00,,物业用房租金",
			"2026-01-05,V002,5101,业务活动成本,阳光小区,50.00,,保洁费",
			"2026-01-05,V002,100201,工商银行,阳光小区,,50.00,",
			"2026-01-05,V001,4901,其他收入,阳光小区,,100.00,",
			"2026-01-04,V003,5101,业务活动成本,和平小区,20.00,,绿化",
			"2026-01-05,V001,4901,其他收入,和平小区,,200.00,和平小区的份额",
			"2026-01-04,V003,100201,工商银行,和平小区,,20.00,"), ImportOptions{Post: post, ConfirmedBy: tb.cashier})
		if err != nil {
			t.Fatalf("post %v: ImportFile: %s", post, ErrorMessage(err))
		}
		want := map[string][]string{
			// 记-0001 is V003, the earliest; V001 and V002 follow in the file's order.
			"记-0001": {"V003", "1 5101 绿化 20.00/0.00", "2 100201 绿化 0.00/20.00"},
			"记-0002": {"V001", "1 100201 物业用房租金 300.00/0.00", "2 4901 物业用房租金 0.00/100.00", "3 4901 和平小区的份额 0.00/200.00"},
			"记-0003": {"V002", "1 5101 保洁费 50.00/0.00", "2 100201 保洁费 0.00/50.00"},
		}
		for no, w := range want {
			v, err := tb.VoucherByNo(202601, no)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{v.SourceRef}
			for _, l := range v.Lines {
				got = append(got, fmt.Sprintf("%d %s %s %s/%s", l.Seq, l.AccountCode, l.Memo, PlainYuan(l.Debit), PlainYuan(l.Credit)))
			}
			if !slices.Equal(got, w) || (v.Status == StatusPosted) != post {
				t.Errorf("post %v: %s imported %s as %q, want %q", post, no, v.Status, got, w)
			}
		}
		if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
			t.Errorf("post %v: Verify = %q, %v", post, problems, err)
		}
	}
}

// The lines wait in a temporary file between the check and the write; it
// is gone afterwards, whether the file imported or was refused. Where no
// temporary file can be written, the import says so and writes nothing.
func TestImportTemporaryFile(t *testing.T) {
	tb := importBook(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	left := func() []string {
		names, _ := filepath.Glob(filepath.Join(tmp, "*"))
		return names
	}
	bad := writeImport(t, "bad.csv", ImportHeader,
		"2026-01-05,V001,100201,工商银行,阳光小区,300.00,,租金",
		"2026-01-05,V001,4901,其他收入,阳光小区,,200.00,")
	if _, err := tb.accountant.ImportFile(t.Context(), bad, ImportOptions{}); ErrorCode(err) != Invalid {
		t.Fatalf("unbalanced file: %v", err)
	}
	if _, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "a.csv", goodImport), ImportOptions{}); err != nil {
		t.Fatalf("ImportFile: %s", ErrorMessage(err))
	}
	if l := left(); len(l) > 0 {
		t.Errorf("temporary files left: %q", l)
	}
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	before := bookState(t, tb.Book)
	_, err := tb.accountant.ImportFile(t.Context(), writeImport(t, "b.csv", ImportHeader,
		"2026-03-05,V001,100201,工商银行,阳光小区,300.00,,租金",
		"2026-03-05,V001,4901,其他收入,阳光小区,,300.00,"), ImportOptions{})
	if err == nil || !strings.Contains(ErrorMessage(err), "临时文件") || !strings.Contains(ErrorMessage(err), "没有导入任何凭证") {
		t.Errorf("no temporary folder: %v", err)
	}
	if got := bookState(t, tb.Book); got != before {
		t.Errorf("the book changed: %s, was %s", got, before)
	}
}

// What an import keeps of each voucher is what bounds its memory: 32 bytes
// a piece (a voucher's run of lines), its voucher number apart.
func TestImportPieceIsSmall(t *testing.T) {
	if n := unsafe.Sizeof(importPiece{}); n != 32 {
		t.Errorf("importPiece is %d bytes, want 32", n)
	}
	var text importText
	long := strings.Repeat("号", 30000)
	at := []int32{text.add("记-0001"), text.add(long), text.add(""), text.add("V2")}
	for i, want := range []string{"记-0001", long, "", "V2"} {
		if got := string(text.at(at[i])); got != want {
			t.Errorf("text %d reads back %.20q, want %.20q", i, got, want)
		}
	}
}
