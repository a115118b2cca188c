package books

import (
	"strings"
	"testing"
)

// Every way a voucher is made ends in a voucher someone other than its
// preparer must review before it is posted (rent bills and receipts: books/
// income's TestIncomeVouchersWaitForASecondPerson; payments: books/spending's
// TestPaymentVouchersWaitForASecondPerson). An attacker who marks it
// reviewed by hand — with no reviewer, or with the preparer as reviewer —
// still cannot post it.
func TestNoVoucherPostsWithoutASecondPerson(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) (*testBook, int64)
	}{
		{"hand-made voucher", func(t *testing.T) (*testBook, int64) {
			tb := newTestBook(t)
			v, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-05", Lines: []Line{line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10")}})
			if err != nil {
				t.Fatal(err)
			}
			return tb, v.ID
		}},
		{"year-end carry", func(t *testing.T) (*testBook, int64) {
			tb := newTestBook(t)
			tb.post("2026-03-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			v, err := tb.accountant.CarryYearEnd(2026)
			if err != nil {
				t.Fatal(err)
			}
			return tb, v.ID
		}},
		{"reversal", func(t *testing.T) (*testBook, int64) {
			tb := newTestBook(t)
			v := tb.post("2026-03-05", line("收费", "1001", "阳光小区", "10", ""), line("", "4901", "阳光小区", "", "10"))
			r, err := tb.accountant.ReverseVoucher(v.ID, "2026-03-06")
			if err != nil {
				t.Fatal(err)
			}
			return tb, r.ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, id := tt.make(t)
			v, err := tb.Voucher(id)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != StatusDraft {
				t.Fatalf("made as %s, want a draft waiting for review", v.Status)
			}
			var preparer *Session
			for _, s := range []*Session{tb.accountant, tb.cashier} {
				if s.User().Name == v.Preparer {
					preparer = s
				}
			}
			if preparer == nil {
				t.Fatalf("prepared by %q", v.Preparer)
			}
			if err := preparer.ReviewVoucher(id); ErrorCode(err) != Forbidden {
				t.Errorf("the preparer reviews it: %v, want Forbidden", err)
			}
			if err := tb.accountant.PostVoucher(id); ErrorCode(err) != Conflict {
				t.Errorf("posting the unreviewed draft: %v, want Conflict", err)
			}
			for _, forged := range []string{`NULL`, `preparer_id`} {
				if _, err := tb.DB().Exec(`UPDATE voucher SET status = 'reviewed', reviewer_id = `+forged+` WHERE id = ?`, id); err != nil {
					t.Fatal(err)
				}
				err := tb.accountant.PostVoucher(id)
				if ErrorCode(err) != Conflict || !strings.Contains(ErrorMessage(err), "以外的人审核") {
					t.Errorf("reviewer set to %s by hand: PostVoucher = %v, want refused for want of a second person", forged, err)
				}
				if got, _ := tb.Voucher(id); got.Status == StatusPosted {
					t.Fatalf("posted with reviewer %s", forged)
				}
			}
		})
	}
}
