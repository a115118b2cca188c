package books

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an amount in yuan. It is exact; SQLite keeps it as INTEGER fen.
type Money = decimal.Decimal

// MaxFen bounds any single amount so that sums of millions of lines stay far
// from int64 overflow: 10^13 fen is 1000 亿 yuan.
const MaxFen = int64(1e13)

var hundred = decimal.NewFromInt(100)

// ToFen converts yuan to whole fen, refusing fractions of a fen and amounts
// beyond MaxFen.
func ToFen(m Money) (int64, error) {
	f := m.Mul(hundred)
	if !f.Equal(f.Truncate(0)) {
		return 0, Errorf(Invalid, "金额 %s 不是整分（最多两位小数）", m.String())
	}
	if f.Abs().Cmp(decimal.NewFromInt(MaxFen)) > 0 {
		return 0, Errorf(Invalid, "金额 %s 超出允许范围", m.String())
	}
	return f.IntPart(), nil
}

// FromFen converts fen to yuan.
func FromFen(fen int64) Money { return decimal.New(fen, -2) }

// ParseMoney reads an amount typed by a person or found in a file: digits with
// an optional sign, optional thousands separators in the right places and at
// most two decimals ("1234.50", "1,234.5", "-3"). Anything else is refused.
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	bad := Errorf(Invalid, "金额“%s”格式不对，应写成 1234.50 这样的数字", s)
	if t == "" {
		return decimal.Zero, bad
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if hasDot && (len(frac) == 0 || len(frac) > 2) {
		if len(frac) > 2 {
			return decimal.Zero, Errorf(Invalid, "金额“%s”超过两位小数（分以下）", s)
		}
		return decimal.Zero, bad
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return decimal.Zero, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return decimal.Zero, bad
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" || len(intPart) > 14 {
		return decimal.Zero, bad
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return decimal.Zero, bad
		}
	}
	d, err := decimal.NewFromString(intPart + "." + frac + strings.Repeat("0", 2-len(frac)))
	if err != nil {
		return decimal.Zero, bad
	}
	if neg {
		d = d.Neg()
	}
	if _, err := ToFen(d); err != nil {
		return decimal.Zero, err
	}
	return d, nil
}

// FormatYuan writes an amount with thousands separators and two decimals:
// 12345.6 → "12,345.60".
func FormatYuan(m Money) string {
	s := m.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}

// PlainYuan writes an amount for files: two decimals, no separators ("1234.50").
func PlainYuan(m Money) string { return m.StringFixed(2) }

var (
	capDigits = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	capUnits  = []string{"", "拾", "佰", "仟"}
	capGroups = []string{"", "万", "亿", "万亿"}
)

// Capital writes an amount in 人民币大写 as printed on Chinese financial
// documents: 1234.50 → 壹仟贰佰叁拾肆元伍角整, 10000.07 → 壹万元零柒分,
// 0 → 零元整. Negative amounts are prefixed with 负.
func Capital(m Money) string {
	fen, err := ToFen(m)
	if err != nil {
		fen = m.Mul(hundred).Round(0).IntPart()
	}
	prefix := ""
	if fen < 0 {
		prefix = "负"
		fen = -fen
	}
	yuan := fen / 100
	jiao := (fen / 10) % 10
	f := fen % 10
	var b strings.Builder
	b.WriteString(prefix)
	if yuan > 0 {
		b.WriteString(capInteger(yuan))
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && f == 0:
		if yuan == 0 {
			b.WriteString("零元")
		}
		b.WriteString("整")
	case jiao == 0:
		if yuan > 0 {
			b.WriteString("零")
		}
		b.WriteString(capDigits[f] + "分")
	default:
		if yuan > 0 && yuan%10 == 0 {
			b.WriteString("零")
		}
		b.WriteString(capDigits[jiao] + "角")
		if f > 0 {
			b.WriteString(capDigits[f] + "分")
		} else {
			b.WriteString("整")
		}
	}
	return b.String()
}

// capInteger writes a positive integer in capital numerals with the zero rules
// of 大写: one 零 for any run of zeros inside the number, none at the end of a
// group.
func capInteger(n int64) string {
	var groups []int64
	for n > 0 {
		groups = append(groups, n%10000)
		n /= 10000
	}
	var b strings.Builder
	zeroPending := false
	for gi := len(groups) - 1; gi >= 0; gi-- {
		g := groups[gi]
		if g == 0 {
			zeroPending = b.Len() > 0
			continue
		}
		if b.Len() > 0 && (zeroPending || g < 1000) {
			b.WriteString("零")
		}
		zeroPending = false
		inner := false
		for u := 3; u >= 0; u-- {
			d := (g / pow10(u)) % 10
			if d == 0 {
				inner = true
				continue
			}
			if inner && b.Len() > 0 && !strings.HasSuffix(b.String(), "零") && hasHigher(g, u) {
				b.WriteString("零")
			}
			inner = false
			b.WriteString(capDigits[d] + capUnits[u])
		}
		b.WriteString(capGroups[gi])
	}
	return b.String()
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// hasHigher reports whether g has a non-zero digit above position u.
func hasHigher(g int64, u int) bool { return g/pow10(u+1) > 0 }
