package demo

import (
	"path/filepath"
	"testing"
	"time"

	"sunbooks/books"
	"sunbooks/books/income"
)

func TestDemoHasIncomeSide(t *testing.T) {
	for _, today := range []time.Time{
		time.Date(2026, 3, 15, 0, 0, 0, 0, time.Local),
		time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local),
	} {
		b, err := Create(filepath.Join(t.TempDir(), "demo.sunbooks"), Options{Password: "secret1", Today: today})
		if err != nil {
			t.Fatalf("Create %s: %v", today.Format("2006-01-02"), err)
		}
		defer b.Close()
		rooms, _ := income.Rooms(b, 0)
		f, _ := income.RoomFiguresFor(b, 0)
		if len(rooms) < 8 || f.Pending == 0 || f.Disputed != 1 || f.Rented != 3 {
			t.Errorf("%s: rooms %d figures %+v", today.Format("2006-01-02"), len(rooms), f)
		}
		leases, _ := income.Leases(b)
		owing, _ := income.AllArrears(b, true)
		// Only the express station owes from before this month (rent due
		// this month may simply not be paid yet).
		thisMonth := today.Format("2006-01") + "-01"
		var station bool
		for _, a := range owing {
			if a.Lease.Tenant == "幸福里快递驿站" {
				station = a.OldestDue < thisMonth && a.Owed.IsPositive()
			} else if a.OldestDue < thisMonth {
				t.Errorf("%s owes since %s", a.Lease.Tenant, a.OldestDue)
			}
		}
		if len(leases) != 3 || !station {
			t.Errorf("leases %d, owing %+v", len(leases), owing)
		}
		if deps, _ := income.Deposits(b, ""); len(deps) == 0 {
			t.Error("no deposits in the demo")
		}
		if items, _ := income.IncomeItems(b, 0, 0); len(items) == 0 {
			t.Error("no other income in the demo")
		}
		if problems, err := b.Verify(t.Context()); err != nil || len(problems) > 0 {
			t.Errorf("Verify: %v %v", problems, err)
		}
		// The bank account of no compound is overdrawn at any month end.
		rows, err := b.DB().Query(`SELECT c.name, b.period, (SELECT sum(x.debit_fen - x.credit_fen) FROM balance x WHERE x.account_id = b.account_id AND x.compound_id = b.compound_id AND x.period <= b.period)
			FROM balance b JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id WHERE a.code = '100201'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var p books.Period
			var bal int64
			rows.Scan(&name, &p, &bal)
			if bal < 0 {
				t.Errorf("%s 100201 at %s: %s", name, p, books.FormatYuan(books.FromFen(bal)))
			}
		}
		rows.Close()
	}
}
