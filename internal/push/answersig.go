package push

import (
	"crypto"
	"encoding/base64"
	"fmt"

	"ezz/internal/sign"
)

// Headers of a signed answer: the receiver's key id and its signature over
// the request's nonce and the answer body (so an answer cannot be replayed
// for another request).
const (
	HeaderReceiverKey       = "Ezz-Receiver-Key"
	HeaderReceiverSignature = "Ezz-Receiver-Signature"
)

func answerSigned(nonce string, body []byte) []byte {
	return []byte("ezz-answer-v1\n" + nonce + "\n" + BodySM3(body))
}

// SignAnswer signs an answer body to the request with nonce.
func SignAnswer(key crypto.Signer, nonce string, body []byte) (string, error) {
	sig, err := sign.Sign(key, answerSigned(nonce, body))
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// VerifyAnswer checks an answer's signature with the receiver's public key.
func VerifyAnswer(pub crypto.PublicKey, nonce string, body []byte, sig string) error {
	raw, err := base64.StdEncoding.Strict().DecodeString(sig)
	if err != nil || len(raw) == 0 {
		return fmt.Errorf("the answer carries no %s", HeaderReceiverSignature)
	}
	if err := sign.Verify(pub, answerSigned(nonce, body), raw); err != nil {
		return fmt.Errorf("the answer's signature does not verify with the receiver's certificate")
	}
	return nil
}
