package push

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm4"
)

// oauth2 keeps a client-credentials token, fetched when missing or about to expire.
type oauth2 struct {
	p      *Profile
	secret string
	http   *http.Client
	now    func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

func (o *oauth2) authorize(ctx context.Context, req *http.Request) error {
	tok, err := o.get(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

func (o *oauth2) get(ctx context.Context) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.token != "" && o.now().Before(o.expires.Add(-30*time.Second)) {
		return o.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if o.p.Auth.Scope != "" {
		form.Set("scope", o.p.Auth.Scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(o.p.URL, "/")+o.p.Paths["token"], strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(o.p.Auth.ClientID, o.secret)
	resp, err := o.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("get a token: %w", err)
	}
	defer resp.Body.Close()
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &t) != nil || t.AccessToken == "" {
		return "", fmt.Errorf("get a token: HTTP %d: %.200s", resp.StatusCode, data)
	}
	o.token, o.expires = t.AccessToken, o.now().Add(time.Duration(t.ExpiresIn)*time.Second)
	return o.token, nil
}

// sm4Key reads a 128-bit SM4 key written as 32 hex digits.
func sm4Key(s string) ([]byte, error) {
	k, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(k) != 16 {
		return nil, fmt.Errorf("want 32 hex digits (a 128-bit SM4 key)")
	}
	return k, nil
}

// sm4Encrypt encrypts plain with SM4-CBC and PKCS #7 padding under a fresh IV.
func sm4Encrypt(key, plain []byte) (enc, iv []byte, err error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	iv = make([]byte, sm4.BlockSize)
	if _, err := rand.Read(iv); err != nil {
		return nil, nil, err
	}
	n := sm4.BlockSize - len(plain)%sm4.BlockSize
	padded := append(append([]byte(nil), plain...), bytesOf(byte(n), n)...)
	enc = make([]byte, len(padded))
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(enc, padded)
	return enc, iv, nil
}

// SM4Decrypt undoes sm4Encrypt (the receiving side, and tests).
func SM4Decrypt(key, iv, enc []byte) ([]byte, error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(enc) == 0 || len(enc)%sm4.BlockSize != 0 || len(iv) != sm4.BlockSize {
		return nil, fmt.Errorf("SM4-CBC: bad length")
	}
	plain := make([]byte, len(enc))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(plain, enc)
	n := int(plain[len(plain)-1])
	if n == 0 || n > sm4.BlockSize {
		return nil, fmt.Errorf("SM4-CBC: bad padding")
	}
	for _, c := range plain[len(plain)-n:] {
		if int(c) != n {
			return nil, fmt.Errorf("SM4-CBC: bad padding")
		}
	}
	return plain[:len(plain)-n], nil
}

func bytesOf(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

// SM4EncryptForTest is sm4Encrypt, for tests of the receiving side.
func SM4EncryptForTest(key, plain []byte) (enc, iv []byte, err error) { return sm4Encrypt(key, plain) }
