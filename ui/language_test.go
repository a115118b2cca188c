package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// Whatever the system's locale (the tests run in the C locale, which Fyne
// takes for English), the app speaks Chinese unless English is picked; the
// choice is kept in preferences. The test leaves Chinese set up.
func TestLanguageIsChineseUnlessEnglishIsPicked(t *testing.T) {
	a := test.NewTempApp(t)
	if got := Language(a.Preferences()); got != LangChinese {
		t.Errorf("with nothing chosen the language is %q, want Chinese", got)
	}
	t.Cleanup(func() { _ = SetupLanguage(LangChinese) })

	a.Preferences().SetString(languagePref, LangEnglish)
	if err := SetupLanguage(Language(a.Preferences())); err != nil {
		t.Fatal(err)
	}
	if got := lang.X("menu.file", "文件"); got != "File" {
		t.Errorf("English picked: 文件 shows as %q", got)
	}
	if got := lang.L("Paste"); got != "Paste" {
		t.Errorf("English picked: Fyne's Paste shows as %q", got)
	}

	a.Preferences().SetString(languagePref, LangChinese)
	if err := SetupLanguage(Language(a.Preferences())); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"menu.file": "文件", "app.title": "阳光账本", "Paste": "粘贴", "Cancel": "取消", "Select all": "全选"} {
		if got := lang.X(key, "?"); got != want {
			t.Errorf("Chinese on an English system: %s shows as %q, want %q", key, got, want)
		}
	}
}
