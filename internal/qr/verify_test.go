package qr

import (
	"crypto"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVerifyOutcomes(t *testing.T) {
	sk, other, ek := sm2Key(t), sm2Key(t), ecdsaKey(t)
	good := mustMake(t, claimsFor(sk), sk, urlPrefix)
	b45 := strings.TrimPrefix(good, urlPrefix+Prefix+longID+":")
	sameID := func(string) (crypto.PublicKey, error) { return other.Public(), nil }
	ecdsaAsID := func(string) (crypto.PublicKey, error) { return ek.Public(), nil }
	tests := []struct {
		name    string
		payload string
		lookup  func(string) (crypto.PublicKey, error)
		at      time.Time
		want    error
		msg     string
	}{
		{"valid", good, nil, t0.Add(time.Hour), nil, ""},
		{"valid without url", strings.TrimPrefix(good, urlPrefix), nil, t0, nil, ""},
		{"within skew before issue", good, nil, t0.Add(-ClockSkew), nil, ""},
		{"within skew after expiry", good, nil, t1.Add(ClockSkew), nil, ""},
		{"not yet valid", good, nil, t0.Add(-ClockSkew - time.Second), ErrNotYetValid, "valid from 2025-06-01T00:00:00Z"},
		{"expired", good, nil, t1.Add(ClockSkew + time.Second), ErrExpired, "expired at 2025-07-01T00:00:00Z"},
		{"unknown key", good, lookupOf(other), t0, ErrUnknownKey, "key id"},
		{"other key with that id", good, sameID, t0, ErrBadSignature, ""},
		{"ecdsa key for sm2 token", good, ecdsaAsID, t0, ErrBadSignature, "algorithm"},
		{"tampered identifier", strings.Replace(good, "J.SB33", "J.SB34", 1), nil, t0, ErrBadSignature, ""},
		{"tampered digest", strings.Replace(good, ":"+b45, ":"+flip(b45, 30), 1), nil, t0, ErrBadSignature, ""},
		{"tampered signature", strings.Replace(good, ":"+b45, ":"+flip(b45, len(b45)-4), 1), nil, t0, ErrBadSignature, ""},
		{"empty", "", nil, t0, ErrMalformed, "no \"EZZ1:\""},
		{"future version", "EZZ2:ABC", nil, t0, ErrMalformed, "not supported"},
		{"no identifier end", "EZZ1:1.2.156", nil, t0, ErrMalformed, "no ':'"},
		{"bad identifier", "EZZ1:1.2.a:" + b45, nil, t0, ErrMalformed, "not 0-9"},
		{"short", "EZZ1:1.2:ABC", nil, t0, ErrMalformed, "want 146"},
		{"raw space", "EZZ1:1.2: %20" + strings.Repeat("A", 144), nil, t0, ErrMalformed, "raw space"},
		{"bare spaces", "EZZ1:1.2:" + strings.Repeat(" ", 146), nil, t0, ErrMalformed, "base45"},
		{"bad escape", "EZZ1:1.2:%2" + strings.Repeat("A", 145), nil, t0, ErrMalformed, "%20 or %25"},
		{"not base45", "EZZ1:1.2:" + strings.Repeat("GGW", 48) + "00", nil, t0, ErrMalformed, "base45"},
		{"huge", strings.Repeat("A", MaxPayload+1), nil, t0, ErrMalformed, "longer than"},
		{"bad algorithm", "EZZ1:1.2:" + Base45Encode(make([]byte, 97)), nil, t0, ErrMalformed, "algorithm code 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookup := tt.lookup
			if lookup == nil {
				lookup = lookupOf(sk, ek)
			}
			_, err := Verify(tt.payload, lookup, tt.at)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q, want it to contain %q", err, tt.msg)
			}
			if got, want := Result(err), Result(tt.want); got != want {
				t.Errorf("Result = %s, want %s", got, want)
			}
		})
	}
}

// flip changes the Base45 character at i of an escaped Base45 string, keeping it decodable.
func flip(s string, i int) string {
	for s[i] == '%' || i > 0 && s[i-1] == '%' || i > 1 && s[i-2] == '%' {
		i++
	}
	c := byte('0')
	if s[i] == '0' {
		c = '1'
	}
	return s[:i] + string(c) + s[i+1:]
}

func TestResult(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, "valid"}, {ErrExpired, "expired"}, {ErrNotYetValid, "not-yet-valid"}, {ErrBadSignature, "bad-signature"},
		{ErrUnknownKey, "unknown-key"}, {ErrMalformed, "malformed"}, {ErrNotBound, "not-bound"}, {errors.New("x"), "error"},
	}
	for _, tt := range tests {
		if got := Result(tt.err); got != tt.want {
			t.Errorf("Result(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

func TestParseUntrusted(t *testing.T) {
	sk := sm2Key(t)
	c, err := Parse(mustMake(t, claimsFor(sk), sk, ""))
	if err != nil || c.Identifier != longID || !c.ExpiresAt.Equal(t1) {
		t.Errorf("got %+v, %v, want the claims of the token", c, err)
	}
}

func FuzzVerify(f *testing.F) {
	sk := sm2Key(f)
	good := mustMake(f, claimsFor(sk), sk, urlPrefix)
	for _, s := range []string{good, strings.TrimPrefix(good, urlPrefix), "", "EZZ1:", "EZZ1:A:", "EZZ2:X", "EZZ1:1.2:%25%20", good[:len(good)-3]} {
		f.Add(s)
	}
	lookup := lookupOf(sk)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Verify(s, lookup, t0)
		if err == nil && (c.Identifier == "" || len(c.Digest) != DigestLen) {
			t.Fatalf("valid token %q with claims %+v", s, c)
		}
		if err != nil && Result(err) == "error" {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

func FuzzDecode(f *testing.F) {
	sk := sm2Key(f)
	good := mustMake(f, claimsFor(sk), sk, "")
	for _, s := range []string{good, "EZZ1:1.2:" + strings.Repeat("0", 146), "EZZ1:A:%20%25", "X EZZ1:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := decode(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("decode error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(tok.sig) != rawSigLen || len(tok.msg) > len(Prefix)+MaxIDLen+1+headerLen {
			t.Fatalf("decoded token of signature %d, message %d bytes", len(tok.sig), len(tok.msg))
		}
	})
}
