package books

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
	"golang.org/x/text/width"
)

// Import files come from office PCs: Excel on a Chinese Windows saves CSV
// in GB18030 (GBK), other programs in UTF-8, with or without a BOM. The
// importer reads the file once to hash it and, on the way, tells the two
// apart; each field is then checked for text neither encoding gives and for
// control characters, and the fields that hold numbers and codes read
// full-width digits (１２３．５０) as the digits they are.

// Encodings an import file is read in.
const (
	EncodingUTF8    = "UTF-8"
	EncodingGB18030 = "GB18030（GBK）"
)

// encodingSniffer counts the multi-byte sequences of what it is written that
// are valid UTF-8 and those that are not.
type encodingSniffer struct {
	carry          []byte
	valid, invalid int
}

func (s *encodingSniffer) Write(p []byte) (int, error) {
	buf := p
	if len(s.carry) > 0 {
		buf = append(s.carry, p...)
	}
	i := 0
	for i < len(buf) {
		if buf[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			break // completed by the next write
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size == 1 {
			s.invalid++
		} else {
			s.valid++
		}
		i += size
	}
	s.carry = append(s.carry[:0], buf[i:]...)
	return len(p), nil
}

// encoding is what the file most likely is: UTF-8 unless its non-ASCII bytes
// are mostly not UTF-8, which is what GBK text looks like to a UTF-8 reader.
// A UTF-8 file with a few broken bytes stays UTF-8, and the broken fields
// are refused by name (checkField).
func (s *encodingSniffer) encoding() string {
	invalid := s.invalid
	if len(s.carry) > 0 {
		invalid++
	}
	if invalid > s.valid {
		return EncodingGB18030
	}
	return EncodingUTF8
}

// decoded reads r in encoding as UTF-8.
func decoded(r io.Reader, encoding string) io.Reader {
	if encoding == EncodingGB18030 {
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	return r
}

// checkField refuses a field whose text is not what the file's encoding
// gives (broken bytes, or a GB18030 sequence that maps to nothing), or that
// holds a control character (NUL, a line break inside a quoted field, …).
func checkField(s, encoding string) string {
	if !utf8.ValidString(s) || (encoding == EncodingGB18030 && strings.ContainsRune(s, utf8.RuneError)) {
		return fmt.Sprintf("含有无法识别的文字（文件按 %s 读取；请确认文件是 UTF-8 或 GBK 编码，另存为“CSV UTF-8”可避免此问题）", encoding)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Sprintf("含有控制字符（U+%04X），文件可能已损坏或不是文本", r)
		}
	}
	return ""
}

// narrowDigits reads full-width digits, signs, points and commas (１２３．５０)
// as their ASCII forms; the rest of s is left as it is.
func narrowDigits(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Narrow.String(s)
		}
	}
	return s
}
