package exchange

import (
	"bytes"
	"encoding/json"
	"testing"

	"sunbooks/books"
)

// The payload is written as json.Marshal writes packagePayload, byte for
// byte, and reads back to the same manifest and parts.
func TestPayloadIsJSONMarshalsLayout(t *testing.T) {
	tb := closedCommunity(t)
	res, err := Export(t.Context(), tb.Accountant, 202601, 202602)
	if err != nil {
		t.Fatal(err)
	}
	f, err := books.ReadSigned(res.Data, books.FileKindPackage)
	if err != nil {
		t.Fatal(err)
	}
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
