package ui

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sunbooks/assets"
)

var update = flag.Bool("update", false, "rewrite zh-Hans.json from the inline Chinese and drop stale keys from en.json")

// Every string the UI shows through lang.X has its key in both translation
// files, and zh-Hans.json holds the same Chinese as the inline fallback.
// `go test ./ui -run Translated -update` rewrites zh-Hans.json and drops keys no
// longer used from en.json; English for new keys is written by a person.
func TestEveryUIStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	call := regexp.MustCompile(`lang\.X\(\s*"([^"]+)",\s*"((?:[^"\\]|\\.)*)"`)
	inline := map[string]string{}
	for _, f := range files {
		if matched, _ := filepath.Match("*_test.go", f); matched {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			var s string
			if err := json.Unmarshal([]byte(`"`+m[2]+`"`), &s); err != nil {
				t.Fatalf("%s: fallback of %s: %v", f, m[1], err)
			}
			if old, ok := inline[m[1]]; ok && old != s {
				t.Errorf("key %q has two texts: %q and %q; one key, one text", m[1], old, s)
			}
			inline[m[1]] = s
		}
	}
	if len(inline) < 100 {
		t.Fatalf("found only %d lang.X calls; the pattern is broken", len(inline))
	}
	if *update {
		// The files are embedded in the test binary: check them on the next run.
		writeTranslations(t, inline)
		return
	}
	for _, lang := range []string{"zh-Hans", "en"} {
		data, err := assets.Translations.ReadFile("translations/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var tr map[string]string
		if err := json.Unmarshal(data, &tr); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for k, zh := range inline {
			got, ok := tr[k]
			switch {
			case !ok:
				t.Errorf("%s.json has no %q (%s)", lang, k, zh)
			case lang == "zh-Hans" && got != zh:
				t.Errorf("zh-Hans.json[%q] = %q, want the inline %q", k, got, zh)
			}
		}
	}
}

// writeTranslations rewrites ../assets/translations: zh-Hans.json from the inline
// Chinese, en.json without the keys no longer used.
func writeTranslations(t *testing.T, inline map[string]string) {
	t.Helper()
	dir := filepath.Join("..", "assets", "translations")
	write := func(name string, m map[string]string) {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // "<付款人>" stays readable
		enc.SetIndent("", " ")
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("zh-Hans.json", inline)
	var en map[string]string
	data, err := os.ReadFile(filepath.Join(dir, "en.json"))
	if err == nil {
		err = json.Unmarshal(data, &en)
	}
	if err != nil {
		t.Fatalf("en.json: %v", err)
	}
	for k := range en {
		if _, ok := inline[k]; !ok {
			delete(en, k)
		}
	}
	write("en.json", en)
}
