package spending

import (
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/moduletest"
)

// A request the street received, decided by hand in its book's file, is
// named by Verify and not decided on by the program.
func TestARequestDecidedByHandIsNamedAndRefused(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	req, err := ExportRequest(w.accountant, a.No)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportRequest(w.director, req); err != nil {
		t.Fatal(err)
	}
	street := moduletest.HandEdit(t, w.street, withIncome(Module()), `UPDATE street_request SET opinion = '已电话同意'`)
	p, err := street.Verify(t.Context())
	if err != nil || !strings.Contains(strings.Join(p, "\n"), "收到的审批申请 阳光社区 申-2026-0001（street_request 1）的内容与封存时不一致") {
		t.Errorf("Verify = %q, %v", p, err)
	}
	director, err := street.Login("孙主任", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StreetDecide(director, "", a.No, "approve", "同意", books.FromFen(0)); books.ErrorCode(err) != books.Tampered {
		t.Errorf("deciding a request edited by hand: %v, want Tampered", err)
	}
}

// returnedApplication is an application the street returned, in w's
// community book.
func returnedApplication(t *testing.T, w *spendingWorld) Application {
	t.Helper()
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	dec := w.toStreet(a.No, "return")
	a, err := ImportDecision(w.accountant, dec)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != AppReturned {
		t.Fatalf("state %s", a.State)
	}
	return a
}

// The worst case seen before the seal: an application set to 已批准 by
// hand was paid, and verify passed. Now nothing is paid on approval written
// into the file, with the seal's triggers dropped or left in place, and
// verify names the row.
func TestNothingIsPaidOnAnApprovalWrittenByHand(t *testing.T) {
	approve := `UPDATE application SET state = 'approved', approved_fen = amount_fen, approval_no = '城关审〔2026〕9号' WHERE id = 1`
	for _, tc := range []struct {
		name, words string
		edit        func(w *spendingWorld) *books.Book
	}{
		{"approved by hand", "支出申请 申-2026-0001（application 1）的内容与封存时不一致", func(w *spendingWorld) *books.Book {
			return moduletest.HandEdit(t, w.Book, withIncome(Module()), approve)
		}},
		{"approved by hand, triggers left", "支出申请 申-2026-0001（application 1）的内容与封存时不一致", func(w *spendingWorld) *books.Book {
			if _, err := w.DB().Exec(approve); err != nil {
				t.Fatal(err)
			}
			return w.Book
		}},
		{"a street approval added by hand", "街道审批决定 申请 申-2026-0001（decision 2）不是由本程序记录的", func(w *spendingWorld) *books.Book {
			return moduletest.HandEdit(t, w.Book, withIncome(Module()),
				`INSERT INTO decision (application_id, version, decision, approver, decided_at, approved_fen, nonce, imported_at, imported_by)
					SELECT application_id, version, 'approve', approver, decided_at, 60000, 'forged', imported_at, imported_by FROM decision WHERE id = 1`)
		}},
		{"the return taken out by hand", "街道审批决定（decision 1）已在本程序之外被删除", func(w *spendingWorld) *books.Book {
			return moduletest.HandEdit(t, w.Book, withIncome(Module()), `DELETE FROM decision WHERE id = 1`)
		}},
	} {
		w := newSpendingWorld(t)
		a := returnedApplication(t, w)
		b := tc.edit(w)
		s, err := b.Login("张会计", "secret1")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Pay(s, a.No, PayInput{Date: "2026-03-10", Amount: yuan("600"), From: "1002", To: "5101"})
		if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), tc.words) {
			t.Errorf("%s: Pay = %v, want Tampered naming %q", tc.name, err, tc.words)
		}
		if n := len(mustPayments(t, b, a.No)); n != 0 {
			t.Errorf("%s: %d payments made", tc.name, n)
		}
		p, _ := b.Verify(t.Context())
		if !strings.Contains(strings.Join(p, "\n"), strings.SplitN(tc.words, "）", 2)[0]) {
			t.Errorf("%s: Verify = %q", tc.name, p)
		}
	}
}

func mustPayments(t *testing.T, b *books.Book, no string) []Payment {
	t.Helper()
	a, err := ApplicationByNo(b, no)
	if err != nil {
		t.Fatal(err)
	}
	return a.Payments
}

// A trusted key edited by hand in the registry is trusted for nothing.
func TestADecisionSignedByAKeyEditedByHandIsRefused(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	dec := w.toStreet(a.No, "approve")
	b := moduletest.HandEdit(t, w.Book, withIncome(Module()), `UPDATE trusted_key SET street = '假街道'`)
	s, err := b.Login("张会计", "secret1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ImportDecision(s, dec)
	if books.ErrorCode(err) != books.Tampered || !strings.Contains(books.ErrorMessage(err), "信任的公钥 假街道（trusted_key 1）") {
		t.Errorf("ImportDecision = %v, want Tampered naming the key", err)
	}
}
