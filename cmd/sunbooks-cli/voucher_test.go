package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// draftsBookFile is incomeBookFile with three draft income vouchers of
// 2026-01 prepared by 张会计.
func draftsBookFile(t *testing.T) string {
	t.Helper()
	path := incomeBookFile(t)
	b, err := books.Open(path, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	for i, fen := range []int64{10000, 20000, 30000} {
		m, z := books.FromFen(fen), books.FromFen(0)
		if _, err := acc.SaveVoucher(books.Voucher{Date: "2026-01-0" + string(rune('5'+i)), Lines: []books.Line{
			{Memo: "收停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: m, Credit: z},
			{Memo: "收停车费", AccountCode: "4901", CompoundName: "阳光小区", Debit: z, Credit: m},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestVoucherStepsFollowTheBooksRules(t *testing.T) {
	book := draftsBookFile(t)
	tests := []struct {
		name string
		user string
		args []string
		code int
		says string
	}{
		{"neither -no nor -month", "李出纳", []string{"voucher", "review", "-book", book}, 2, "-no"},
		{"-month without -all", "李出纳", []string{"voucher", "review", "-book", book, "-month", "2026-01"}, 2, "-all"},
		{"a malformed number", "李出纳", []string{"voucher", "review", "-book", book, "-no", "记-0001"}, 2, "2026-03/记-0007"},
		{"a voucher that does not exist", "李出纳", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0009"}, 1, "没有凭证"},
		{"the preparer may not review", "张会计", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0001"}, 1, "另一人"},
		{"a draft is not posted", "张会计", []string{"voucher", "post", "-book", book, "-no", "2026-01/记-0001"}, 1, "审核"},
		{"another person reviews two", "李出纳", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0001", "-no", "2026-01/记-0002"}, 0, "已审核 2026-01/记-0002"},
		{"unreview one", "李出纳", []string{"voucher", "unreview", "-book", book, "-no", "2026-01/记-0002"}, 0, "已取消审核 2026-01/记-0002"},
		{"post every reviewed one", "张会计", []string{"voucher", "post", "-book", book, "-month", "2026-01", "-all"}, 0, "已记账 2026-01/记-0001"},
		{"a posted voucher is not deleted", "张会计", []string{"voucher", "delete", "-book", book, "-no", "2026-01/记-0001"}, 1, "已记账，不能删除"},
		{"delete every draft", "张会计", []string{"voucher", "delete", "-book", book, "-month", "2026-01", "-all"}, 0, "已删除"},
	}
	for _, tt := range tests {
		code, out, errOut := runAs(t, tt.user, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.says) {
			t.Errorf("%s: exit %d, %q %q; want exit %d saying %q", tt.name, code, out, errOut, tt.code, tt.says)
		}
	}
	b, err := books.OpenReadOnly(book, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	vs, _ := b.Vouchers(books.VoucherFilter{From: 202601, To: 202601})
	if len(vs) != 1 || vs[0].Status != books.StatusPosted || vs[0].Reviewer != "李出纳" || vs[0].Poster != "张会计" {
		t.Errorf("vouchers at the end: %+v, want 记-0001 alone, reviewed by 李出纳 and posted by 张会计", vs)
	}
}

func TestLiveStartCommand(t *testing.T) {
	book := incomeBookFile(t)
	tests := []struct {
		name string
		user string
		args []string
		code int
		says string
	}{
		{"shown before anything is live", "张会计", []string{"live-start", "-book", book}, 0, "尚未启用"},
		{"a reason is needed", "张会计", []string{"live-start", "-book", book, "-month", "2026-01"}, 2, "-reason"},
		{"a cashier may not set it", "李出纳", []string{"live-start", "-book", book, "-month", "2026-01", "-reason", "启用"}, 1, "会计"},
		{"the accountant sets it", "张会计", []string{"live-start", "-book", book, "-month", "2026-01", "-reason", "自一月起在本系统记账"}, 0, "2026年1月"},
		{"shown once set", "李出纳", []string{"live-start", "-book", book}, 0, "启用月份：2026年1月"},
		{"set only once", "张会计", []string{"live-start", "-book", book, "-month", "2025-12", "-reason", "改"}, 1, "不能再改"},
	}
	for _, tt := range tests {
		code, out, errOut := runAs(t, tt.user, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.says) {
			t.Errorf("%s: exit %d, %q %q; want exit %d saying %q", tt.name, code, out, errOut, tt.code, tt.says)
		}
	}
}

// A voucher's whole life from the terminal: added from a file, listed,
// shown, reviewed by another, posted, reversed; every refusal is the one the
// app gives.
func TestVoucherLifeFromTheCLI(t *testing.T) {
	book := incomeBookFile(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("v.csv", books.ImportHeader+"\n2026-01-05,V1,1002,银行存款,阳光小区,1200.50,,收停车费\n2026-01-05,V1,4901,其他收入,阳光小区,,1200.50,\n")
	unbalanced := write("u.csv", books.ImportHeader+"\n2026-01-05,V1,1002,银行存款,阳光小区,100,,x\n2026-01-05,V1,4901,其他收入,阳光小区,,99,x\n")
	two := write("t.csv", books.ImportHeader+"\n2026-01-05,V1,1002,银行存款,阳光小区,100,,x\n2026-01-06,V2,4901,其他收入,阳光小区,,100,x\n")
	future := write("f.csv", books.ImportHeader+"\n2999-01-05,V1,1002,银行存款,阳光小区,100,,x\n2999-01-05,V1,4901,其他收入,阳光小区,,100,x\n")
	for _, tt := range []struct {
		name, file string
		says       string
	}{{"unbalanced", unbalanced, "借贷不平"}, {"two vouchers in one file", two, "第 3 行"}, {"dated after today", future, "今天"}} {
		if code, _, errOut := runAs(t, "张会计", "voucher", "add", "-book", book, "-file", tt.file); code != 1 || !strings.Contains(errOut, tt.says) {
			t.Errorf("%s: exit %d %q, want refused saying %q", tt.name, code, errOut, tt.says)
		}
	}
	code, out, errOut := runAs(t, "张会计", "voucher", "add", "-book", book, "-file", good)
	if code != 0 {
		t.Fatalf("voucher add: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	ref := lines[len(lines)-1]
	if ref != "2026-01/记-0001" {
		t.Fatalf("last line %q, want the voucher's number", ref)
	}
	if _, out, _ := runAs(t, "张会计", "voucher", "list", "-book", book, "-month", "2026-01", "-status", "草稿", "-format", "csv"); !strings.Contains(out, "2026-01/记-0001,2026-01-05,收停车费,1200.50,未审核,张会计") {
		t.Errorf("voucher list:\n%s", out)
	}
	if code, _, _ := runAs(t, "张会计", "voucher", "list", "-book", book, "-month", "2026-01", "-status", "作废"); code != 2 {
		t.Errorf("an unknown status: exit %d, want 2", code)
	}
	runAs(t, "李出纳", "voucher", "review", "-book", book, "-no", ref)
	runAs(t, "张会计", "voucher", "post", "-book", book, "-no", ref)
	_, out, _ = runAs(t, "张会计", "voucher", "show", "-book", book, "-no", ref, "-format", "json")
	var v struct {
		Status, Preparer, Reviewer, Poster string
		Migrated                           bool
		Lines                              []struct{ Account, Compound, Debit, Credit string }
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("voucher show json: %v\n%s", err, out)
	}
	if v.Status != "已记账" || v.Preparer != "张会计" || v.Reviewer != "李出纳" || v.Poster != "张会计" || v.Migrated || len(v.Lines) != 2 || v.Lines[0].Debit != "1200.50" {
		t.Errorf("voucher show = %+v", v)
	}
	if code, _, errOut := runAs(t, "张会计", "voucher", "reverse", "-book", book, "-no", ref, "-date", "2999-01-01"); code != 1 || !strings.Contains(errOut, "今天") {
		t.Errorf("a reversal dated in the future: exit %d %q", code, errOut)
	}
	code, out, errOut = runAs(t, "张会计", "voucher", "reverse", "-book", book, "-no", ref, "-date", "2026-01-20")
	if code != 0 || !strings.HasSuffix(strings.TrimSpace(out), "2026-01/记-0002") {
		t.Fatalf("voucher reverse: %d %q %q", code, out, errOut)
	}
	if _, out, _ := runAs(t, "张会计", "voucher", "show", "-book", book, "-no", "2026-01/记-0002"); !strings.Contains(out, "-1200.50") || !strings.Contains(out, "未审核") {
		t.Errorf("the reversal:\n%s", out)
	}
}

// The exported log carries every entry with its number and chain hash, in
// order, the chain unbroken, and reads in Chinese beside the raw JSON.
func TestLogExport(t *testing.T) {
	book := draftsBookFile(t)
	runAs(t, "李出纳", "voucher", "review", "-book", book, "-no", "2026-01/记-0001")
	dir := t.TempDir()
	for _, format := range []string{"json", "csv", "xlsx"} {
		out := dir + "/log." + format
		code, stdout, errOut := runAs(t, "张会计", "log", "export", "-book", book, "-format", format, "-out", out)
		if code != 0 || !strings.Contains(stdout, "已导出操作日志") {
			t.Fatalf("%s: exit %d %q %q", format, code, stdout, errOut)
		}
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", format, err)
		}
	}
	data, _ := os.ReadFile(dir + "/log.json")
	var rows []logRow
	if err := json.Unmarshal(data, &rows); err != nil || len(rows) < 5 {
		t.Fatalf("json: %v, %d rows", err, len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Seq != rows[i-1].Seq+1 || rows[i].PrevHash != rows[i-1].Hash || rows[i].At < rows[i-1].At {
			t.Errorf("row %d does not follow row %d", rows[i].Seq, rows[i-1].Seq)
		}
	}
	last := rows[len(rows)-1]
	if last.Action != "voucher.review" || last.AfterText != "状态：已审核" {
		t.Errorf("last row %+v, want the review, readable", last)
	}
	// The export agrees with the anchor verify checks.
	if code, out, _ := runAs(t, "张会计", "anchor", "-book", book); code != 0 || !strings.Contains(strings.ReplaceAll(out, "-", ""), strings.ToUpper(last.Hash[:16])) {
		t.Errorf("anchor %q does not match the last exported hash %s", out, last.Hash[:16])
	}
	csvData, _ := os.ReadFile(dir + "/log.csv")
	if !strings.Contains(string(csvData), "状态：已审核") {
		t.Errorf("csv lacks the readable after")
	}
	if code, _, _ := runAs(t, "张会计", "log", "export", "-book", book, "-format", "pdf", "-out", dir+"/x"); code != 2 {
		t.Errorf("an unknown format: exit %d, want 2", code)
	}
	if code, _, errOut := runAs(t, "张会计", "log", "export", "-book", book, "-format", "csv", "-out", book); code != 1 || !strings.Contains(errOut, "不会覆盖") {
		t.Errorf("exporting over the book: exit %d %q", code, errOut)
	}
}
