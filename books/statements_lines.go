package books

// What the statutory statements read from the posted lines, read once for
// many statements: a period package carries every month's balance sheet,
// activities and cash flow for the community and each compound (over two
// hundred statements for half a year), and reading the lines of the year
// again for each of them cost most of a package's export.

import (
	"context"
	"runtime"
	"sync"
)

// statementLines is what the statements of some months read from the
// posted lines, the year-end carry left out: the chart, each month's debits
// and credits by compound and account, and each month's cash flows by scope
// (0: the whole community; a compound's id: that compound). A single
// statement reads only its compound's lines; a batch reads every line once.
type statementLines struct {
	c        *chart
	from, to Period // the months read, from a year's January
	compound int64  // 0: every compound, each on its own and all together
	sums     map[Period][]lineSum
	flows    map[flowKey]*monthFlows
}

// lineSum is one month's posted debits and credits on an account and a
// compound.
type lineSum struct{ compound, account, debit, credit int64 }

type flowKey struct {
	at    Period
	scope int64
}

// monthFlows are a month's cash flows by 行次, in fen, and the money booked
// straight against net assets, which is no flow.
type monthFlows struct {
	v      map[int]int64
	direct int64
}

// covers reports whether the months read hold the year to at.
func (d *statementLines) covers(at Period) bool {
	return d.from <= Period(at.Year()*100+1) && at <= d.to
}

// readSums reads the months' posted debits and credits by compound and
// account, once.
func (d *statementLines) readSums(b *Book) error {
	if d.sums != nil {
		return nil
	}
	cond, args := compoundFilter("l.compound_id", d.compound)
	rows, err := b.db.Query(`SELECT l.period, l.compound_id, l.account_id, sum(l.debit_fen), sum(l.credit_fen)
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
		WHERE l.period BETWEEN ? AND ? AND v.status = 'posted' AND v.kind <> 'carry'`+cond+`
		GROUP BY l.period, l.compound_id, l.account_id`, append([]any{int(d.from), int(d.to)}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	sums := map[Period][]lineSum{}
	for rows.Next() {
		var p int
		var s lineSum
		if err := rows.Scan(&p, &s.compound, &s.account, &s.debit, &s.credit); err != nil {
			return err
		}
		sums[Period(p)] = append(sums[Period(p)], s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	d.sums = sums
	return nil
}

// activitySums is each account's posted debits and credits from from to
// to on compoundID (0: all), its sub-accounts included, without the
// year-end carry.
func (d *statementLines) activitySums(from, to Period, compoundID int64) map[int64]*sums {
	out := map[int64]*sums{}
	for p := from; p <= to; p = p.Next() {
		for _, s := range d.sums[p] {
			if compoundID != 0 && s.compound != compoundID {
				continue
			}
			d.c.rollUp(out, s.account, sums{debit: s.debit, credit: s.credit})
		}
	}
	return out
}

// readFlows analyses, once, every posted voucher of the months that moves
// money: each of its lines against the money lines, per scope (see
// npoCashFlow for the rules). A line counts in its compound's scope and,
// when every compound is read, in the whole community's.
func (d *statementLines) readFlows(b *Book) error {
	if d.flows != nil {
		return nil
	}
	// A compound's statement reads its lines of the vouchers that move
	// money (anywhere: each line's voucher is looked up by the (voucher_id,
	// seq) index); the whole book's reads every line once and tells the
	// vouchers that move money by their lines.
	moves := ""
	cond, args := compoundFilter("l.compound_id", d.compound)
	if d.compound != 0 {
		moves = ` AND EXISTS (SELECT 1 FROM voucher_line m JOIN account ma ON ma.id = m.account_id
			WHERE m.voucher_id = l.voucher_id AND ma.monetary <> '')`
	}
	rows, err := b.db.Query(`SELECT l.voucher_id, l.period, l.compound_id, l.account_id, l.debit_fen, l.credit_fen
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
		WHERE v.status = 'posted' AND v.kind <> 'carry' AND l.period BETWEEN ? AND ?`+cond+moves+`
		ORDER BY l.voucher_id, l.seq`, append([]any{int(d.from), int(d.to)}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	flows := map[flowKey]*monthFlows{}
	month := func(p Period, scope int64) *monthFlows {
		k := flowKey{p, scope}
		f := flows[k]
		if f == nil {
			f = &monthFlows{v: map[int]int64{}}
			flows[k] = f
		}
		return f
	}
	type flowLine struct {
		period           Period
		compound, dr, cr int64
		a                *Account
	}
	// A voucher's money and counter-entries, per scope.
	type open struct {
		scope         int64
		cash, counter int64
	}
	var lines []flowLine
	var scopes []open
	scope := func(id int64) *open {
		for i := range scopes {
			if scopes[i].scope == id {
				return &scopes[i]
			}
		}
		scopes = append(scopes, open{scope: id})
		return &scopes[len(scopes)-1]
	}
	// voucher analyses the lines of one voucher.
	voucher := func() {
		if len(lines) == 0 {
			return
		}
		money := d.compound != 0 // the query chose the vouchers
		for _, l := range lines {
			money = money || l.a.Monetary != ""
		}
		if !money {
			lines = lines[:0]
			return
		}
		p := lines[0].period
		for _, l := range lines {
			for _, id := range [2]int64{l.compound, 0} {
				if id == 0 && d.compound != 0 {
					break
				}
				o := scope(id)
				if l.a.Monetary != "" {
					o.cash += l.dr - l.cr
					continue
				}
				x := l.cr - l.dr // money in through this entry
				o.counter += x
				switch f := month(p, id); {
				case l.a.Class == ClassNetAsset:
					f.direct += x
				case x > 0:
					f.v[cashFlowLine(d.c, l.a, true)] += x
				case x < 0:
					f.v[cashFlowLine(d.c, l.a, false)] -= x
				}
			}
		}
		// What the voucher's other lines do not account for (money moved
		// between compounds) is other operating money.
		for _, o := range scopes {
			if rest := o.cash - o.counter; rest > 0 {
				month(p, o.scope).v[8] += rest
			} else if rest < 0 {
				month(p, o.scope).v[19] -= rest
			}
		}
		lines, scopes = lines[:0], scopes[:0]
	}
	var cur int64 = -1
	for rows.Next() {
		var vid, period int64
		var l flowLine
		var aid int64
		if err := rows.Scan(&vid, &period, &l.compound, &aid, &l.dr, &l.cr); err != nil {
			return err
		}
		if vid != cur {
			voucher()
			cur = vid
		}
		if l.a = d.c.byID[aid]; l.a == nil {
			continue
		}
		l.period = Period(period)
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	voucher()
	d.flows = flows
	return nil
}

// yearFlows adds up the cash flows of scope from January to at.
func (d *statementLines) yearFlows(at Period, scope int64) (map[int]int64, int64) {
	v := map[int]int64{}
	var direct int64
	for p := Period(at.Year()*100 + 1); p <= at; p = p.Next() {
		if f := d.flows[flowKey{p, scope}]; f != nil {
			for line, x := range f.v {
				v[line] += x
			}
			direct += f.direct
		}
	}
	return v, direct
}

// Statements builds the statements of kinds for every month from from to
// to, for each of scopes (0: the whole community; a compound's id), in that
// order: month by month, each kind, each scope. It reads the lines once
// for all of them, and works them out side by side on the PC's cores.
func (b *Book) Statements(ctx context.Context, kinds []string, from, to Period, scopes []int64) ([]Statement, error) {
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	c, err := b.loadChart()
	if err != nil {
		return nil, err
	}
	d := &statementLines{c: c, from: Period(from.Year()*100 + 1), to: to}
	if err := d.readSums(b); err != nil {
		return nil, internal("statements", err)
	}
	for _, k := range kinds {
		if k == StatementCashFlow {
			if err := d.readFlows(b); err != nil {
				return nil, internal("statements", err)
			}
		}
	}
	type job struct {
		kind string
		p    Period
		c    int64
	}
	var jobs []job
	for p := from; p <= to; p = p.Next() {
		for _, kind := range kinds {
			for _, c := range scopes {
				jobs = append(jobs, job{kind, p, c})
			}
		}
	}
	// Each statement only reads the book and d.
	out := make([]Statement, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = Stopped(ctx); errs[i] == nil {
					out[i], errs[i] = b.statement(d, jobs[i].kind, jobs[i].p, jobs[i].c)
				}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
