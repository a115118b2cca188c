package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/standard"

	"github.com/xuri/excelize/v2"
)

// exchangeBooks makes a community book with January and February 2026
// posted and closed, and a street book (王街道) that trusts the community.
func exchangeBooks(t *testing.T) (community, street string) {
	t.Helper()
	community = incomeBookFile(t)
	b, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := b.Login("张会计", "secret1")
	cash, _ := b.Login("李出纳", "secret1")
	if err := acc.SetApprovalExempt("5101", true, "测试：本测试不涉及支出审批"); err != nil {
		t.Fatal(err)
	}
	z := books.FromFen(0)
	for _, v := range []struct{ date, dr, cr, comp, amt string }{
		{"2026-01-05", "1002", "4301", "阳光小区", "10000"},
		{"2026-01-20", "5101", "1002", "阳光小区", "2500.50"},
		{"2026-02-03", "1002", "4901", "和平小区", "800"},
	} {
		m, _ := books.ParseMoney(v.amt)
		d, err := acc.SaveVoucher(books.Voucher{Date: v.date, Lines: []books.Line{
			{Memo: "测试", AccountCode: v.dr, CompoundName: v.comp, Debit: m, Credit: z},
			{Memo: "测试", AccountCode: v.cr, CompoundName: v.comp, Debit: z, Credit: m},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := cash.ReviewVoucher(d.ID); err != nil {
			t.Fatal(err)
		}
		if err := acc.PostVoucher(d.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []books.Period{202601, 202602} {
		if err := acc.ClosePeriod(p); err != nil {
			t.Fatal(err)
		}
	}
	key, err := b.ExportPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	b.Close()

	street = filepath.Join(t.TempDir(), "street.sunbooks")
	sb, err := books.Create(street, books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "王街道", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	s, _ := sb.Login("王街道", "secret1")
	if _, err := s.Trust(key); err != nil {
		t.Fatal(err)
	}
	return community, street
}

func TestCLIExportImportConsolidate(t *testing.T) {
	community, street := exchangeBooks(t)
	dir := t.TempDir()
	pkg := filepath.Join(dir, "阳光社区-2026-01-02.sunpkg")

	code, _, errOut := runAs(t, "张会计", "export", "package", "-book", community, "-month", "2026-03", "-out", pkg)
	if code != 1 || !strings.Contains(errOut, "还没有结账") {
		t.Errorf("export of an open month: exit %d %s", code, errOut)
	}
	if code, _, _ := runAs(t, "张会计", "export", "package", "-book", community, "-out", pkg); code != 2 {
		t.Errorf("export without a period: exit %d, want 2", code)
	}
	code, out, errOut := runAs(t, "张会计", "export", "package", "-book", community, "-from", "2026-01", "-to", "2026-02", "-out", pkg)
	if code != 0 || !strings.Contains(out, "凭证 3 张 6 行") {
		t.Fatalf("export: exit %d\n%s\n%s", code, out, errOut)
	}

	bad := filepath.Join(dir, "坏的.sunpkg")
	data, _ := os.ReadFile(pkg)
	i := strings.Index(string(data), `"payload": "`) + 30
	data[i] ^= 0x01
	os.WriteFile(bad, data, 0o644)

	code, out, errOut = runAs(t, "王街道", "consolidate", "import", "-book", street, pkg, bad)
	if code != 1 || !strings.Contains(out, "阳光社区-2026-01-02.sunpkg：阳光社区（371329001）2026-01 至 2026-02，凭证 3 张") ||
		!strings.Contains(errOut, "数据包 坏的.sunpkg：") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runAs(t, "王街道", "consolidate", "import", "-book", street, pkg)
	if code != 0 || !strings.Contains(out, "内容相同") {
		t.Errorf("re-import of the same file: exit %d %s", code, out)
	}
	if code, out, _ := runAs(t, "王街道", "consolidate", "list", "-book", street); code != 0 || !strings.Contains(out, "371329001") {
		t.Errorf("list: exit %d %s", code, out)
	}

	code, out, errOut = runAs(t, "王街道", "consolidate", "report", "-book", street, "-from", "2026-01", "-to", "2026-02", "-by", "compound", "-format", "csv")
	if code != 0 || !strings.HasPrefix(out, "community_code,community,compound,account_code,account_name,direction,opening,debit,credit,closing\n") ||
		!strings.Contains(out, "371329001,阳光社区,阳光小区,1002,银行存款,借,0.00,10000.00,2500.50,7499.50\n") ||
		!strings.Contains(out, "合计,,,,,,,13300.50,13300.50,\n") {
		t.Errorf("csv report: exit %d\n%s\n%s", code, out, errOut)
	}
	// The communities' statements, added up: CSV and the form as PDF.
	code, out, errOut = runAs(t, "王街道", "consolidate", "statement", "-book", street, "-kind", "balance-sheet", "-month", "2026-02", "-format", "csv")
	if code != 0 || !strings.HasPrefix(out, "line,item,col1,col2\n") || !strings.Contains(out, "\n1,货币资金,0.00,8299.50\n") ||
		!strings.Contains(out, "\n120,负债和净资产总计,0.00,8299.50\n") || !strings.Contains(errOut, "汇总 1 个社区：阳光社区（371329001）") {
		t.Errorf("consolidated balance sheet: exit %d\n%s\n%s", code, out, errOut)
	}
	pdf := filepath.Join(dir, "汇总资产负债表.pdf")
	if code, out, errOut := runAs(t, "王街道", "consolidate", "statement", "-book", street, "-kind", "activities", "-month", "2026-02", "-format", "pdf", "-out", pdf); code != 0 || !strings.Contains(out, "共 1 页") {
		t.Errorf("consolidated activities PDF: exit %d %s %s", code, out, errOut)
	}
	xlsx := filepath.Join(dir, "汇总.xlsx")
	code, _, errOut = runAs(t, "王街道", "consolidate", "report", "-book", street, "-from", "2026-01", "-to", "2026-02", "-by", "community", "-format", "xlsx", "-out", xlsx)
	if code != 0 {
		t.Fatalf("xlsx: exit %d %s", code, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	var header, bank, total []string
	for _, r := range rows {
		switch {
		case len(r) > 3 && r[2] == "科目代码":
			header = r
		case len(r) > 3 && r[2] == "1002":
			bank = r
		case len(r) > 0 && r[0] == "合计":
			total = r
		}
	}
	if strings.Join(header, "|") != "社区代码|社区|科目代码|科目名称|方向|期初余额|本期借方|本期贷方|期末余额" {
		t.Errorf("header %q", header)
	}
	if len(bank) < 9 || bank[1] != "阳光社区" || !strings.Contains(bank[8], "8,299.50") && bank[8] != "8299.5" {
		t.Errorf("1002 row %q", bank)
	}
	if len(total) < 8 || (total[6] != "13,300.50" && total[6] != "13300.5") {
		t.Errorf("total row %q", total)
	}

	if code, _, errOut := runAs(t, "王街道", "consolidate", "report", "-book", street, "-from", "2026-01", "-to", "2026-02", "-by", "street"); code != 2 {
		t.Errorf("bad -by: exit %d %s", code, errOut)
	}
	if code, _, errOut := runAs(t, "张会计", "consolidate", "import", "-book", community, pkg); code != 1 || !strings.Contains(errOut, "街道") {
		t.Errorf("import into a community book: exit %d %s", code, errOut)
	}
}
