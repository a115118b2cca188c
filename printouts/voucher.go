package printouts

import (
	"fmt"
	"strconv"

	"sunbooks/books"
)

// Vouchers lays out 记账凭证 the usual way, two to an A4 portrait page, with
// a cutting line between them. A voucher with more lines than a half page
// holds continues on the next half, marked 1/2, 2/2 …; the totals and the
// signatures are on its last half. The paper options are ignored: vouchers
// are bound in A4 halves.
func Vouchers(community string, vs []books.Voucher, o Options) (*Layout, error) {
	return theFace.vouchers(community, vs, o)
}

// voucherMinRows is how many ruled lines a voucher shows even when it has
// fewer, as on a printed form.
const voucherMinRows = 5

func (f *face) vouchers(community string, vs []books.Voucher, o Options) (*Layout, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, books.Errorf(books.NotFound, "没有要打印的凭证")
	}
	o.Paper, o.Landscape = "A4", false
	title := "记账凭证"
	if len(vs) == 1 {
		title += " " + vs[0].Period.Chinese() + " " + vs[0].No()
	}
	l, err := newLayout(o, title, community)
	if err != nil {
		return nil, err
	}
	half := 0
	var page *Page
	for _, v := range vs {
		for _, part := range voucherParts(f, v) {
			if half%2 == 0 {
				page = l.addPage()
			}
			y0 := float64(half%2) * l.H / 2
			if half%2 == 1 {
				page.Boxes = append(page.Boxes, Box{Kind: Line, X: 8, Y: l.H / 2, W: l.W - 16, LineWidth: 0.1, Color: dim})
			}
			voucherHalf(f, l, page, y0, community, v, part)
			half++
		}
	}
	return l, nil
}

// voucherPart is the lines one half page shows.
type voucherPart struct {
	lines    []books.Line
	i, n     int // part i of n, from 1
	lastPart bool
}

const (
	vBody   = 9.5 // pt
	vPad    = 1.5 // mm
	vRowMin = 8.0 // mm, a ruled line of the form
)

// voucher column widths in mm: 摘要, 会计科目, 小区, 借方金额, 贷方金额.
var vCols = []float64{52, 50, 24, 27, 27}

func voucherRowH(f *face, l books.Line) float64 {
	n := max(len(f.wrap(l.Memo, vCols[0]-2*vPad, vBody)), len(f.wrap(l.AccountCode+" "+l.AccountName, vCols[1]-2*vPad, vBody)),
		len(f.wrap(l.CompoundName, vCols[2]-2*vPad, vBody)))
	return max(vRowMin, float64(n)*lineHeight(vBody)+2*vPad)
}

// voucherBodyH is the height a half page gives to the lines.
const voucherBodyH = 7 * vRowMin

func voucherParts(f *face, v books.Voucher) []voucherPart {
	var parts []voucherPart
	var cur []books.Line
	h := 0.0
	for _, ln := range v.Lines {
		rh := voucherRowH(f, ln)
		if len(cur) > 0 && h+rh > voucherBodyH {
			parts = append(parts, voucherPart{lines: cur})
			cur, h = nil, 0
		}
		cur = append(cur, ln)
		h += rh
	}
	parts = append(parts, voucherPart{lines: cur})
	for i := range parts {
		parts[i].i, parts[i].n = i+1, len(parts)
		parts[i].lastPart = i == len(parts)-1
	}
	return parts
}

func voucherHalf(f *face, l *Layout, page *Page, y0 float64, community string, v books.Voucher, part voucherPart) {
	fl := &flow{l: l, f: f, left: 16, right: l.W - 16, top: y0, bottom: y0 + l.H/2, y: y0 + 10, page: page}
	// Title with the double rule under it.
	fl.text(fl.left, fl.y, fl.width(), 9, "记 账 凭 证", 19, Center, black, true)
	fl.y += 9.5
	cx := (fl.left + fl.right) / 2
	fl.hline(cx-26, cx+26, fl.y, 0.5, black)
	fl.hline(cx-26, cx+26, fl.y+1, 0.25, black)
	if v.Status != books.StatusPosted {
		fl.text(fl.right-40, y0+10, 40, 6, books.StatusName(v.Status), 10, Right, red, true)
	}
	if v.Kind == books.VoucherReversal {
		fl.text(fl.left, y0+10, 40, 6, "红字冲销", 10, Left, red, true)
	}
	fl.y += 3
	lh := lineHeight(vBody)
	no := "记字第 " + fmt.Sprintf("%04d", v.Number) + " 号"
	if v.Word != "" && v.Word != "记" {
		no = v.Word + "字第 " + fmt.Sprintf("%04d", v.Number) + " 号"
	}
	if part.n > 1 {
		no += "（" + strconv.Itoa(part.i) + "/" + strconv.Itoa(part.n) + "）"
	}
	fl.text(fl.left, fl.y, fl.width(), lh, "单位："+community, vBody, Left, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, voucherDate(v.Date), vBody, Center, black, false)
	fl.text(fl.left, fl.y, fl.width(), lh, no, vBody, Right, black, false)
	fl.y += lh + 1.5

	t := &table{x: fl.left, pt: vBody, pad: vPad, vpad: vPad, lw: 0.25, cols: []column{
		{"摘　要", vCols[0], Left}, {"会计科目", vCols[1], Left}, {"小　区", vCols[2], Center}, {"借方金额", vCols[3], Right}, {"贷方金额", vCols[4], Right}}}
	tableTop := fl.y
	fl.tableHeader(t)
	used := 0.0
	for _, ln := range part.lines {
		h := voucherRowH(f, ln)
		cells := []cell{{Text: ln.Memo}, {Text: ln.AccountCode + " " + ln.AccountName}, {Text: ln.CompoundName},
			amountCell(ln.Debit), amountCell(ln.Credit)}
		fl.drawRow(t, cells, 0, 1<<30, h, true)
		fl.y += h
		used += h
	}
	// Blank ruled lines up to the form's usual count, within the body.
	for rows := len(part.lines); rows < voucherMinRows && used+vRowMin <= voucherBodyH+0.01; rows++ {
		fl.drawRow(t, make([]cell, len(t.cols)), 0, 0, vRowMin, true)
		fl.y += vRowMin
		used += vRowMin
	}
	// 合计 with the amount in capitals, on the last part only.
	if part.lastPart {
		d, c := v.Totals()
		fl.drawRow(t, []cell{{Text: "合计：人民币（大写）" + books.Capital(d), Span: 3, Bold: true}, amountCell(d), amountCell(c)}, 0, 1<<30, vRowMin, true)
	} else {
		fl.drawRow(t, []cell{{Text: "（转下页）", Span: 3, Align: Center}, {}, {}}, 0, 1<<30, vRowMin, true)
	}
	fl.y += vRowMin
	// Outer frame, heavier, and the attachment count down the right edge.
	fl.rect(fl.left, tableTop, t.width(), fl.y-tableTop, 0.6, black)
	ax := fl.left + t.width() + 1.5
	att := []string{"附", "单", "据", strconv.Itoa(v.Attachments), "张"}
	ay := tableTop + (fl.y-tableTop)/2 - float64(len(att))*lh/2
	for i, s := range att {
		fl.text(ax, ay+float64(i)*lh, 8, lh, s, vBody, Center, black, false)
	}
	fl.y += 2.5
	signs := []struct{ role, who string }{{"会计主管", ""}, {"记账", v.Poster}, {"审核", v.Reviewer}, {"出纳", ""}, {"制单", v.Preparer}}
	w := t.width() / float64(len(signs))
	for i, sg := range signs {
		fl.text(fl.left+float64(i)*w, fl.y, w, lh, sg.role+"："+sg.who, vBody, Left, black, false)
	}
}

func amountCell(m books.Money) cell {
	if m.IsZero() {
		return cell{}
	}
	c := cell{Text: books.FormatYuan(m)}
	if m.IsNegative() {
		c.Color = &red
	}
	return c
}

// voucherDate writes "2026-03-15" as 2026 年 03 月 15 日.
func voucherDate(d string) string {
	if len(d) != 10 {
		return d
	}
	return d[:4] + " 年 " + d[5:7] + " 月 " + d[8:] + " 日"
}
