package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
)

func TestImportedDraftsPayOutOnlyThroughApproval(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-02", line("收到物业费", "1002", "阳光小区", "1000", ""), line("", "4901", "阳光小区", "", "1000"))
	tb.requireApproval()
	// Drafts imported (not -post) are new work, not history: posting one
	// that pays money out needs an approved application like any voucher.
	p := writeImport(t, "pay.csv", books.ImportHeader,
		"2026-03-05,V1,5201,管理费用,阳光小区,300.00,,买办公桌",
		"2026-03-05,V1,1002,银行存款,阳光小区,,300.00,买办公桌")
	if _, err := tb.accountant.ImportFile(t.Context(), p, books.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	vs, _ := tb.Vouchers(books.VoucherFilter{Status: books.StatusDraft})
	if len(vs) != 1 {
		t.Fatalf("imported drafts = %d, want 1", len(vs))
	}
	if err := tb.cashier.ReviewVoucher(vs[0].ID); err != nil {
		t.Fatal(err)
	}
	err := tb.accountant.PostVoucher(vs[0].ID)
	if books.ErrorCode(err) != books.Forbidden || !strings.Contains(books.ErrorMessage(err), "审批") {
		t.Errorf("posting an imported draft that pays out: %v, want Forbidden (no approved application)", err)
	}
}

func TestCompoundMoneyDoesNotMoveToAnotherCompound(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-02", line("收到物业费", "1002", "阳光小区", "1000", ""), line("", "4901", "阳光小区", "", "1000"))
	tb.requireApproval()
	for _, tt := range []struct {
		name  string
		lines []books.Line
	}{
		{"bank to bank", []books.Line{line("调拨资金", "1002", "和平小区", "300", ""), line("", "1002", "阳光小区", "", "300")}},
		{"a shared cost paid from one compound", []books.Line{line("公共照明电费分摊", "5201", "和平小区", "300", ""), line("", "1002", "阳光小区", "", "300")}},
	} {
		v, err := tb.accountant.SaveVoucher(books.Voucher{Date: "2026-03-06", Lines: tt.lines})
		if err != nil {
			t.Fatal(err)
		}
		if err := tb.cashier.ReviewVoucher(v.ID); err != nil {
			t.Fatal(err)
		}
		err = tb.accountant.PostVoucher(v.ID)
		if books.ErrorCode(err) != books.Forbidden || !strings.Contains(books.ErrorMessage(err), "阳光小区") {
			t.Errorf("%s: posting %v, want Forbidden naming 阳光小区", tt.name, err)
		}
		tb.accountant.UnreviewVoucher(v.ID)
		tb.accountant.DeleteVoucher(v.ID)
	}
}

func TestApplicationSearchTreatsWildcardsAsText(t *testing.T) {
	tb := newTestBook(t)
	committee, err := tb.accountant.AddUser("王业委", books.RoleCommittee, "secret1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := tb.Login(committee.Name, "secret1")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"更换100%节能灯", "更换100盏路灯"} {
		if _, err := Apply(s, ApplyInput{Compound: "阳光小区", Title: title, Category: "公共服务", Amount: yuan("800"), Payee: "明亮灯具店"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		text string
		want int
	}{{"100%", 1}, {"100_", 0}, {"更换", 2}} {
		got, err := Applications(tb.Book, AppFilter{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("Applications(Text %q) = %d, want %d", tt.text, len(got), tt.want)
		}
	}
}

func TestRaisedLevelIsNeverLoweredByAnUpdate(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddUser("王业委", books.RoleCommittee, "secret1"); err != nil {
		t.Fatal(err)
	}
	committee, _ := tb.Login("王业委", "secret1")
	in := ApplyInput{Compound: "阳光小区", Title: "修补单元门", Category: "公共服务", Amount: yuan("800"), Payee: "李师傅"}
	a, err := Apply(committee, in)
	if err != nil {
		t.Fatal(err)
	}
	// The 会计 raises it (the repair is part of a larger contract) …
	if err := RaiseLevel(tb.accountant, a.No, LevelMajor, "属于整体改造合同的一部分"); err != nil {
		t.Fatal(err)
	}
	// … and the applicant may not put it back by editing the application.
	in.Level = LevelMinor
	if _, err := UpdateApplication(committee, a.No, in); books.ErrorCode(err) != books.Invalid {
		t.Errorf("lowering a raised level by an update: %v, want Invalid", err)
	}
	in.Level, in.Title = "", "修补2号楼单元门"
	if got, err := UpdateApplication(committee, a.No, in); err != nil || got.Level != LevelMajor {
		t.Errorf("update keeping the level: level %q, %v; want major", got.Level, err)
	}
}
