package main

import (
	"strings"
	"testing"

	"sunbooks/books"
)

// draftsBookFile is incomeBookFile with three draft income vouchers of
// 2026-01 prepared by 张会计.
func draftsBookFile(t *testing.T) string {
	t.Helper()
	path := incomeBookFile(t)
	b, err := books.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acc, _ := b.Login("张会计", "secret1")
	for i, fen := range []int64{10000, 20000, 30000} {
		m, z := books.FromFen(fen), books.FromFen(0)
		if _, err := acc.SaveVoucher(books.Voucher{Date: "2026-01-0" + string(rune('5'+i)), Lines: []books.Line{
			{Memo: "收停车费", AccountCode: "1002", CompoundName: "阳光小区", Debit: m, Credit: z},
			{Memo: "收停车费", AccountCode: "4901", CompoundName: "阳光小区", Debit: z, Credit: m},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestVoucherStepsFollowTheBooksRules(t *testing.T) {
	book := draftsBookFile(t)
	tests := []struct {
		name string
		user string
		args []string
		code int
		says string
	}{
		{"neither -no nor -month", "李出纳", []string{"voucher", "review", "-book", book}, 2, "-no"},
		{"-month without -all", "李出纳", []string{"voucher", "review", "-book", book, "-month", "2026-01"}, 2, "-all"},
		{"a malformed number", "李出纳", []string{"voucher", "review", "-book", book, "-no", "记-0001"}, 2, "2026-03/记-0007"},
		{"a voucher that does not exist", "李出纳", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0009"}, 1, "没有凭证"},
		{"the preparer may not review", "张会计", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0001"}, 1, "另一人"},
		{"a draft is not posted", "张会计", []string{"voucher", "post", "-book", book, "-no", "2026-01/记-0001"}, 1, "审核"},
		{"another person reviews two", "李出纳", []string{"voucher", "review", "-book", book, "-no", "2026-01/记-0001", "-no", "2026-01/记-0002"}, 0, "已审核 2026-01/记-0002"},
		{"unreview one", "李出纳", []string{"voucher", "unreview", "-book", book, "-no", "2026-01/记-0002"}, 0, "已取消审核 2026-01/记-0002"},
		{"post every reviewed one", "张会计", []string{"voucher", "post", "-book", book, "-month", "2026-01", "-all"}, 0, "已记账 2026-01/记-0001"},
		{"a posted voucher is not deleted", "张会计", []string{"voucher", "delete", "-book", book, "-no", "2026-01/记-0001"}, 1, "已记账，不能删除"},
		{"delete every draft", "张会计", []string{"voucher", "delete", "-book", book, "-month", "2026-01", "-all"}, 0, "已删除"},
	}
	for _, tt := range tests {
		code, out, errOut := runAs(t, tt.user, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.says) {
			t.Errorf("%s: exit %d, %q %q; want exit %d saying %q", tt.name, code, out, errOut, tt.code, tt.says)
		}
	}
	b, err := books.OpenReadOnly(book)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	vs, _ := b.Vouchers(books.VoucherFilter{From: 202601, To: 202601})
	if len(vs) != 1 || vs[0].Status != books.StatusPosted || vs[0].Reviewer != "李出纳" || vs[0].Poster != "张会计" {
		t.Errorf("vouchers at the end: %+v, want 记-0001 alone, reviewed by 李出纳 and posted by 张会计", vs)
	}
}

func TestLiveStartCommand(t *testing.T) {
	book := incomeBookFile(t)
	tests := []struct {
		name string
		user string
		args []string
		code int
		says string
	}{
		{"shown before anything is live", "张会计", []string{"live-start", "-book", book}, 0, "尚未启用"},
		{"a reason is needed", "张会计", []string{"live-start", "-book", book, "-month", "2026-01"}, 2, "-reason"},
		{"a cashier may not set it", "李出纳", []string{"live-start", "-book", book, "-month", "2026-01", "-reason", "启用"}, 1, "会计"},
		{"the accountant sets it", "张会计", []string{"live-start", "-book", book, "-month", "2026-01", "-reason", "自一月起在本系统记账"}, 0, "2026年1月"},
		{"shown once set", "李出纳", []string{"live-start", "-book", book}, 0, "启用月份：2026年1月"},
		{"set only once", "张会计", []string{"live-start", "-book", book, "-month", "2025-12", "-reason", "改"}, 1, "不能再改"},
	}
	for _, tt := range tests {
		code, out, errOut := runAs(t, tt.user, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.says) {
			t.Errorf("%s: exit %d, %q %q; want exit %d saying %q", tt.name, code, out, errOut, tt.code, tt.says)
		}
	}
}
