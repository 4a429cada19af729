package qr

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
)

// ecdsaSig is the ASN.1 form of an SM2 or ECDSA signature.
type ecdsaSig struct{ R, S *big.Int }

// rawFromASN1 turns an ASN.1 (r, s) signature into 32-byte r || 32-byte s.
func rawFromASN1(der []byte) ([]byte, error) {
	var s ecdsaSig
	rest, err := asn1.Unmarshal(der, &s)
	if err != nil || len(rest) != 0 {
		return nil, errors.New("signature is not an ASN.1 (r, s) pair")
	}
	if s.R.Sign() <= 0 || s.S.Sign() <= 0 || s.R.BitLen() > 256 || s.S.BitLen() > 256 {
		return nil, fmt.Errorf("signature (r, s) out of range for a 256-bit curve")
	}
	raw := make([]byte, rawSigLen)
	s.R.FillBytes(raw[:32])
	s.S.FillBytes(raw[32:])
	return raw, nil
}

// asn1FromRaw turns 32-byte r || 32-byte s back into ASN.1 for verification.
func asn1FromRaw(raw []byte) ([]byte, error) {
	if len(raw) != rawSigLen {
		return nil, fmt.Errorf("raw signature of %d bytes: want %d", len(raw), rawSigLen)
	}
	return asn1.Marshal(ecdsaSig{R: new(big.Int).SetBytes(raw[:32]), S: new(big.Int).SetBytes(raw[32:])})
}
