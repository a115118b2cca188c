package exchange

import (
	"testing"

	"sunbooks/books"
	"sunbooks/books/bookstest"
)

// FuzzDecodePackage feeds the package decoder what a signed envelope could
// carry: it must never panic, and every refusal is a books error with a
// sentence. The seed is a real package of a closed month.
func FuzzDecodePackage(f *testing.F) {
	tb := bookstest.New(f)
	tb.Post("2026-01-05", bookstest.Line("收停车费", "1002", "阳光小区", "100", ""), bookstest.Line("收停车费", "4301", "阳光小区", "", "100"))
	if err := tb.Accountant.ClosePeriod(202601); err != nil {
		f.Fatal(err)
	}
	res, err := Export(f.Context(), tb.Accountant, 202601, 202601)
	if err != nil {
		f.Fatal(err)
	}
	sf, err := books.ReadSigned(res.Data, books.FileKindPackage)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sf.Payload)
	f.Add([]byte(`{"manifest":{"format":"sunbooks-period-package","version":1},"parts":{}}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		if _, err := decodePackage(payload); err != nil && (books.ErrorCode(err) == books.Internal || books.ErrorMessage(err) == "") {
			t.Fatalf("refusal without a sentence: %v", err)
		}
	})
}
