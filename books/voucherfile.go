package books

import (
	"bytes"
	"errors"
	"io"
	"strings"
)

// maxVoucherFile bounds a one-voucher file: a voucher of a few hundred
// lines is far below it.
const maxVoucherFile = 256 << 10

// ReadVoucherCSV reads one voucher from a file in the import format
// (ImportHeader, UTF-8 with or without a BOM, or GB18030/GBK as Excel saves
// it; at most maxVoucherFile bytes): every line has the same date
// and voucher_no, a blank memo repeats the one above. Each refusal names the
// line. The voucher is then saved like one typed in (SaveVoucher), with
// every rule of the voucher entry.
func ReadVoucherCSV(r io.Reader) (Voucher, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxVoucherFile+1))
	if err != nil {
		return Voucher{}, internal("read voucher file", err)
	}
	if len(data) > maxVoucherFile {
		return Voucher{}, Errorf(Invalid, "凭证文件超过 %d KB；一个文件只放一张凭证，多张凭证请用导入", maxVoucherFile/1024)
	}
	var sniff encodingSniffer
	sniff.Write(data)
	encoding := sniff.encoding()
	rows := newCSVRows(decoded(bytes.NewReader(data), encoding))
	var v Voucher
	var errs importErrors
	header := strings.Split(ImportHeader, ",")
	memo := ""
	for {
		rec, line, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Voucher{}, err
		}
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if line == 1 {
			if len(rec) != len(header) || strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")) != header[0] {
				return Voucher{}, Errorf(Invalid, "第 1 行应是表头 %s", ImportHeader)
			}
			continue
		}
		if len(rec) != len(header) {
			errs.add(line, "应有 %d 列，实有 %d 列", len(header), len(rec))
			continue
		}
		bad := false
		for i := range rec {
			if why := checkField(rec[i], encoding); why != "" {
				errs.add(line, "第 %d 列（%s）%s", i+1, header[i], why)
				bad = true
				break
			}
			rec[i] = strings.TrimSpace(rec[i])
			if i != 4 && i != 7 { // names and memos keep their full-width characters
				rec[i] = narrowDigits(rec[i])
			}
		}
		if bad {
			continue
		}
		date, no := rec[0], rec[1]
		switch {
		case v.Date == "" && len(v.Lines) == 0:
			v.Date, v.SourceRef = date, no
		case date != v.Date || no != v.SourceRef:
			errs.add(line, "日期和凭证号（%s %s）与第一行（%s %s）不同；一个文件只放一张凭证", date, no, v.Date, v.SourceRef)
			continue
		}
		if rec[7] != "" {
			memo = rec[7]
		}
		l := Line{Memo: memo, AccountCode: rec[2], CompoundName: rec[4], Debit: FromFen(0), Credit: FromFen(0)}
		for _, side := range []struct {
			text string
			to   *Money
			name string
		}{{rec[5], &l.Debit, "借方"}, {rec[6], &l.Credit, "贷方"}} {
			if side.text == "" {
				continue
			}
			m, err := ParseMoney(side.text)
			if err != nil {
				errs.add(line, "%s金额“%s”不对：%s", side.name, side.text, ErrorMessage(err))
				continue
			}
			*side.to = m
		}
		v.Lines = append(v.Lines, l)
	}
	if err := errs.err(); err != nil {
		return Voucher{}, err
	}
	if len(v.Lines) == 0 {
		return Voucher{}, Errorf(Invalid, "文件里没有凭证分录")
	}
	return v, nil
}
