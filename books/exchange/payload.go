package exchange

// A package's payload, read in one pass: each part is decoded where it
// stands while its bytes are kept for their SHA-256, so a package's
// megabytes are scanned twice (once to find where a value ends, once to
// decode it), not four times as through a map of raw parts.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"sunbooks/books"
)

// readPayload reads the manifest into p and each part the package format
// knows into its place in p, and returns every part's bytes by name. A part
// of another name is kept unread (the manifest check refuses it). A payload
// that is not JSON, or not an object of the manifest and the parts, is
// refused as unreadable; a part of the wrong shape is named.
func (p *Package) readPayload(payload []byte) (map[string][]byte, error) {
	unreadable := books.Errorf(books.Tampered, "数据包内容无法读取")
	into := map[string]any{"accounts": &p.accounts, "compounds": &p.compounds, "vouchers": &p.vouchers,
		"balances": &p.balances, "opening": &p.opening, "applications": &p.applications, "statements": &p.statements}
	dec := json.NewDecoder(bytes.NewReader(payload))
	if !delim(dec, '{') {
		return nil, unreadable
	}
	raw := map[string][]byte{}
	seen := map[string]bool{}
	for dec.More() {
		key, ok := name(dec)
		if !ok || seen[key] {
			return nil, unreadable
		}
		seen[key] = true
		switch key {
		case "manifest":
			if dec.Decode(&p.Manifest) != nil {
				return nil, unreadable
			}
		case "parts":
			if !delim(dec, '{') {
				return nil, unreadable
			}
			for dec.More() {
				part, ok := name(dec)
				if !ok {
					return nil, unreadable
				}
				if _, twice := raw[part]; twice {
					return nil, books.Errorf(books.Tampered, "数据包的“%s”部分出现了两次", part)
				}
				start := dec.InputOffset()
				var err error
				if v, known := into[part]; known {
					err = dec.Decode(v)
				} else {
					err = dec.Decode(new(json.RawMessage))
				}
				var syntax *json.SyntaxError
				switch {
				case errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
					return nil, unreadable
				case err != nil:
					return nil, books.Errorf(books.Tampered, "数据包“%s”部分无法读取", part)
				}
				// From after the part's name to the end of its value: the
				// separator, then the value as written.
				raw[part] = bytes.TrimLeft(payload[start:dec.InputOffset()], " \t\r\n:")
			}
			if !delim(dec, '}') {
				return nil, unreadable
			}
		default:
			if dec.Decode(new(json.RawMessage)) != nil {
				return nil, unreadable
			}
		}
	}
	if !delim(dec, '}') {
		return nil, unreadable
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, unreadable
	}
	return raw, nil
}

// delim reads the next token, which must be d.
func delim(dec *json.Decoder, d json.Delim) bool {
	t, err := dec.Token()
	return err == nil && t == d
}

// name reads an object's next key.
func name(dec *json.Decoder) (string, bool) {
	t, err := dec.Token()
	s, ok := t.(string)
	return s, err == nil && ok
}

// payloadJSON writes a package's payload as json.Marshal writes its
// packagePayload — the keys in order, each part as it is (json.Marshal's
// own output) — without a pass over megabytes of parts to compact them.
func payloadJSON(m PackageManifest, parts map[string][]byte) ([]byte, error) {
	head, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	names := pkgSortedKeys(parts)
	n := len(head) + 32
	for _, name := range names {
		n += len(name) + len(parts[name]) + 4
	}
	out := make([]byte, 0, n)
	out = append(out, `{"manifest":`...)
	out = append(out, head...)
	out = append(out, `,"parts":{`...)
	for i, name := range names {
		if i > 0 {
			out = append(out, ',')
		}
		// Part names are the package's own plain words: no escaping.
		out = append(out, '"')
		out = append(out, name...)
		out = append(out, `":`...)
		out = append(out, parts[name]...)
	}
	return append(out, "}}"...), nil
}
