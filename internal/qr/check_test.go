package qr

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"
	"time"
)

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
		{"behind a URL prefix", sk, func(*Claims) {}, urlPrefix, false},
		{"behind a lowercase URL prefix", ek, func(*Claims) {}, "https://zz.example.gov.cn/v#", false},
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
