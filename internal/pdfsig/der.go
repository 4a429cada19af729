package pdfsig

import (
	"encoding/asn1"
	"errors"
	"math/big"
	"time"
)

// DER tags the hand-built CMS uses (X.690).
const (
	tagInteger  = 0x02
	tagOctets   = 0x04
	tagNull     = 0x05
	tagOID      = 0x06
	tagUTCTime  = 0x17
	tagGenTime  = 0x18
	tagSequence = 0x30
	tagSet      = 0x31
	tagContext0 = 0xA0 // [0], constructed
)

// elemLen is the length of a DER element whose content is n bytes long.
func elemLen(n int) int {
	switch {
	case n < 0x80:
		return 2 + n
	case n < 0x100:
		return 3 + n
	case n < 0x10000:
		return 4 + n
	case n < 0x1000000:
		return 5 + n
	}
	return 6 + n
}

// appendHeader appends the tag and the definite length (shortest form) of
// an element whose content is n bytes long.
func appendHeader(b []byte, tag byte, n int) []byte {
	b = append(b, tag)
	switch {
	case n < 0x80:
		return append(b, byte(n))
	case n < 0x100:
		return append(b, 0x81, byte(n))
	case n < 0x10000:
		return append(b, 0x82, byte(n>>8), byte(n))
	case n < 0x1000000:
		return append(b, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// appendElem appends one DER element with the given content.
func appendElem(b []byte, tag byte, content []byte) []byte {
	return append(appendHeader(b, tag, len(content)), content...)
}

// mustDER is the DER encoding of v, for the constant parts of a CMS.
func mustDER(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// algID is the DER AlgorithmIdentifier of oid, with NULL parameters when
// withNull is set, else none.
func algID(oid asn1.ObjectIdentifier, withNull bool) []byte {
	content := mustDER(oid)
	if withNull {
		content = append(content, tagNull, 0)
	}
	return appendElem(nil, tagSequence, content)
}

// intContent is the content octets of the DER INTEGER n, as encoding/asn1
// writes it.
func intContent(n *big.Int) []byte {
	var v asn1.RawValue
	if _, err := asn1.Unmarshal(mustDER(n), &v); err != nil {
		panic(err) // encoding/asn1 reads what it writes
	}
	return v.Bytes
}

// appendTime appends t (in UTC) as encoding/asn1 writes a time.Time:
// UTCTime for the years 1950–2049, GeneralizedTime otherwise, whole seconds.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	t = t.UTC()
	switch y := t.Year(); {
	case y < 0 || y > 9999:
		return nil, errors.New("signing time out of range")
	case y < 1950 || y >= 2050:
		b = append(appendHeader(b, tagGenTime, 15), t.Format("20060102150405")...)
	default:
		b = append(appendHeader(b, tagUTCTime, 13), t.Format("060102150405")...)
	}
	return append(b, 'Z'), nil
}
