package books

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every file read is bounded: a file over its limit is refused before it is
// read, naming the limit, and the book is unchanged.
func TestFilesOverTheirLimitsAreRefused(t *testing.T) {
	tb := newTestBook(t)
	dir := t.TempDir()

	// A CSV line longer than any voucher line.
	long := filepath.Join(dir, "long.csv")
	os.WriteFile(long, []byte(ImportHeader+"\n2026-01-05,V1,1002,银行存款,阳光小区,1,,"+strings.Repeat("长", MaxImportLine)+"\n"), 0o644)
	if _, err := tb.accountant.ImportFile(t.Context(), long, ImportOptions{}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "第 2 行超过 64 KB") {
		t.Errorf("a 190 KB line: %v", err)
	}

	// An .xlsx that unzips to more than the limit: a few KB of zeros that
	// expand to a large worksheet.
	old := maxXLSXExpanded
	maxXLSXExpanded = 1 << 20
	defer func() { maxXLSXExpanded = old }()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(bytes.Repeat([]byte(" "), 4<<20))
	zw.Close()
	bomb := filepath.Join(dir, "bomb.xlsx")
	os.WriteFile(bomb, buf.Bytes(), 0o644)
	if _, err := tb.accountant.ImportFile(t.Context(), bomb, ImportOptions{}); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "解压后") || !strings.Contains(ErrorMessage(err), "1 MB") {
		t.Errorf("an .xlsx that unzips to 4 MB under a 1 MB limit (%d bytes on disk): %v", buf.Len(), err)
	}
	if n, _ := tb.CountVouchers(VoucherFilter{}); n != 0 {
		t.Errorf("%d vouchers imported from refused files", n)
	}

	// A signed file over its kind's limit is not read.
	key := filepath.Join(dir, "key.json")
	os.WriteFile(key, bytes.Repeat([]byte("{"), MaxKeyFile+1), 0o644)
	if _, err := ReadSignedFile(key, FileKindPublicKey); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "公钥文件 1 MB 的上限") {
		t.Errorf("a 1 MB + 1 key file: %v", err)
	}
	if _, err := ReadSigned(bytes.Repeat([]byte(" "), MaxKeyFile+1), FileKindPublicKey); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "上限") {
		t.Errorf("a 1 MB + 1 key in memory: %v", err)
	}
	if _, err := ReadSignedFrom(strings.NewReader(strings.Repeat(" ", MaxKeyFile+1)), "key.json", FileKindPublicKey); ErrorCode(err) != Invalid {
		t.Errorf("a 1 MB + 1 key from a dialog: %v", err)
	}
}
