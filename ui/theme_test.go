package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is a colour's relative luminance (WCAG 2).
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	r, g, b := n.R, n.G, n.B
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Every colour text is drawn in reads at 4.5:1 or more on every background
// it is drawn on; white on the button colour too.
func TestTextColoursHaveReadableContrast(t *testing.T) {
	th := NewTheme()
	v := theme.VariantLight
	texts := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameSuccess, theme.ColorNameWarning,
		theme.ColorNameError, theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNamePlaceHolder}
	grounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground}
	for _, tn := range texts {
		for _, gn := range grounds {
			if r := contrast(th.Color(tn, v), th.Color(gn, v)); r < 4.5 {
				t.Errorf("%s text on %s: contrast %.2f:1, want at least 4.5:1", tn, gn, r)
			}
		}
	}
	if r := contrast(th.Color(theme.ColorNameForegroundOnPrimary, v), th.Color(theme.ColorNamePrimary, v)); r < 4.5 {
		t.Errorf("text on a primary button: contrast %.2f:1", r)
	}
	// The check can fail: Fyne's own green on white does.
	if r := contrast(theme.DefaultTheme().Color(theme.ColorNameSuccess, v), color.White); r >= 4.5 {
		t.Errorf("Fyne's green reads %.2f:1 on white; the check is not checking", r)
	}
}
