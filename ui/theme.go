package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"sunbooks/assets"
)

// cjkFont is the bundled WenQuanYi Micro Hei: a bare Windows or Linux PC may
// have no CJK face Fyne can find, and Chinese would render as empty boxes.
var cjkFont = fyne.NewStaticResource(assets.FontName, assets.FontTTF)

// booksTheme is Fyne's default theme with the bundled CJK font for every text
// style and slightly tighter padding for dense ledgers.
type booksTheme struct{ fyne.Theme }

// NewTheme returns the app's theme.
func NewTheme() fyne.Theme { return booksTheme{theme.DefaultTheme()} }

func (t booksTheme) Font(fyne.TextStyle) fyne.Resource { return cjkFont }

func (t booksTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 14
	case theme.SizeNamePadding:
		return 3
	case theme.SizeNameInnerPadding:
		return 6
	}
	return t.Theme.Size(n)
}

// Light variant always: accountants print and compare with paper, and a
// dark window beside a white printout tires the eyes.
func (t booksTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}
