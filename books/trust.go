package books

import (
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
)

// TrustedKey is another book's public key registered in this one: the street
// of a community book, or one of the communities of a street book.
type TrustedKey struct {
	ID          int64
	Fingerprint string
	PublicKey   ed25519.PublicKey
	Kind        string // KindStreet or KindCommunity
	Street      string
	Community   string
	Code        string
	BookUUID    string
	CreatedAt   string
}

// keyFile is the payload of a public-key file (key export).
type keyFile struct {
	Kind      string `json:"kind"`
	Street    string `json:"street"`
	Community string `json:"community,omitempty"`
	Code      string `json:"code"`
	BookUUID  string `json:"book_uuid"`
}

// ExportPublicKey writes the book's public key with its identity as a signed
// file (signed by the key itself, which proves possession; trust comes from
// reading the fingerprint over the phone).
func (b *Book) ExportPublicKey() ([]byte, error) {
	info, err := b.Info()
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(keyFile{Kind: info.Kind, Street: info.Street, Community: info.Community, Code: info.Code, BookUUID: info.UUID})
	if err != nil {
		return nil, internal("export key", err)
	}
	return b.SignFile(FileKindPublicKey, payload)
}

// ReadPublicKeyFile reads a public-key file without registering it, so the
// user can compare the fingerprint first.
func ReadPublicKeyFile(data []byte) (TrustedKey, error) {
	f, err := ReadSigned(data, FileKindPublicKey)
	if err != nil {
		return TrustedKey{}, err
	}
	var k keyFile
	if err := json.Unmarshal(f.Payload, &k); err != nil {
		return TrustedKey{}, Errorf(Invalid, "公钥文件的内容无法读取")
	}
	if k.Kind != KindStreet && k.Kind != KindCommunity {
		return TrustedKey{}, Errorf(Invalid, "公钥文件没有说明是街道还是社区的账簿")
	}
	return TrustedKey{Fingerprint: f.Signer, PublicKey: f.PublicKey, Kind: k.Kind, Street: k.Street,
		Community: k.Community, Code: k.Code, BookUUID: k.BookUUID}, nil
}

// Trust registers another book's public key: a community book trusts its
// street (one street key; a new one replaces the old, logged), a street book
// trusts each of its communities (a registry by community code). The 会计 of a
// community book or a 街道 user of a street book does it.
func (s *Session) Trust(data []byte) (TrustedKey, error) {
	info, err := s.b.Info()
	if err != nil {
		return TrustedKey{}, err
	}
	if err := s.requireManager(info); err != nil {
		return TrustedKey{}, Errorf(Forbidden, "登记公钥需要会计（街道账簿中为街道用户）")
	}
	k, err := ReadPublicKeyFile(data)
	if err != nil {
		return k, err
	}
	own, err := s.b.PublicKey()
	if err != nil {
		return k, err
	}
	if Fingerprint(own) == k.Fingerprint {
		return k, Errorf(Invalid, "这是本账簿自己的公钥，不需要登记")
	}
	switch info.Kind {
	case KindCommunity:
		if k.Kind != KindStreet {
			return k, Errorf(Invalid, "社区账簿只登记街道的公钥；这个文件是社区“%s”的公钥", k.Community)
		}
		if k.Street != info.Street {
			return k, Errorf(Invalid, "这是“%s”的公钥，本社区属于“%s”", k.Street, info.Street)
		}
	case KindStreet:
		if k.Kind != KindCommunity {
			return k, Errorf(Invalid, "街道账簿登记的是所辖社区的公钥；这个文件是街道“%s”的公钥", k.Street)
		}
		if k.Street != info.Street {
			return k, Errorf(Invalid, "社区“%s”属于“%s”，不属于本街道“%s”", k.Community, k.Street, info.Street)
		}
	}
	err = s.b.write(func(tx *sql.Tx) error {
		now := s.b.stamp()
		var before any
		var oldID int64
		var oldFP string
		q := `SELECT id, fingerprint FROM trusted_key WHERE kind = 'street'`
		args := []any{}
		if k.Kind == KindCommunity {
			q = `SELECT id, fingerprint FROM trusted_key WHERE kind = 'community' AND code = ?`
			args = append(args, k.Code)
		}
		err := tx.QueryRow(q, args...).Scan(&oldID, &oldFP)
		if err == nil {
			if oldFP == k.Fingerprint {
				return Errorf(Conflict, "这个公钥（指纹 %s）已经登记过了", k.Fingerprint)
			}
			before = map[string]string{"fingerprint": oldFP}
			if _, err := tx.Exec(`DELETE FROM trusted_key WHERE id = ?`, oldID); err != nil {
				return err
			}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var n int
		tx.QueryRow(`SELECT count(*) FROM trusted_key WHERE fingerprint = ?`, k.Fingerprint).Scan(&n)
		if n > 0 {
			return Errorf(Conflict, "这个公钥（指纹 %s）已经登记在另一个单位名下", k.Fingerprint)
		}
		res, err := tx.Exec(`INSERT INTO trusted_key (fingerprint, public_key, kind, street, community, code, book_uuid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			k.Fingerprint, []byte(k.PublicKey), k.Kind, k.Street, k.Community, k.Code, k.BookUUID, now)
		if err != nil {
			return err
		}
		k.ID, _ = res.LastInsertId()
		k.CreatedAt = now
		return appendLog(tx, now, s.user, "key.trust", "trusted_key", k.Fingerprint, before, map[string]string{
			"fingerprint": k.Fingerprint, "kind": k.Kind, "street": k.Street, "community": k.Community, "code": k.Code})
	})
	return k, err
}

// TrustedKeys lists the registered keys.
func (b *Book) TrustedKeys() ([]TrustedKey, error) {
	rows, err := b.db.Query(`SELECT id, fingerprint, public_key, kind, street, community, code, book_uuid, created_at FROM trusted_key ORDER BY kind, code`)
	if err != nil {
		return nil, internal("list trusted keys", err)
	}
	defer rows.Close()
	var out []TrustedKey
	for rows.Next() {
		var k TrustedKey
		var pub []byte
		if err := rows.Scan(&k.ID, &k.Fingerprint, &pub, &k.Kind, &k.Street, &k.Community, &k.Code, &k.BookUUID, &k.CreatedAt); err != nil {
			return nil, internal("list trusted keys", err)
		}
		k.PublicKey = ed25519.PublicKey(pub)
		out = append(out, k)
	}
	return out, rows.Err()
}

// TrustedKeyByFingerprint finds a registered key.
func (b *Book) TrustedKeyByFingerprint(fp string) (TrustedKey, error) {
	// A key slipped into the registry by hand is trusted for nothing.
	if err := b.RequireSealed("trusted_key", nil); err != nil {
		return TrustedKey{}, err
	}
	var k TrustedKey
	var pub []byte
	err := b.db.QueryRow(`SELECT id, fingerprint, public_key, kind, street, community, code, book_uuid, created_at FROM trusted_key WHERE fingerprint = ?`,
		strings.TrimSpace(fp)).Scan(&k.ID, &k.Fingerprint, &pub, &k.Kind, &k.Street, &k.Community, &k.Code, &k.BookUUID, &k.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return k, Errorf(NotFound, "没有登记指纹为 %s 的公钥", fp)
	}
	if err != nil {
		return k, internal("read trusted key", err)
	}
	k.PublicKey = ed25519.PublicKey(pub)
	return k, nil
}
