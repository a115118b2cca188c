package main

import (
	"strings"
	"testing"
)

func TestCLILeaseTerminate(t *testing.T) {
	book := incomeBookFile(t)
	steps := []struct {
		name string
		user string
		args []string
		code int
		out  string // in stdout (or stderr when code != 0)
	}{
		{"a room", "张会计", []string{"room", "add", "-book", book, "-compound", "阳光小区", "-location", "2号楼101", "-area", "120.50"}, 0, "120.50 平方米"},
		{"a lease", "张会计", []string{"lease", "add", "-book", book, "-room", "1", "-tenant", "好邻居超市", "-start", "2026-01-01", "-end", "2026-12-31", "-rent", "3000"}, 0, "租-0001"},
		{"March billed in full", "张会计", []string{"bill", "-book", book, "-month", "2026-03"}, 0, "应收 3,000.00"},
		{"no reason is a usage error", "张会计", []string{"lease", "terminate", "-book", book, "-lease", "租-0001", "-date", "2026-03-10"}, 2, "缺少参数 -reason"},
		{"a bad lease number is a usage error", "张会计", []string{"lease", "terminate", "-book", book, "-lease", "租-x", "-date", "2026-03-10", "-reason", "退租"}, 2, "租约编号“租-x”不对"},
		{"a cashier is refused", "李出纳", []string{"lease", "terminate", "-book", book, "-lease", "租-0001", "-date", "2026-03-10", "-reason", "退租"}, 1, "会计"},
		{"a date outside the term is refused", "张会计", []string{"lease", "terminate", "-book", book, "-lease", "租-0001", "-date", "2027-01-10", "-reason", "退租"}, 1, "终止日期 2027-01-10 不在租约 租-0001 的租期（2026-01-01 至 2026-12-31）内"},
		{"terminated on day 10 of March", "张会计", []string{"lease", "terminate", "-book", book, "-lease", "租-0001", "-date", "2026-03-10", "-reason", "承租人退租"}, 0,
			"最后一期 2026-03-01 至 2026-03-10 按天折算，租金 967.74（整期 3,000.00）\n已开具的超出部分 2,032.26 由红字凭证 记-0002（未审核）冲减\n用房“2号楼101”已改为空置"},
		{"twice is refused", "张会计", []string{"lease", "terminate", "-book", book, "-lease", "1", "-date", "2026-03-20", "-reason", "再次"}, 1, "已于 2026-03-10 终止（原因：承租人退租），不能重复终止"},
		{"the list shows the end and the reason", "张会计", []string{"lease", "list", "-book", book, "-format", "csv"}, 0, "已终止,2026-03-10,承租人退租"},
		{"no rent after the end", "张会计", []string{"bill", "-book", book, "-month", "2026-04", "-lease", "租-0001"}, 1, "租约 租-0001 已于 2026-03-10 终止（承租人退租），2026年4月 不再开具租金"},
		{"arrears net the credit", "张会计", []string{"arrears", "-book", book, "-format", "csv"}, 0, "租-0001,好邻居超市,阳光小区,2号楼101,967.74,0.00,967.74,2026-03-01"},
	}
	for _, s := range steps {
		code, out, errOut := runAs(t, s.user, s.args...)
		text := out
		if s.code != 0 {
			text = errOut
		}
		if code != s.code || !strings.Contains(text, s.out) {
			t.Fatalf("%s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", s.name, code, s.code, out, errOut, s.out)
		}
	}
	postDrafts(t, book)
	code, out, errOut := runAs(t, "张会计", "verify", "-book", book)
	if code != 0 {
		t.Errorf("verify after termination: exit %d\n%s\n%s", code, out, errOut)
	}
}
