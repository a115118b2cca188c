package books

// The archive of published notices (公示档案): each monthly notice that went
// on the boards, kept as the exact PDF with its SHA-256, who published it,
// when, its 公示期 and its items, never changed or removed. A month
// published again is a new version saying why; the earlier one stays.

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// NoticeStamp is what a published notice's pages carry besides its figures:
// its number and version, worked out before its PDF is made.
type NoticeStamp struct {
	No      string // 公示-2026-0001
	Version int    // 1, then 2, 3 … for the same month and compound
	// Replaces is the number of the version it replaces, "" for version 1.
	Replaces string
}

// PublishedItem is one item of a published notice, as printed.
type PublishedItem struct {
	Compound  string
	Seq       int
	Date      string
	VoucherNo string
	Memo      string
	Income    Money
	Expense   Money
}

// NoticeRecord is what the archive keeps of a notice being published,
// besides its PDF.
type NoticeRecord struct {
	Stamp      NoticeStamp
	Period     Period
	CompoundID int64    // 0: every compound
	Compounds  []string // its sheets' compounds, in order
	Reason     string   // why a month published before is published again
	PostFrom   string
	PostTo     string
	Closed     bool
	// ContentSHA256 is the hash of the notice's figures and items (with its
	// number), printed in its QR code.
	ContentSHA256 string
	Items         []PublishedItem
	Pages         int
}

// Publication is a published notice in the archive.
type Publication struct {
	ID            int64
	No            string
	Period        Period
	CompoundID    int64  // 0: every compound
	Compounds     string // joined by 、
	Version       int
	Replaces      string // the number of the version it replaced
	ReplacedBy    string // the number of the version that replaced it, "" while current
	Reason        string
	PostFrom      string
	PostTo        string
	Closed        bool
	PublishedBy   string
	PublishedAt   string
	ContentSHA256 string
	PDFSHA256     string
	Pages         int
	Size          int // bytes of the PDF
	// Matches are the items a PublicationFilter's Text found, in order.
	Matches []PublishedItem
}

// Scope names what the notice covers: a compound, or 全部小区.
func (p Publication) Scope() string {
	if p.CompoundID == 0 {
		return "全部小区"
	}
	return p.Compounds
}

// NextNoticeStamp is the number and version publishing month p (for one
// compound, or for all with compoundID 0) would take now.
func (b *Book) NextNoticeStamp(p Period, compoundID int64) (NoticeStamp, error) {
	st, _, err := nextNoticeStamp(b.db, p, compoundID)
	return st, err
}

// nextNoticeStamp also returns the id of the version it would replace.
func nextNoticeStamp(q querier, p Period, compoundID int64) (NoticeStamp, int64, error) {
	var st NoticeStamp
	var last int64
	err := q.QueryRow(`SELECT id, no, version FROM notice_publication WHERE period = ? AND coalesce(compound_id, 0) = ?
		ORDER BY version DESC LIMIT 1`, int(p), compoundID).Scan(&last, &st.Replaces, &st.Version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, 0, internal("notice stamp", err)
	}
	st.Version++
	var n int
	prefix := fmt.Sprintf("公示-%d-", p.Year())
	if err := q.QueryRow(`SELECT count(*) FROM notice_publication WHERE substr(no, 1, ?) = ?`, len([]rune(prefix)), prefix).Scan(&n); err != nil {
		return st, 0, internal("notice stamp", err)
	}
	st.No = fmt.Sprintf("%s%04d", prefix, n+1)
	return st, last, nil
}

// PublishNotice keeps a published notice: rec as NextNoticeStamp numbered
// it, and the exact PDF whose pages carry that number. The session's user
// is recorded as publisher; a month published before needs a reason.
func (s *Session) PublishNotice(rec NoticeRecord, pdf []byte) (Publication, error) {
	if err := s.require("发布公示", RoleAccountant, RoleParty); err != nil {
		return Publication{}, err
	}
	if !rec.Period.Valid() {
		return Publication{}, Errorf(Invalid, "月份 %d 不是有效的月份", int(rec.Period))
	}
	if len(pdf) == 0 {
		return Publication{}, Errorf(Invalid, "公示的 PDF 是空的，没有发布")
	}
	if len(pdf) > MaxNoticePDF {
		return Publication{}, Errorf(Invalid, "公示的 PDF 有 %d MB，超过 %s 的上限，没有发布", len(pdf)>>20, sizeLimit(MaxNoticePDF))
	}
	rec.Reason = strings.TrimSpace(rec.Reason)
	sum := sha256.Sum256(pdf)
	pdfSHA := hex.EncodeToString(sum[:])
	var id int64
	err := s.b.write(func(tx *sql.Tx) error {
		st, replaces, err := nextNoticeStamp(tx, rec.Period, rec.CompoundID)
		if err != nil {
			return err
		}
		if st != rec.Stamp {
			// Another publication took the number while the PDF was made.
			return Errorf(Conflict, "公示编号 %s 已被另一次发布占用，请重新发布", rec.Stamp.No)
		}
		if st.Version > 1 && rec.Reason == "" {
			return Errorf(Invalid, "%s已发布过（%s），再次发布为第 %d 版，须说明原因", noticeScope(rec), st.Replaces, st.Version)
		}
		var compound any
		if rec.CompoundID != 0 {
			compound = rec.CompoundID
		}
		var replacesID any
		if replaces != 0 {
			replacesID = replaces
		}
		now := s.b.stamp()
		res, err := tx.Exec(`INSERT INTO notice_publication (no, period, compound_id, compounds, version, replaces_id, reason, post_from, post_to,
			closed, published_by, published_at, content_sha256, pdf_sha256, pages, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.No, int(rec.Period), compound, strings.Join(rec.Compounds, "、"), st.Version, replacesID, rec.Reason, rec.PostFrom, rec.PostTo,
			rec.Closed, s.user.ID, now, rec.ContentSHA256, pdfSHA, rec.Pages, pdf)
		if err != nil {
			return internal("publish notice", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return internal("publish notice", err)
		}
		for _, it := range rec.Items {
			in, err := ToFen(it.Income)
			if err != nil {
				return err
			}
			out, err := ToFen(it.Expense)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO notice_item (publication_id, compound, seq, date, voucher_no, memo, income_fen, expense_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				id, it.Compound, it.Seq, it.Date, it.VoucherNo, it.Memo, in, out); err != nil {
				return internal("publish notice", err)
			}
		}
		return appendLog(tx, now, s.user, "notice.publish", "notice", st.No, nil, map[string]any{
			"no": st.No, "period": rec.Period.String(), "scope": noticeScope(rec), "version": st.Version, "replaces": st.Replaces,
			"reason": rec.Reason, "post_from": rec.PostFrom, "post_to": rec.PostTo, "closed": rec.Closed,
			"pdf_sha256": pdfSHA, "content_sha256": rec.ContentSHA256, "pages": rec.Pages, "items": len(rec.Items)})
	})
	if err != nil {
		return Publication{}, err
	}
	return s.b.publication(`p.id = ?`, id)
}

// noticeScope names a notice to a person: 2026年3月 阳光小区 的公示.
func noticeScope(rec NoticeRecord) string {
	who := "全部小区"
	if rec.CompoundID != 0 && len(rec.Compounds) == 1 {
		who = rec.Compounds[0]
	}
	return rec.Period.Chinese() + " " + who + "的公示"
}

// PublicationFilter chooses published notices; zero values choose all.
type PublicationFilter struct {
	Year     int
	Period   Period
	Compound string // a compound's name: notices with its sheet
	Text     string // text in an item's memo (事项)
}

const publicationColumns = `p.id, p.no, p.period, coalesce(p.compound_id, 0), p.compounds, p.version,
	coalesce((SELECT r.no FROM notice_publication r WHERE r.id = p.replaces_id), ''),
	coalesce((SELECT n.no FROM notice_publication n WHERE n.replaces_id = p.id), ''),
	p.reason, p.post_from, p.post_to, p.closed, u.name, p.published_at, p.content_sha256, p.pdf_sha256, p.pages, length(p.pdf)`

func scanPublication(scan func(...any) error) (Publication, error) {
	var p Publication
	err := scan(&p.ID, &p.No, &p.Period, &p.CompoundID, &p.Compounds, &p.Version, &p.Replaces, &p.ReplacedBy,
		&p.Reason, &p.PostFrom, &p.PostTo, &p.Closed, &p.PublishedBy, &p.PublishedAt, &p.ContentSHA256, &p.PDFSHA256, &p.Pages, &p.Size)
	return p, err
}

func (b *Book) publication(where string, args ...any) (Publication, error) {
	row := b.db.QueryRow(`SELECT `+publicationColumns+` FROM notice_publication p JOIN user u ON u.id = p.published_by WHERE `+where, args...)
	p, err := scanPublication(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return p, Errorf(NotFound, "没有这份公示")
	}
	if err != nil {
		return p, internal("publication", err)
	}
	return p, nil
}

// Publications lists the published notices f chooses, newest month first,
// each month's versions in order.
func (b *Book) Publications(f PublicationFilter) ([]Publication, error) {
	var where []string
	var args []any
	if f.Year != 0 {
		where, args = append(where, `p.period BETWEEN ? AND ?`), append(args, f.Year*100+1, f.Year*100+12)
	}
	if f.Period != 0 {
		where, args = append(where, `p.period = ?`), append(args, int(f.Period))
	}
	compound := strings.TrimSpace(f.Compound)
	if compound != "" {
		where, args = append(where, `instr('、' || p.compounds || '、', '、' || ? || '、') > 0`), append(args, compound)
	}
	text := strings.TrimSpace(f.Text)
	if text != "" {
		where, args = append(where, `EXISTS (SELECT 1 FROM notice_item i WHERE i.publication_id = p.id AND instr(i.memo, ?) > 0 AND (? = '' OR i.compound = ?))`),
			append(args, text, compound, compound)
	}
	q := `SELECT ` + publicationColumns + ` FROM notice_publication p JOIN user u ON u.id = p.published_by`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY p.period DESC, coalesce(p.compound_id, 0), p.version`
	var out []Publication
	err := eachRow(b.db, q, args, func(scan func(...any) error) error {
		p, err := scanPublication(scan)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, internal("publications", err)
	}
	if text != "" {
		for i := range out {
			if out[i].Matches, err = b.publishedItems(out[i].ID, text, compound); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// PublishedItems are a published notice's items, in print order.
func (b *Book) PublishedItems(no string) ([]PublishedItem, error) {
	p, err := b.PublicationByNo(no)
	if err != nil {
		return nil, err
	}
	return b.publishedItems(p.ID, "", "")
}

func (b *Book) publishedItems(id int64, text, compound string) ([]PublishedItem, error) {
	var out []PublishedItem
	err := eachRow(b.db, `SELECT compound, seq, date, voucher_no, memo, income_fen, expense_fen FROM notice_item
		WHERE publication_id = ? AND (? = '' OR instr(memo, ?) > 0) AND (? = '' OR compound = ?) ORDER BY rowid`,
		[]any{id, text, text, compound, compound}, func(scan func(...any) error) error {
			var it PublishedItem
			var in, ex int64
			if err := scan(&it.Compound, &it.Seq, &it.Date, &it.VoucherNo, &it.Memo, &in, &ex); err != nil {
				return err
			}
			it.Income, it.Expense = FromFen(in), FromFen(ex)
			out = append(out, it)
			return nil
		})
	if err != nil {
		return nil, internal("published items", err)
	}
	return out, nil
}

// PublicationByNo finds a published notice by its number.
func (b *Book) PublicationByNo(no string) (Publication, error) {
	p, err := b.publication(`p.no = ?`, strings.TrimSpace(no))
	if ErrorCode(err) == NotFound {
		return p, Errorf(NotFound, "没有编号为 %s 的公示", no)
	}
	return p, err
}

// PublicationPDF is the exact PDF of a published notice, once the archive
// is found as sealed.
func (b *Book) PublicationPDF(no string) ([]byte, error) {
	if err := b.requireSealed(b.db, "notice_publication", nil); err != nil {
		return nil, err
	}
	var pdf []byte
	err := b.db.QueryRow(`SELECT pdf FROM notice_publication WHERE no = ?`, strings.TrimSpace(no)).Scan(&pdf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Errorf(NotFound, "没有编号为 %s 的公示", no)
	}
	if err != nil {
		return nil, internal("publication pdf", err)
	}
	return pdf, nil
}

// PublicationOf finds the published notice whose PDF is exactly pdf: found
// is false when no published notice has these bytes (one byte changed is
// another file).
//
// The archive is checked against its seal first: a publication added or
// changed behind the program's back would otherwise vouch for a forgery.
func (b *Book) PublicationOf(pdf []byte) (p Publication, found bool, err error) {
	if err := b.requireSealed(b.db, "notice_publication", nil); err != nil {
		return p, false, err
	}
	sum := sha256.Sum256(pdf)
	p, err = b.publication(`p.pdf_sha256 = ? ORDER BY p.id LIMIT 1`, hex.EncodeToString(sum[:]))
	if ErrorCode(err) == NotFound {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	// The hash found it; the bytes confirm it.
	var same bool
	if err := b.db.QueryRow(`SELECT pdf = ? FROM notice_publication WHERE id = ?`, pdf, p.ID).Scan(&same); err != nil {
		return p, false, internal("publication of", err)
	}
	return p, same, nil
}
