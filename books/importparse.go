package books

// Parsing an import file into vouchers, noting every bad line with its reason.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// importErrors collects bad lines, listing the first 50.
type importErrors struct {
	list  []*Error
	count int
}

func (e *importErrors) add(line int, format string, args ...any) {
	e.count++
	if len(e.list) < maxImportErrors {
		err := Errorf(Invalid, "第 %d 行：%s", line, fmt.Sprintf(format, args...))
		err.Line = line
		e.list = append(e.list, err)
	}
}

func (e *importErrors) err() error {
	if e.count == 0 {
		return nil
	}
	sort.SliceStable(e.list, func(i, j int) bool { return e.list[i].Line < e.list[j].Line })
	m := &MultiError{Code: Invalid, Errors: e.list}
	if e.count > len(e.list) {
		m.Errors = append(m.Errors, Errorf(Invalid, "另有 %d 处错误未列出", e.count-len(e.list)))
	}
	m.Errors = append(m.Errors, Errorf(Invalid, "文件有 %d 处错误，没有导入任何凭证", e.count))
	return m
}

// importDate checks a date once per distinct value; it returns the day as
// YYYYMMDD.
func importDate(s string, cache map[string]int32) (int32, bool) {
	if d, ok := cache[s]; ok {
		return d, d != 0
	}
	var d int32
	if len(s) == 10 {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			d = int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
			if !Period(d / 100).Valid() {
				d = 0 // year 0001 or the like: a typing error, not history
			}
		}
	}
	cache[s] = d
	return d, d != 0
}

// parseImport reads and checks every line; it returns the file's vouchers
// (their lines waiting in a temporary file: close it) or the list of bad
// lines.
func (s *Session) parseImport(ctx context.Context, rows rowReader, st *importState, o ImportOptions, encoding string) (*importFile, error) {
	spill, err := newImportSpill()
	if err != nil {
		return nil, err
	}
	ip := &importParser{st: st, o: o, encoding: encoding, dates: map[string]int32{},
		newComp: map[string]bool{}, tainted: map[voucherKey]bool{}, cur: -1}
	ip.f.spill = spill
	f, err := ip.parse(ctx, rows)
	if err != nil {
		spill.remove()
		return nil, err
	}
	return f, nil
}

func (ip *importParser) parse(ctx context.Context, rows rowReader) (*importFile, error) {
	line, err := ip.header(rows)
	if err != nil {
		return nil, err
	}
	for {
		if line%1000 == 0 {
			if err := stopped(ctx); err != nil {
				return nil, err
			}
		}
		var rec []string
		rec, line, err = rows.Next()
		if err == io.EOF {
			break
		}
		if line > MaxImportRows+1 {
			return nil, Errorf(Invalid, "文件超过 %d 行的上限，没有导入；请分成几个文件", MaxImportRows)
		}
		if err != nil {
			var e *Error
			if errors.As(err, &e) && e.Code == Invalid {
				ip.errs.add(line, "CSV 格式不对（引号不配对或字段有误）")
				break
			}
			return nil, err
		}
		ip.line(rec, line)
	}
	if err := ip.f.spill.done(); err != nil {
		return nil, err
	}
	ip.join()
	ip.checkBalanced()
	if err := ip.errs.err(); err != nil {
		return nil, err
	}
	if ip.f.vouchers == 0 {
		return nil, Errorf(Invalid, "文件里没有凭证行")
	}
	// What is kept, without the parser's maps.
	f := ip.f
	return &f, nil
}

// importColumns name the file's columns in messages.
var importColumns = strings.Split(ImportHeader, ",")

// importParser gathers an import file's vouchers line by line, and every
// bad line's reason.
type importParser struct {
	st       *importState
	o        ImportOptions
	encoding string
	errs     importErrors
	dates    map[string]int32 // parsed dates (YYYYMMDD), by text
	cur      int32            // the piece of the last good line, -1 before it
	f        importFile       // what is kept: pieces, vouchers, compounds to add, the lines' file
	newComp  map[string]bool  // compounds to add (AddCompounds), as a set
	// tainted are vouchers with a bad line: their balance means nothing and
	// is not checked.
	tainted map[voucherKey]bool
}

// header reads and checks the header row; it returns its line number.
func (ip *importParser) header(rows rowReader) (int, error) {
	rec, line, err := rows.Next()
	if err == io.EOF {
		return 0, Errorf(Invalid, "文件是空的")
	} else if err != nil {
		return 0, err
	}
	head := make([]string, len(rec))
	for i, h := range rec {
		head[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	if strings.Join(head, ",") != ImportHeader {
		e := Errorf(Invalid, "第 %d 行：表头应为 %s", line, ImportHeader)
		e.Line = line
		return 0, e
	}
	return line, nil
}

// line takes one row of the file into its voucher, or notes what is wrong
// with it.
func (ip *importParser) line(rec []string, line int) {
	if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
		return // blank line
	}
	if len(rec) != 8 {
		ip.errs.add(line, "应有 8 列，实有 %d 列", len(rec))
		return
	}
	for i, f := range rec {
		if why := checkField(f, ip.encoding); why != "" {
			ip.errs.add(line, "第 %d 列（%s）%s", i+1, importColumns[i], why)
			return
		}
	}
	// Numbers and codes typed in full width (１２３．５０) are the same numbers.
	date, no, code, comp := narrowDigits(strings.TrimSpace(rec[0])), narrowDigits(strings.TrimSpace(rec[1])), narrowDigits(strings.TrimSpace(rec[2])), strings.TrimSpace(rec[4])
	dtext, ctext, memo := narrowDigits(strings.TrimSpace(rec[5])), narrowDigits(strings.TrimSpace(rec[6])), strings.TrimSpace(rec[7])
	day, okDate := ip.date(line, date)
	p := Period(day / 100)
	bad := !okDate
	if no == "" {
		ip.errs.add(line, "缺少凭证号（voucher_no）")
		bad = true
	}
	acc, okAcc := ip.account(line, code)
	cp, known, okComp := ip.compound(line, comp)
	dr, okDr := ip.amount(line, dtext, "借方")
	cr, okCr := ip.amount(line, ctext, "贷方")
	bad = bad || !okAcc || !okComp || !okDr || !okCr
	if !bad && dr != 0 && cr != 0 {
		ip.errs.add(line, "借方和贷方只能填一个")
		bad = true
	} else if !bad && dr == 0 && cr == 0 {
		ip.errs.add(line, "借方或贷方要填一个金额")
		bad = true
	}
	key := voucherKey{p, no}
	if bad {
		// The voucher of a bad line is not checked for balance: its sums
		// mean nothing.
		if p != 0 && no != "" {
			ip.tainted[key] = true
		}
		return
	}
	// A voucher's lines come one after another as a rule: a run of them is
	// one piece, and pieces of the same voucher further down the file are
	// joined once it is read (join), rather than every voucher kept in a map.
	f := &ip.f
	var v *importPiece
	if ip.cur >= 0 {
		v = f.pieces.at(ip.cur)
	}
	if v == nil || v.period() != p || string(f.noBytes(v)) != no {
		// The number is copied out of the row, which is not kept.
		bits := int32(0)
		if memo == "" {
			bits = pieceBlankFirst
		}
		ip.cur = f.pieces.add(importPiece{no: f.text.add(no), day: day, first: int32(line), bits: bits})
		v = f.pieces.at(ip.cur)
	} else if v.day != day {
		ip.errs.add(line, "凭证 %s 的日期 %s 与其第 %d 行的日期 %s 不同", no, date, v.first, v.date())
		ip.tainted[key] = true
		return
	}
	compID := cp.ID
	if !known {
		compID = -int64(indexOf(ip.f.added, comp) + 1) // resolved once the compound exists
	}
	// A blank memo repeats the one above in its voucher: filled in as the
	// lines are read back (importFile.replay).
	ip.f.spill.add(acc.id, compID, dr, cr, memo)
	v.bits++
	if !addFen(&v.dr, dr) || !addFen(&v.cr, cr) {
		v.bits |= pieceOver
	}
}

// addFen adds x to *sum unless the sum leaves int64 (a voucher of a million
// lines of the largest amounts), and says whether it did.
func addFen(sum *int64, x int64) bool {
	s := *sum + x
	if (x > 0 && s < *sum) || (x < 0 && s > *sum) {
		return false
	}
	*sum = s
	return true
}

// date parses a line's date (YYYYMMDD) and refuses one in a closed month,
// after today, or (with Post) in a month the book keeps live.
func (ip *importParser) date(line int, date string) (int32, bool) {
	st := ip.st
	day, ok := importDate(date, ip.dates)
	p := Period(day / 100)
	why := ""
	if ok {
		why = st.closedReason(p)
	}
	switch {
	case !ok:
		ip.errs.add(line, "日期“%s”格式不对，应写成 2026-03-15 这样", date)
	case why != "":
		ip.errs.add(line, "%s", why)
	case date > st.today:
		// importDate accepted it, so it is YYYY-MM-DD and compares as text.
		ip.errs.add(line, "日期 %s 在今天（%s）之后；只能登记已经发生的事", date, st.today)
	case ip.o.Post && p >= st.historyBefore:
		// -post posts without a second person: history from the earlier
		// system only, never a month the book keeps live, whose work
		// another person reviews.
		ip.errs.add(line, "%s 不是本账簿启用（%s）之前的历史月份，-post 只用于迁移历史凭证；其余凭证请不加 -post 导入为草稿，经他人审核后记账", p.Chinese(), st.historyBefore.Chinese())
	default:
		return day, true
	}
	return day, false
}

// account finds a line's account: it must exist, be active and be a leaf.
func (ip *importParser) account(line int, code string) (importAccount, bool) {
	acc, found := ip.st.accounts[code]
	switch {
	case code == "":
		ip.errs.add(line, "缺少科目代码")
	case !found:
		ip.errs.add(line, "科目代码 %s 不存在", code)
	case !acc.active:
		ip.errs.add(line, "科目 %s %s 已停用", code, acc.name)
	case !acc.leaf:
		ip.errs.add(line, "科目 %s %s 有下级科目，请选到最末级", code, acc.name)
	default:
		return acc, true
	}
	return acc, false
}

// compound finds a line's compound; with AddCompounds an unknown one is
// noted to be added (known false).
func (ip *importParser) compound(line int, comp string) (cp Compound, known, ok bool) {
	cp, found := ip.st.compounds[comp]
	switch {
	case comp == "":
		ip.errs.add(line, "缺少小区")
	case !found && ip.o.AddCompounds:
		if !ip.newComp[comp] {
			ip.newComp[comp] = true
			ip.f.added = append(ip.f.added, comp)
		}
		return cp, false, true
	case !found:
		ip.errs.add(line, "小区“%s”不存在（如需自动增加小区，请加 -add-compounds）", comp)
	case cp.Archived:
		ip.errs.add(line, "小区“%s”已归档", comp)
	default:
		return cp, true, true
	}
	return cp, found, false
}

// amount reads a debit or credit amount in fen; empty is 0.
func (ip *importParser) amount(line int, txt, side string) (int64, bool) {
	if txt == "" {
		return 0, true
	}
	f, ok := parseFen(txt)
	if ok {
		return f, true
	}
	if _, err := ParseMoney(txt); err != nil {
		ip.errs.add(line, "%s%s", side, ErrorMessage(err))
	} else {
		ip.errs.add(line, "%s金额“%s”格式不对，应写成 1234.50 这样的数字", side, txt)
	}
	return 0, false
}

// join joins the pieces of each voucher, in the file's order, into its
// first piece, refusing a piece dated otherwise and a voucher whose first
// memo is blank; it lists the vouchers.
func (ip *importParser) join() {
	ps := &ip.f.pieces
	byKey := make([]int32, ps.n)
	for i := range byKey {
		byKey[i] = int32(i)
	}
	f := &ip.f
	sort.Slice(byKey, func(i, j int) bool {
		a, b := ps.at(byKey[i]), ps.at(byKey[j])
		if a.period() != b.period() {
			return a.period() < b.period()
		}
		if c := bytes.Compare(f.noBytes(a), f.noBytes(b)); c != 0 {
			return c < 0
		}
		return byKey[i] < byKey[j]
	})
	f.apart, f.total = map[int32]pieceJoin{}, map[int32]int32{}
	var into *importPiece
	intoAt, prevAt := int32(-1), int32(-1)
	lastOf := func() {
		// The last piece of a voucher in several.
		if prevAt != intoAt {
			f.apart[prevAt] = pieceJoin{voucher: intoAt, last: true}
		}
	}
	for _, i := range byKey {
		p := ps.at(i)
		if into == nil || into.period() != p.period() || !bytes.Equal(f.noBytes(into), f.noBytes(p)) {
			if into != nil {
				lastOf()
			}
			into, intoAt, prevAt = p, i, i
			f.vouchers++
			if p.is(pieceBlankFirst) {
				// Only the first lines of a voucher's first piece have
				// nothing above them.
				ip.errs.add(int(p.first), "凭证 %s 第一行的摘要为空", f.no(p))
				ip.tainted[voucherKey{p.period(), f.no(p)}] = true
			}
			continue
		}
		if prevAt == intoAt {
			f.apart[intoAt] = pieceJoin{voucher: intoAt}
			f.total[intoAt] = into.n()
		}
		if p.day != into.day {
			ip.errs.add(int(p.first), "凭证 %s 的日期 %s 与其第 %d 行的日期 %s 不同", f.no(p), p.date(), into.first, into.date())
			ip.tainted[voucherKey{p.period(), f.no(p)}] = true
		}
		f.apart[i] = pieceJoin{voucher: intoAt}
		f.total[intoAt] += p.n()
		if p.is(pieceOver) || !addFen(&into.dr, p.dr) || !addFen(&into.cr, p.cr) {
			into.bits |= pieceOver
		}
		prevAt = i
	}
	if into != nil {
		lastOf()
	}
}

// checkBalanced refuses vouchers with one line, totals out of range, or
// debits unequal to credits.
func (ip *importParser) checkBalanced() {
	ip.f.eachVoucher(func(i int32, v *importPiece) {
		if len(ip.tainted) > 0 && ip.tainted[voucherKey{v.period(), ip.f.no(v)}] {
			return
		}
		d, c, no := v.dr, v.cr, ip.f.no

		if ip.f.linesOf(i) < 2 {
			ip.errs.add(int(v.first), "凭证 %s 只有一行分录，至少要一借一贷两行", no(v))
		} else if v.is(pieceOver) || d > MaxFen || c > MaxFen || d < -MaxFen || c < -MaxFen {
			// Each line is within range; the voucher's total is stored too.
			ip.errs.add(int(v.first), "凭证 %s（%s）的合计超出允许范围，请分成几张凭证", no(v), v.date())
		} else if d != c {
			side, diff := "借方", d-c
			if diff < 0 {
				side, diff = "贷方", -diff
			}
			ip.errs.add(int(v.first), "凭证 %s（%s）借贷不平：借方合计 %s，贷方合计 %s，%s多 %s", no(v), v.date(),
				FormatYuan(FromFen(d)), FormatYuan(FromFen(c)), side, FormatYuan(FromFen(diff)))
		}
	})
}
