package qr

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ecdsaSig is the ASN.1 form of an SM2 or ECDSA signature.
type ecdsaSig struct{ R, S *big.Int }

// rawFromASN1 turns an ASN.1 (r, s) signature into 32-byte r || 32-byte s.
// Only a DER SEQUENCE of two positive, minimally encoded INTEGERs of at most
// 256 bits, and nothing after it, is accepted.
func rawFromASN1(der []byte) ([]byte, error) {
	var seq cryptobyte.String
	var r, s []byte
	in := cryptobyte.String(der)
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() ||
		!seq.ReadASN1Integer(&r) || !seq.ReadASN1Integer(&s) || !seq.Empty() {
		return nil, errors.New("signature is not an ASN.1 (r, s) pair")
	}
	if !scalar256(r) || !scalar256(s) {
		return nil, fmt.Errorf("signature (r, s) out of range for a 256-bit curve")
	}
	raw := make([]byte, rawSigLen)
	copy(raw[32-len(r):32], r)
	copy(raw[64-len(s):], s)
	return raw, nil
}

// scalar256 reports whether b, an integer's bytes without leading zeros, is
// above zero and at most 256 bits.
func scalar256(b []byte) bool { return len(b) <= 32 && (len(b) > 1 || b[0] != 0) }

// asn1FromRaw turns 32-byte r || 32-byte s back into ASN.1 for verification.
func asn1FromRaw(raw []byte) ([]byte, error) {
	if len(raw) != rawSigLen {
		return nil, fmt.Errorf("raw signature of %d bytes: want %d", len(raw), rawSigLen)
	}
	return asn1.Marshal(ecdsaSig{R: new(big.Int).SetBytes(raw[:32]), S: new(big.Int).SetBytes(raw[32:])})
}
