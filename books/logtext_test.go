package books

import (
	"strings"
	"testing"
	"time"
)

func TestDescribeLogJSONReadsInChinese(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"status":"reviewed"}`, "状态：已审核"},
		{`{"status":"posted","fingerprint":"ab12"}`, "指纹：ab12；状态：已记账"},
		{`{"closed":true}`, "已结账：是"},
		{`{"renumbered":{"period":"2026-03","numbers":["记-0003","记-0002"]}}`, "重新编号：（编号：记-0003、记-0002；月份：2026-03）"},
		{`{"unknown_key":"x"}`, "unknown_key：x"},
		{``, ""},
		{`not json`, "not json"},
	}
	for _, tt := range tests {
		if got := DescribeLogJSON(tt.in); got != tt.want {
			t.Errorf("DescribeLogJSON(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Entry times never go back, even if the clock does; the export keeps every
// entry's number and chain hash, in order, bounded by day.
func TestLogTimesNeverGoBackAndExportKeepsTheChain(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2027-01-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
	tb.SetClock(func() time.Time { return time.Date(2026, 6, 1, 8, 0, 0, 0, time.Local) }) // the PC's clock set back
	if _, err := tb.accountant.AddCompound("和平里"); err != nil {
		t.Fatal(err)
	}
	all, err := tb.accountant.LogEntries("", "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].At < all[i-1].At {
			t.Errorf("entry %d at %s comes before entry %d at %s", all[i].ID, all[i].At, all[i-1].ID, all[i-1].At)
		}
		if all[i].ID != all[i-1].ID+1 || all[i].PrevHash != all[i-1].Hash {
			t.Errorf("entry %d does not follow %d in the chain", all[i].ID, all[i-1].ID)
		}
	}
	// The last entry seals the new compound; the one before adds it.
	if last := all[len(all)-2]; !strings.HasPrefix(last.At, "2027-01-15") || last.Action != "compound.add" || all[len(all)-1].Action != "seal" {
		t.Errorf("the entry made with the clock set back: %+v", last)
	}
	want := 0
	for _, e := range all {
		if strings.HasPrefix(e.At, "2027-01-15") {
			want++
		}
	}
	if day, _ := tb.accountant.LogEntries("2027-01-15", "2027-01-15"); len(day) != want || want == 0 {
		t.Errorf("entries of 2027-01-15: %d, want %d", len(day), want)
	}
	if none, _ := tb.accountant.LogEntries("2027-01-16", ""); len(none) != 0 {
		t.Errorf("entries after the day: %d", len(none))
	}
	if _, err := tb.accountant.LogEntries("2027-13-01", ""); ErrorCode(err) != Invalid {
		t.Errorf("a bad date: %v", err)
	}
}
