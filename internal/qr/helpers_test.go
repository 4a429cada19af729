package qr

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/sign"
)

// longID is a realistic identifier with the longest serial seen (32 characters).
const longID = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.SB3301A0000000000000000000000123.001.Q"

// typicalID is an identifier of the demo's length (a 9-character serial).
// Behind urlPrefix, qr.Check is sure of a token for it whatever the key and
// digest; for longID it is not always (the header's own escapes vary).
const typicalID = "1.2.156.3005.2.11100000MB0143028R012.91000000000000000K.S01A00001.001.E"

// urlPrefix is the upper-case URL prefix of docs/qr.md.
const urlPrefix = "HTTPS://ZZ.EXAMPLE.GOV.CN/V#"

var (
	t0 = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	t1 = t0.AddDate(0, 0, 30)
)

func sm2Key(t testing.TB) *sm2.PrivateKey {
	t.Helper()
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecdsaKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// claimsFor returns claims for longID signed by key.
func claimsFor(key crypto.Signer) Claims {
	d := sm3.Sum([]byte("record " + longID))
	return Claims{Identifier: longID, KeyID: sign.KeyID(key.Public()), IssuedAt: t0, ExpiresAt: t1, Digest: d[:]}
}

// lookupOf trusts exactly the given keys.
func lookupOf(keys ...crypto.Signer) func(string) (crypto.PublicKey, error) {
	return func(id string) (crypto.PublicKey, error) {
		for _, k := range keys {
			if sign.KeyID(k.Public()) == id {
				return k.Public(), nil
			}
		}
		return nil, fmt.Errorf("no key %s", id)
	}
}

func mustMake(t testing.TB, c Claims, key crypto.Signer, prefix string) string {
	t.Helper()
	p, err := Make(c, key, prefix)
	if err != nil {
		t.Fatalf("Make: %v", err)
	}
	return p
}
