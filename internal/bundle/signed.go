package bundle

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"ezz/internal/record"
	"ezz/internal/sign"
)

// SignedReceiptsV1 is the format of a receipts file as a repository writes it:
// the receipts exactly as signed, and the receiver key's signature over them.
const SignedReceiptsV1 = "ezz/signed-bundle-receipts/v1"

// MaxReceipts bounds a receipts file that is read.
const MaxReceipts = 256 << 20

// SignedReceipts is a receipts file.
type SignedReceipts struct {
	Format    string          `json:"format"`
	Receipts  json.RawMessage `json:"receipts"` // a Receipts document
	KeyID     string          `json:"key_id"`   // the receiver key that signed it
	Alg       string          `json:"alg"`
	Signature string          `json:"signature"` // base64
}

// SignReceipts signs rc with the receiver's key and returns the file's bytes.
func SignReceipts(rc Receipts, key crypto.Signer) ([]byte, error) {
	rc.Format = ReceiptsV1
	raw, err := json.Marshal(rc)
	if err != nil {
		return nil, err
	}
	alg, err := sign.AlgorithmOf(key.Public())
	if err != nil {
		return nil, err
	}
	sig, err := sign.Sign(key, raw)
	if err != nil {
		return nil, fmt.Errorf("sign receipts: %w", err)
	}
	// Compact: indenting would re-indent the signed bytes of the receipts.
	return json.Marshal(SignedReceipts{Format: SignedReceiptsV1, Receipts: raw, KeyID: sign.KeyID(key.Public()), Alg: alg,
		Signature: base64.StdEncoding.EncodeToString(sig)})
}

// ErrReceipts is wrapped by every reason a receipts file is refused.
var ErrReceipts = errors.New("bad receipts file")

// OpenReceipts checks a receipts file's signature with the receiver's public
// key (the certificate the station trusts) and returns the receipts.
func OpenReceipts(data []byte, receiver crypto.PublicKey) (*Receipts, error) {
	if len(data) > MaxReceipts {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrReceipts, MaxReceipts)
	}
	var s SignedReceipts
	if err := record.DecodeStrict(data, &s); err != nil || s.Format != SignedReceiptsV1 {
		return nil, fmt.Errorf("%w: not an %s document", ErrReceipts, SignedReceiptsV1)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(s.Signature)
	if err != nil || sign.Verify(receiver, s.Receipts, sig) != nil {
		return nil, fmt.Errorf("%w: its signature does not verify with the receiver's certificate (key %s; it names key %s)",
			ErrReceipts, sign.KeyID(receiver), s.KeyID)
	}
	var rc Receipts
	if err := record.DecodeStrict(s.Receipts, &rc); err != nil || rc.Format != ReceiptsV1 || len(rc.BundleSM3) != 64 {
		return nil, fmt.Errorf("%w: the signed receipts are not an %s document", ErrReceipts, ReceiptsV1)
	}
	return &rc, nil
}
