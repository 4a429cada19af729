package push

import (
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/sign"
)

// Headers of a signed request.
const (
	HeaderKey       = "Ezz-Key"
	HeaderTime      = "Ezz-Time"
	HeaderNonce     = "Ezz-Nonce"
	HeaderDigest    = "Ezz-Content-SM3"
	HeaderSignature = "Ezz-Signature"
)

// ReplayWindow is how far a request's time may be from the receiver's clock.
// Within it, a nonce is accepted once.
const ReplayWindow = 5 * time.Minute

// BodySM3 is the hex SM3 digest of a request body.
func BodySM3(body []byte) string {
	sum := sm3.Sum(body)
	return hex.EncodeToString(sum[:])
}

// signedString is what a request signature covers.
func signedString(method, path, at, nonce, digest string) []byte {
	return []byte("ezz-push-v1\n" + method + "\n" + path + "\n" + at + "\n" + nonce + "\n" + digest)
}

// SignRequest signs req, whose body is body, with the agency key as of now:
// it sets the Ezz-* headers.
func SignRequest(req *http.Request, body []byte, key crypto.Signer, now time.Time) error {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	at := now.UTC().Format(time.RFC3339)
	n, digest := hex.EncodeToString(nonce), BodySM3(body)
	sig, err := sign.Sign(key, signedString(req.Method, req.URL.EscapedPath(), at, n, digest))
	if err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	h := req.Header
	h.Set(HeaderKey, sign.KeyID(key.Public()))
	h.Set(HeaderTime, at)
	h.Set(HeaderNonce, n)
	h.Set(HeaderDigest, digest)
	h.Set(HeaderSignature, base64.StdEncoding.EncodeToString(sig))
	return nil
}

// Auth is the signature a request carries, parsed but not yet checked.
type Auth struct {
	KeyID, Nonce, Digest string
	At                   time.Time
	sig, signed          []byte
}

// AuthError is why a request's signature is refused, with its reason code.
type AuthError struct {
	Code string
	Err  error
}

func (e *AuthError) Error() string { return e.Code + ": " + e.Err.Error() }
func (e *AuthError) Unwrap() error { return e.Err }

func authErr(code, format string, args ...any) *AuthError {
	return &AuthError{Code: code, Err: fmt.Errorf(format, args...)}
}

// ParseAuth reads the signature headers of req and checks the time against
// now and the replay window. It does not check the signature (Verify) or the
// body (CheckBody).
func ParseAuth(req *http.Request, now time.Time) (*Auth, error) {
	h := req.Header
	a := &Auth{KeyID: h.Get(HeaderKey), Nonce: h.Get(HeaderNonce), Digest: h.Get(HeaderDigest)}
	at, sig := h.Get(HeaderTime), h.Get(HeaderSignature)
	if a.KeyID == "" || at == "" || a.Nonce == "" || a.Digest == "" || sig == "" {
		return nil, authErr(CodeUnsigned, "the request is not signed (Ezz-Key, Ezz-Time, Ezz-Nonce, Ezz-Content-SM3, Ezz-Signature)")
	}
	if len(a.Nonce) < 16 || len(a.Nonce) > 64 || len(a.Digest) != 64 || len(a.KeyID) > 64 {
		return nil, authErr(CodeUnsigned, "malformed signature headers")
	}
	var err error
	if a.At, err = time.Parse(time.RFC3339, at); err != nil {
		return nil, authErr(CodeUnsigned, "Ezz-Time %q is not RFC 3339", at)
	}
	if d := now.Sub(a.At); d > ReplayWindow || d < -ReplayWindow {
		return nil, authErr(CodeStaleTime, "request time %s is more than %s from the receiver's clock %s", at, ReplayWindow, now.UTC().Format(time.RFC3339))
	}
	if a.sig, err = base64.StdEncoding.Strict().DecodeString(sig); err != nil || len(a.sig) == 0 || len(a.sig) > 1024 {
		return nil, authErr(CodeUnsigned, "Ezz-Signature is not base64")
	}
	a.signed = signedString(req.Method, req.URL.EscapedPath(), at, a.Nonce, a.Digest)
	return a, nil
}

// Verify checks the signature with the agency's public key.
func (a *Auth) Verify(pub crypto.PublicKey) error {
	if err := sign.Verify(pub, a.signed, a.sig); err != nil {
		if errors.Is(err, sign.ErrBadSignature) {
			return authErr(CodeBadSignature, "the request signature does not verify with key %s", a.KeyID)
		}
		return authErr(CodeBadSignature, "key %s: %v", a.KeyID, err)
	}
	return nil
}

// CheckBody checks that body is the one the signature covers.
func (a *Auth) CheckBody(body []byte) error {
	if got := BodySM3(body); got != a.Digest {
		return authErr(CodeBodyDigest, "the body's SM3 digest %s is not the signed one %s", got, a.Digest)
	}
	return nil
}
