package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"sunbooks/books"
)

// Synthetic books for benchmarks: any number of balanced voucher lines in
// the import format, the same file for the same seed.

// syntheticChildren are the child accounts a synthetic book adds to npo2004,
// giving about forty accounts with their parents.
var syntheticChildren = [][3]string{
	{"1002", "100201", "工商银行"}, {"1002", "100202", "农业银行"}, {"1002", "100203", "农商银行"},
	{"1009", "100901", "街道专户"},
	{"1122", "112201", "押金"}, {"1122", "112202", "备用金"},
	{"2209", "220901", "保证金"}, {"2209", "220902", "代收代付"},
	{"4301", "430101", "物业用房租金"}, {"4301", "430102", "场地使用费"},
	{"4901", "490101", "社区团购佣金"}, {"4901", "490102", "共富工坊收入"}, {"4901", "490103", "广告位收入"},
	{"5101", "510101", "保洁费"}, {"5101", "510102", "绿化养护"}, {"5101", "510103", "路灯维修"},
	{"5101", "510104", "困难帮扶"}, {"5101", "510105", "设施维修"},
	{"5201", "520101", "办公用品"}, {"5201", "520102", "银行手续费"}, {"5201", "520103", "水电费"},
}

// SyntheticCompounds are the twelve compounds of a synthetic book.
var SyntheticCompounds = []string{"阳光小区", "和平小区", "幸福里小区", "锦绣花园", "翠竹苑", "枫林湾",
	"紫荆家园", "桂花园", "滨河小区", "书香名邸", "东湖小区", "南山新村"}

var (
	synMoney   = []string{"1001", "100201", "100202", "100203"}
	synIncome  = []string{"430101", "430102", "4401", "490101", "490102", "490103", "4101"}
	synExpense = []string{"510101", "510102", "510103", "510104", "510105", "520101", "520102", "520103", "5401"}
	synOther   = []string{"112201", "112202", "220901", "220902", "100901"}
	synNames   = syntheticNames()
)

// syntheticNames maps every account code the synthetic files use to its name.
func syntheticNames() map[string]string {
	names := map[string]string{}
	for _, code := range slices.Concat(synMoney, synIncome, synExpense, synOther) {
		names[code] = books.ChartAccountName("npo2004", code)
	}
	for _, c := range syntheticChildren {
		names[c[1]] = c[2]
	}
	return names
}

// PrepareSynthetic adds the child accounts and compounds that
// WriteSyntheticCSV's files use, to a new npo2004 book.
func PrepareSynthetic(s *books.Session) error {
	for _, c := range syntheticChildren {
		if _, err := s.AddAccount(c[0], c[1], c[2]); err != nil {
			return err
		}
	}
	for _, c := range SyntheticCompounds {
		if _, err := s.AddCompound(c); err != nil {
			return err
		}
	}
	return nil
}

// WriteNoticeMonthCSV writes n two-line vouchers of one compound in one
// month (all dated within it), alternately income into the bank and
// spending from it, income the larger so the compound never runs dry: a
// month whose notice lists n items. The same seed gives the same file.
func WriteNoticeMonthCSV(w io.Writer, compound string, month books.Period, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x0b0a4d))
	bw := bufio.NewWriter(w)
	bw.WriteString(books.ImportHeader + "\n")
	days := time.Date(month.Year(), time.Month(month.Month())+1, 0, 0, 0, 0, 0, time.UTC).Day()
	details := []string{"", "（1号楼底商）", "（含上月补缴部分，经业委会确认后入账）", "，附发票及验收单",
		"（按合同约定分期支付，本期为第二期，详见支出审批单及验收记录）"}
	for i := range n {
		date := fmt.Sprintf("%s-%02d", month, 1+i*days/n)
		no := fmt.Sprintf("记-%04d", i+1)
		code, bank := synIncome[rng.IntN(len(synIncome))], "100201"
		fen := 500_000 + rng.Int64N(2_000_000)
		memo := fmt.Sprintf("收%d月%s%s", month.Month(), synNames[code], details[rng.IntN(len(details))])
		dr, cr := bank, code
		if i%2 == 1 {
			code = synExpense[rng.IntN(len(synExpense))]
			fen = 10_000 + rng.Int64N(300_000)
			memo = fmt.Sprintf("付%s%s", synNames[code], details[rng.IntN(len(details))])
			dr, cr = code, bank
		}
		amt := books.PlainYuan(books.FromFen(fen))
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,,%s\n", date, no, dr, synNames[dr], compound, amt, memo)
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,,%s,\n", date, no, cr, synNames[cr], compound, amt)
	}
	return bw.Flush()
}

// WriteSyntheticCSV writes exactly n voucher lines in the import format over
// five years from startYear: 2–4 lines a voucher, twelve compounds, about
// forty accounts, every voucher balanced. The same seed gives the same file.
func WriteSyntheticCSV(w io.Writer, n int, startYear int, seed uint64) error {
	return WriteSyntheticMonthsCSV(w, n, books.Period(startYear*100+1), 60, seed)
}

// WriteSyntheticMonthsCSV is WriteSyntheticCSV over the given number of
// months from the month from.
func WriteSyntheticMonthsCSV(w io.Writer, n int, from books.Period, months int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(books.ImportHeader + "\n")
	start := time.Date(from.Year(), time.Month(from.Month()), 1, 0, 0, 0, 0, time.UTC)
	days := int(start.AddDate(0, months, 0).Sub(start).Hours() / 24)
	estimate := n/3 + 1
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	month, number := 0, 0
	written := 0
	for i := 0; written < n; i++ {
		k := 2 + rng.IntN(3)
		// Never leave a single line for the last voucher.
		if left := n - written; left <= 4 {
			k = left
		} else if left-k == 1 {
			k = 2
		}
		day := min(i*days/estimate, days-1)
		d := start.AddDate(0, 0, day)
		if m := d.Year()*100 + int(d.Month()); m != month {
			month, number = m, 0
		}
		number++
		date := d.Format("2006-01-02")
		no := fmt.Sprintf("记-%04d", number)
		comp := SyntheticCompounds[rng.IntN(len(SyntheticCompounds))]
		// One side has one line, the other k−1 lines splitting the amount.
		parts := make([]int64, k-1)
		var total int64
		for j := range parts {
			parts[j] = 1000 + rng.Int64N(2_000_000)
			total += parts[j]
		}
		var single string
		var many []string
		var singleDebit bool
		var memo string
		switch r := rng.IntN(20); {
		case r < 9: // income into the bank or cash
			single, singleDebit = pick(synMoney), true
			for range parts {
				many = append(many, pick(synIncome))
			}
			memo = fmt.Sprintf("收%d月%s", int(d.Month()), synNames[many[0]])
		case r < 18: // spending
			single, singleDebit = pick(synMoney), false
			for range parts {
				many = append(many, pick(synExpense))
			}
			memo = fmt.Sprintf("付%s", synNames[many[0]])
		default: // receivables, payables, the street account
			single, singleDebit = pick(synMoney), rng.IntN(2) == 0
			for range parts {
				many = append(many, pick(synOther))
			}
			memo = fmt.Sprintf("%s往来", synNames[many[0]])
		}
		row := func(code string, fen int64, debit bool, memo string) {
			amt := books.PlainYuan(books.FromFen(fen))
			dr, cr := amt, ""
			if !debit {
				dr, cr = "", amt
			}
			fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,%s,%s\n", date, no, code, synNames[code], comp, dr, cr, memo)
		}
		row(single, total, singleDebit, memo)
		for j, code := range many {
			row(code, parts[j], !singleDebit, "")
		}
		written += k
	}
	return bw.Flush()
}
