package books

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"
)

func initSigningKey(tx *sql.Tx) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO signing_key (id, private_key, public_key, created_at) VALUES (1, ?, ?, ?)`,
		[]byte(priv), []byte(pub), time.Now().Format("2006-01-02 15:04:05"))
	return err
}

// PublicKey returns the book's ed25519 public key.
func (b *Book) PublicKey() (ed25519.PublicKey, error) {
	var pub []byte
	if err := b.db.QueryRow(`SELECT public_key FROM signing_key WHERE id = 1`).Scan(&pub); err != nil {
		return nil, internal("read public key", err)
	}
	return ed25519.PublicKey(pub), nil
}

// privateKey returns the book's signing key. Only this package signs.
func (b *Book) privateKey() (ed25519.PrivateKey, error) {
	if err := b.RequireSealed("signing_key", nil); err != nil {
		return nil, err
	}
	var priv []byte
	if err := b.db.QueryRow(`SELECT private_key FROM signing_key WHERE id = 1`).Scan(&priv); err != nil {
		return nil, internal("read signing key", err)
	}
	return ed25519.PrivateKey(priv), nil
}

// Fingerprint is a short, readable digest of a public key, to compare over the
// phone: eight groups of four hex digits of its SHA-256.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := strings.ToUpper(hex.EncodeToString(sum[:16]))
	var parts []string
	for i := 0; i < len(h); i += 4 {
		parts = append(parts, h[i:i+4])
	}
	return strings.Join(parts, "-")
}
