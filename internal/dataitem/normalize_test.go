package dataitem

import "testing"

func TestToHalfWidth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＢ１２", "AB12"},
		{"（有限公司）", "(有限公司)"},
		{"Ｅ１２３　４５", "E123 45"},
		{"abc", "abc"},
		{"武汉", "武汉"},
	}
	for _, tt := range tests {
		if got := ToHalfWidth(tt.in); got != tt.want {
			t.Errorf("ToHalfWidth(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a  b ", "a b"},
		{"\u3000武汉\u3000\u3000江汉\u00a0区\t\n", "武汉 江汉 区"},
		{"\ufeffAB\u200bC", "ABC"},
		{"a\r\nb", "a b"},
		{"plain", "plain"},
		{" ", ""},
	}
	for _, tt := range tests {
		if got := CleanSpace(tt.in); got != tt.want {
			t.Errorf("CleanSpace(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsMangledNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"1.10105199001011E+17", true},
		{"9.1350100E+17", true},
		{"1.10105199001011e+17", true},
		{"1E+10", true},
		{" 4.4030419900307E17 ", true},
		{"１．１Ｅ＋１７", true},
		{"1.5E+3", false},
		{"110105194912310021", false},
		{"91350100M000100Y43", false},
		{"E12345678", false},
		{"1.2E", false},
		{"E+17", false},
		{"1.2E+1234", false},
		{"3E5室", false},
	}
	for _, tt := range tests {
		if got := IsMangledNumber(tt.in); got != tt.want {
			t.Errorf("IsMangledNumber(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestItemNormalize(t *testing.T) {
	tests := []struct {
		name     string
		item     Item
		in, want string
		wantCode string
	}{
		{"text half-width alnum keeps brackets", Item{Type: Text}, "ＡＢ１２（分店）", "AB12（分店）", ""},
		{"text NFC", Item{Type: Text}, "e\u0301", "\u00e9", ""},
		{"text control", Item{Type: Text}, "a\x00b", "", CodeText},
		{"text invalid utf8", Item{Type: Text}, "a\xffb", "", CodeText},
		{"text runes not bytes", Item{Type: Text, MaxLength: 4}, "湖北武汉", "湖北武汉", ""},
		{"text too long", Item{Type: Text, MaxLength: 3}, "湖北武汉", "", CodeTooLong},
		{"text too short", Item{Type: Text, MinLength: 2}, "湖", "", CodeTooShort},
		{"text mangled", Item{Type: Text}, "1.10105199001011E+17", "", CodeMangledNumber},
		{"pattern anchored", Item{Type: Text, Pattern: `JY\d{14}`}, "XJY14201030012345", "", CodePattern},
		{"pattern full width", Item{Type: Text, Pattern: `JY\d{14}`}, "ＪＹ１４２０１０３００１２３４５", "JY14201030012345", ""},
		{"default", Item{Type: Enum, Default: "01", Codes: []Code{{"01", "有效"}}}, "", "01", ""},
		{"optional empty", Item{Type: USCC}, "  ", "", ""},
		{"required", Item{Type: USCC, Required: true}, "\u3000", "", CodeRequired},
		{"uscc lower and spaces", Item{Type: USCC}, "9135 0100 m000 100y 43", "91350100M000100Y43", ""},
		{"uscc mangled", Item{Type: USCC}, "9.1350100E+17", "", CodeMangledNumber},
		{"resident id lowercase x", Item{Type: ResidentID}, "11010519491231002x", "11010519491231002X", ""},
		{"resident id mangled", Item{Type: ResidentID}, "1.10105199001011E+17", "", CodeMangledNumber},
		{"enum by code", Item{Type: Enum, Codes: []Code{{"AB", "单位食堂"}}}, "ab", "AB", ""},
		{"enum by full-width code", Item{Type: Enum, Codes: []Code{{"AB", "单位食堂"}}}, "ＡＢ", "AB", ""},
		{"enum by label", Item{Type: Enum, Codes: []Code{{"AB", "单位食堂"}}}, " 单位食堂 ", "AB", ""},
		{"enum unknown", Item{Type: Enum, Codes: []Code{{"AB", "单位食堂"}}}, "食堂", "", CodeEnumUnknown},
		{"integer grouping", Item{Type: Integer}, "1,234,567", "1234567", ""},
		{"integer zero fraction", Item{Type: Integer}, "12.0", "12", ""},
		{"integer leading zeros", Item{Type: Integer}, "-007", "-7", ""},
		{"integer full width", Item{Type: Integer}, "１２", "12", ""},
		{"integer fraction", Item{Type: Integer}, "12.5", "", CodeInteger},
		{"integer bad grouping", Item{Type: Integer}, "12,34", "", CodeInteger},
		{"integer sign only", Item{Type: Integer}, "-", "", CodeInteger},
		{"decimal", Item{Type: Decimal}, "0012.500", "12.5", ""},
		{"decimal leading dot", Item{Type: Decimal}, ".5", "0.5", ""},
		{"decimal exponent", Item{Type: Decimal}, "1.5E+3", "1500", ""},
		{"decimal negative zero", Item{Type: Decimal}, "-0.00", "0", ""},
		{"decimal huge exponent", Item{Type: Decimal}, "1E+400", "", CodeDecimal},
		{"decimal dot only", Item{Type: Decimal}, ".", "", CodeDecimal},
		{"date", Item{Type: Date}, "2019.3.1", "2019-03-01", ""},
		{"holder id needs a type", Item{Type: HolderID}, "E12345678", "", CodeHolderIDType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.item.Normalize(tt.in)
			if code := errCode(err); code != tt.wantCode || got != tt.want {
				t.Errorf("Normalize(%q): got %q (code %q), want %q (code %q)", tt.in, got, code, tt.want, tt.wantCode)
			}
		})
	}
}
