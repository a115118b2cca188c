package spending

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"sunbooks/books"
)

// MaxAttachmentSize is the largest file kept inside a book (20 MB): enough for
// scanned minutes, small enough to keep the book copyable.
const MaxAttachmentSize = 20 << 20

// Attachment is a file kept inside the book (scanned minutes, quotes, a paper
// approval), with its SHA-256.
type Attachment struct {
	ID             int64
	ApplicationID  int64
	DeliberationID int64
	DecisionID     int64
	Name           string
	MIME           string
	Size           int64
	SHA256         string
	AddedBy        string
	AddedAt        string
}

// AttachmentInput is a file to attach: its name and bytes.
type AttachmentInput struct {
	Name string
	Data []byte
}

// ReadAttachmentFile reads a file from disk for attaching, refusing one over
// the size limit before reading it whole.
func ReadAttachmentFile(path string) (AttachmentInput, error) {
	st, err := os.Stat(path)
	if err != nil {
		return AttachmentInput{}, books.Errorf(books.NotFound, "找不到附件文件 %s", path)
	}
	if st.Size() > MaxAttachmentSize {
		return AttachmentInput{}, books.Errorf(books.Invalid, "附件 %s 有 %.1f MB，超过 %d MB 的上限；请压缩或分页扫描", filepath.Base(path), float64(st.Size())/(1<<20), MaxAttachmentSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return AttachmentInput{}, books.Errorf(books.Invalid, "无法读取附件文件 %s", path)
	}
	return AttachmentInput{Name: filepath.Base(path), Data: data}, nil
}

// sniffType returns the MIME type of a PDF, JPEG or PNG from its first bytes,
// or "" for anything else: the name's extension is not trusted.
func sniffType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

var extFor = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// SafeFileName turns any name into a plain file name that cannot leave the
// folder it is written to: no directories, no "..", no control or reserved
// characters, no Windows device names, and the extension of its real type.
func SafeFileName(name, mime string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", ".")
	}
	ext := extFor[mime]
	base := strings.TrimSuffix(name, filepath.Ext(name))
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3":
		base = "_" + base
	}
	if base == "" {
		base = "附件"
	}
	if r := []rune(base); len(r) > 100 {
		base = string(r[:100])
	}
	return base + ext
}

type checkedFile struct {
	name, mime, sha string
	data            []byte
}

func checkAttachments(in []AttachmentInput) ([]checkedFile, error) {
	var out []checkedFile
	for _, f := range in {
		if len(f.Data) == 0 {
			return nil, books.Errorf(books.Invalid, "附件 %s 是空文件", f.Name)
		}
		if len(f.Data) > MaxAttachmentSize {
			return nil, books.Errorf(books.Invalid, "附件 %s 超过 %d MB 的上限；请压缩或分页扫描", f.Name, MaxAttachmentSize>>20)
		}
		mime := sniffType(f.Data)
		if mime == "" {
			return nil, books.Errorf(books.Invalid, "附件 %s 不是 PDF、JPEG 或 PNG 文件（按文件内容判断）", f.Name)
		}
		sum := sha256.Sum256(f.Data)
		out = append(out, checkedFile{name: SafeFileName(f.Name, mime), mime: mime, sha: hex.EncodeToString(sum[:]), data: f.Data})
	}
	return out, nil
}

func insertAttachment(tx *books.Tx, appID, delibID, decisionID int64, f checkedFile, by, now string) (Attachment, error) {
	nullable := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	res, err := tx.Exec(`INSERT INTO attachment (application_id, deliberation_id, decision_id, name, mime, size, sha256, data, added_by, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, nullable(appID), nullable(delibID), nullable(decisionID), f.name, f.mime, len(f.data), f.sha, f.data, by, now)
	if err != nil {
		return Attachment{}, err
	}
	id, _ := res.LastInsertId()
	return Attachment{ID: id, ApplicationID: appID, DeliberationID: delibID, DecisionID: decisionID, Name: f.name, MIME: f.mime,
		Size: int64(len(f.data)), SHA256: f.sha, AddedBy: by, AddedAt: now}, nil
}

// Attach adds files to an application (quotes, plans), by its applicant, a
// 会计 or a 社区党组织 user, while it is not finished.
func Attach(s *books.Session, no string, files ...AttachmentInput) ([]Attachment, error) {
	if err := s.Require("添加附件", books.RoleCommittee, books.RoleAccountant, books.RoleParty); err != nil {
		return nil, err
	}
	checked, err := checkAttachments(files)
	if err != nil {
		return nil, err
	}
	var out []Attachment
	err = s.Write(func(tx *books.Tx) error {
		a, err := loadApplication(tx, no)
		if err != nil {
			return err
		}
		if a.State == AppClosed || a.State == AppRejected || a.State == AppWithdrawn {
			return books.Errorf(books.Conflict, "申请 %s %s，不能再添加附件", a.No, a.StateName())
		}
		now := tx.Now()
		for _, f := range checked {
			att, err := insertAttachment(tx, a.ID, 0, 0, f, s.User().Name, now)
			if err != nil {
				return err
			}
			out = append(out, att)
			if err := tx.Log("attachment.add", "application", a.No, nil, map[string]any{
				"name": att.Name, "size": att.Size, "sha256": att.SHA256}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func loadAttachments(q books.Querier, where string, arg any) ([]Attachment, error) {
	rows, err := q.Query(`SELECT id, coalesce(application_id, 0), coalesce(deliberation_id, 0), coalesce(decision_id, 0), name, mime, size, sha256, added_by, added_at
		FROM attachment WHERE `+where+` ORDER BY id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.ApplicationID, &a.DeliberationID, &a.DecisionID, &a.Name, &a.MIME, &a.Size, &a.SHA256, &a.AddedBy, &a.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData returns an attachment's bytes, checked against its SHA-256.
func AttachmentData(b *books.Book, id int64) (Attachment, []byte, error) {
	list, err := loadAttachments(b.Reader(), `id = ?`, id)
	if err != nil {
		return Attachment{}, nil, internal("read attachment", err)
	}
	if len(list) == 0 {
		return Attachment{}, nil, books.Errorf(books.NotFound, "附件（编号 %d）不存在", id)
	}
	var data []byte
	if err := b.Reader().QueryRow(`SELECT data FROM attachment WHERE id = ?`, id).Scan(&data); err != nil {
		return Attachment{}, nil, internal("read attachment", err)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != list[0].SHA256 {
		return list[0], nil, books.Errorf(books.Tampered, "附件 %s 的内容与记录的 SHA-256 不符，文件被改动过", list[0].Name)
	}
	return list[0], data, nil
}

// ExportAttachment writes an attachment into dir under its sanitized name
// (never outside dir, never over an existing file) and returns the path.
func ExportAttachment(b *books.Book, id int64, dir string) (string, error) {
	att, data, err := AttachmentData(b, id)
	if err != nil {
		return "", err
	}
	return writeAttachment(dir, att, data)
}

// ExportStreetRequestFile writes an attachment of a request imported into a
// street book into dir, the same safe way.
func ExportStreetRequestFile(b *books.Book, code, appNo string, attachmentID int64, dir string) (string, error) {
	r, err := FindStreetRequest(b, code, appNo)
	if err != nil {
		return "", err
	}
	att, data, err := StreetRequestFile(b, r.ID, attachmentID)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != att.SHA256 {
		return "", books.Errorf(books.Tampered, "附件 %s 的内容与记录的 SHA-256 不符", att.Name)
	}
	return writeAttachment(dir, att, data)
}

func writeAttachment(dir string, att Attachment, data []byte) (string, error) {
	if sniffType(data) != att.MIME {
		return "", books.Errorf(books.Tampered, "附件 %s 的内容不是记录的类型", att.Name)
	}
	name := SafeFileName(att.Name, att.MIME)
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", books.Errorf(books.Invalid, "目录 %s 无效", dir)
	}
	path := filepath.Join(absDir, name)
	if filepath.Dir(path) != absDir {
		return "", books.Errorf(books.Invalid, "附件名“%s”不安全", att.Name)
	}
	ext := filepath.Ext(name)
	for i := 2; i < 1000; i++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			path = filepath.Join(absDir, fmt.Sprintf("%s(%d)%s", strings.TrimSuffix(name, ext), i, ext))
			continue
		}
		if err != nil {
			return "", books.Errorf(books.Invalid, "无法写入 %s", path)
		}
		_, werr := f.Write(data)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			os.Remove(path)
			return "", books.Errorf(books.Internal, "写入 %s 失败", path)
		}
		return path, nil
	}
	return "", books.Errorf(books.Conflict, "目录 %s 中同名文件太多", dir)
}

// verifyAttachments reports attachments whose bytes no longer match their
// SHA-256.
func verifyAttachments(b *books.Book) []string {
	rows, err := b.Reader().Query(`SELECT id, name, sha256, data FROM attachment ORDER BY id`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var id int64
		var name, sum string
		var data []byte
		if rows.Scan(&id, &name, &sum, &data) != nil {
			continue
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != sum {
			problems = append(problems, fmt.Sprintf("附件 %s（编号 %d）的内容与记录的 SHA-256 不符，被改动过", name, id))
		}
	}
	return problems
}
