package dataitem

import (
	"errors"
	"strings"
	"testing"
)

// residentID completes 17 digits with their GB 11643 check character.
func residentID(first17 string) string {
	return first17 + string(ResidentIDCheckDigit(first17))
}

// code is the code of e, "" for nil.
func code(e *Error) string {
	if e == nil {
		return ""
	}
	return e.Code
}

func errCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "untyped: " + err.Error()
	}
	return ""
}

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		name, in, wantCode string
	}{
		{"valid", "91350100M000100Y43", ""},
		{"valid type code authority", "11100000000013338W", ""},
		{"valid issuer", "11220000013544541J", ""},
		{"valid issuer 2", "11330105002500287C", ""},
		{"wrong check", "91350100M000100Y4X", CodeUSCCCheck},
		{"typo in body", "91350100M000100Y53", CodeUSCCCheck},
		{"letter O", "91350100MO00100Y43", CodeUSCCChar},
		{"letter I", "9135010IM000100Y43", CodeUSCCChar},
		{"lowercase not normalised", "91350100m000100y43", CodeUSCCChar},
		{"chinese", "9135010０M000100Y4中", CodeUSCCChar},
		{"short", "91350100M000100Y4", CodeUSCCLength},
		{"long", "91350100M000100Y433", CodeUSCCLength},
		{"empty", "", CodeUSCCLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errCode(CheckUSCC(tt.in)); got != tt.wantCode {
				t.Errorf("CheckUSCC(%q): got code %q, want %q", tt.in, got, tt.wantCode)
			}
		})
	}
}

func TestCheckUSCCMessage(t *testing.T) {
	var e *Error
	if !errors.As(CheckUSCC("91350100M000100Y4X"), &e) {
		t.Fatal("want an *Error")
	}
	if want := "统一社会信用代码校验位错误：应为 3，实际为 X；请核对前 17 位是否录入有误"; e.Message.Zh != want {
		t.Errorf("got %q, want %q", e.Message.Zh, want)
	}
	if want := "want 3, got X"; !strings.Contains(e.Message.En, want) {
		t.Errorf("got %q, want it to contain %q", e.Message.En, want)
	}
}

func TestCheckResidentID(t *testing.T) {
	valid := residentID("11010519491231002")
	if valid != "11010519491231002X" {
		t.Fatalf("check digit: got %s, want 11010519491231002X (the GB 11643 example)", valid)
	}
	tests := []struct {
		name, in, wantCode string
	}{
		{"standard example", valid, ""},
		{"computed", residentID("44030419900307123"), ""},
		{"leap day", residentID("32010220000229004"), ""},
		{"wrong check", "110105194912310021", CodeIDCheck},
		{"X where digit due", residentID("44030419900307124")[:17] + "X", CodeIDCheck},
		{"feb 30", residentID("32010219900230004"), CodeIDBirthDate},
		{"feb 29 non-leap", residentID("32010219000229004"), CodeIDBirthDate},
		{"month 13", residentID("32010219901301004"), CodeIDBirthDate},
		{"year 1700", residentID("32010217000101004"), CodeIDBirthDate},
		{"15 digits", "110105491231002", CodeIDLength},
		{"number that lost its last digits", "110105194912310000", CodeMangledNumber},
		{"letter inside", "1101051949123100AX", CodeIDChar},
		{"lowercase x not normalised", "11010519491231002x", CodeIDChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := code(checkResidentID(tt.in)); got != tt.wantCode {
				t.Errorf("checkResidentID(%q): got code %q, want %q", tt.in, got, tt.wantCode)
			}
		})
	}
}

func TestCheckHolderID(t *testing.T) {
	tests := []struct {
		name, typ, in, want, wantCode string
	}{
		{"credit code", "001", " 91350100m000100y43 ", "91350100M000100Y43", ""},
		{"credit code bad", "001", "91350100M000100Y44", "", CodeUSCCCheck},
		{"resident id lowercase x", "111", "11010519491231002x", "11010519491231002X", ""},
		{"resident id full width", "111", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", ""},
		{"resident id mangled", "111", "1.10105194912310E+17", "", CodeMangledNumber},
		{"passport", "414", "e1234 5678", "E12345678", ""},
		{"passport too short", "414", "E12", "", CodeHolderIDFormat},
		{"passport punctuation", "414", "E123-45678", "", CodeHolderIDFormat},
		{"hk macao permit", "516", "H12345678", "H12345678", ""},
		{"hk macao resident permit", "516", residentID("81000019900101001"), residentID("81000019900101001"), ""},
		{"taiwan permit bad check", "511", "830000199001010010", "", CodeIDCheck},
		{"officer", "114", "军字第 2001988 号", "军字第 2001988 号", ""},
		{"other control char", "999", "AB\x01", "", CodeHolderIDFormat},
		{"unknown type", "112", "123", "", CodeHolderIDType},
		{"empty type", "", "123", "", CodeHolderIDType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkHolderID(normalizeCode(tt.typ), tt.in)
			if code := code(err); code != tt.wantCode {
				t.Fatalf("checkHolderID(%q, %q): got code %q, want %q", tt.typ, tt.in, code, tt.wantCode)
			}
			if tt.wantCode == "" && got != tt.want {
				t.Errorf("checkHolderID(%q, %q): got %q, want %q", tt.typ, tt.in, got, tt.want)
			}
		})
	}
}
