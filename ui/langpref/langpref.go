// Package langpref is the language chosen on this PC, shared by the desktop
// app, which keeps the choice in its Fyne preferences, and sunbooks-cli,
// which reads the same file without Fyne.
package langpref

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// AppID is the desktop app's id: the name of the folder its preferences
// are kept in (FyneApp.toml says the same).
const AppID = "cn.sunbooks.desktop"

// Key is the preference that keeps the choice.
const Key = "language"

// The languages Sunbooks speaks.
const (
	Chinese = "zh"
	English = "en"
)

// Normalize is the language a choice names: English for "en" (any case,
// "en-US" and such), Chinese for anything else, empty included.
func Normalize(choice string) string {
	c := strings.ToLower(strings.TrimSpace(choice))
	if c == English || strings.HasPrefix(c, "en-") || strings.HasPrefix(c, "en_") {
		return English
	}
	return Chinese
}

// PrefsFile is where Fyne keeps the desktop app's preferences for the user
// whose environment env reads (Fyne 2.7, internal/app/config_*.go): on
// Windows %USERPROFILE%\AppData\Roaming\fyne\ID, on macOS
// ~/Library/Preferences/fyne/ID, elsewhere $XDG_CONFIG_HOME/fyne/ID or
// ~/.config/fyne/ID. Empty when env gives no home.
func PrefsFile(env func(string) string) string { return prefsFileOn(runtime.GOOS, env) }

func prefsFileOn(goos string, env func(string) string) string {
	var root string
	switch goos {
	case "windows":
		if h := env("USERPROFILE"); h != "" {
			root = filepath.Join(h, "AppData", "Roaming")
		}
	case "darwin":
		if h := env("HOME"); h != "" {
			root = filepath.Join(h, "Library", "Preferences")
		}
	default:
		if x := env("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
			root = x
		} else if h := env("HOME"); h != "" {
			root = filepath.Join(h, ".config")
		}
	}
	if root == "" {
		return ""
	}
	return filepath.Join(root, "fyne", AppID, "preferences.json")
}

// Saved is the language picked in the desktop app's 设置 on this PC, read
// from its preferences file: Chinese when none was picked or the file is
// missing or unreadable (the app then starts in Chinese too).
func Saved(env func(string) string) string {
	path := PrefsFile(env)
	if path == "" {
		return Chinese
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Chinese
	}
	var prefs map[string]any
	if json.Unmarshal(data, &prefs) != nil {
		return Chinese
	}
	s, _ := prefs[Key].(string)
	return Normalize(s)
}
