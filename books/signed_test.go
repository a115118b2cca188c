package books

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSignedFileRoundTripAndRefusals(t *testing.T) {
	tb := newTestBook(t)
	other := newTestBook(t)
	pub, _ := tb.PublicKey()
	otherPub, _ := other.PublicKey()
	data, err := tb.SignFile(FileKindRequest, []byte(`{"hello":"世界"}`))
	if err != nil {
		t.Fatal(err)
	}
	f, err := OpenSigned(data, FileKindRequest, pub)
	if err != nil {
		t.Fatalf("OpenSigned: %v", err)
	}
	if string(f.Payload) != `{"hello":"世界"}` || f.Signer != Fingerprint(pub) {
		t.Fatalf("payload %q signer %s", f.Payload, f.Signer)
	}
	otherData, _ := other.SignFile(FileKindRequest, []byte(`{"hello":"世界"}`))

	swapSig := func() []byte {
		var a, b map[string]any
		json.Unmarshal(data, &a)
		json.Unmarshal(otherData, &b)
		a["signature"] = b["signature"]
		out, _ := json.Marshal(a)
		return out
	}
	swapPayload := func() []byte {
		var a map[string]any
		json.Unmarshal(data, &a)
		a["payload"] = "eyJoZWxsbyI6Inh4In0=" // {"hello":"xx"}
		out, _ := json.Marshal(a)
		return out
	}
	flip := func(i int) []byte {
		d := bytes.Clone(data)
		d[i] ^= 0x01
		return d
	}
	cases := []struct {
		name string
		data []byte
		kind string
		code Code
	}{
		{"truncated file is refused", data[:len(data)/2], FileKindRequest, Tampered},
		{"empty file is refused", nil, FileKindRequest, Tampered},
		{"swapped signature is refused", swapSig(), FileKindRequest, Tampered},
		{"altered payload is refused", swapPayload(), FileKindRequest, Tampered},
		{"wrong kind is refused", data, FileKindDecision, Invalid},
		{"unknown signer is refused", otherData, FileKindRequest, Forbidden},
		{"not a signed file", []byte("PK\x03\x04 zip"), FileKindRequest, Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := OpenSigned(c.data, c.kind, pub)
			if ErrorCode(err) != c.code {
				t.Fatalf("OpenSigned = %v, want code %s", err, c.code)
			}
			if ErrorMessage(err) == "" {
				t.Fatal("no message")
			}
		})
	}
	// Every single-byte flip inside the JSON values must be refused.
	for i := 0; i < len(data); i++ {
		d := flip(i)
		if _, err := OpenSigned(d, FileKindRequest, pub); err == nil {
			var a, b map[string]any
			if json.Unmarshal(d, &a) == nil && json.Unmarshal(data, &b) == nil && equalJSON(a, b) {
				continue // a flip in insignificant whitespace
			}
			t.Fatalf("flipping byte %d (%q) was accepted", i, data[i])
		}
	}
	if _, err := OpenSigned(otherData, FileKindRequest, otherPub); err != nil {
		t.Fatalf("other's own key: %v", err)
	}
}

func equalJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// The envelope is written byte for byte as json.MarshalIndent writes it,
// the payload spliced in, whatever the payload holds (even the payload
// field's own text), and opens back to the same payload.
func TestSignedEnvelopeIsMarshalIndentsLayout(t *testing.T) {
	tb := newTestBook(t)
	pub, _ := tb.PublicKey()
	priv, err := tb.privateKey()
	if err != nil {
		t.Fatal(err)
	}
	binary := make([]byte, 1000)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	for _, payload := range [][]byte{nil, []byte(`{"payload": ""}`), []byte("\"payload\": \"\"\n<&>"), binary} {
		data, err := signWith(priv, FileKindRequest, "2026-12-07 10:00:00", payload)
		if err != nil {
			t.Fatal(err)
		}
		var e envelope
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatalf("%q: %v", payload, err)
		}
		want, err := json.MarshalIndent(e, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, append(want, '\n')) {
			t.Errorf("%q: written\n%s\nwant\n%s", payload, data, want)
		}
		f, err := OpenSigned(data, FileKindRequest, pub)
		if err != nil {
			t.Fatalf("%q: %v", payload, err)
		}
		if !bytes.Equal(f.Payload, payload) {
			t.Errorf("payload %q opened as %q", payload, f.Payload)
		}
	}
}

// The payload's text is read as it stands when it has no escapes, and
// unescaped like any JSON string when it has: a file written by another
// JSON writer (\/ for /, \u0041 for A) opens the same; a payload that is
// not a string is refused as a broken structure.
func TestSignedPayloadTextWithEscapes(t *testing.T) {
	tb := newTestBook(t)
	pub, _ := tb.PublicKey()
	payload := []byte{0xff, 0xfe, 0x00, 0x41, '?', '?', '>'} // base64 "//4AQT8/Pg=="
	data, err := tb.SignFile(FileKindRequest, payload)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"//4AQT8/Pg=="`)) {
		t.Fatalf("payload text not found in %s", data)
	}
	escaped := bytes.Replace(data, []byte(`"//4AQT8/Pg=="`), []byte(`"\/\/4\u0041QT8\/Pg=="`), 1)
	f, err := OpenSigned(escaped, FileKindRequest, pub)
	if err != nil || !bytes.Equal(f.Payload, payload) {
		t.Fatalf("escaped payload: %q, %v", f.Payload, err)
	}
	number := bytes.Replace(data, []byte(`"//4AQT8/Pg=="`), []byte(`12`), 1)
	if _, err := OpenSigned(number, FileKindRequest, pub); ErrorCode(err) != Tampered || !strings.Contains(err.Error(), "无法读出签名文件的结构") {
		t.Errorf("a number for the payload: %v", err)
	}
	broken := bytes.Replace(data, []byte(`"//4AQT8/Pg=="`), []byte(`"//4AQT8/Pg="`), 1)
	if _, err := OpenSigned(broken, FileKindRequest, pub); ErrorCode(err) != Tampered || !strings.Contains(err.Error(), "无法解码") {
		t.Errorf("broken base64: %v", err)
	}
}
