package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/exchange"
	"sunbooks/books/standard"
	"sunbooks/printouts"
)

func TestExchangeExportsAndStreetConsolidates(t *testing.T) {
	community, street := spendingBooks(t) // 200,000 posted for 阳光小区 in 2026-03
	cb, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := cb.Login("张会计", "secret1")
	if err := acc.ClosePeriod(202603); err != nil {
		t.Fatalf("ClosePeriod: %v", err)
	}
	cb.Close()

	// The community exports its March package.
	u := openApp(t, community, "张会计")
	s, ok := u.Show("exchange").(*exchangeScreen)
	if !ok {
		t.Fatalf("no 交换 screen: %v", u.ScreenIDs())
	}
	if s.from.SelectedIndex() < 0 || s.periods[s.from.SelectedIndex()] != 202603 {
		t.Fatalf("export range not offered as the closed March: %q", s.from.Selected)
	}
	pkg := filepath.Join(t.TempDir(), "march.json")
	done := make(chan error, 1)
	s.exportPackage(pkg, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("export: %v", err)
	}
	assertShows(t, u.win.Canvas(), "✔ 已导出")
	u.closeBook()

	// The street imports it with a junk file beside it, and consolidates.
	junk := filepath.Join(t.TempDir(), "junk.json")
	os.WriteFile(junk, []byte(`{"format": "x"}`), 0o644)
	u = openApp(t, street, "孙主任")
	x := u.Show("exchange").(*exchangeScreen)
	c := u.win.Canvas()
	imported := make(chan struct{}, 1)
	x.importPackages([]string{junk, pkg}, func() { imported <- struct{}{} })
	<-imported
	if len(x.results) != 2 || x.results[0].ok || !x.results[1].ok {
		t.Fatalf("results = %+v, want junk refused and the package imported", x.results)
	}
	if x.results[0].text == "" {
		t.Errorf("the junk file is refused without a reason")
	}
	assertShows(t, c, "✘ 拒绝")
	assertShows(t, c, "签名有效；阳光社区（371329001）2026-03 至 2026-03")
	assertShows(t, c, "371329001") // the imported list
	if len(x.packages) != 1 || x.packages[0].LogHead == nil {
		t.Fatalf("the imported package carries no log anchor: %+v", x.packages)
	}
	assertShows(t, c, x.packages[0].LogHead.String())

	x.cFrom.SetText("2026-03")
	x.cTo.SetText("2026-03")
	x.by.SetSelectedIndex(0)
	consolidated := make(chan error, 1)
	x.consolidate(func(err error) { consolidated <- err })
	if err := <-consolidated; err != nil {
		t.Fatalf("consolidate: %v", err)
	}
	if content, ok := x.content.(interface{ SelectIndex(int) }); ok {
		content.SelectIndex(1)
	}
	assertShows(t, c, "银行存款")
	assertShows(t, c, "200,000.00")
	assertShows(t, c, "包含：阳光社区")

	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	wrote := make(chan error, 1)
	x.exportXLSX(out, func(err error) { wrote <- err })
	if err := <-wrote; err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Errorf("no xlsx at %s: %v", out, err)
	}
	opened := make(chan string, 1)
	saved := openFile
	openFile = func(p string) error { opened <- p; return nil }
	t.Cleanup(func() { openFile = saved })
	x.printPDF()
	if st, err := os.Stat(<-opened); err != nil || st.Size() == 0 {
		t.Errorf("打印 PDF wrote nothing: %v", err)
	}
	tapButton(t, c, "预览")
	want, err := printouts.Consolidation(x.consol, printouts.ReportOptions(printouts.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, want, "银行存款", "200,000.00")
	openFile = func(p string) error { opened <- p; return nil }

	// The communities' balance sheet of March, added up, printed as the form.
	x.by.SetSelectedIndex(len(byChoices))
	x.consolidate(func(err error) { consolidated <- err })
	if err := <-consolidated; err != nil {
		t.Fatalf("consolidated statement: %v", err)
	}
	assertShows(t, c, "会民非01表")
	assertShows(t, c, "汇总 1 个社区：阳光社区（371329001）")
	if x.statement == nil || x.statement.Kind != books.StatementBalanceSheet || x.statement.Amount(1, 1).IsZero() {
		t.Fatalf("statement %+v", x.statement)
	}
	x.printPDF()
	if b, err := os.ReadFile(<-opened); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("the consolidated statement printed no PDF: %v", err)
	}
	tapButton(t, c, "预览")
	want, err = printouts.Statement(*x.statement, printouts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertPreview(t, u, want, "会民非01表")
}

// 取消 on a long package import really stops it: the street book is as it
// was, nothing imported and nothing logged.
func TestCancelledPackageImportLeavesTheStreetBookAsItWas(t *testing.T) {
	community := newTestBookFile(t)
	cb, err := books.Open(community, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := cb.Login("张会计", "secret1")
	cash, _ := cb.Login("李出纳", "secret1")
	rows := []string{books.ImportHeader}
	for i := 1; i <= 3000; i++ {
		rows = append(rows, fmt.Sprintf("2026-02-10,V%d,1002,银行存款,阳光小区,10.00,,收费", i),
			fmt.Sprintf("2026-02-10,V%d,4901,其他收入,阳光小区,,10.00,收费", i))
	}
	csv := filepath.Join(t.TempDir(), "history.csv")
	os.WriteFile(csv, []byte(strings.Join(rows, "\n")+"\n"), 0o644)
	if _, err := acc.ImportFile(t.Context(), csv, books.ImportOptions{ConfirmedBy: cash, Post: true}); err != nil {
		t.Fatalf("import history: %v", err)
	}
	if err := acc.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	street := filepath.Join(t.TempDir(), "街道.sunbooks")
	sb, err := books.Create(street, books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "孙主任", Password: "secret1"}, standard.Modules()...)
	if err != nil {
		t.Fatal(err)
	}
	director, _ := sb.Login("孙主任", "secret1")
	ck, _ := cb.ExportPublicKey()
	if _, err := director.Trust(ck); err != nil {
		t.Fatal(err)
	}
	res, err := exchange.Export(t.Context(), acc, 202602, 202602)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	cb.Close()
	pkg := filepath.Join(t.TempDir(), "february.json")
	os.WriteFile(pkg, res.Data, 0o644)
	logBefore, _ := director.Log(books.LogFilter{})
	sb.Close()

	u := openApp(t, street, "孙主任")
	x := u.Show("exchange").(*exchangeScreen)
	c := u.win.Canvas()
	x.importPackages([]string{pkg}, func() { t.Error("a cancelled import reported its results") })
	tapButton(t, c, "取消")
	u.long.Wait()
	assertShows(t, c, "已取消")
	if got, err := u.book.ImportedPackages(); err != nil || len(got) != 0 {
		t.Fatalf("after 取消 the street book holds %d packages (%v), want none", len(got), err)
	}
	if logAfter, _ := u.sess.Log(books.LogFilter{}); len(logAfter) != len(logBefore) {
		t.Errorf("after 取消 the log has %d entries, was %d", len(logAfter), len(logBefore))
	}
	// Left alone, the same file imports.
	imported := make(chan struct{}, 1)
	x.importPackages([]string{pkg}, func() { imported <- struct{}{} })
	<-imported
	if got, _ := u.book.ImportedPackages(); len(got) != 1 {
		t.Fatalf("the import after 取消 stored %d packages, want 1", len(got))
	}
}
