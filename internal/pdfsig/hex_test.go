package pdfsig

import (
	"bytes"
	"testing"
)

// TestHexString checks <hex strings> of every shape: the plain ones decoded
// at once, the others (white space, an odd digit, bad characters, no end)
// as the PDF syntax says.
func TestHexString(t *testing.T) {
	tests := []struct {
		in      string
		want    []byte
		wantPos int // where the parser stops; 0: an error
	}{
		{"<>", []byte{}, 2},
		{"<41>", []byte("A"), 4},
		{"<4a4B>rest", []byte("JK"), 6},
		{"<4>", []byte{0x40}, 3},
		{"<414>", []byte{0x41, 0x40}, 5},
		{"<4 1\n42>", []byte("AB"), 8},
		{"<4g>", nil, 0},
		{"<41", nil, 0},
		{"<4142", nil, 0},
		{"<41<42>", nil, 0},
	}
	for _, tt := range tests {
		p := &parser{buf: []byte(tt.in)}
		got, err := p.hex()
		if tt.wantPos == 0 {
			if err == nil {
				t.Errorf("%q: got %x, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, tt.want) || p.pos != tt.wantPos {
			t.Errorf("%q: got %x at %d (%v), want %x at %d", tt.in, got, p.pos, err, tt.want, tt.wantPos)
		}
	}
}
