package qr

import (
	"bytes"
	"errors"
	"testing"
)

// Test vectors from RFC 9285 section 4.3 and 4.4.
func TestBase45RFCVectors(t *testing.T) {
	tests := []struct{ raw, enc string }{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
		{"\x00", "00"},
		{"\xff\xff", "FGW"},
	}
	for _, tt := range tests {
		t.Run(tt.enc, func(t *testing.T) {
			if got := Base45Encode([]byte(tt.raw)); got != tt.enc {
				t.Errorf("Base45Encode(%q) = %q, want %q", tt.raw, got, tt.enc)
			}
			got, err := Base45Decode(tt.enc)
			if err != nil || string(got) != tt.raw {
				t.Errorf("Base45Decode(%q) = %q, %v, want %q", tt.enc, got, err, tt.raw)
			}
		})
	}
}

func TestBase45DecodeRejects(t *testing.T) {
	tests := []struct{ name, in string }{
		{"lowercase", "bb8"},
		{"dangling char", "BB8A"},
		{"group overflow", "GGW"},
		{"pair overflow", "GG"},
		{"outside alphabet", "BB#"},
		{"non-ascii", "B\xe4\xb8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Base45Decode(tt.in)
			if !errors.Is(err, errBase45) {
				t.Errorf("Base45Decode(%q) = %q, %v, want an invalid base45 error", tt.in, got, err)
			}
		})
	}
}

func FuzzBase45(f *testing.F) {
	for _, s := range []string{"", "BB8", "%69 VD92EX0", "GGW", "FGW", "00", "A", "::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := Base45Decode(s)
		if err != nil {
			return
		}
		if len(raw) > len(s) {
			t.Fatalf("decoded %d bytes from %d characters", len(raw), len(s))
		}
		if enc := Base45Encode(raw); enc != s {
			t.Fatalf("re-encoding %q gave %q", s, enc)
		}
		back, err := Base45Decode(Base45Encode([]byte(s)))
		if err != nil || !bytes.Equal(back, []byte(s)) {
			t.Fatalf("round trip of %q: %q, %v", s, back, err)
		}
	})
}
