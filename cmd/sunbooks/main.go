// Command sunbooks is the desktop app: it opens a book and shows its screens.
package main

import (
	"flag"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"sunbooks/ui"
	"sunbooks/ui/langpref"
)

func main() {
	book := flag.String("book", "", "账簿文件（不填则打开上次的账簿；第一次运行打开演示账簿）")
	flag.Parse()
	a := app.NewWithID(langpref.AppID)
	// Chinese whatever the system's locale, unless English was picked in 设置.
	if err := ui.SetupLanguage(ui.Language(a.Preferences())); err != nil {
		fyne.LogError("loading the translations", err)
	}
	u := ui.New(a, ui.Options{Book: *book, User: os.Getenv("SUNBOOKS_USER"), Password: os.Getenv("SUNBOOKS_PASSWORD")})
	u.ShowAndRun()
}
