package books

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// The signed envelope is the one format of every file a book exports for
// another book (approval requests, street decisions, public keys, street
// policies, period packages). It is a JSON object:
//
//	{"format": "sunbooks-signed", "version": 1, "kind": "approval-request",
//	 "signer": "ABCD-…" (Fingerprint of the key), "public_key": base64,
//	 "signed_at": "2026-03-10 09:00:00", "payload_sha256": hex,
//	 "payload": base64, "signature": base64}
//
// The signature covers signedMessage: the format, version, kind, signer,
// signing time and the payload's SHA-256, so neither the payload nor the kind
// nor the header can be changed without breaking it. The public key is carried
// for convenience only: a reader trusts the signer only when the key is one it
// registered before (OpenSigned's trusted keys).
const (
	signedFormat  = "sunbooks-signed"
	signedVersion = 1
)

// File kinds carried in signed envelopes.
const (
	FileKindPublicKey = "public-key"       // a book's public key (key export)
	FileKindRequest   = "approval-request" // a community's approval request
	FileKindDecision  = "street-decision"  // a street's decision on a request
	FileKindPolicy    = "street-policy"    // a street's thresholds and procedures
	FileKindPackage   = "period-package"   // a community's period package
	FileKindAudit     = "audit-manifest"   // the manifest of an audit data export
)

var fileKindNames = map[string]string{
	FileKindPublicKey: "公钥文件",
	FileKindRequest:   "审批申请文件",
	FileKindDecision:  "街道审批决定文件",
	FileKindPolicy:    "街道政策文件",
	FileKindPackage:   "期间数据包",
	FileKindAudit:     "审计数据清单",
}

// FileKindName returns a signed file kind in Chinese.
func FileKindName(kind string) string {
	if n, ok := fileKindNames[kind]; ok {
		return n
	}
	return "“" + kind + "”类文件"
}

type envelope struct {
	Format        string     `json:"format"`
	Version       int        `json:"version"`
	Kind          string     `json:"kind"`
	Signer        string     `json:"signer"`
	PublicKey     string     `json:"public_key"`
	SignedAt      string     `json:"signed_at"`
	PayloadSHA256 string     `json:"payload_sha256"`
	Payload       base64Text `json:"payload"`
	Signature     string     `json:"signature"`
}

// base64Text is an envelope field's base64 text, as the file has it. The
// payload's megabytes are taken as they stand between the quotes — base64
// has nothing to unescape — rather than unquoted into a string first.
type base64Text []byte

func (t base64Text) MarshalJSON() ([]byte, error) { return json.Marshal(string(t)) }

func (t *base64Text) UnmarshalJSON(data []byte) error {
	if n := len(data); n >= 2 && data[0] == '"' && data[n-1] == '"' && bytes.IndexByte(data, '\\') < 0 {
		*t = append((*t)[:0], data[1:n-1]...)
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*t = base64Text(s)
	return nil
}

// SignedFile is an opened and verified signed envelope.
type SignedFile struct {
	Kind      string
	Signer    string // fingerprint of the signing key
	PublicKey ed25519.PublicKey
	SignedAt  string
	Payload   []byte
	// SHA256 is the hex SHA-256 of the whole file as read: what a book stores
	// to recognise the same file imported twice.
	SHA256 string
}

func signedMessage(e envelope) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n%d\n%s\n%s\n%s\n%s\n", e.Format, e.Version, e.Kind, e.Signer, e.SignedAt, e.PayloadSHA256)
	return b.Bytes()
}

// SignFile wraps payload in a signed envelope of the given kind, signed with
// the book's own key.
func (b *Book) SignFile(kind string, payload []byte) ([]byte, error) {
	priv, err := b.privateKey()
	if err != nil {
		return nil, err
	}
	return signWith(priv, kind, b.stamp(), payload)
}

func signWith(priv ed25519.PrivateKey, kind, at string, payload []byte) ([]byte, error) {
	pub := priv.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(payload)
	e := envelope{Format: signedFormat, Version: signedVersion, Kind: kind, Signer: Fingerprint(pub),
		PublicKey: base64.StdEncoding.EncodeToString(pub), SignedAt: at,
		PayloadSHA256: hex.EncodeToString(sum[:])}
	e.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, signedMessage(e)))
	// The payload, in base64, is nearly all of the file: it is written
	// into the laid-out envelope where json.MarshalIndent would put it
	// (base64 needs no escaping), rather than indented byte by byte with
	// the rest — for a period package, megabytes.
	out, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		return nil, internal("sign file", err)
	}
	const field = `"payload": "`
	i := bytes.Index(out, []byte(field+`"`))
	if i < 0 {
		return nil, internal("sign file", fmt.Errorf("no payload field in %q", out))
	}
	i += len(field)
	file := make([]byte, 0, len(out)+base64.StdEncoding.EncodedLen(len(payload))+1)
	file = append(file, out[:i]...)
	file = base64.StdEncoding.AppendEncode(file, payload)
	file = append(file, out[i:]...)
	return append(file, '\n'), nil
}

// ReadSigned checks a signed envelope's structure, payload hash and signature
// against the key it carries, without deciding whether that key is trusted.
// kind, when not empty, is the kind the caller expects. Callers that act on
// the content use OpenSigned (or Book.OpenTrusted) instead.
func ReadSigned(data []byte, kind string) (SignedFile, error) {
	var f SignedFile
	if limit := maxSigned(kind); int64(len(data)) > limit {
		return f, Errorf(Invalid, "%s有 %.1f MB，超过 %s 的上限，没有读取", FileKindName(kind), float64(len(data))/(1<<20), sizeLimit(limit))
	}
	var e envelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		if len(bytes.TrimSpace(data)) == 0 {
			return f, Errorf(Tampered, "文件是空的，不是阳光账本的签名文件")
		}
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return f, Errorf(Tampered, "文件不完整或被改动过（无法读出签名文件的结构），请让对方重新导出")
		}
		return f, Errorf(Invalid, "这个文件不是阳光账本的签名文件")
	}
	if dec.More() {
		return f, Errorf(Tampered, "文件末尾有多余内容，可能被改动过，请让对方重新导出")
	}
	if e.Format != signedFormat {
		return f, Errorf(Invalid, "这个文件不是阳光账本的签名文件")
	}
	if e.Version != signedVersion {
		return f, Errorf(Invalid, "签名文件的格式版本 %d 本程序不认识，请升级阳光账本", e.Version)
	}
	if kind != "" && e.Kind != kind {
		return f, Errorf(Invalid, "文件类型不对：这是%s，这里需要%s", FileKindName(e.Kind), FileKindName(kind))
	}
	pub, err := base64.StdEncoding.Strict().DecodeString(e.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return f, Errorf(Tampered, "文件中的签名公钥已损坏，文件被改动过")
	}
	if Fingerprint(pub) != e.Signer {
		return f, Errorf(Tampered, "文件中的签名人指纹与公钥不符，文件被改动过")
	}
	payload := make([]byte, base64.StdEncoding.DecodedLen(len(e.Payload)))
	n, err := base64.StdEncoding.Strict().Decode(payload, e.Payload)
	payload = payload[:n]
	if err != nil {
		return f, Errorf(Tampered, "文件内容已损坏（无法解码），文件被截断或改动过")
	}
	sum := sha256.Sum256(payload)
	if hex.EncodeToString(sum[:]) != e.PayloadSHA256 {
		return f, Errorf(Tampered, "文件内容与其摘要不符，文件被截断或改动过")
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(e.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return f, Errorf(Tampered, "文件的签名已损坏，文件被改动过")
	}
	if !ed25519.Verify(pub, signedMessage(e), sig) {
		return f, Errorf(Tampered, "签名验证失败：文件被改动过，或签名不是用文件所称的密钥做的")
	}
	whole := sha256.Sum256(data)
	return SignedFile{Kind: e.Kind, Signer: e.Signer, PublicKey: ed25519.PublicKey(pub), SignedAt: e.SignedAt,
		Payload: payload, SHA256: hex.EncodeToString(whole[:])}, nil
}

// OpenSigned reads a signed envelope of the expected kind and accepts it only
// when its signature is valid and made by one of the trusted keys.
func OpenSigned(data []byte, kind string, trusted ...ed25519.PublicKey) (SignedFile, error) {
	f, err := ReadSigned(data, kind)
	if err != nil {
		return f, err
	}
	for _, k := range trusted {
		if bytes.Equal(k, f.PublicKey) {
			return f, nil
		}
	}
	return f, Errorf(Forbidden, "签名人不受信任：文件由指纹为 %s 的密钥签名，本账簿没有登记这个密钥（请先核对指纹并用“trust”登记对方的公钥）", f.Signer)
}

// OpenTrusted opens a signed file of the expected kind whose signer must be a
// key registered in this book's trust registry (see Session.Trust); it
// returns the file and the registered party.
func (b *Book) OpenTrusted(data []byte, kind string) (SignedFile, TrustedKey, error) {
	f, err := ReadSigned(data, kind)
	if err != nil {
		return f, TrustedKey{}, err
	}
	tk, err := b.TrustedKeyByFingerprint(f.Signer)
	if err != nil {
		if ErrorCode(err) == NotFound {
			return f, tk, Errorf(Forbidden, "签名人不受信任：文件由指纹为 %s 的密钥签名，本账簿没有登记这个密钥（请先核对指纹并用“trust”登记对方的公钥）", f.Signer)
		}
		return f, tk, err
	}
	if !bytes.Equal(tk.PublicKey, f.PublicKey) {
		return f, tk, Errorf(Tampered, "文件的签名公钥与登记的不一致")
	}
	return f, tk, nil
}
