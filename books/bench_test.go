package books_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sunbooks/books"
	"sunbooks/books/demo"
	"sunbooks/books/standard"
)

// benchBook creates an empty synthetic book and a synthetic voucher file of n
// lines beside it.
func benchBook(b *testing.B, n int) (*books.Session, string) {
	b.Helper()
	dir := b.TempDir()
	bk, err := books.Create(filepath.Join(dir, "bench.sunbooks"), books.CreateOptions{Street: "城关街道", Community: "基准社区", Code: "BENCH", UserName: "张会计", Password: "bench123"}, standard.Modules()...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bk.Close() })
	s, err := bk.Login("张会计", "bench123")
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.PrepareSynthetic(s); err != nil {
		b.Fatal(err)
	}
	// A throwaway book: its migration needs no second user.
	if err := s.SetSetting(books.SettingMigrationConfirm, "off"); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := demo.WriteSyntheticCSV(&buf, n, 2021, 1); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "vouchers.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return s, file
}

// BenchmarkImportPost imports and posts 10,000 lines into a fresh book.
func BenchmarkImportPost(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s, file := benchBook(b, 10_000)
		b.StartTimer()
		if _, err := s.ImportFile(b.Context(), file, books.ImportOptions{Post: true}); err != nil {
			b.Fatal(books.ErrorMessage(err))
		}
	}
}

// BenchmarkReports runs the reports over a 100,000-line, five-year book.
func BenchmarkReports(b *testing.B) {
	s, file := benchBook(b, 100_000)
	if _, err := s.ImportFile(b.Context(), file, books.ImportOptions{Post: true}); err != nil {
		b.Fatal(books.ErrorMessage(err))
	}
	bk := s.Book()
	b.Run("TrialBalanceFiveYears", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.TrialBalance(202101, 202512, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("TrialBalanceOneCompound", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.TrialBalance(202101, 202512, 3); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GeneralLedgerFiveYears", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.GeneralLedger(202101, 202512, 0, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DetailLedgerDeepPage", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.DetailLedger(books.LedgerQuery{AccountCode: "1002", From: 202101, To: 202512, Offset: 20_000, Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("BankJournalMonth", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.Journal("bank", 202306, 202306, 0, 0, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CompoundReportYear", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.CompoundReport(202501, 202512, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Verify", func(b *testing.B) {
		for b.Loop() {
			if p, err := bk.Verify(b.Context()); err != nil || len(p) > 0 {
				b.Fatal(p, err)
			}
		}
	})
}
