package ident

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Real identifiers from provincial repositories (see DESIGN.md).
const (
	realF = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"
	real0 = "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"
)

func TestParseReal(t *testing.T) {
	tests := []struct {
		in   string
		want ID
	}{
		{realF, ID{TypeCode: "11100000000013338W032", Issuer: "11220000013544541J", Serial: "2430599", Version: "001", Check: 'F'}},
		{real0, ID{TypeCode: "11100000000013338W009", Issuer: "11330105002500287C", Serial: "2025052201", Version: "002", Check: '0'}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String: got %s, want %s", got.String(), tt.in)
			}
			if !got.CheckOK() {
				t.Error("CheckOK: got false, want true")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"wrong check char", strings.TrimSuffix(realF, "F") + "3", ErrCheckChar},
		{"lowercase check", strings.TrimSuffix(realF, "F") + "f", ErrParts},
		{"empty", "", ErrPrefix},
		{"other arc", "1.2.156.3005.1.11100000000013338W032.11220000013544541J.2430599.001.F", ErrPrefix},
		{"missing check", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001", ErrParts},
		{"extra part", realF + ".F", ErrParts},
		{"long check", realF + "F", ErrParts},
		{"short type code", "1.2.156.3005.2.11100000000013338W03.11220000013544541J.2430599.001.F", ErrTypeCode},
		{"type code letters in sequence", "1.2.156.3005.2.11100000000013338W0A2.11220000013544541J.2430599.001.F", ErrTypeCode},
		{"lowercase issuer", "1.2.156.3005.2.11100000000013338W032.11220000013544541j.2430599.001.F", ErrIssuer},
		{"short issuer", "1.2.156.3005.2.11100000000013338W032.1122.2430599.001.F", ErrIssuer},
		{"short serial", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.243059.001.F", ErrSerial},
		{"serial with dash", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430-599.001.F", ErrSerial},
		{"version 2 digits", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F", ErrVersion},
		{"version 000", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.000.F", ErrVersion},
		{"huge", Prefix + strings.Repeat("A", 300), ErrParts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q): got %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseWrongCheckKeepsID(t *testing.T) {
	id, err := Parse(strings.TrimSuffix(realF, "F") + "3")
	var ce *CheckError
	if !errors.As(err, &ce) || ce.Got != '3' || ce.Want != 'F' {
		t.Fatalf("got %v, want a CheckError got 3, want F", err)
	}
	if err.Error() != "wrong check character: got 3, want F" {
		t.Errorf("got %q", err.Error())
	}
	if id.Serial != "2430599" || id.Check != '3' || id.CheckOK() {
		t.Errorf("got %+v, want the parsed ID with its wrong check character", id)
	}
}

func TestNew(t *testing.T) {
	id, err := New("11100000000013338W032", "11220000013544541J", "2430599", 1)
	if err != nil {
		t.Fatal(err)
	}
	if id.String() != realF {
		t.Errorf("got %s, want %s", id, realF)
	}
	next, err := id.Next()
	if err != nil {
		t.Fatal(err)
	}
	if next.Version != "002" || next.Serial != id.Serial || !next.CheckOK() {
		t.Errorf("Next: got %+v, want version 002 with the same serial and a good check", next)
	}
	last, _ := New("11100000000013338W032", "11220000013544541J", "2430599", 999)
	if _, err := last.Next(); !errors.Is(err, ErrVersion) {
		t.Errorf("Next after 999: got %v, want ErrVersion", err)
	}
	for _, v := range []int{0, -1, 1000} {
		if _, err := New("11100000000013338W032", "11220000013544541J", "2430599", v); !errors.Is(err, ErrVersion) {
			t.Errorf("New version %d: got %v, want ErrVersion", v, err)
		}
	}
	if _, err := New("11100000000013338W032", "11220000013544541J", "hq00001", 1); !errors.Is(err, ErrSerial) {
		t.Errorf("New lowercase serial: got %v, want ErrSerial", err)
	}
}

func TestCheckChar(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"11100000000013338W03211220000013544541J2430599001", 'F'},
		{"11100000000013338W00911330105002500287C2025052201002", '0'},
		{"", '1'}, // P stays 36: (37-36) mod 36 = 1
		{"a", 0},
	}
	for _, tt := range tests {
		if got := CheckChar(tt.in); got != tt.want {
			t.Errorf("CheckChar(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCheckCharCatchesTypos checks the property MOD 37,36 is chosen for: every
// single-character substitution changes the check character.
func TestCheckCharCatchesTypos(t *testing.T) {
	body := "11100000000013338W03211220000013544541J2430599001"
	want := CheckChar(body)
	for i := range body {
		for _, c := range []byte(alphabet) {
			if c == body[i] {
				continue
			}
			typo := body[:i] + string(c) + body[i+1:]
			if CheckChar(typo) == want {
				t.Fatalf("substituting %c at %d keeps check %c", c, i, want)
			}
		}
	}
}

// TestCheckCharTable checks the check character's value table against the
// alphabet it replaced, on every byte, and the three-digit version against
// zero-padded formatting.
func TestCheckCharTable(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "11100000000013338W032" + string([]byte{byte(c)}) + "J2430599001"} {
			if got, want := CheckChar(s), checkCharIndex(s); got != want {
				t.Errorf("CheckChar(%q) = %q, want %q", s, got, want)
			}
		}
	}
	for v := 1; v <= 999; v++ {
		if got, want := version3(v), fmt.Sprintf("%03d", v); got != want {
			t.Errorf("version3(%d) = %q, want %q", v, got, want)
		}
	}
}

// checkCharIndex is CheckChar as it was first written, by the characters'
// positions in alphabet.
func checkCharIndex(s string) byte {
	p := 36
	for i := 0; i < len(s); i++ {
		v := strings.IndexByte(alphabet, s[i])
		if v < 0 {
			return 0
		}
		sum := (p + v) % 36
		if sum == 0 {
			sum = 36
		}
		p = 2 * sum % 37
	}
	return alphabet[(37-p)%36]
}
