package ui

import (
	"regexp"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Every key a menu answers is written in its label, so it reads as plainly
// as the label; it is not handed to Fyne as a keyboard shortcut, which Fyne
// draws near white on white; and it carries the name of the shortcut a key
// press makes, which is how the window finds the item to run.
func TestMenuKeysAreReadableAndAnswer(t *testing.T) {
	u := openApp(t, newTestBookFile(t), "张会计")
	keyed := regexp.MustCompile(`\(Ctrl\+(\w)\)$`)
	seen := map[string]*fyne.MenuItem{}
	for _, m := range u.mainMenu().Items {
		for _, it := range m.Items {
			if _, drawn := it.Shortcut.(fyne.KeyboardShortcut); drawn {
				t.Errorf("%s › %s: Fyne draws this shortcut faintly beside the label", m.Label, it.Label)
			}
			k := keyed.FindStringSubmatch(it.Label)
			switch {
			case it.Shortcut == nil && k != nil:
				t.Errorf("%s › %s: the label names a key the menu does not answer", m.Label, it.Label)
			case it.Shortcut != nil && k == nil:
				t.Errorf("%s › %s: the menu answers a key its label does not name", m.Label, it.Label)
			case k != nil:
				press := &desktop.CustomShortcut{KeyName: fyne.KeyName(k[1]), Modifier: fyne.KeyModifierControl}
				if press.ShortcutName() != it.Shortcut.ShortcutName() {
					t.Errorf("%s › %s: a key press is %q, the item answers %q", m.Label, it.Label, press.ShortcutName(), it.Shortcut.ShortcutName())
				}
				seen[k[1]] = it
			}
		}
	}
	for _, k := range []string{"1", "2", "3", "8", "N"} {
		if seen[k] == nil {
			t.Errorf("no menu item answers Ctrl+%s", k)
		}
	}
	if it := seen["3"]; it != nil {
		it.Action()
		if got := u.screens[u.current].def.id; got != "ledgers" {
			t.Errorf("%s shows %q", it.Label, got)
		}
	}
}
