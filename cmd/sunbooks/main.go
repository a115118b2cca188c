// Command sunbooks is the desktop app: it opens a book and shows its screens.
package main

import (
	"flag"
	"os"

	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"sunbooks/assets"
	"sunbooks/ui"
)

func main() {
	book := flag.String("book", "", "账簿文件（不填则打开上次的账簿；第一次运行打开演示账簿）")
	flag.Parse()
	if l := os.Getenv("LC_ALL") + os.Getenv("LC_MESSAGES") + os.Getenv("LANG"); l == "" || l == "C" || l == "POSIX" || l == "C.UTF-8" {
		os.Setenv("LANG", "zh_CN.UTF-8") // no language chosen: the app's own, Chinese
	}
	lang.AddTranslationsFS(assets.Translations, "translations")
	a := app.NewWithID("cn.sunbooks.desktop")
	u := ui.New(a, ui.Options{Book: *book, User: os.Getenv("SUNBOOKS_USER"), Password: os.Getenv("SUNBOOKS_PASSWORD")})
	u.ShowAndRun()
}
