package demo

import (
	"path/filepath"
	"testing"
	"time"

	"sunbooks/books/spending"
)

func TestDemoHasApplicationsInEveryKindOfState(t *testing.T) {
	for _, today := range []time.Time{
		time.Date(2026, 3, 15, 0, 0, 0, 0, time.Local),
		time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local),
	} {
		b, err := Create(filepath.Join(t.TempDir(), "demo.sunbooks"), Options{Password: "secret1", Today: today})
		if err != nil {
			t.Fatalf("Create %s: %v", today.Format("2006-01-02"), err)
		}
		defer b.Close()
		list, err := spending.Applications(b, spending.AppFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]spending.Application{}
		for _, a := range list {
			got[a.LevelName()+a.StateName()] = a
		}
		for _, want := range []string{"重大已结项", "一般待街道审批", "小微已支付", "小微退回"} {
			if got[want].No == "" {
				t.Errorf("%s: no %s application; have %d", today.Format("2006-01-02"), want, len(list))
			}
		}
		if a := got["重大已结项"]; a.Paper || a.ApprovalNo == "" {
			t.Errorf("重大: paper %v approval %q", a.Paper, a.ApprovalNo)
		}
		if a := got["小微已支付"]; !a.Paper {
			t.Errorf("小微 not marked 纸质审批")
		}
		if problems, _ := b.Verify(t.Context()); len(problems) > 0 {
			t.Errorf("Verify: %v", problems)
		}
	}
}
