package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"sunbooks/books"
)

// exportedPayload is the signed file of a package of January and February,
// read back.
func exportedPayload(t *testing.T) books.SignedFile {
	t.Helper()
	tb := closedCommunity(t)
	res, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	f, err := books.ReadSigned(res.Data, books.FileKindPackage)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The payload is written as json.Marshal writes packagePayload, byte for
// byte, and reads back to the same manifest and parts.
func TestPayloadIsJSONMarshalsLayout(t *testing.T) {
	f := exportedPayload(t)
	var pl packagePayload
	if err := json.Unmarshal(f.Payload, &pl); err != nil {
		t.Fatal(err)
	}
	if len(pl.Parts) != len(packageParts[packageVersion]) || len(pl.Parts["statements"]) < 100 {
		t.Fatalf("parts %d, statements %d bytes", len(pl.Parts), len(pl.Parts["statements"]))
	}
	want, err := json.Marshal(pl)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Payload, want) {
		t.Errorf("payload is not json.Marshal's layout:\n%.300s\nwant\n%.300s", f.Payload, want)
	}
	parts := map[string][]byte{}
	for k, v := range pl.Parts {
		parts[k] = v
	}
	// A part holding what json.Marshal escapes in strings.
	parts["compounds"] = []byte(`[{"name":"\u003c和平\u0026小区\u003e","archived":false}]`)
	got, err := payloadJSON(pl.Manifest, parts)
	if err != nil {
		t.Fatal(err)
	}
	pl.Parts["compounds"] = parts["compounds"]
	if want, _ := json.Marshal(pl); !bytes.Equal(got, want) {
		t.Errorf("escaped part:\n%.300s\nwant\n%.300s", got, want)
	}
}

// The payload is read whatever the order of its keys and the spacing
// between them; each part's hash is over its value as written. A part given
// twice, a part of the wrong shape, and anything after the payload are
// refused with what is wrong.
func TestPayloadReadInOnePass(t *testing.T) {
	f := exportedPayload(t)
	want, err := decodePackage(f.Payload)
	if err != nil {
		t.Fatal(err)
	}
	var pl packagePayload
	if err := json.Unmarshal(f.Payload, &pl); err != nil {
		t.Fatal(err)
	}
	// Parts first, then the manifest, spaced out, with a key of no meaning.
	var b bytes.Buffer
	b.WriteString("{\n \"parts\" : {")
	for i, name := range pkgSortedKeys(pl.Parts) {
		if i > 0 {
			b.WriteString(" ,\n")
		}
		fmt.Fprintf(&b, "%q :\t%s", name, pl.Parts[name])
	}
	manifest, _ := json.Marshal(pl.Manifest)
	fmt.Fprintf(&b, "} ,\"note\": [1, {\"x\": 2}], \"manifest\":%s }\n", manifest)
	got, err := decodePackage(b.Bytes())
	if err != nil {
		t.Fatalf("reordered payload: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the reordered payload reads differently")
	}
	compounds := `"compounds":` + string(pl.Parts["compounds"])
	for _, tc := range []struct{ payload, words string }{
		{strings.Replace(string(f.Payload), compounds, compounds+","+compounds, 1), "数据包的“compounds”部分出现了两次"},
		{strings.Replace(string(f.Payload), compounds, `"compounds":{"name":"和平小区"}`, 1), "数据包“compounds”部分无法读取"},
		{strings.Replace(string(f.Payload), compounds, `"compounds":[{"name":"和平小区"]`, 1), "数据包内容无法读取"},
		{string(f.Payload) + " {}", "数据包内容无法读取"},
		{string(f.Payload[:len(f.Payload)-1]), "数据包内容无法读取"},
		{`{"manifest":` + string(manifest) + `,"manifest":` + string(manifest) + `}`, "数据包内容无法读取"},
		{`[]`, "数据包内容无法读取"},
	} {
		_, err := decodePackage([]byte(tc.payload))
		if books.ErrorCode(err) != books.Tampered || books.ErrorMessage(err) != tc.words {
			t.Errorf("%.80s…: %v, want %q", tc.payload, err, tc.words)
		}
	}
}
