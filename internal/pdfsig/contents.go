package pdfsig

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
)

// checkContents requires the /Contents hex string of a signature — the only
// bytes its signature leaves out — to be canonical: hex digits of one letter
// case, no white space, and nothing but zero bytes after the DER element of
// the CMS. Any other change of those bytes then fails.
func checkContents(span []byte) error {
	if len(span) < 2 || span[0] != '<' || span[len(span)-1] != '>' {
		return fmt.Errorf("%w: it is not a hex string", ErrContents)
	}
	digits := span[1 : len(span)-1]
	lower, upper := false, false
	for i, c := range digits {
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
		default:
			return fmt.Errorf("%w: character %q at offset %d", ErrContents, c, i+1)
		}
	}
	if lower && upper {
		return fmt.Errorf("%w: it mixes upper- and lower-case hex digits", ErrContents)
	}
	if len(digits)%2 != 0 {
		return fmt.Errorf("%w: an odd number of hex digits", ErrContents)
	}
	der := make([]byte, len(digits)/2)
	hex.Decode(der, digits) // every digit checked above
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(der, &raw); err != nil {
		return fmt.Errorf("%w: it does not start with one DER element: %v", ErrContents, err)
	}
	if pad := der[len(raw.FullBytes):]; len(bytes.Trim(pad, "\x00")) != 0 {
		return fmt.Errorf("%w: the padding after the CMS is not all zero bytes", ErrContents)
	}
	return nil
}
