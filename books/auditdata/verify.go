package auditdata

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"sunbooks/books"
)

// Verify checks an export in dir: the manifest's signature (by trusted, or,
// when trusted is nil, by the key it carries, whose fingerprint the caller
// shows to be compared), that manifest.json is what was signed, and that
// every file listed is there with its size and SHA-256, and nothing else.
// It returns the manifest and the problems found, each naming its file.
func Verify(dir string, trusted ed25519.PublicKey) (Manifest, []string, error) {
	var m Manifest
	signed, err := os.ReadFile(filepath.Join(dir, SignedManifest))
	if err != nil {
		return m, nil, books.Errorf(books.NotFound, "%s 里没有签名的清单 %s：不是审计数据导出的文件夹", dir, SignedManifest)
	}
	var sf books.SignedFile
	if trusted != nil {
		sf, err = books.OpenSigned(signed, books.FileKindAudit, trusted)
	} else {
		sf, err = books.ReadSigned(signed, books.FileKindAudit)
	}
	if err != nil {
		return m, nil, err
	}
	if err := json.Unmarshal(sf.Payload, &m); err != nil || m.Format != Format {
		return m, nil, books.Errorf(books.Invalid, "%s 签名的内容不是审计数据清单", SignedManifest)
	}
	var problems []string
	plain, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	switch {
	case err != nil:
		problems = append(problems, fmt.Sprintf("%s 不见了（签名的清单里有同样的内容）", ManifestFile))
	case !bytes.Equal(plain, sf.Payload):
		problems = append(problems, fmt.Sprintf("%s 与签名的清单不一致：被改过", ManifestFile))
	}
	listed := map[string]bool{ManifestFile: true, SignedManifest: true}
	for _, f := range m.Files {
		listed[f.File] = true
		data, err := os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s 不见了", f.File))
			continue
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 {
			problems = append(problems, fmt.Sprintf("%s 与清单不一致（清单 %d 字节，SHA-256 %s…；现在 %d 字节，%s…）：被改过",
				f.File, f.Bytes, f.SHA256[:16], len(data), hex.EncodeToString(sum[:8])))
		}
	}
	entries, _ := os.ReadDir(dir)
	var extra []string
	for _, e := range entries {
		if !listed[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		problems = append(problems, fmt.Sprintf("%s 不在清单里：不是这次导出的文件", name))
	}
	return m, problems, nil
}
