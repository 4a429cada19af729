package qr

import (
	"strings"
	"testing"
)

// TestReadModules decodes Modules' codes back to their payloads, and
// refuses what is no QR code or holds bytes other than printable ASCII.
func TestReadModules(t *testing.T) {
	for _, payload := range []string{"EZZ1", strings.Repeat("EZZ1.ABCDEFGHIJ-0123456789", 9), "https://verify.example.gov.cn/q/EZZ1.x"} {
		m, err := Modules(payload)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ReadModules(m); err != nil || got != payload {
			t.Errorf("ReadModules(Modules(%q)) = %q, %v", payload, got, err)
		}
	}
	m, _ := Modules("EZZ1.ABCDEFGHIJ")
	square := func(n int) [][]bool {
		s := make([][]bool, n)
		for i := range s {
			s[i] = make([]bool, n)
		}
		return s
	}
	ragged := append(square(len(m)-1), make([]bool, len(m)))
	utf8, _ := Modules("证照")
	tests := []struct {
		name string
		m    [][]bool
		want string
	}{
		{"empty", nil, "0 modules a side is no QR code's size"},
		{"22 modules", square(22), "22 modules a side is no QR code's size"},
		{"179 modules", square(179), "179 modules a side is no QR code's size"},
		{"not square", ragged, "its modules are not a square"},
		{"all light", square(21), "more of its modules are wrong than error correction repairs"},
		{"UTF-8 bytes", utf8, "its byte segment holds byte 0xe8, which scanners read in whatever character set they guess"},
	}
	for _, tt := range tests {
		if _, err := ReadModules(tt.m); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}
