package notice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"sunbooks/books"
	"sunbooks/books/bookstest"
)

// fakePDF renders a notice as bytes that carry what its pages would: its
// number, hash and items.
func fakePDF(seen *Notice) Renderer {
	return func(n Notice) ([]byte, int, error) {
		*seen = n
		var b bytes.Buffer
		b.WriteString("%PDF-1.4\n" + n.Published.QRText(n.Period) + "\n")
		for _, c := range n.Compounds {
			for _, it := range c.Items {
				b.WriteString(c.Compound + " " + it.Memo + "\n")
			}
		}
		return b.Bytes(), len(n.Compounds), nil
	}
}

func publish(t *testing.T, s *books.Session, month books.Period, compound int64, reason string) (books.Publication, Notice, error) {
	t.Helper()
	n, err := Of(s.Book(), month, compound)
	if err != nil {
		t.Fatal(err)
	}
	var seen Notice
	p, err := Publish(s, n, compound, reason, fakePDF(&seen))
	return p, seen, err
}

// A published notice is kept as the exact bytes made, numbered, with who
// published it and when; a month published again is a new version that
// says why, and the old one stays; an altered copy is no published notice.
func TestPublishKeepsTheExactPDFAndItsVersions(t *testing.T) {
	tb := noticeBook(t)
	if _, _, err := publish(t, tb.Accountant, 202603, 0, ""); books.ErrorCode(err) != books.PeriodClosed {
		t.Fatalf("publishing a month not closed: %v", err)
	}
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	if _, _, err := publish(t, tb.Cashier, 202602, 0, ""); books.ErrorCode(err) != books.Forbidden {
		t.Errorf("a 出纳 published: %v", err)
	}
	p, seen, err := publish(t, tb.Accountant, 202602, 0, "")
	if err != nil {
		t.Fatalf("Publish: %s", books.ErrorMessage(err))
	}
	if seen.Published == nil || seen.Published.No != "公示-2026-0001" || seen.Published.Hash != p.ContentSHA256[:16] {
		t.Fatalf("the pages were made with %+v, the archive keeps %s %s", seen.Published, p.No, p.ContentSHA256)
	}
	pdf, _, _ := fakePDF(new(Notice))(seen)
	sum := sha256.Sum256(pdf)
	if p.No != "公示-2026-0001" || p.Version != 1 || p.Period != 202602 || p.Scope() != "全部小区" || p.Compounds != "阳光小区、和平小区" ||
		p.PublishedBy != "张会计" || p.PDFSHA256 != hex.EncodeToString(sum[:]) || p.Pages != 2 || p.PostFrom != "2026-03-02" || p.Replaces != "" {
		t.Errorf("published %+v", p)
	}
	kept, err := tb.PublicationPDF(p.No)
	if err != nil || !bytes.Equal(kept, pdf) {
		t.Fatalf("PublicationPDF = %q, %v", kept, err)
	}
	if found, ok, err := tb.PublicationOf(pdf); err != nil || !ok || found.No != p.No {
		t.Errorf("the published PDF is not recognised: %+v %v %v", found, ok, err)
	}
	for _, at := range []int{0, len(pdf) / 2, len(pdf) - 1} {
		altered := bytes.Clone(pdf)
		altered[at] ^= 1
		if found, ok, err := tb.PublicationOf(altered); err != nil || ok {
			t.Errorf("a copy altered at byte %d is recognised as %s (%v)", at, found.No, err)
		}
	}

	// Again: only with a reason, as version 2; version 1 stays.
	if _, _, err := publish(t, tb.Accountant, 202602, 0, "  "); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "须说明原因") {
		t.Errorf("published again without a reason: %v", err)
	}
	p2, seen2, err := publish(t, tb.Accountant, 202602, 0, "更正停车费摘要")
	if err != nil {
		t.Fatal(err)
	}
	if p2.No != "公示-2026-0002" || p2.Version != 2 || p2.Replaces != p.No || p2.Reason != "更正停车费摘要" || seen2.Published.Replaces != p.No || p2.ContentSHA256 == p.ContentSHA256 {
		t.Errorf("version 2: %+v", p2)
	}
	if old, err := tb.PublicationByNo(p.No); err != nil || old.ReplacedBy != p2.No {
		t.Errorf("version 1 after version 2: %+v %v", old, err)
	}
	// One compound's notice of the same month is its own series.
	peace := tb.Compound("和平小区")
	p3, _, err := publish(t, tb.Accountant, 202602, peace, "")
	if err != nil || p3.Version != 1 || p3.Scope() != "和平小区" || p3.No != "公示-2026-0003" {
		t.Errorf("one compound's notice: %+v %v", p3, err)
	}
	if problems, err := tb.Verify(t.Context()); err != nil || len(problems) > 0 {
		t.Errorf("Verify after publishing: %q %v", problems, err)
	}

	// What a photograph carries — the QR code, or the number and hash in
	// words — names the notice; any other month or hash does not.
	for _, c := range []struct {
		code string
		want books.Code
	}{
		{seen.Published.QRText(202602), ""},
		{p.No + " " + p.ContentSHA256[:16], ""},
		{p.No + "　" + strings.ToUpper(p.ContentSHA256[:16]), ""},
		{"阳光账本公示|" + p.No + "|2026-01|" + p.ContentSHA256[:16], books.Tampered},
		{p.No + " " + p2.ContentSHA256[:16], books.Tampered},
		{"公示-2026-0099 " + p.ContentSHA256[:16], books.NotFound},
		{"随便写的字", books.Invalid},
		{p.No + " 1a2b", books.Invalid},
	} {
		got, err := CheckCode(tb.Book, c.code)
		if books.ErrorCode(err) != c.want && !(c.want == "" && err == nil) || (err == nil && got.No != p.No) {
			t.Errorf("CheckCode(%q) = %s, %v; want %q", c.code, got.No, err, c.want)
		}
	}
}

// The archive is searched by year, month, compound and the text of an item.
func TestPublicationsAreSearched(t *testing.T) {
	tb := noticeBook(t)
	tb.AdvanceTo("2026-04-02")
	var draft int64
	if err := tb.DB().QueryRow(`SELECT id FROM voucher WHERE status = 'draft'`).Scan(&draft); err != nil {
		t.Fatal(err)
	}
	if err := tb.Accountant.DeleteVoucher(draft); err != nil {
		t.Fatal(err)
	}
	for _, p := range []books.Period{202602, 202603} {
		if err := tb.Accountant.ClosePeriod(p); err != nil {
			t.Fatal(err)
		}
	}
	feb, _, err := publish(t, tb.Accountant, 202602, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	mar, _, err := publish(t, tb.Accountant, 202603, tb.Compound("和平小区"), "")
	if err != nil {
		t.Fatal(err)
	}
	nos := func(f books.PublicationFilter) string {
		list, err := tb.Publications(f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range list {
			s := p.No
			for _, m := range p.Matches {
				s += " [" + m.Compound + " " + m.Memo + "]"
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	for _, c := range []struct {
		f    books.PublicationFilter
		want string
	}{
		{books.PublicationFilter{}, mar.No + ", " + feb.No},
		{books.PublicationFilter{Year: 2026}, mar.No + ", " + feb.No},
		{books.PublicationFilter{Year: 2025}, ""},
		{books.PublicationFilter{Period: 202602}, feb.No},
		{books.PublicationFilter{Compound: "和平小区"}, mar.No + ", " + feb.No},
		{books.PublicationFilter{Compound: "和平"}, ""},
		{books.PublicationFilter{Text: "停车费"}, feb.No + " [阳光小区 2月停车费]"},
		{books.PublicationFilter{Text: "广告位", Compound: "和平小区"}, mar.No + " [和平小区 和平小区广告位租金]"},
		{books.PublicationFilter{Text: "停车费", Compound: "和平小区"}, ""},
		{books.PublicationFilter{Text: "燃气管线"}, ""},
	} {
		if got := nos(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
	items, err := tb.PublishedItems(feb.No)
	if err != nil || len(items) != 1 || items[0].Memo != "2月停车费" || !items[0].Income.Equal(bookstest.Yuan("1000")) {
		t.Errorf("items of %s: %+v %v", feb.No, items, err)
	}
}

// What was published cannot be changed or removed, even behind the
// program's back through SQL; a number taken meanwhile is refused.
func TestPublishedNoticesStayAsPublished(t *testing.T) {
	tb := noticeBook(t)
	if err := tb.Accountant.ClosePeriod(202602); err != nil {
		t.Fatal(err)
	}
	p, _, err := publish(t, tb.Accountant, 202602, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE notice_publication SET pdf = X'00' WHERE no = '` + p.No + `'`,
		`DELETE FROM notice_publication`,
		`UPDATE notice_item SET memo = '改过'`,
		`DELETE FROM notice_item`,
	} {
		if _, err := tb.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "kept as published") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// A forged publication added behind the program's back vouches for
	// nothing: check refuses the archive, Verify names the row.
	forged := []byte("%PDF-1.4 forged")
	if _, err := tb.DB().Exec(`INSERT INTO notice_publication (no, period, compounds, version, post_from, post_to, closed, published_by, published_at,
		content_sha256, pdf_sha256, pages, pdf) SELECT '公示-2026-0099', 202601, '阳光小区', 1, post_from, post_to, 1, published_by, published_at,
		content_sha256, ?, 1, ? FROM notice_publication LIMIT 1`, hex.EncodeToString(sha(forged)), forged); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := tb.PublicationOf(forged); ok || books.ErrorCode(err) != books.Tampered {
		t.Errorf("a forged row vouches: %v %v", ok, err)
	}
	if _, err := tb.PublicationPDF("公示-2026-0099"); books.ErrorCode(err) != books.Tampered {
		t.Errorf("the forged row's PDF is given out: %v", err)
	}
	if problems, _ := tb.Verify(t.Context()); !strings.Contains(strings.Join(problems, "\n"), "公示-2026-0099") {
		t.Errorf("Verify does not name the forged publication: %q", problems)
	}
	// A record numbered before another publication took its number.
	n, _ := Of(tb.Book, 202602, 0)
	stamp, err := tb.NextNoticeStamp(202602, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := publish(t, tb.Accountant, 202602, 0, "再发一次"); err != nil {
		t.Fatal(err)
	}
	rec := Record(n, 0, stamp, "迟到的一次")
	if _, err := tb.Accountant.PublishNotice(rec, []byte("%PDF")); books.ErrorCode(err) != books.Conflict {
		t.Errorf("a stale number: %v", err)
	}
}

func sha(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// The content hash covers every figure and item: a memo changed is
// another hash.
func TestPublishedContentHash(t *testing.T) {
	tb := noticeBook(t)
	n, _ := Of(tb.Book, 202603, 0)
	stamp := books.NoticeStamp{No: "公示-2026-0001", Version: 1}
	a := Record(n, 0, stamp, "")
	if b := Record(n, 0, stamp, ""); b.ContentSHA256 != a.ContentSHA256 {
		t.Fatal("the same notice hashes differently")
	}
	n.Compounds[0].Items[0].Memo += "。"
	if b := Record(n, 0, stamp, ""); b.ContentSHA256 == a.ContentSHA256 {
		t.Error("a memo changed keeps the hash")
	}
	if len(a.Items) != 3 || a.Items[0].Compound != "阳光小区" {
		t.Errorf("items kept: %+v", a.Items)
	}
}
