package qr

import (
	"crypto"
	"encoding/asn1"
	"io"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
)

// countingSigner is a real key that counts the signatures it makes.
type countingSigner struct {
	crypto.Signer
	n atomic.Int64
}

func (c *countingSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	c.n.Add(1)
	return c.Signer.Sign(r, digest, opts)
}

// TestMakeSignsAgainOnlyForEscapes: a bare token is signed once; after a URL
// prefix, Make signs again only while the escapes cost a QR version, and the
// payload it keeps is never of a larger version than one of the signatures
// it dropped.
func TestMakeSignsAgainOnlyForEscapes(t *testing.T) {
	key := &countingSigner{Signer: sm2Key(t)}
	for _, prefix := range []string{"", urlPrefix, "https://zz.example.gov.cn/v#"} {
		key.n.Store(0)
		const tokens = 40
		for range tokens {
			p := mustMake(t, claimsFor(key), key, prefix)
			v, err := Version(p)
			if err != nil || v > MaxQRVersion {
				t.Fatalf("payload %q: version %d, %v", p, v, err)
			}
		}
		n := key.n.Load()
		t.Logf("prefix %q: %d signatures for %d tokens", prefix, n, tokens)
		if prefix == "" && n > tokens+tokens/4 || n > 3*tokens {
			t.Errorf("prefix %q: %d signatures for %d tokens, want about one a token", prefix, n, tokens)
		}
	}
}

// TestSurelyFits: what surelyFits accepts is of version MaxQRVersion or less;
// the longest bare token does; one more alphanumeric character than fits, or
// a lower-case letter, does not.
func TestSurelyFits(t *testing.T) {
	longest := LongestPayload("1." + strings.Repeat("9", MaxIDLen-2))
	if !surelyFits(longest) {
		t.Fatalf("the longest bare token (%d characters) does not surely fit", len(longest))
	}
	n := 0
	for surelyFits(strings.Repeat("A", n+1)) {
		n++
	}
	for _, p := range []string{longest, strings.Repeat("A", n), strings.Repeat("%", n), strings.Repeat("A1", n/2)} {
		if v, err := Version(p); err != nil || v > MaxQRVersion {
			t.Errorf("surely fitting payload of %d characters: version %d, %v", len(p), v, err)
		}
	}
	if v, _ := Version(strings.Repeat("A", n+1)); v <= MaxQRVersion {
		t.Errorf("%d alphanumeric characters fit version %d: surelyFits stops too early at %d", n+1, v, n)
	}
	if surelyFits("") || surelyFits("EZZ1:a") || surelyFits("EZZ1:#") {
		t.Error("surelyFits accepts an empty payload or one with a byte-mode character")
	}
}

// rawByEncodingASN1 is rawFromASN1 as it was, with encoding/asn1.
func rawByEncodingASN1(der []byte) ([]byte, bool) {
	var s struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &s)
	if err != nil || len(rest) != 0 || s.R.Sign() <= 0 || s.S.Sign() <= 0 || s.R.BitLen() > 256 || s.S.BitLen() > 256 {
		return nil, false
	}
	raw := make([]byte, rawSigLen)
	s.R.FillBytes(raw[:32])
	s.S.FillBytes(raw[32:])
	return raw, true
}

// FuzzRawFromASN1: whatever rawFromASN1 accepts, encoding/asn1 accepts too,
// as the same r and s; real signatures are accepted.
func FuzzRawFromASN1(f *testing.F) {
	key := sm2Key(f)
	for range 8 {
		sig, err := key.Sign(nil, make([]byte, 32), nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(sig)
	}
	for _, s := range []string{"\x30\x06\x02\x01\x01\x02\x01\x01", "\x30\x06\x02\x01\x00\x02\x01\x01", "\x30\x07\x02\x02\x00\x01\x02\x01\x01",
		"\x30\x06\x02\x01\xff\x02\x01\x01", "\x30\x09\x02\x01\x01\x02\x01\x01\x02\x01\x01", "\x30\x06\x02\x01\x01\x02\x01\x01\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		raw, err := rawFromASN1(der)
		if err != nil {
			return
		}
		old, ok := rawByEncodingASN1(der)
		if !ok || string(old) != string(raw) {
			t.Errorf("rawFromASN1(%x) = %x, encoding/asn1 gives %x (accepted %v)", der, raw, old, ok)
		}
	})
}
