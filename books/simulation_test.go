package books_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/bookstest"
	"sunbooks/books/income"
	"sunbooks/books/spending"
)

// TestSimulatedOrdinaryWork lets several users do a community's ordinary
// work in random order on a clock that moves day by day — income, bills,
// receipts, applications through every decision, payments, reversals,
// deposits, closing and reopening — with some moves made by the wrong role
// or dated tomorrow on purpose. After every step it checks what must always
// hold: no money account of a compound below zero on any date, every posted
// voucher reviewed by a second person, nothing dated after today, closed
// months unchanged, and every refusal leaving the book as it was.
//
// make test runs a short walk; make simulate a long one with a fresh seed
// (SUNBOOKS_SIM_SEED, SUNBOOKS_SIM_STEPS), printed so a failure can be
// replayed.
func TestSimulatedOrdinaryWork(t *testing.T) {
	seed, steps := uint64(20261207), 250
	if s := os.Getenv("SUNBOOKS_SIM_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SUNBOOKS_SIM_SEED=%q", s)
		}
		seed = n
	}
	if s := os.Getenv("SUNBOOKS_SIM_STEPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SUNBOOKS_SIM_STEPS=%q", s)
		}
		steps = n
	}
	t.Logf("simulation seed %d, %d steps (replay: SUNBOOKS_SIM_SEED=%d SUNBOOKS_SIM_STEPS=%d go test -run TestSimulatedOrdinaryWork ./books/)", seed, steps, seed, steps)
	sim := newSimulation(t, seed)
	for i := 0; i < steps; i++ {
		sim.step(i)
		sim.check(i)
	}
	if problems, err := sim.tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("seed %d: verify at the end: %v %v", seed, problems, err)
	}
	t.Logf("seed %d: %d steps, %d refused as they should be, %d vouchers posted, %d months closed",
		seed, steps, sim.refused, sim.countPosted(), len(sim.closed))
	if testing.Verbose() {
		for k, n := range sim.why {
			t.Logf("%4d × %s", n, k)
		}
	}
}

type simulation struct {
	t         *testing.T
	r         *rand.Rand
	tb        *bookstest.Book
	committee *books.Session
	party     *books.Session
	auditor   *books.Session
	lease     income.Lease
	// closed holds, per closed month, the digest of its posted vouchers.
	closed  map[books.Period]string
	refused int
	// why counts the refusals by their reason, for the log of a run.
	why map[string]int
}

func newSimulation(t *testing.T, seed uint64) *simulation {
	tb := bookstest.NewAt(t, time.Date(2026, 1, 1, 9, 0, 0, 0, time.Local))
	s := &simulation{t: t, r: rand.New(rand.NewPCG(seed, 0x51)), tb: tb, closed: map[books.Period]string{}, why: map[string]int{}}
	for _, u := range []struct {
		name string
		role books.Role
		to   **books.Session
	}{{"王业委", books.RoleCommittee, &s.committee}, {"赵书记", books.RoleParty, &s.party}, {"王审计", books.RoleAuditor, &s.auditor}} {
		if _, err := tb.Accountant.AddUser(u.name, u.role, "secret1"); err != nil {
			t.Fatal(err)
		}
		var err error
		if *u.to, err = tb.SessionFor(u.name); err != nil {
			t.Fatal(err)
		}
	}
	// Money goes out only through applications here: no exempt accounts.
	exempt, err := tb.ApprovalExempt()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range exempt {
		if err := tb.Accountant.SetApprovalExempt(a.Code, false, "模拟中一律走审批"); err != nil {
			t.Fatal(err)
		}
	}
	r, err := income.AddRoom(tb.Accountant, income.Room{Location: "1号楼101", CompoundName: "阳光小区", Area: bookstest.Yuan("80"), Recovery: "已回收", Use: "空置"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := income.AddLease(tb.Accountant, income.Lease{Tenant: "好邻居超市", RoomID: r.ID, Start: "2026-01-01", End: "2027-12-31",
		Cycle: "月", Rent: []income.RentStep{{Amount: bookstest.Yuan("2000")}}, ShareRate: bookstest.Yuan("0"), Threshold: bookstest.Yuan("0")})
	if err != nil {
		t.Fatal(err)
	}
	s.lease = l
	return s
}

func (s *simulation) today() string { return s.tb.Today() }

func (s *simulation) tomorrow() string {
	d, _ := books.ParseDate(s.today())
	return d.AddDate(0, 0, 1).Format("2006-01-02")
}

// date is today, or on purpose (one time in eight) tomorrow.
func (s *simulation) date() (string, bool) {
	if s.r.IntN(8) == 0 {
		return s.tomorrow(), true
	}
	return s.today(), false
}

func (s *simulation) someone() *books.Session {
	return []*books.Session{s.tb.Accountant, s.tb.Cashier, s.committee, s.party, s.auditor}[s.r.IntN(5)]
}

func (s *simulation) compound() string { return []string{"阳光小区", "和平小区"}[s.r.IntN(2)] }

// amount is a whole number of yuan, sometimes with fen.
func (s *simulation) amount(lo, hi int) books.Money {
	return books.FromFen(int64(lo+s.r.IntN(hi-lo+1))*100 + int64(s.r.IntN(2))*50)
}

// digest is the whole state a refusal must leave as it was.
func (s *simulation) digest() string {
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, status, date, total_fen, coalesce(reviewer_id, 0) FROM voucher ORDER BY id`,
		`SELECT account_id, compound_id, period, debit_fen, credit_fen FROM balance ORDER BY 1, 2, 3`,
		`SELECT id, state, version FROM application ORDER BY id`,
		`SELECT count(*), coalesce(max(id), 0) FROM oplog`,
		`SELECT period FROM period_close ORDER BY period`,
	} {
		rows, err := s.tb.DB().Query(q)
		if err != nil {
			s.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			fmt.Fprintln(h, vals...)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// try runs a move; when it is refused, the book must be as it was. When
// wantRefused is set (a wrong role, a date ahead), it must be refused.
func (s *simulation) try(i int, what string, wantRefused bool, move func() error) bool {
	before := s.digest()
	err := move()
	if err != nil {
		if books.ErrorCode(err) == books.Internal || books.ErrorCode(err) == "" {
			s.t.Fatalf("step %d %s: internal error %v", i, what, err)
		}
		s.refused++
		msg := []rune(books.ErrorMessage(err))
		s.why[what[:min(len(what), 8)]+": "+string(msg[:min(len(msg), 40)])]++
		if after := s.digest(); after != before {
			s.t.Fatalf("step %d %s: refused (%s) but the book changed", i, what, books.ErrorMessage(err))
		}
		return false
	}
	if wantRefused {
		s.t.Fatalf("step %d %s: accepted, but it should have been refused", i, what)
	}
	return true
}

func (s *simulation) vouchers(status string) []books.VoucherSummary {
	vs, err := s.tb.Vouchers(books.VoucherFilter{Status: status, Limit: 100000})
	if err != nil {
		s.t.Fatal(err)
	}
	return vs
}

// It is long on purpose: one case per kind of ordinary work, so every move
// the walk can make is read in one place.
func (s *simulation) step(i int) {
	// The clock moves on a day now and then.
	if s.r.IntN(3) == 0 {
		d, _ := books.ParseDate(s.today())
		s.tb.AdvanceTo(d.AddDate(0, 0, 1+s.r.IntN(3)).Format("2006-01-02"))
	}
	acc, cash := s.tb.Accountant, s.tb.Cashier
	switch k := s.r.IntN(100); {
	case k < 18: // income into the bank
		by := s.someone()
		date, ahead := s.date()
		wrong := by != acc && by != cash
		amt, comp := s.amount(100, 3000), s.compound()
		s.try(i, "income by "+by.User().Name, wrong || ahead, func() error {
			_, err := by.SaveVoucher(books.Voucher{Date: date, Lines: []books.Line{
				{Memo: "收停车费", AccountCode: "1002", CompoundName: comp, Debit: amt, Credit: books.FromFen(0)},
				{Memo: "收停车费", AccountCode: "4901", CompoundName: comp, Debit: books.FromFen(0), Credit: amt}}})
			return err
		})
	case k < 30: // review a draft
		ds := s.vouchers(books.StatusDraft)
		if len(ds) == 0 {
			return
		}
		v := ds[s.r.IntN(len(ds))]
		by := []*books.Session{acc, cash, s.party, s.auditor}[s.r.IntN(4)]
		wrong := by.User().Name == v.Preparer || by == s.auditor
		s.try(i, "review "+v.No+" by "+by.User().Name, wrong, func() error { return by.ReviewVoucher(v.ID) })
	case k < 44: // post a reviewed voucher
		rs := s.vouchers(books.StatusReviewed)
		if len(rs) == 0 {
			return
		}
		v := rs[s.r.IntN(len(rs))]
		by := []*books.Session{acc, cash, s.committee}[s.r.IntN(3)]
		s.try(i, "post "+v.No+" by "+by.User().Name, by == s.committee, func() error { return by.PostVoucher(v.ID) })
	case k < 52: // an application through its whole chain, approved on paper
		s.application(i)
	case k < 62: // pay an approved application
		apps, _ := spending.Applications(s.tb.Book, spending.AppFilter{Limit: 1000})
		for _, a := range apps {
			if a.State != spending.AppApproved && a.State != spending.AppPartlyPaid {
				continue
			}
			left := a.Approved.Sub(a.Paid).Sub(a.Pending)
			if !left.IsPositive() {
				continue
			}
			date, ahead := s.date()
			amt := left
			if s.r.IntN(2) == 0 {
				amt = s.amount(1, 200)
			}
			by := []*books.Session{acc, cash, s.committee}[s.r.IntN(3)]
			s.try(i, "pay "+a.No+" by "+by.User().Name, by == s.committee || ahead, func() error {
				_, err := spending.Pay(by, a.No, spending.PayInput{Date: date, Amount: amt, From: "1002", To: "5101"})
				return err
			})
			return
		}
	case k < 68: // bill this month's rent, receive some
		p, _ := books.PeriodOf(s.today())
		s.try(i, "bill rent", false, func() error { _, err := income.BillRent(acc, s.lease.Number, p, ""); return err })
		date, ahead := s.date()
		amt := s.amount(100, 2500)
		s.try(i, "receive rent", ahead, func() error { _, err := income.ReceiveRent(cash, s.lease.Number, date, amt, ""); return err })
	case k < 76: // reverse a posted voucher
		ps := s.vouchers(books.StatusPosted)
		if len(ps) == 0 {
			return
		}
		v := ps[s.r.IntN(len(ps))]
		date, ahead := s.date()
		s.try(i, "reverse "+v.No, ahead, func() error { _, err := acc.ReverseVoucher(v.ID, date); return err })
	case k < 80: // delete a draft
		ds := s.vouchers(books.StatusDraft)
		if len(ds) == 0 {
			return
		}
		v := ds[s.r.IntN(len(ds))]
		s.try(i, "delete "+v.No, false, func() error { return acc.DeleteVoucher(v.ID) })
	case k < 85: // the last quarter's deposit
		d, _ := books.ParseDate(s.today())
		q := income.Quarter{Year: d.Year(), Q: (int(d.Month())-1)/3 + 1}
		if q.Q == 1 {
			q = income.Quarter{Year: d.Year() - 1, Q: 4}
		} else {
			q.Q--
		}
		s.try(i, "deposit "+q.String(), false, func() error { _, _, err := income.MakeDeposits(acc, q, "", ""); return err })
	case k < 94: // close the oldest open month, or one not yet ended on purpose
		p := s.firstOpen()
		cur, _ := books.PeriodOf(s.today())
		if s.r.IntN(4) == 0 {
			p = cur
		} else if p < cur {
			s.finishMonth(i, p)
		}
		if s.try(i, "close "+p.String(), p >= cur, func() error { return acc.ClosePeriod(p) }) {
			s.closed[p] = s.monthDigest(p)
		}
	default: // reopen the last closed month, by the wrong role now and then
		p := books.Period(0)
		for c := range s.closed {
			p = max(p, c)
		}
		if p == 0 {
			return
		}
		by := []*books.Session{acc, cash}[s.r.IntN(2)]
		if s.try(i, "reopen "+p.String(), by == cash, func() error { return by.ReopenPeriod(p, "补记遗漏凭证") }) {
			delete(s.closed, p)
		}
	}
}

// application takes one application through the chain: applied, its review
// steps deliberated, the party's decision (sometimes a return), and the
// street's approval on paper.
func (s *simulation) application(i int) {
	date := s.today()
	amt := s.amount(200, 3000)
	a, err := spending.Apply(s.committee, spending.ApplyInput{Compound: s.compound(), Title: "小区维修", Category: "物业维修", Amount: amt, Payee: fmt.Sprintf("维修队%d", i), Date: date})
	if err != nil {
		s.t.Fatalf("step %d apply: %v", i, err)
	}
	if _, err := spending.Submit(s.committee, a.No, ""); err != nil {
		s.t.Fatalf("step %d submit: %v", i, err)
	}
	a, _ = spending.ApplicationByNo(s.tb.Book, a.No)
	for _, st := range a.Steps {
		if st.Phase != spending.PhaseReview {
			continue
		}
		in := spending.DeliberationInput{Step: st.Name, Date: date, Form: "现场会议"}
		if st.Vote {
			in.Expected, in.Present, in.For = 9, 7, 6
		}
		if _, err := spending.Deliberate(s.party, a.No, in); err != nil {
			s.t.Fatalf("step %d deliberate: %v", i, err)
		}
	}
	// The committee may not decide for the party.
	s.try(i, "review by the committee", true, func() error { return spending.Review(s.committee, a.No, "approve", "同意") })
	switch s.r.IntN(8) {
	case 0:
		s.try(i, "return", false, func() error { return spending.Review(s.party, a.No, "return", "补充材料") })
		return
	case 1:
		s.try(i, "reject", false, func() error { return spending.Review(s.party, a.No, "reject", "不属于公共收益支出范围") })
		return
	}
	if err := spending.Review(s.party, a.No, "approve", "同意"); err != nil {
		s.t.Fatalf("step %d party review: %v", i, err)
	}
	scan := spending.AttachmentInput{Name: "审批单.pdf", Data: []byte("%PDF-1.4\n% test\n%%EOF\n")}
	s.try(i, "paper approval dated tomorrow", true, func() error {
		_, err := spending.RecordPaperDecision(s.tb.Accountant, a.No, spending.PaperDecision{Decision: "approve", ApprovalNo: "城街审1号", Approver: "孙主任", Date: s.tomorrow(), Scan: scan})
		return err
	})
	// The street approves, returns or rejects on paper.
	decision := []string{"approve", "approve", "approve", "return", "reject"}[s.r.IntN(5)]
	no := ""
	if decision == "approve" {
		no = "城街审1号"
	}
	if _, err := spending.RecordPaperDecision(s.tb.Accountant, a.No, spending.PaperDecision{Decision: decision, ApprovalNo: no, Approver: "孙主任", Date: date, Opinion: "街道意见", Scan: scan}); err != nil {
		s.t.Fatalf("step %d paper %s: %v", i, decision, err)
	}
}

// finishMonth gets a month ready to close as an accountant would: every
// draft reviewed by the other of 张会计 and 李出纳 and posted, or deleted
// when it cannot be; in December, the year-end carry.
func (s *simulation) finishMonth(i int, p books.Period) {
	acc, cash := s.tb.Accountant, s.tb.Cashier
	other := func(name string) *books.Session {
		if name == acc.User().Name {
			return cash
		}
		return acc
	}
	if p.Month() == 12 {
		s.try(i, "carry", false, func() error { _, err := acc.CarryYearEnd(p.Year()); return err })
	}
	vs, err := s.tb.Vouchers(books.VoucherFilter{From: p, To: p, Limit: 100000})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, v := range vs {
		switch v.Status {
		case books.StatusDraft:
			s.try(i, "review "+v.No, false, func() error { return other(v.Preparer).ReviewVoucher(v.ID) })
		}
		if got, _ := s.tb.Voucher(v.ID); got.Status == books.StatusReviewed {
			if !s.try(i, "post "+v.No, false, func() error { return acc.PostVoucher(v.ID) }) {
				s.try(i, "unreview "+v.No, false, func() error { return other(v.Preparer).UnreviewVoucher(v.ID) })
				if !s.try(i, "delete "+v.No, false, func() error { return acc.DeleteVoucher(v.ID) }) {
					// Between posted vouchers a draft keeps its number: the
					// accountant corrects it instead (here, into the income
					// that was missing), and it goes the usual way.
					d, _ := s.tb.Voucher(v.ID)
					amt := s.amount(1, 50)
					d.Lines = []books.Line{{Memo: "补记收入", AccountCode: "1002", CompoundName: "阳光小区", Debit: amt, Credit: books.FromFen(0)},
						{Memo: "补记收入", AccountCode: "4901", CompoundName: "阳光小区", Debit: books.FromFen(0), Credit: amt}}
					if !s.try(i, "correct "+v.No, false, func() error { _, err := acc.SaveVoucher(d); return err }) {
						// A reversal is not edited: the money it takes back
						// must be there first, so the income comes in.
						orig, _ := s.tb.Voucher(v.ID)
						s.cover(i, orig)
					}
					s.try(i, "review "+v.No, false, func() error { return cash.ReviewVoucher(v.ID) })
					s.try(i, "post "+v.No, false, func() error { return acc.PostVoucher(v.ID) })
				}
			}
		}
	}
}

// cover records, on a stuck draft's date, income into each money account it
// takes money out of, enough for it to post.
func (s *simulation) cover(i int, d books.Voucher) {
	acc, cash := s.tb.Accountant, s.tb.Cashier
	for _, l := range d.Lines {
		// Red-ink lines are negative: what leaves is credit − debit.
		out := l.Credit.Sub(l.Debit)
		if !out.IsPositive() || (l.AccountCode != "1002" && l.AccountCode != "1001") {
			continue
		}
		lines := []books.Line{{Memo: "补记收入", AccountCode: l.AccountCode, CompoundName: l.CompoundName, Debit: out, Credit: books.FromFen(0)},
			{Memo: "补记收入", AccountCode: "4901", CompoundName: l.CompoundName, Debit: books.FromFen(0), Credit: out}}
		var id int64
		if s.try(i, "cover "+d.No(), false, func() error {
			v, err := acc.SaveVoucher(books.Voucher{Date: d.Date, Lines: lines})
			id = v.ID
			return err
		}) {
			s.try(i, "review cover", false, func() error { return cash.ReviewVoucher(id) })
			s.try(i, "post cover", false, func() error { return acc.PostVoucher(id) })
		}
	}
}

func (s *simulation) firstOpen() books.Period {
	p := books.Period(202601)
	for s.tb.IsClosed(p) {
		p = p.Next()
	}
	return p
}

// monthDigest is a closed month's posted vouchers and kept balances.
func (s *simulation) monthDigest(p books.Period) string {
	h := sha256.New()
	rows, err := s.tb.DB().Query(`SELECT id, fingerprint FROM voucher WHERE period = ? ORDER BY id`, int(p))
	if err != nil {
		s.t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var fp string
		rows.Scan(&id, &fp)
		fmt.Fprintln(h, id, fp)
	}
	rows.Close()
	rows, err = s.tb.DB().Query(`SELECT account_id, compound_id, debit_fen, credit_fen FROM balance WHERE period = ? ORDER BY 1, 2`, int(p))
	if err != nil {
		s.t.Fatal(err)
	}
	for rows.Next() {
		var a, c, d, cr int64
		rows.Scan(&a, &c, &d, &cr)
		fmt.Fprintln(h, a, c, d, cr)
	}
	rows.Close()
	return hex.EncodeToString(h.Sum(nil))
}

func (s *simulation) countPosted() int { return len(s.vouchers(books.StatusPosted)) }

func (s *simulation) check(i int) {
	t := s.t
	today := s.today()
	// Nothing dated after today; every posted voucher reviewed by another.
	rows, err := s.tb.DB().Query(`SELECT v.period, v.word, v.number, v.date, v.status, p.name, coalesce(r.name, '') FROM voucher v
		JOIN user p ON p.id = v.preparer_id LEFT JOIN user r ON r.id = v.reviewer_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p books.Period
		var w, date, status, preparer, reviewer string
		var n int
		rows.Scan(&p, &w, &n, &date, &status, &preparer, &reviewer)
		if date > today {
			t.Fatalf("step %d: %s %s dated %s, after today %s", i, p, books.VoucherNo(w, n), date, today)
		}
		if status == books.StatusPosted && (reviewer == "" || reviewer == preparer) {
			t.Fatalf("step %d: %s %s posted without a second person (prepared by %s, reviewed by %q)", i, p, books.VoucherNo(w, n), preparer, reviewer)
		}
	}
	rows.Close()
	// No money account of a compound below zero on any date.
	rows, err = s.tb.DB().Query(`SELECT a.code, c.name, v.date, sum(l.debit_fen - l.credit_fen) FROM voucher_line l
		JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE v.status = 'posted' AND a.monetary <> '' GROUP BY a.code, c.name, v.date ORDER BY a.code, c.name, v.date`)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int64{}
	for rows.Next() {
		var code, comp, date string
		var n int64
		rows.Scan(&code, &comp, &date, &n)
		k := code + " " + comp
		held[k] += n
		if held[k] < 0 {
			rows.Close()
			t.Fatalf("step %d: %s of %s is %s on %s", i, code, comp, books.FormatYuan(books.FromFen(held[k])), date)
		}
	}
	rows.Close()
	// Closed months unchanged.
	for p, d := range s.closed {
		if got := s.monthDigest(p); got != d {
			t.Fatalf("step %d: closed month %s changed", i, p)
		}
	}
}
