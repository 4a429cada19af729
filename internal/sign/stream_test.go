package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
)

// TestDigest: a streamed signature verifies with Verify over the whole message.
func TestDigest(t *testing.T) {
	sm2Key, _ := sm2.GenerateKey(rand.Reader)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	msg := []byte(strings.Repeat("证照清单 manifest ", 5000))
	for name, key := range map[string]crypto.Signer{"sm2": sm2Key, "ecdsa": ecKey, "rsa": rsaKey} {
		t.Run(name, func(t *testing.T) {
			d, err := NewDigest(key)
			if err != nil {
				t.Fatal(err)
			}
			d.Write(msg[:1000])
			d.Write(msg[1000:])
			sig, err := d.SignDigest()
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(key.Public(), msg, sig); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if err := Verify(key.Public(), msg[1:], sig); err == nil {
				t.Error("a changed message verified")
			}
		})
	}
}
