package spending

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"sunbooks/books"
)

// requestFile is the payload of an approval request: the whole application
// with its history, deliberation records and attachments, and the community
// it comes from.
type requestFile struct {
	Community  communityID      `json:"community"`
	App        Application      `json:"application"`
	Files      []requestFileAtt `json:"files"`
	ExportedAt string           `json:"exported_at"`
	ExportedBy string           `json:"exported_by"`
}

type communityID struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Street   string `json:"street"`
	BookUUID string `json:"book_uuid"`
}

type requestFileAtt struct {
	ID     int64  `json:"id"`
	SHA256 string `json:"sha256"`
	Data   []byte `json:"data"`
}

// ExportRequest writes the signed approval request of an application waiting
// for the street (by a 会计 or a 社区党组织 user). The file carries the
// application's version; a decision must name the same version.
func ExportRequest(s *books.Session, no string) ([]byte, error) {
	if err := s.Require("导出审批申请", books.RoleAccountant, books.RoleParty); err != nil {
		return nil, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return nil, err
	}
	if info.Kind != books.KindCommunity {
		return nil, books.Errorf(books.Invalid, "只有社区账簿导出审批申请")
	}
	a, err := ApplicationByNo(s.Book(), no)
	if err != nil {
		return nil, err
	}
	if a.State != AppStreetReview {
		return nil, books.Errorf(books.Conflict, "申请 %s %s；只有待街道审批的申请可以导出", a.No, a.StateName())
	}
	rf := requestFile{Community: communityID{Code: info.Code, Name: info.Community, Street: info.Street, BookUUID: info.UUID},
		App: a, ExportedAt: s.Book().Stamp(), ExportedBy: s.User().Name}
	rows, err := s.Book().Reader().Query(`SELECT id, sha256, data FROM attachment WHERE application_id = ? ORDER BY id`, a.ID)
	if err != nil {
		return nil, internal("export request", err)
	}
	for rows.Next() {
		var f requestFileAtt
		if err := rows.Scan(&f.ID, &f.SHA256, &f.Data); err != nil {
			rows.Close()
			return nil, internal("export request", err)
		}
		rf.Files = append(rf.Files, f)
	}
	rows.Close()
	payload, err := json.Marshal(rf)
	if err != nil {
		return nil, internal("export request", err)
	}
	data, err := s.Book().SignFile(books.FileKindRequest, payload)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	err = s.Write(func(tx *books.Tx) error {
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE application SET request_sha256 = ? WHERE id = ?`, hex.EncodeToString(sum[:]), a.ID); err != nil {
			return err
		}
		if err := addEvent(tx, a.ID, a.Version, now, s.User(), "export", a.State, a.State, ""); err != nil {
			return err
		}
		return tx.Log("application.request_export", "application", a.No, nil, map[string]any{
			"version": a.Version, "sha256": hex.EncodeToString(sum[:]), "attachments": len(rf.Files)})
	})
	if err != nil {
		return nil, err
	}
	return data, nil
}

// StreetRequest is an approval request imported into a street book.
type StreetRequest struct {
	ID            int64
	CommunityCode string
	Community     string
	CommunityUUID string
	AppNo         string
	Version       int
	Signer        string
	FileSHA256    string
	ImportedAt    string
	ImportedBy    string
	State         string // pending, approve, return, reject, superseded
	DecidedAt     string
	DecidedBy     string
	Opinion       string
	ApprovalNo    string
	// App is the application as the community sent it, with its history,
	// deliberation records and attachment list.
	App Application
	// ExportedBy is who in the community exported the request.
	ExportedBy string
}

var streetStateNames = map[string]string{"pending": "待审批", "approve": "已批准", "return": "已退回", "reject": "已驳回", "superseded": "已被新版本取代"}

// StateName is the request's state in Chinese.
func (r StreetRequest) StateName() string { return streetStateNames[r.State] }

// ImportRequest reads a community's signed approval request into a street
// book (by a 街道 user). Refused: a file not signed by a registered community
// of this street, a community claiming another's code, an altered or
// truncated file, the same file or version twice, an older version than one
// already imported.
func ImportRequest(s *books.Session, data []byte) (StreetRequest, error) {
	if err := s.Require("导入审批申请", books.RoleStreet); err != nil {
		return StreetRequest{}, err
	}
	info, err := s.Book().Info()
	if err != nil {
		return StreetRequest{}, err
	}
	if info.Kind != books.KindStreet {
		return StreetRequest{}, books.Errorf(books.Invalid, "审批申请要导入街道账簿，这是社区账簿")
	}
	f, tk, err := s.Book().OpenTrusted(data, books.FileKindRequest)
	if err != nil {
		return StreetRequest{}, err
	}
	if tk.Kind != books.KindCommunity {
		return StreetRequest{}, books.Errorf(books.Forbidden, "审批申请须由社区签名，这个文件的签名人登记为街道")
	}
	var rf requestFile
	if err := json.Unmarshal(f.Payload, &rf); err != nil {
		return StreetRequest{}, books.Errorf(books.Invalid, "审批申请的内容无法读取")
	}
	if rf.Community.Code != tk.Code || (tk.BookUUID != "" && rf.Community.BookUUID != tk.BookUUID) {
		return StreetRequest{}, books.Errorf(books.Forbidden, "文件自称来自社区“%s”（%s），但签名密钥登记的是社区“%s”（%s）", rf.Community.Name, rf.Community.Code, tk.Community, tk.Code)
	}
	if rf.Community.Street != info.Street {
		return StreetRequest{}, books.Errorf(books.Invalid, "这份申请是报给“%s”的，本账簿是“%s”", rf.Community.Street, info.Street)
	}
	a := rf.App
	if a.No == "" || a.Version < 1 {
		return StreetRequest{}, books.Errorf(books.Invalid, "审批申请缺少申请编号或版本")
	}
	if a.State != AppStreetReview {
		return StreetRequest{}, books.Errorf(books.Invalid, "申请 %s 在社区是“%s”，不是待街道审批", a.No, a.StateName())
	}
	for _, att := range a.Attachments {
		found := false
		for _, fa := range rf.Files {
			if fa.ID == att.ID {
				sum := sha256.Sum256(fa.Data)
				if hex.EncodeToString(sum[:]) != att.SHA256 || fa.SHA256 != att.SHA256 {
					return StreetRequest{}, books.Errorf(books.Tampered, "附件 %s 的内容与其 SHA-256 不符", att.Name)
				}
				found = true
			}
		}
		if !found {
			return StreetRequest{}, books.Errorf(books.Tampered, "审批申请缺少附件 %s 的内容", att.Name)
		}
	}
	var r StreetRequest
	err = s.Write(func(tx *books.Tx) error {
		var n int
		tx.QueryRow(`SELECT count(*) FROM street_request WHERE file_sha256 = ?`, f.SHA256).Scan(&n)
		if n > 0 {
			return books.Errorf(books.Conflict, "这个审批申请文件（%s 第 %d 版）已经导入过了", a.No, a.Version)
		}
		var maxV int
		tx.QueryRow(`SELECT coalesce(max(version), 0) FROM street_request WHERE community_code = ? AND app_no = ?`, tk.Code, a.No).Scan(&maxV)
		if a.Version == maxV {
			return books.Errorf(books.Conflict, "社区“%s”的申请 %s 第 %d 版已经导入过了", tk.Community, a.No, a.Version)
		}
		if a.Version < maxV {
			return books.Errorf(books.Conflict, "这是申请 %s 的第 %d 版，已导入的是更新的第 %d 版；旧版本不能再审批", a.No, a.Version, maxV)
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE street_request SET state = 'superseded' WHERE community_code = ? AND app_no = ? AND state = 'pending'`, tk.Code, a.No); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO street_request (community_code, community, app_no, version, signer, file_sha256, payload, imported_at, imported_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tk.Code, tk.Community, a.No, a.Version, f.Signer, f.SHA256, f.Payload, now, s.User().Name)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		r = StreetRequest{ID: id, CommunityCode: tk.Code, Community: tk.Community, AppNo: a.No, Version: a.Version, Signer: f.Signer,
			FileSHA256: f.SHA256, ImportedAt: now, ImportedBy: s.User().Name, State: "pending", App: a, ExportedBy: rf.ExportedBy, CommunityUUID: rf.Community.BookUUID}
		return tx.Log("request.import", "street_request", tk.Code+" "+a.No, nil, map[string]any{
			"community": tk.Community, "code": tk.Code, "no": a.No, "version": a.Version, "amount": books.PlainYuan(a.Amount),
			"level": a.LevelName(), "signer": f.Signer, "sha256": f.SHA256})
	})
	return r, err
}

const streetRequestColumns = `id, community_code, community, app_no, version, signer, file_sha256, payload, imported_at, imported_by,
	state, decided_at, decided_by, opinion, approval_no FROM street_request`

func scanStreetRequest(r scanner) (StreetRequest, error) {
	var sr StreetRequest
	var payload []byte
	err := r.Scan(&sr.ID, &sr.CommunityCode, &sr.Community, &sr.AppNo, &sr.Version, &sr.Signer, &sr.FileSHA256, &payload, &sr.ImportedAt, &sr.ImportedBy,
		&sr.State, &sr.DecidedAt, &sr.DecidedBy, &sr.Opinion, &sr.ApprovalNo)
	if err != nil {
		return sr, err
	}
	var rf requestFile
	if err := json.Unmarshal(payload, &rf); err != nil {
		return sr, err
	}
	sr.App, sr.ExportedBy, sr.CommunityUUID = rf.App, rf.ExportedBy, rf.Community.BookUUID
	return sr, nil
}

// StreetRequests lists the requests imported into a street book, newest
// first; pendingOnly keeps those waiting for a decision.
func StreetRequests(b *books.Book, pendingOnly bool) ([]StreetRequest, error) {
	q := `SELECT ` + streetRequestColumns
	if pendingOnly {
		q += ` WHERE state = 'pending'`
	}
	rows, err := b.Reader().Query(q + ` ORDER BY id DESC`)
	if err != nil {
		return nil, internal("list requests", err)
	}
	defer rows.Close()
	var out []StreetRequest
	for rows.Next() {
		r, err := scanStreetRequest(rows)
		if err != nil {
			return nil, internal("list requests", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// StreetRequest finds the latest imported version of an application; code
// names the community when several communities use the same number.
func FindStreetRequest(b *books.Book, code, appNo string) (StreetRequest, error) {
	q := `SELECT ` + streetRequestColumns + ` WHERE app_no = ?`
	args := []any{strings.TrimSpace(appNo)}
	if code != "" {
		q += ` AND community_code = ?`
		args = append(args, strings.TrimSpace(code))
	} else {
		var n int
		b.Reader().QueryRow(`SELECT count(DISTINCT community_code) FROM street_request WHERE app_no = ?`, appNo).Scan(&n)
		if n > 1 {
			return StreetRequest{}, books.Errorf(books.Invalid, "有 %d 个社区都有编号为 %s 的申请，请用社区代码指明是哪一个", n, appNo)
		}
	}
	r, err := scanStreetRequest(b.Reader().QueryRow(q+` ORDER BY version DESC LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, books.Errorf(books.NotFound, "街道账簿中没有导入编号为 %s 的审批申请", appNo)
	}
	if err != nil {
		return r, internal("read request", err)
	}
	return r, nil
}

// StreetRequestFile returns the bytes of an attachment of an imported request.
func StreetRequestFile(b *books.Book, requestID, attachmentID int64) (Attachment, []byte, error) {
	var payload []byte
	if err := b.Reader().QueryRow(`SELECT payload FROM street_request WHERE id = ?`, requestID).Scan(&payload); err != nil {
		return Attachment{}, nil, books.Errorf(books.NotFound, "审批申请（编号 %d）不存在", requestID)
	}
	var rf requestFile
	if err := json.Unmarshal(payload, &rf); err != nil {
		return Attachment{}, nil, internal("read request", err)
	}
	var att Attachment
	for _, a := range rf.App.Attachments {
		if a.ID == attachmentID {
			att = a
		}
	}
	for _, f := range rf.Files {
		if f.ID == attachmentID && att.ID != 0 {
			return att, f.Data, nil
		}
	}
	return att, nil, books.Errorf(books.NotFound, "审批申请中没有编号为 %d 的附件", attachmentID)
}
