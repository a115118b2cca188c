package books

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Files as office PCs save them: GBK from Excel, UTF-8 with a BOM, numbers
// typed in full width; and files no import should take, each refused naming
// the line and the column.
func TestImportReadsChineseFilesAsSaved(t *testing.T) {
	body := ImportHeader + "\n" +
		"2026-01-05,V1,1002,银行存款,阳光小区,1000.00,,物业用房租金\n" +
		"2026-01-05,V1,4901,其他收入,阳光小区,,1000.00,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	fullWidth := strings.Replace(body, "1000.00,,", "１，０００．００,,", 1)
	cases := []struct {
		name, content, encoding string
	}{
		{"GBK from Excel", gbk, EncodingGB18030},
		{"UTF-8 with a BOM", "\ufeff" + body, EncodingUTF8},
		{"full-width digits", fullWidth, EncodingUTF8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := newTestBook(t)
			p := filepath.Join(t.TempDir(), "import.csv")
			os.WriteFile(p, []byte(c.content), 0o644)
			res, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{})
			if err != nil {
				t.Fatalf("import: %s", ErrorMessage(err))
			}
			if res.Encoding != c.encoding || res.Vouchers != 1 || !res.Total.Equal(yuan("1000")) {
				t.Fatalf("read as %s: %d vouchers, total %s", res.Encoding, res.Vouchers, res.Total)
			}
			v, err := tb.VoucherByNo(202601, "记-0001")
			if err != nil || v.Lines[0].Memo != "物业用房租金" || v.Lines[0].CompoundName != "阳光小区" {
				t.Fatalf("imported voucher: %+v %v", v, err)
			}
		})
	}
	bad := []struct {
		name, content, says string
	}{
		{"broken bytes in a UTF-8 file", strings.Replace(body, "物业用房租金", "物业\xff\xfe租金", 1), "第 2 行：第 8 列（memo）含有无法识别的文字"},
		{"a NUL in a field", strings.Replace(body, "V1,4901", "V1\x00,4901", 1), "第 3 行：第 2 列（voucher_no）含有控制字符（U+0000）"},
		{"GBK bytes that map to nothing", gbk[:len(ImportHeader)+1] + "2026-01-05,V1,1002,\x81\x20,阳光小区,1,,x\n", "含有无法识别的文字"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			tb := newTestBook(t)
			p := filepath.Join(t.TempDir(), "import.csv")
			os.WriteFile(p, []byte(c.content), 0o644)
			_, err := tb.accountant.ImportFile(t.Context(), p, ImportOptions{AddCompounds: true})
			if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), c.says) {
				t.Fatalf("import: %v, want refused saying %q", ErrorMessage(err), c.says)
			}
			if n, _ := tb.CountVouchers(VoucherFilter{}); n != 0 {
				t.Errorf("%d vouchers imported from a refused file", n)
			}
		})
	}
}

// A one-voucher file (voucher add -file) is read the same way.
func TestVoucherFileReadsGBK(t *testing.T) {
	body := ImportHeader + "\n" +
		"2026-01-05,V1,1002,银行存款,阳光小区,１００,,收费\n" +
		"2026-01-05,V1,4901,其他收入,阳光小区,,100,\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(body)
	v, err := ReadVoucherCSV(strings.NewReader(gbk))
	if err != nil {
		t.Fatal(ErrorMessage(err))
	}
	if v.Lines[0].CompoundName != "阳光小区" || v.Lines[0].Memo != "收费" || !v.Lines[0].Debit.Equal(yuan("100")) {
		t.Errorf("read %+v", v.Lines[0])
	}
	if _, err := ReadVoucherCSV(strings.NewReader(strings.Repeat("x", maxVoucherFile+1))); ErrorCode(err) != Invalid {
		t.Errorf("an oversized voucher file: %v", err)
	}
}
