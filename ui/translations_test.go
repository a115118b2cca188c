package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"sunbooks/assets"
)

// Every string the UI shows through lang.X has its key in both translation
// files, and zh.json holds the same Chinese as the inline fallback.
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
	for _, lang := range []string{"zh", "en"} {
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
			case lang == "zh" && got != zh:
				t.Errorf("zh.json[%q] = %q, want the inline %q", k, got, zh)
			}
		}
	}
}
