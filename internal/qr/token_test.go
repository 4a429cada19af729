package qr

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestMakeVerifyRoundTrip(t *testing.T) {
	sk, ek := sm2Key(t), ecdsaKey(t)
	tests := []struct {
		name   string
		key    crypto.Signer
		prefix string
	}{
		{"sm2", sk, ""},
		{"sm2 url", sk, urlPrefix},
		{"ecdsa url", ek, urlPrefix},
		{"sm2 lowercase url", sk, "https://zz.example.gov.cn/v#"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := claimsFor(tt.key)
			p := mustMake(t, c, tt.key, tt.prefix)
			if !strings.HasPrefix(p, tt.prefix+Prefix+longID+":") {
				t.Fatalf("payload %q does not start with prefix, marker and identifier", p)
			}
			if tt.prefix != "" && strings.Contains(p, " ") {
				t.Errorf("payload %q after a URL prefix contains a raw space", p)
			}
			if b45 := p[len(tt.prefix+Prefix+longID+":"):]; tt.prefix == "" && len(b45) != Base45EncodedLen(headerLen+rawSigLen) {
				t.Errorf("bare payload %q has escapes: it is longer than it needs to be", p)
			}
			got, err := Verify(p, lookupOf(sk, ek), t0.Add(time.Hour))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got.Identifier != c.Identifier || got.KeyID != c.KeyID || !got.IssuedAt.Equal(t0) ||
				!got.ExpiresAt.Equal(t1) || !bytes.Equal(got.Digest, c.Digest[:DigestLen]) {
				t.Errorf("got claims %+v, want %+v", got, c)
			}
		})
	}
}

// TestFitsVersion10 encodes many tokens for the longest realistic identifier
// behind the URL prefix and checks the QR version the encoder picks.
func TestFitsVersion10(t *testing.T) {
	for _, key := range []crypto.Signer{sm2Key(t), ecdsaKey(t)} {
		worst := 0
		for range 40 {
			p := mustMake(t, claimsFor(key), key, urlPrefix)
			v, err := Version(p)
			if err != nil {
				t.Fatal(err)
			}
			if v > MaxQRVersion {
				t.Fatalf("payload of %d characters got QR version %d, want at most %d", len(p), v, MaxQRVersion)
			}
			worst = max(worst, v)
		}
		t.Logf("%T: worst QR version %d", key, worst)
	}
}

func TestMakeRefusesRSA(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Make(claimsFor(k), k, "")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "SM2 or ECDSA") {
		t.Errorf("got %v, want ErrTooLarge telling to use SM2 or ECDSA", err)
	}
}

func TestMakeRejects(t *testing.T) {
	key := sm2Key(t)
	tests := []struct {
		name   string
		edit   func(*Claims)
		prefix string
		want   string
	}{
		{"lowercase identifier", func(c *Claims) { c.Identifier = "1.2.156.3005.2.abc" }, "", "not 0-9, A-Z"},
		{"empty identifier", func(c *Claims) { c.Identifier = "" }, "", "identifier of 0"},
		{"colon in identifier", func(c *Claims) { c.Identifier = "A:B" }, "", "not 0-9, A-Z"},
		{"long identifier", func(c *Claims) { c.Identifier = strings.Repeat("1", MaxIDLen+1) }, "", "identifier of 129"},
		{"short key id", func(c *Claims) { c.KeyID = "abcd" }, "", "key id"},
		{"short digest", func(c *Claims) { c.Digest = c.Digest[:8] }, "", "digest of 8 bytes"},
		{"expiry before issue", func(c *Claims) { c.ExpiresAt = c.IssuedAt }, "", "not after issued-at"},
		{"before 1970", func(c *Claims) { c.IssuedAt = time.Unix(-10, 0) }, "", "outside 1970"},
		{"prefix with marker", func(*Claims) {}, "HTTPS://X/EZZ1:", "must not contain"},
		{"prefix with space", func(*Claims) {}, "HTTPS://X Y/", "not printable"},
		{"prefix too long", func(*Claims) {}, "HTTPS://" + strings.Repeat("X", 200) + "/#", "needs QR version 1"},
		{"prefix far too long", func(*Claims) {}, "HTTPS://" + strings.Repeat("x", 3000) + "/#", "shorten the URL prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := claimsFor(key)
			tt.edit(&c)
			p, err := Make(c, key, tt.prefix)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, %v, want an error containing %q", p, err, tt.want)
			}
		})
	}
}

func TestRawSignatureConversion(t *testing.T) {
	for _, raw := range [][]byte{bytes.Repeat([]byte{0xff}, 64), append(make([]byte, 63), 1)} {
		if raw[31] == 0 {
			raw[31] = 1
		}
		der, err := asn1FromRaw(raw)
		if err != nil {
			t.Fatal(err)
		}
		back, err := rawFromASN1(der)
		if err != nil || !bytes.Equal(back, raw) {
			t.Errorf("round trip of %x gave %x, %v", raw, back, err)
		}
	}
	if _, err := rawFromASN1([]byte{0x30, 0x00}); err == nil {
		t.Error("got no error for an empty sequence, want one")
	}
}

// Check refuses exactly what Make refuses before signing, with the same
// error, and is sure only where every signature Make could draw fits.
func TestCheckAgreesWithMake(t *testing.T) {
	sk, ek := sm2Key(t), ecdsaKey(t)
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		key    crypto.Signer
		edit   func(*Claims)
		prefix string
		sure   bool // for claims Make accepts
	}{
		{"sm2 bare", sk, func(*Claims) {}, "", true},
		{"ecdsa bare", ek, func(*Claims) {}, "", true},
		{"longest identifier bare", sk, func(c *Claims) { c.Identifier = strings.Repeat("9", MaxIDLen) }, "", true},
		{"shortest identifier bare", sk, func(c *Claims) { c.Identifier = "1" }, "", true},
		{"behind a URL prefix", sk, func(c *Claims) { c.Identifier = typicalID }, urlPrefix, true},
		{"behind a URL prefix, ecdsa", ek, func(c *Claims) { c.Identifier = typicalID }, urlPrefix, true},
		{"behind a lowercase URL prefix", ek, func(*Claims) {}, "https://zz.example.gov.cn/v#", false},
		{"behind a lowercase URL prefix, short identifier", sk, func(c *Claims) { c.Identifier = "1.2.156.3005.2.X" }, "https://zz.example.gov.cn/v#", true},
		{"behind a long URL prefix", sk, func(*Claims) {}, "HTTPS://" + strings.Repeat("X", 30) + "/#", false},
		{"rsa", rk, func(*Claims) {}, "", false},
		{"lowercase identifier", sk, func(c *Claims) { c.Identifier = "1.2.156.3005.2.abc" }, "", false},
		{"empty identifier", sk, func(c *Claims) { c.Identifier = "" }, "", false},
		{"long identifier", sk, func(c *Claims) { c.Identifier = strings.Repeat("1", MaxIDLen+1) }, "", false},
		{"short key id", sk, func(c *Claims) { c.KeyID = "abcd" }, "", false},
		{"short digest", sk, func(c *Claims) { c.Digest = c.Digest[:8] }, "", false},
		{"expiry before issue", sk, func(c *Claims) { c.ExpiresAt = c.IssuedAt }, "", false},
		{"before 1970", sk, func(c *Claims) { c.IssuedAt = time.Unix(-10, 0) }, "", false},
		{"prefix with marker", sk, func(*Claims) {}, "HTTPS://X/EZZ1:", false},
		{"prefix with space", sk, func(*Claims) {}, "HTTPS://X Y/", false},
		{"prefix far too long", sk, func(*Claims) {}, "HTTPS://" + strings.Repeat("x", 3000) + "/#", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := claimsFor(tt.key)
			tt.edit(&c)
			sure, cerr := Check(c, tt.key.Public(), tt.prefix)
			for range 20 { // Make draws a new signature each time
				p, merr := Make(c, tt.key, tt.prefix)
				switch {
				case cerr != nil && (merr == nil || merr.Error() != cerr.Error()):
					t.Fatalf("Check: %v; Make: %q, %v — want Make's error to be Check's", cerr, p, merr)
				case sure && merr != nil:
					t.Fatalf("Check is sure, Make: %v", merr)
				}
			}
			if cerr == nil && sure != tt.sure {
				t.Errorf("Check: sure %v, want %v", sure, tt.sure)
			}
		})
	}
}

// Check's allowance for escapes behind a URL prefix holds where it matters:
// at the longest prefix Check is sure of, every payload whose signature part
// has at most checkEscapes escapes, wherever they fall and whatever the other
// characters, fits; real signatures need far fewer (one of these 3,000
// needing more than 16, and so not fitting, has chance below 2 × 10⁻⁵).
func TestCheckEscapeAllowance(t *testing.T) {
	key := sm2Key(t)
	c := claimsFor(key)
	prefix := "HTTPS://Z/#"
	for {
		longer := prefix[:len(prefix)-2] + "Z/#"
		if sure, err := Check(c, key.Public(), longer); err != nil || !sure {
			break
		}
		prefix = longer
	}
	if sure, err := Check(c, key.Public(), prefix); err != nil || !sure {
		t.Fatalf("Check of %q: %v, %v; want sure", prefix, sure, err)
	}
	head, err := unsigned(c, key.Public(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	fixed := len(Base45Encode(head[:headerLen/2*2]))
	r := mrand.New(mrand.NewPCG(7, 8))
	for range 2000 {
		b45 := []byte(Base45Encode(append(head, make([]byte, rawSigLen)...)))
		for i := fixed; i < len(b45); i++ {
			b45[i] = base45Alphabet[r.IntN(len(base45Alphabet)-9)] // digits and letters
		}
		for range r.IntN(checkEscapes + 1) {
			b45[fixed+r.IntN(len(b45)-fixed)] = " %"[r.IntN(2)]
		}
		p := prefix + Prefix + c.Identifier + ":" + escape(string(b45), true)
		if v, err := Version(p); err != nil || v > MaxQRVersion {
			t.Fatalf("payload %q behind the longest sure prefix: version %d, %v", p, v, err)
		}
	}
	msg := signedMessage(c.Identifier, head)
	most := 0
	for range 3000 {
		p, unescaped, v, err := attempt(key, msg, head, c.Identifier, prefix)
		if err != nil {
			t.Fatal(err)
		}
		if v > MaxQRVersion {
			t.Fatalf("payload %q needs version %d", p, v)
		}
		most = max(most, (len(p)-len(unescaped))/2)
	}
	if most > checkEscapes {
		t.Fatalf("a signature needed %d escapes, more than the %d Check allows for", most, checkEscapes)
	}
	t.Logf("longest sure prefix %d characters; most escapes in 3,000 signatures: %d (allowed for: %d)", len(prefix), most, checkEscapes)
}
