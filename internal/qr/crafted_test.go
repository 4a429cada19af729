package qr

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"rsc.io/qr/coding"
)

// rawBits is a QR data bit stream written field by field (value, width),
// for codes that no encoder of ours makes.
type rawBits [][2]int

func (r rawBits) Check() error { return nil }

func (r rawBits) Bits(coding.Version) int {
	n := 0
	for _, f := range r {
		n += f[1]
	}
	return n
}

func (r rawBits) Encode(b *coding.Bits, _ coding.Version) {
	for _, f := range r {
		b.Write(uint(f[0]), f[1])
	}
}

// bytes appends s as 8-bit fields.
func (r rawBits) bytes(s string) rawBits {
	for i := 0; i < len(s); i++ {
		r = append(r, [2]int{int(s[i]), 8})
	}
	return r
}

// crafted draws enc at version v, level l and mask k as modules.
func crafted(t testing.TB, v int, l coding.Level, k int, enc ...coding.Encoding) [][]bool {
	t.Helper()
	p, err := coding.NewPlan(coding.Version(v), l, coding.Mask(k))
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Encode(enc...)
	if err != nil {
		t.Fatal(err)
	}
	m := make([][]bool, c.Size)
	for y := range m {
		m[y] = make([]bool, c.Size)
		for x := range m[y] {
			m[y][x] = c.Black(x, y)
		}
	}
	return m
}

// craftedPayload is the payload the crafted codes below spell: a bare
// token's characters, '%' among them.
const craftedPayload = "EZZ1:1.2.156.3005.2.A:ABC%DEF$%%G"

// utf16 is s, ASCII, in UTF-16BE.
func utf16(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, 0, s[i])
	}
	return string(b)
}

// TestReadModulesAnyEncoding reads the payload whatever the version, level,
// mask and segments of a plain encoding of it.
func TestReadModulesAnyEncoding(t *testing.T) {
	p := craftedPayload
	encs := map[string][]coding.Encoding{
		"bytes":  {coding.String(p)},
		"mixed":  {coding.String(p[:5]), coding.Alpha(p[5:9]), coding.Num(p[9:12]), coding.String(p[12:])},
		"ours":   encodings(p, mustSegments(t, p)),
		"digits": {coding.Alpha(p[:9]), coding.Num(p[9:12]), coding.Alpha(p[12:13]), coding.Num(p[13:17]), coding.String(p[17:])},
	}
	for name, enc := range encs {
		for _, l := range []coding.Level{coding.L, coding.M, coding.Q, coding.H} {
			for k := range 8 {
				for _, v := range []int{5, 7, 12} {
					if got, err := ReadModules(crafted(t, v, l, k, enc...)); err != nil || got != p {
						t.Errorf("%s, version %d, level %v, mask %d: got %q, %v", name, v, l, k, got, err)
					}
				}
			}
		}
	}
}

func mustSegments(t testing.TB, p string) []segment {
	_, segs, err := choose(p)
	if err != nil {
		t.Fatal(err)
	}
	return segs
}

// TestReadModulesRefusesTwoReadings refuses codes that one decoder reads as
// the payload and another scanner may read otherwise.
func TestReadModulesRefusesTwoReadings(t *testing.T) {
	p := craftedPayload
	v := 5
	plain := func() [][]bool { return crafted(t, v, coding.M, 2, coding.String(p)) }
	n := 17 + 4*v
	repaired := plain()
	repaired[n-1][n-1] = !repaired[n-1][n-1]
	mirrored := plain()
	for y := range n {
		for x := range y {
			mirrored[y][x], mirrored[x][y] = mirrored[x][y], mirrored[y][x]
		}
	}
	filler := rawBits{{0, 4}} // the terminator, then other bytes than the padding's
	for range coding.Version(v).DataBytes(coding.M) - (len(p) + 2) {
		filler = append(filler, [2]int{0xaa, 8})
	}
	tests := []struct {
		name string
		m    [][]bool
		want string
	}{
		// zbar reads this one as NUL, 'E', NUL, 'Z', …
		{"ECI UTF-16BE", crafted(t, v, coding.M, 0, rawBits{{7, 4}, {25, 8}, {4, 4}, {2 * len(p), 8}}.bytes(utf16(p))), "it uses ECI"},
		{"ECI UTF-8", crafted(t, v, coding.M, 0, rawBits{{7, 4}, {26, 8}}, coding.String(p)), "it uses ECI"},
		{"FNC1, %% for %", crafted(t, v, coding.M, 0, rawBits{{5, 4}}, coding.Alpha(strings.ReplaceAll(p, "%", "%%"))), "it uses FNC1"},
		{"FNC1 second position", crafted(t, v, coding.M, 0, rawBits{{9, 4}}, coding.String(p)), "it uses FNC1"},
		{"structured append", crafted(t, v, coding.M, 0, rawBits{{3, 4}, {0x01, 8}, {0x00, 8}}, coding.String(p)), "it uses structured append"},
		// gozxing skips a Hanzi header of another subset, then reads its characters' bits as segments
		{"Hanzi of subset 0", crafted(t, v, coding.M, 0, rawBits{{13, 4}, {0, 4}, {2, 8}}, coding.String(p)), "it uses Hanzi"},
		{"Kanji", crafted(t, v, coding.M, 0, rawBits{{8, 4}, {1, 8}, {0, 13}}, coding.String(p)), "it uses Kanji"},
		{"UTF-8 bytes", crafted(t, v, coding.M, 0, coding.String("证照"), coding.String(p)), "its byte segment holds byte 0xe8"},
		{"error repaired", repaired, "its modules are not exactly the QR encoding of what it reads"},
		{"mirror image", mirrored, "its modules are not exactly the QR encoding of what it reads"},
		{"bytes past the end", crafted(t, v, coding.M, 0, coding.String(p), filler), "its modules are not exactly the QR encoding of what it reads"},
	}
	for _, tt := range tests {
		if got, err := ReadModules(tt.m); err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, ErrNotPlain) {
			t.Errorf("%s: got %q, %v, want ErrNotPlain %q…", tt.name, got, err, tt.want)
		}
	}
}

// TestDecodeImageRefusesTwoReadings refuses pictures of codes that gozxing
// reads as the payload and another scanner may read otherwise, and reads
// plain ones, an error repaired too.
func TestDecodeImageRefusesTwoReadings(t *testing.T) {
	p := craftedPayload
	v := 5
	repaired := crafted(t, v, coding.Q, 3, coding.Alpha(p[:9]), coding.Num(p[9:12]), coding.String(p[12:]))
	repaired[24][24] = !repaired[24][24]
	for name, m := range map[string][][]bool{"plain": crafted(t, v, coding.M, 0, coding.String(p)), "error repaired": repaired} {
		if got, err := DecodeImage(bytes.NewReader(encodePNG(t, picture(m, 6)))); err != nil || got != p {
			t.Errorf("%s: got %q, %v, want %q", name, got, err, p)
		}
	}
	tests := []struct {
		name string
		m    [][]bool
		want string
	}{
		{"ECI UTF-16BE", crafted(t, v, coding.M, 0, rawBits{{7, 4}, {25, 8}, {4, 4}, {2 * len(p), 8}}.bytes(utf16(p))), "it uses ECI"},
		{"FNC1, %% for %", crafted(t, v, coding.M, 0, rawBits{{5, 4}}, coding.Alpha(strings.ReplaceAll(p, "%", "%%"))), "it uses FNC1"},
		{"structured append", crafted(t, v, coding.M, 0, rawBits{{3, 4}, {0x01, 8}, {0x00, 8}}, coding.String(p)), "it uses structured append"},
		{"Hanzi of subset 0", crafted(t, v, coding.H, 0, rawBits{{13, 4}, {0, 4}, {2, 8}}, coding.String(p)), "it uses Hanzi"},
		{"UTF-8 bytes", crafted(t, v, coding.L, 0, coding.String("证照"), coding.String(p)), "its byte segment holds byte 0xe8"},
	}
	for _, tt := range tests {
		got, err := DecodeImage(bytes.NewReader(encodePNG(t, picture(tt.m, 6))))
		const lead = "the QR code in the image may not read the same on every phone: "
		if err == nil || !strings.HasPrefix(err.Error(), lead+tt.want) || !errors.Is(err, ErrNotPlain) {
			t.Errorf("%s: got %q, %v, want ErrNotPlain %q…", tt.name, got, err, tt.want)
		}
	}
}

// TestReadModulesRefusesSecondFormat refuses a code whose second copy of
// its format information names another mask: a decoder that believes the
// first copy reads the payload, one that believes the second reads other
// bits.
func TestReadModulesRefusesSecondFormat(t *testing.T) {
	v := 4
	n := 17 + 4*v
	for k := range 8 {
		for j := range 8 {
			if j == k {
				continue
			}
			m := crafted(t, v, coding.M, k, coding.String(craftedPayload))
			other := crafted(t, v, coding.M, j, coding.String(craftedPayload))
			for i := range 8 { // the copy beside the top right and bottom left finders
				m[8][n-1-i] = other[8][n-1-i]
				m[n-1-i][8] = other[n-1-i][8]
			}
			if got, err := ReadModules(m); err == nil {
				t.Errorf("format of mask %d, second copy mask %d: read %q, want an error", k, j, got)
			}
		}
	}
}

// FuzzReadModules draws any data codewords as a code and reads it back:
// never a panic, and what it reads is printable ASCII that the decoder
// reads alike.
func FuzzReadModules(f *testing.F) {
	f.Add([]byte("\x40\x44\x55\xa5\xa3\x10\xec\x11"), uint8(0))
	f.Add([]byte("\x20\x5b\x0b\x78\xd1\x72\xdc\x4d\x43\x40\xec"), uint8(3))
	f.Add([]byte("\x72\x04\x04\x45\x55\xa5"), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		v := 2
		nd := coding.Version(v).DataBytes(coding.M)
		if len(data) > nd {
			data = data[:nd]
		}
		var enc rawBits
		m := crafted(t, v, coding.M, int(k%8), enc.bytes(string(data)))
		got, err := ReadModules(m)
		if err != nil {
			return
		}
		for i := 0; i < len(got); i++ {
			if got[i] < 0x20 || got[i] > 0x7e {
				t.Fatalf("read %q: byte %#02x is not printable ASCII", got, got[i])
			}
		}
	})
}
