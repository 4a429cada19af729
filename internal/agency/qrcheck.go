package agency

import (
	"bytes"
	"crypto"
	"time"

	"ezz/internal/input"
	"ezz/internal/issuance"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// QRResult names the outcome of a QR check: valid, expired, not-yet-valid,
// bad-signature, unknown-key, malformed, not-bound, or error.
func QRResult(err error) string { return qr.Result(err) }

// CheckQR checks a QR token as of at against the trusted keys, and, when
// recordFile is not "", that it belongs to that signed record (record JSON
// or signed PDF). A refused token returns its claims as it states them.
func (a *Agency) CheckQR(payload string, at time.Time, recordFile string) (Claims, error) {
	trust, err := a.Trust()
	switch {
	case err != nil && len(a.opts.Trust) == 0:
		return Claims{}, err.(*text.Error).WithHint("请用 --trust 签发者证书.pem 给出签发单位的证书",
			"pass the issuer's certificate with --trust ISSUER.pem")
	case err != nil:
		return Claims{}, err
	case trust == nil:
		return Claims{}, asText(a.wsErr).WithHint(
			"用 --trust 签发者证书.pem 给出签发单位的证书，或用 --home 指定工作区",
			"pass the issuer's certificate with --trust ISSUER.pem, or --home for a workspace")
	}
	c, err := qr.Verify(payload, trust.Lookup, at)
	if err == nil {
		err = verify.BindToken(trust, c)
	}
	if err == nil && recordFile != "" {
		err = bindRecord(c, recordFile, trust.Lookup)
	}
	return c, err
}

// bindRecord opens the signed record in file (JSON envelope or signed PDF) and binds c to it.
func bindRecord(c Claims, file string, lookup func(string) (crypto.PublicKey, error)) error {
	data, err := input.Pipe(verify.MaxFile).Read(file)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(data, []byte("%PDF")) {
		att, err := pdfsig.Attachments(data)
		if err != nil || att[issuance.RecordAttachment] == nil {
			return text.Errorf("%s：没有附带签名数据（%s）：%v", "%s: no signed record (%s) attached: %v", file, issuance.RecordAttachment, err)
		}
		data = att[issuance.RecordAttachment]
	}
	r, err := record.Open(data, lookup)
	if err != nil {
		return wrap(err, "签名数据 %s", "signed record %s", file)
	}
	d, err := r.Digest()
	if err != nil {
		return err
	}
	return qr.Bind(c, d, r.Identifier)
}
