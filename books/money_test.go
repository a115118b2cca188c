package books

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestCapital(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "零元整"},
		{"0.05", "伍分"},
		{"0.50", "伍角整"},
		{"0.56", "伍角陆分"},
		{"1", "壹元整"},
		{"10", "壹拾元整"},
		{"100.10", "壹佰元零壹角整"},
		{"105", "壹佰零伍元整"},
		{"1234.50", "壹仟贰佰叁拾肆元伍角整"},
		{"1004.06", "壹仟零肆元零陆分"},
		{"10000.07", "壹万元零柒分"},
		{"10010", "壹万零壹拾元整"},
		{"100000", "壹拾万元整"},
		{"1010000", "壹佰零壹万元整"},
		{"60036.20", "陆万零叁拾陆元贰角整"},
		{"100000000", "壹亿元整"},
		{"100010000", "壹亿零壹万元整"},
		{"123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"},
		{"-5", "负伍元整"},
	}
	for _, tt := range tests {
		got := Capital(decimal.RequireFromString(tt.in))
		if got != tt.want {
			t.Errorf("Capital(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatYuan(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0.00"},
		{"12345.6", "12,345.60"},
		{"999", "999.00"},
		{"1000", "1,000.00"},
		{"-1234567.891", "-1,234,567.89"},
	}
	for _, tt := range tests {
		if got := FormatYuan(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("FormatYuan(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"1234.50", "1234.5", false},
		{"1,234.5", "1234.5", false},
		{"  7 ", "7", false},
		{"-3.01", "-3.01", false},
		{"1,23", "", true},
		{"12,34.00", "", true},
		{"1.234", "", true},
		{"1.", "", true},
		{"abc", "", true},
		{"", "", true},
		{"1e5", "", true},
		{"0x10", "", true},
		{"99999999999999", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseMoney(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseMoney(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestToFenRefusesFractionsOfFen(t *testing.T) {
	if _, err := ToFen(decimal.RequireFromString("1.005")); err == nil {
		t.Fatal("ToFen(1.005) accepted a fraction of a fen")
	}
	if f, err := ToFen(decimal.RequireFromString("12.34")); err != nil || f != 1234 {
		t.Fatalf("ToFen(12.34) = %d, %v", f, err)
	}
}
