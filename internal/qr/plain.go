package qr

import (
	"errors"
	"fmt"
	"strings"

	"rsc.io/qr/coding"
)

// modeNames are the QR modes (ISO/IEC 18004 §7.4.1) that plainSegments
// refuses, by their 4-bit indicators.
var modeNames = map[int]string{
	3: "structured append", 5: "FNC1", 7: "ECI", 8: "Kanji", 9: "FNC1", 13: "Hanzi",
}

// ErrNotPlain is ReadModules' error for a code that decodes but that
// scanners may read differently (errors.Is).
var ErrNotPlain = errors.New("scanners may read the QR code differently")

// notPlain is why a code is not plain; it is ErrNotPlain.
type notPlain string

func (e notPlain) Error() string      { return string(e) }
func (notPlain) Is(target error) bool { return target == ErrNotPlain }

// errDataEnds is a segment longer than the data that holds it.
var errDataEnds = errors.New("its data ends inside a segment")

// plainSegments reads a code's data codewords at version v as numeric,
// alphanumeric and byte segments of printable ASCII, up to the terminator
// (or fewer than 4 bits left): the segments and the text they spell. Any
// other mode, or another byte, is an error.
func plainSegments(data []byte, v coding.Version) ([]coding.Encoding, string, error) {
	r := bitReader{data: data}
	class := sizeClass(v)
	var segs []coding.Encoding
	var text strings.Builder
	for r.left() >= 4 {
		mode := r.read(4)
		var seg coding.Encoding
		var s string
		var err error
		switch mode {
		case 0:
			return segs, text.String(), nil
		case 1:
			s, err = r.numeric(r.read(countBits[modeNum][class]))
			seg = coding.Num(s)
		case 2:
			s, err = r.alpha(r.read(countBits[modeAlpha][class]))
			seg = coding.Alpha(s)
		case 4:
			s, err = r.bytes(r.read(countBits[modeByte][class]))
			seg = coding.String(s)
		default:
			name, ok := modeNames[mode]
			if !ok {
				return nil, "", fmt.Errorf("its data has mode %d, which no QR code uses", mode)
			}
			return nil, "", notPlain(fmt.Sprintf("it uses %s, which scanners apply, show or skip each their own way", name))
		}
		if err == nil && r.over {
			err = errDataEnds
		}
		if err != nil {
			return nil, "", err
		}
		segs = append(segs, seg)
		text.WriteString(s)
	}
	return segs, text.String(), nil
}

// bitReader reads a bit stream most significant bit first; reading past
// its end gives zeros and sets over.
type bitReader struct {
	data []byte
	pos  int
	over bool
}

func (r *bitReader) left() int { return 8*len(r.data) - r.pos }

func (r *bitReader) read(n int) int {
	v := 0
	for range n {
		v <<= 1
		if r.pos >= 8*len(r.data) {
			r.over = true
			continue
		}
		v |= int(r.data[r.pos/8]>>(7-r.pos%8)) & 1
		r.pos++
	}
	return v
}

// numeric reads a numeric segment of n digits.
func (r *bitReader) numeric(n int) (string, error) {
	b := make([]byte, 0, n)
	for ; n > 0 && !r.over; n -= 3 {
		k := min(n, 3)
		g := r.read([4]int{0, 4, 7, 10}[k])
		if g >= [4]int{0, 10, 100, 1000}[k] {
			return "", fmt.Errorf("its numeric segment holds %d in %d digits", g, k)
		}
		b = fmt.Appendf(b, "%0*d", k, g)
	}
	return string(b), nil
}

// alpha reads an alphanumeric segment of n characters.
func (r *bitReader) alpha(n int) (string, error) {
	const set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	b := make([]byte, 0, n)
	for ; n > 0 && !r.over; n -= 2 {
		if n == 1 {
			c := r.read(6)
			if c >= len(set) {
				return "", fmt.Errorf("its alphanumeric segment holds value %d", c)
			}
			b = append(b, set[c])
			break
		}
		g := r.read(11)
		if g >= len(set)*len(set) {
			return "", fmt.Errorf("its alphanumeric segment holds value %d", g)
		}
		b = append(b, set[g/len(set)], set[g%len(set)])
	}
	return string(b), nil
}

// bytes reads a byte segment of n bytes, each printable ASCII.
func (r *bitReader) bytes(n int) (string, error) {
	b := make([]byte, 0, min(n, len(r.data)))
	for ; n > 0 && !r.over; n-- {
		c := byte(r.read(8))
		if c < 0x20 || c > 0x7e {
			return "", notPlain(fmt.Sprintf("its byte segment holds byte %#02x, which scanners read in whatever character set they guess", c))
		}
		b = append(b, c)
	}
	return string(b), nil
}
