package record

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"testing"

	"ezz/internal/sign"

	"github.com/emmansun/gmsm/sm2"
)

// FuzzOpen feeds hostile envelopes to Open: it must never panic, and whatever
// it accepts must re-sign to a record with the same canonical bytes.
func FuzzOpen(f *testing.F) {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	id := sign.KeyID(key.Public())
	env, _, err := Seal(sample(), key, id)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(env)
	f.Add(bytes.Replace(env, []byte(`"version":1`), []byte(`"version":1.0`), 1))
	f.Add([]byte(`{"format":"ezz/signed-record/v1","alg":"SM2-SM3","key_id":"0011223344556677","signature":"AA==","record":{}}`))
	f.Add([]byte(`{"record":[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]}`))
	f.Add([]byte("{\"format\":\"\xff\"}"))
	lookup := func(string) (crypto.PublicKey, error) { return key.Public(), nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(data, lookup)
		if err != nil {
			return
		}
		if _, err := r.Canonical(); err != nil {
			t.Errorf("opened record does not encode: %v", err)
		}
	})
}

// FuzzCanonicalize checks that canonical output is a fixed point.
func FuzzCanonicalize(f *testing.F) {
	c, err := sample().Canonical()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{string(c), `{"b":1,"a":[true,false,null]}`, `{"e\u0301":"\u2028\t"}`, `[1e3]`, `"\ud800"`, `-0`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Canonicalize(data)
		if err != nil {
			return
		}
		again, err := Canonicalize(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("not a fixed point: %q → %q (%v)", out, again, err)
		}
	})
}
