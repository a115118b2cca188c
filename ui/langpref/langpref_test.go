package langpref

import (
	"os"
	"path/filepath"
	"testing"
)

// The preferences file is where Fyne 2.7 keeps the app's preferences on
// each system (internal/app/config_windows.go, config_desktop_darwin.go,
// config_xdg.go: the root, then fyne/APPID/preferences.json).
func TestPrefsFileIsWhereFyneKeepsThem(t *testing.T) {
	for _, c := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"windows", map[string]string{"USERPROFILE": `C:\Users\张会计`}, filepath.Join(`C:\Users\张会计`, "AppData", "Roaming", "fyne", AppID, "preferences.json")},
		{"darwin", map[string]string{"HOME": "/Users/z"}, "/Users/z/Library/Preferences/fyne/" + AppID + "/preferences.json"},
		{"linux", map[string]string{"HOME": "/home/z"}, "/home/z/.config/fyne/" + AppID + "/preferences.json"},
		{"linux", map[string]string{"HOME": "/home/z", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/fyne/" + AppID + "/preferences.json"},
		{"linux", map[string]string{"HOME": "/home/z", "XDG_CONFIG_HOME": "relative"}, "/home/z/.config/fyne/" + AppID + "/preferences.json"},
		{"linux", map[string]string{}, ""},
		{"windows", map[string]string{"HOME": "/home/z"}, ""},
	} {
		if got := prefsFileOn(c.goos, func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.goos, c.env, got, c.want)
		}
	}
}

func TestNormalizeAndSaved(t *testing.T) {
	for in, want := range map[string]string{"en": English, "EN": English, "en-US": English, "en_GB": English, "zh": Chinese, "": Chinese, "english": Chinese, "fr": Chinese} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	home := t.TempDir()
	env := func(k string) string { return map[string]string{"HOME": home, "USERPROFILE": home}[k] }
	if got := Saved(env); got != Chinese {
		t.Errorf("no preferences file: %q", got)
	}
	path := PrefsFile(env)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{`{"language":"en"}`: English, `{"language":"zh"}`: Chinese, `{"language":5}`: Chinese, `not json`: Chinese} {
		if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := Saved(env); got != want {
			t.Errorf("preferences %s: %q, want %q", file, got, want)
		}
	}
}
