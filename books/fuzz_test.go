package books

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Fuzz targets for what comes from outside the book: amounts typed or in
// files, import files (CSV in any encoding, .xlsx) and signed files. make
// test runs their seeds and committed corpus (testdata/fuzz) as tests and
// fuzzes each briefly; make fuzz longer. What they hold: no panic, a refusal
// always a books error with a sentence (never Internal), and what is read
// agrees with the careful path.

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "1234.50", "-0.01", "1,234,567.89", "１２３．５０", "1e3", "0.001", "99999999999999.99", " 12 ", "", "-", "+.5", "1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil && (ErrorCode(err) == Internal || ErrorMessage(err) == "") {
			t.Fatalf("ParseMoney(%q): %v", s, err)
		}
		fen, ok := parseFen(s)
		if !ok {
			return
		}
		// The fast path agrees with the careful one wherever it answers.
		if err != nil {
			t.Fatalf("parseFen(%q) = %d, but ParseMoney refuses: %v", s, fen, err)
		}
		if want, _ := ToFen(m); want != fen {
			t.Fatalf("parseFen(%q) = %d, ParseMoney gives %d fen", s, fen, want)
		}
	})
}

// fuzzState is a book as the import parser sees it: a few accounts and
// compounds, nothing closed.
func fuzzState() *importState {
	return &importState{
		accounts: map[string]importAccount{
			"1001": {id: 1, name: "库存现金", active: true, leaf: true},
			"1002": {id: 2, name: "银行存款", active: true, leaf: true},
			"4901": {id: 3, name: "其他收入", active: true, leaf: true},
			"5101": {id: 4, name: "业务活动成本", active: false, leaf: true},
			"1122": {id: 5, name: "其他应收款", active: true, leaf: false},
		},
		compounds:     map[string]Compound{"阳光小区": {ID: 1, Name: "阳光小区"}, "和平小区": {ID: 2, Name: "和平小区", Archived: true}},
		closed:        map[Period]bool{202512: true},
		firstClosed:   202512,
		historyBefore: 202701,
		today:         "2027-01-15",
	}
}

var fuzzCSVSeeds = []string{
	ImportHeader + "\n2026-01-05,V1,1002,银行存款,阳光小区,100.00,,收费\n2026-01-05,V1,4901,其他收入,阳光小区,,100.00,\n",
	"\ufeff" + ImportHeader + "\n2026-01-05,V1,1002,x,阳光小区,\"1,000.50\",,\"a,b\"\n2026-01-05,V1,4901,x,阳光小区,,\"1,000.50\",\n",
	ImportHeader + "\n2025-12-05,V1,1002,x,和平小区,1,,m\n2026-13-01,V2,1122,x,新小区,,1,\n",
	ImportHeader + "\n\"unterminated,V1\n",
	ImportHeader + "\n2026-01-05,V1,1002,x,阳光小区,１２，３４５．６７,,全角\n",
}

func FuzzImportCSV(f *testing.F) {
	for _, s := range fuzzCSVSeeds {
		f.Add([]byte(s))
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(s)
		f.Add([]byte(gbk))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var sniff encodingSniffer
		sniff.Write(data)
		enc := sniff.encoding()
		rows := newCSVRows(decoded(&lineLimiter{r: bytes.NewReader(data), max: MaxImportLine}, enc))
		parsed, err := (*Session)(nil).parseImport(t.Context(), rows, fuzzState(), ImportOptions{AddCompounds: true}, enc)
		if err != nil {
			if ErrorCode(err) == Internal || ErrorMessage(err) == "" {
				t.Fatalf("refusal without a sentence: %v", err)
			}
			return
		}
		defer parsed.close()
		// Every voucher comes back whole and balanced, its memos taken as text.
		type sums struct{ d, c, n int64 }
		got := map[*importPiece]*sums{}
		err = parsed.replay(t.Context(), func(v *importPiece, seq int, l *spillLine) error {
			s := got[v]
			if s == nil {
				s = &sums{}
				got[v] = s
			}
			s.d, s.c, s.n = s.d+l.dr, s.c+l.cr, s.n+1
			if int64(seq) != s.n || l.memo == "" || !utf8.ValidString(l.memo) || strings.ContainsRune(l.memo, 0) {
				t.Fatalf("line %d of voucher %s taken in with memo %q", seq, parsed.no(v), l.memo)
			}
			return nil
		}, func(*importPiece, int32, bool, bool) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		vouchers := 0
		parsed.eachVoucher(func(i int32, v *importPiece) {
			vouchers++
			s := got[v]
			if s == nil || s.d != s.c || s.n < 2 || s.n != int64(parsed.linesOf(i)) {
				t.Fatalf("voucher %s taken in unbalanced or with too few lines: %+v, %d counted", parsed.no(v), s, parsed.linesOf(i))
			}
		})
		if vouchers != len(got) || vouchers != parsed.vouchers {
			t.Fatalf("%d vouchers read back, %d listed, %d counted", len(got), vouchers, parsed.vouchers)
		}
	})
}

func FuzzVoucherFile(f *testing.F) {
	for _, s := range fuzzCSVSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := ReadVoucherCSV(bytes.NewReader(data)); err != nil && (ErrorCode(err) == Internal || ErrorMessage(err) == "") {
			t.Fatalf("refusal without a sentence: %v", err)
		}
	})
}

func FuzzImportXLSX(f *testing.F) {
	x := excelize.NewFile()
	for i, row := range [][]any{
		{"date", "voucher_no", "account_code", "account_name", "compound", "debit", "credit", "memo"},
		{46027.0, "V1", "1002", "银行存款", "阳光小区", 100.5, "", "收费"},
		{"2026-01-05", "V1", "4901", "其他收入", "阳光小区", "", "100.50", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &row)
	}
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		rows, err := newXLSXRows(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if ErrorCode(err) == Internal {
				t.Fatalf("refusal without a sentence: %v", err)
			}
			return
		}
		defer rows.Close()
		parsed, err := (*Session)(nil).parseImport(t.Context(), rows, fuzzState(), ImportOptions{}, EncodingUTF8)
		parsed.close()
		if err != nil && ErrorCode(err) == Internal {
			t.Fatalf("refusal without a sentence: %v", err)
		}
	})
}

func FuzzReadSigned(f *testing.F) {
	for _, s := range []string{
		`{"format":"sunbooks-signed","version":1,"kind":"public-key","payload":"e30=","signer":"ab","public_key":"AAAA","signature":"AAAA"}`,
		`{}`, `[]`, `{"format":"sunbooks-signed"`, "", "\x00\x01", `{"format":"sunbooks-signed","version":2}`,
	} {
		f.Add([]byte(s))
	}
	kinds := []string{FileKindPublicKey, FileKindRequest, FileKindDecision, FileKindPolicy, FileKindPackage}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range kinds {
			if _, err := ReadSigned(data, k); err != nil && (ErrorCode(err) == Internal || ErrorMessage(err) == "") {
				t.Fatalf("ReadSigned(%s): refusal without a sentence: %v", k, err)
			}
		}
		if _, err := ReadPublicKeyFile(data); err != nil && ErrorCode(err) == Internal {
			t.Fatalf("ReadPublicKeyFile: %v", err)
		}
	})
}
