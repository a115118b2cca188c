package books

import "testing"

func TestDemoSpendingLeavesApplicationsInEveryKindOfState(t *testing.T) {
	for _, withStreet := range []bool{true, false} {
		w := newSpendingWorld(t)
		var street *Book
		if withStreet {
			street = w.street
		}
		if err := DemoSpending(w.Book, street, "张会计", "阳光小区", "secret1"); err != nil {
			t.Fatalf("DemoSpending(street=%v): %v", withStreet, err)
		}
		list, err := w.Applications(AppFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, a := range list {
			got[a.LevelName()+a.StateName()] = a.No
			if a.Paper == withStreet && a.State == AppClosed {
				t.Errorf("street=%v: %s paper=%v", withStreet, a.No, a.Paper)
			}
		}
		for _, want := range []string{"重大已结项", "一般待街道审批", "小微已支付", "小微退回"} {
			if got[want] == "" {
				t.Errorf("street=%v: no %s application; have %v", withStreet, want, got)
			}
		}
		if problems, _ := w.Verify(); len(problems) > 0 {
			t.Errorf("Verify: %v", problems)
		}
		if withStreet {
			if reqs, _ := w.street.StreetRequests(true); len(reqs) != 1 {
				t.Errorf("street has %d pending requests, want 1", len(reqs))
			}
		}
	}
}
