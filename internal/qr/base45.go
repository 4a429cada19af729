package qr

import (
	"errors"
	"fmt"
)

// base45Alphabet is the RFC 9285 alphabet: exactly the QR alphanumeric characters.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

var base45Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		t[base45Alphabet[i]] = int8(i)
	}
	return t
}()

// errBase45 is the root of every Base45 decoding error.
var errBase45 = errors.New("invalid base45")

// Base45Encode encodes src as RFC 9285 Base45: every two bytes become three
// characters, a final odd byte becomes two.
func Base45Encode(src []byte) string {
	dst := make([]byte, 0, Base45EncodedLen(len(src)))
	for i := 0; i+1 < len(src); i += 2 {
		n := int(src[i])<<8 | int(src[i+1])
		dst = append(dst, base45Alphabet[n%45], base45Alphabet[n/45%45], base45Alphabet[n/2025])
	}
	if len(src)%2 == 1 {
		n := int(src[len(src)-1])
		dst = append(dst, base45Alphabet[n%45], base45Alphabet[n/45])
	}
	return string(dst)
}

// Base45EncodedLen is the length of the Base45 encoding of n bytes.
func Base45EncodedLen(n int) int { return n/2*3 + n%2*2 }

// Base45Decode decodes RFC 9285 Base45. It rejects characters outside the
// alphabet, a dangling single character and groups whose value overflows
// (RFC 9285 section 6), naming the byte offset of the fault.
func Base45Decode(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, fmt.Errorf("%w: length %d leaves a single character at the end", errBase45, len(s))
	}
	dst := make([]byte, 0, len(s)/3*2+len(s)%3/2)
	for i := 0; i < len(s); i += 3 {
		end := min(i+3, len(s))
		n, err := base45Group(s, i, end)
		if err != nil {
			return nil, err
		}
		if end-i == 3 {
			if n > 0xFFFF {
				return nil, fmt.Errorf("%w: group at offset %d has value %d, more than 65535", errBase45, i, n)
			}
			dst = append(dst, byte(n>>8), byte(n))
			continue
		}
		if n > 0xFF {
			return nil, fmt.Errorf("%w: final group at offset %d has value %d, more than 255", errBase45, i, n)
		}
		dst = append(dst, byte(n))
	}
	return dst, nil
}

// base45Group returns the value of s[i:end], least significant character first.
func base45Group(s string, i, end int) (int, error) {
	n, w := 0, 1
	for j := i; j < end; j++ {
		v := base45Value[s[j]]
		if v < 0 {
			return 0, fmt.Errorf("%w: character %q at offset %d is not in the Base45 alphabet", errBase45, s[j], j)
		}
		n += int(v) * w
		w *= 45
	}
	return n, nil
}
