package notice

// Publishing a notice: numbering it, making its PDF with the number and the
// hash of its content on every page, and keeping that exact PDF in the
// book's archive (books.Session.PublishNotice).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"sunbooks/books"
)

// Published is what every page of a published notice carries: its number
// and version, and the first 16 hex digits of its content's SHA-256.
type Published struct {
	books.NoticeStamp
	Hash string
}

// QRText is what the QR code on each published page says: the number, the
// month and the hash, separated by |.
func (p Published) QRText(month books.Period) string {
	return "阳光账本公示|" + p.No + "|" + month.String() + "|" + p.Hash
}

// Label is the line printed under the QR code.
func (p Published) Label() string {
	s := "公示编号 " + p.No
	if p.Version > 1 {
		s += "（第 " + strconv.Itoa(p.Version) + " 版，替代 " + p.Replaces + "）"
	}
	return s + "　校验码 " + p.Hash
}

// Renderer makes a notice's PDF; it returns the bytes and the page count.
type Renderer func(Notice) (pdf []byte, pages int, err error)

// Publish publishes n, made by Of or With: it numbers it, has render make
// its PDF (with n.Published set, which every page prints), and keeps that
// PDF in the book's archive. A month is published only once it is closed;
// a month (and compound) published before becomes a new version, and
// reason says why.
func Publish(s *books.Session, n Notice, compoundID int64, reason string, render Renderer) (books.Publication, error) {
	if err := s.Require("发布公示", books.RoleAccountant, books.RoleParty); err != nil {
		return books.Publication{}, err
	}
	if !n.Closed {
		return books.Publication{}, books.Errorf(books.PeriodClosed, "%s 还没有结账：结账后数字才定下来，才能发布公示（未结账时可以先打印查看）", n.Period.Chinese())
	}
	if len(n.Compounds) == 0 {
		return books.Publication{}, books.Errorf(books.NotFound, "%s没有小区，无法发布公示", n.Community)
	}
	b := s.Book()
	stamp, err := b.NextNoticeStamp(n.Period, compoundID)
	if err != nil {
		return books.Publication{}, err
	}
	rec := Record(n, compoundID, stamp, reason)
	if stamp.Version > 1 && rec.Reason == "" {
		return books.Publication{}, books.Errorf(books.Invalid, "%s的公示已经发布过（%s），再次发布将是第 %d 版，须说明原因", n.Period.Chinese(), stamp.Replaces, stamp.Version)
	}
	n.Published = &Published{NoticeStamp: stamp, Hash: rec.ContentSHA256[:16]}
	pdf, pages, err := render(n)
	if err != nil {
		return books.Publication{}, err
	}
	rec.Pages = pages
	return s.PublishNotice(rec, pdf)
}

// Record is what the archive keeps of n published with stamp: its items,
// and the SHA-256 of its content — every figure and item, with its number.
func Record(n Notice, compoundID int64, stamp books.NoticeStamp, reason string) books.NoticeRecord {
	rec := books.NoticeRecord{Stamp: stamp, Period: n.Period, CompoundID: compoundID, Reason: reason,
		PostFrom: n.PostFrom, PostTo: n.PostTo, Closed: n.Closed}
	c := content{No: stamp.No, Version: stamp.Version, Replaces: stamp.Replaces, Street: n.Street, Community: n.Community,
		Period: n.Period.String(), PostFrom: n.PostFrom, PostTo: n.PostTo, Closed: n.Closed, Unposted: n.Unposted, Anchor: n.Anchor.Label()}
	for _, cp := range n.Compounds {
		rec.Compounds = append(rec.Compounds, cp.Compound)
		cc := contentCompound{Compound: cp.Compound, Opening: books.PlainYuan(cp.Opening), Income: books.PlainYuan(cp.Income),
			Expense: books.PlainYuan(cp.Expense), Other: books.PlainYuan(cp.Other), Closing: books.PlainYuan(cp.Closing)}
		for _, it := range cp.Items {
			rec.Items = append(rec.Items, books.PublishedItem{Compound: cp.Compound, Seq: it.Seq, Date: it.Date, VoucherNo: it.VoucherNo,
				Memo: it.Memo, Income: it.Income, Expense: it.Expense})
			cc.Items = append(cc.Items, contentItem{Seq: it.Seq, Date: it.Date, VoucherNo: it.VoucherNo, Memo: it.Memo, Level: it.Level,
				Approval: it.ApprovalText(" "), Income: books.PlainYuan(it.Income), Expense: books.PlainYuan(it.Expense), Handler: it.Handler})
		}
		c.Compounds = append(c.Compounds, cc)
	}
	data, _ := json.Marshal(c) // plain strings and numbers: cannot fail
	sum := sha256.Sum256(data)
	rec.ContentSHA256 = hex.EncodeToString(sum[:])
	return rec
}

// content is what a published notice's hash covers, in a fixed layout.
type content struct {
	No        string            `json:"no"`
	Version   int               `json:"version"`
	Replaces  string            `json:"replaces"`
	Street    string            `json:"street"`
	Community string            `json:"community"`
	Period    string            `json:"period"`
	PostFrom  string            `json:"post_from"`
	PostTo    string            `json:"post_to"`
	Closed    bool              `json:"closed"`
	Unposted  int               `json:"unposted"`
	Anchor    string            `json:"anchor"`
	Compounds []contentCompound `json:"compounds"`
}

type contentCompound struct {
	Compound string        `json:"compound"`
	Opening  string        `json:"opening"`
	Income   string        `json:"income"`
	Expense  string        `json:"expense"`
	Other    string        `json:"other"`
	Closing  string        `json:"closing"`
	Items    []contentItem `json:"items"`
}

type contentItem struct {
	Seq       int    `json:"seq"`
	Date      string `json:"date"`
	VoucherNo string `json:"voucher_no"`
	Memo      string `json:"memo"`
	Level     string `json:"level"`
	Approval  string `json:"approval"`
	Income    string `json:"income"`
	Expense   string `json:"expense"`
	Handler   string `json:"handler"`
}

// CheckCode finds the published notice a QR code (or its words) names:
// QRText's "阳光账本公示|公示-2026-0001|2026-03|<hash>", or the number and
// the hash typed with spaces, as a resident reads them off a photograph.
// The month, when given, and the hash must be the published notice's.
func CheckCode(b *books.Book, code string) (books.Publication, error) {
	fields := strings.FieldsFunc(strings.TrimSpace(code), func(r rune) bool { return r == '|' || r == ' ' || r == '\u3000' })
	if len(fields) > 0 && fields[0] == "阳光账本公示" {
		fields = fields[1:]
	}
	var no, month, hash string
	switch len(fields) {
	case 2:
		no, hash = fields[0], fields[1]
	case 3:
		no, month, hash = fields[0], fields[1], fields[2]
	default:
		return books.Publication{}, books.Errorf(books.Invalid, "看不懂“%s”：应是公示二维码的内容，或公示编号和校验码，如 公示-2026-0001 1a2b3c4d5e6f7a8b", code)
	}
	hash = strings.ToLower(hash)
	if len(hash) < 8 {
		return books.Publication{}, books.Errorf(books.Invalid, "校验码“%s”太短：请抄全公示上的 16 位校验码", hash)
	}
	p, err := b.PublicationByNo(no)
	if err != nil {
		return p, err
	}
	if err := b.RequireSealed("notice_publication", nil); err != nil {
		return p, err
	}
	if month != "" && month != p.Period.String() {
		return p, books.Errorf(books.Tampered, "%s 是 %s 的公示，不是 %s 的：这张公示不是发布的那一张", p.No, p.Period.Chinese(), month)
	}
	if !strings.HasPrefix(p.ContentSHA256, hash) {
		return p, books.Errorf(books.Tampered, "%s 的校验码是 %s，不是 %s：这张公示的内容与发布的不一致", p.No, p.ContentSHA256[:16], hash)
	}
	return p, nil
}
