// Package assets embeds what the app and the printouts ship inside the binary: the CJK font, the icon and the translations.
package assets

import (
	"embed"
	_ "embed"
)

// FontTTF is WenQuanYi Micro Hei (文泉驿微米黑), a plain TrueType face covering
// Latin, digits and the CJK ideographs of GB18030. Licence: fonts/LICENSE-wqy-microhei.txt.
//
//go:embed fonts/wqy-microhei.ttf
var FontTTF []byte

// FontName is the file name the font is registered under.
const FontName = "wqy-microhei.ttf"

// Icon is the application icon (256×256 PNG).
//
//go:embed icon.png
var Icon []byte

// Translations holds the UI's translation files, one JSON file per language.
//
//go:embed translations
var Translations embed.FS
