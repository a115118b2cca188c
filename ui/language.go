package ui

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/assets"
	"sunbooks/ui/langpref"
)

// The app speaks Chinese, whatever language the PC's system is set to (an
// English Windows, a Linux in the C locale), unless the person picks
// English in 设置; the choice is kept in the app's preferences.

// The languages the app speaks.
const (
	LangChinese = langpref.Chinese
	LangEnglish = langpref.English
)

// languagePref is the preference that keeps the choice; sunbooks-cli reads
// it from the same file (langpref.Saved).
const languagePref = langpref.Key

// Language is the language chosen on this PC: Chinese unless English was.
func Language(p fyne.Preferences) string {
	return langpref.Normalize(p.String(languagePref))
}

// fyneWords are Fyne's own words the app shows (an entry's right-click menu,
// a form's buttons), in each language.
var fyneWords = map[string]map[string]string{
	LangChinese: {"Cancel": "取消", "Confirm": "确认", "Copy": "复制", "Cut": "剪切", "Error": "错误", "No": "否",
		"OK": "确定", "Paste": "粘贴", "Quit": "退出", "Redo": "重做", "Save": "保存", "Open": "打开",
		"Select all": "全选", "Undo": "撤销", "Yes": "是", "Create Folder": "新建文件夹", "New Folder": "新文件夹"},
	LangEnglish: {"Cancel": "Cancel", "Confirm": "Confirm", "Copy": "Copy", "Cut": "Cut", "Error": "Error", "No": "No",
		"OK": "OK", "Paste": "Paste", "Quit": "Quit", "Redo": "Redo", "Save": "Save", "Open": "Open",
		"Select all": "Select all", "Undo": "Undo", "Yes": "Yes", "Create Folder": "Create Folder", "New Folder": "New Folder"},
}

// SetupLanguage makes every string the app and Fyne show come in choice,
// whatever locale the system reports: the app's translations are given to
// Fyne under that locale, English and Chinese alike, so no system setting
// picks another.
func SetupLanguage(choice string) error {
	file := "translations/zh-Hans.json"
	if choice == LangEnglish {
		file = "translations/en.json"
	} else {
		choice = LangChinese
	}
	data, err := assets.Translations.ReadFile(file)
	if err != nil {
		return err
	}
	words, err := json.Marshal(fyneWords[choice])
	if err != nil {
		return err
	}
	for _, l := range []fyne.Locale{"en", "zh-Hans", lang.SystemLocale()} {
		if err := lang.AddTranslationsForLocale(words, l); err != nil {
			return err
		}
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			return err
		}
	}
	return nil
}

// languagePicker is 设置's choice of language for this PC, used from the
// next start.
func languagePicker(u *App) fyne.CanvasObject {
	names := []string{"中文", "English"}
	codes := []string{LangChinese, LangEnglish}
	prefs := fyne.CurrentApp().Preferences()
	sel := widget.NewSelect(names, nil)
	for i, c := range codes {
		if c == Language(prefs) {
			sel.SetSelectedIndex(i)
		}
	}
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i < 0 || codes[i] == Language(prefs) {
			return
		}
		prefs.SetString(languagePref, codes[i])
		u.setHint(lang.X("settings.lang.saved", "界面语言已保存，下次启动阳光账本时生效；命令行工具 sunbooks-cli 即刻使用"))
	}
	return container.NewHBox(widget.NewLabel(lang.X("settings.lang", "界面语言（本机）：")), sel)
}
