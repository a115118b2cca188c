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

// Text colours darker than Fyne's, so that every kind of text reads on the
// white and light grey it sits on with a contrast of at least 4.5:1 (WCAG
// AA): Fyne's green (借贷平衡, 校验通过), orange, red, blue links and grey hints
// are 1.9–3.7:1 on white. The button colour is the same blue, under white
// text.
var readableColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameSuccess:     color.NRGBA{R: 0x1b, G: 0x6e, B: 0x35, A: 0xff},
	theme.ColorNameWarning:     color.NRGBA{R: 0x8a, G: 0x4b, B: 0x00, A: 0xff},
	theme.ColorNameError:       color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff},
	theme.ColorNamePrimary:     color.NRGBA{R: 0x15, G: 0x5a, B: 0xb0, A: 0xff},
	theme.ColorNameHyperlink:   color.NRGBA{R: 0x15, G: 0x5a, B: 0xb0, A: 0xff},
	theme.ColorNamePlaceHolder: color.NRGBA{R: 0x5f, G: 0x5f, B: 0x5f, A: 0xff},
}

// Light variant always: accountants print and compare with paper, and a
// dark window beside a white printout tires the eyes.
func (t booksTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if c, ok := readableColors[n]; ok {
		return c
	}
	return t.Theme.Color(n, theme.VariantLight)
}
