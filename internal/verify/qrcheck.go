package verify

import (
	"crypto"
	"errors"
	"fmt"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// checkQR checks the QR payload the PDF carries against its record. An
// expired token only warns: the certificate outlives its printed QR code.
func (f *fileCheck) checkQR() {
	payload := f.pdf.Info[issuance.InfoQR]
	if payload == "" {
		f.r.set(CheckQR, NotChecked, "the PDF carries no QR payload ("+issuance.InfoQR+")", "PDF 中没有二维码内容（"+issuance.InfoQR+"）")
		return
	}
	f.r.checkToken(payload, f.lookup, f.at, f.rec, f.digest, Warn)
	f.bindToken(payload)
	f.checkDrawn(payload)
}

// bindToken fails the QR check of a token signed by a trusted key other
// than the PDF signer's that does not sign for the identifier's issuer code
// (the PDF signer's own binding is the signer-trust check's).
func (f *fileCheck) bindToken(payload string) {
	c, err := qr.Parse(payload)
	if r := f.r.Check(CheckQR).Result; err != nil || r == Fail || f.o.Trust == nil ||
		(f.sig.Signer != nil && sign.KeyID(f.sig.Signer.PublicKey) == c.KeyID) {
		return
	}
	cert, _, err := f.o.Trust.Certificate(c.KeyID, c.IssuedAt)
	if err != nil {
		f.r.set(CheckQR, Fail, "the QR code's key "+c.KeyID+": "+err.Error(), "二维码签名密钥 "+c.KeyID+" 不受信任："+zhReason(err))
		return
	}
	b, code := f.o.Trust.BindingOf(cert), issuerOf(c.Identifier)
	if other, ob := otherBinding(f.o.Trust, cert, code); other != nil {
		cert, b = other, ob
	}
	if b.Err != nil || (b.Bound() && !b.Allows(code)) {
		m := text.F("二维码由 %q（密钥 %s）签名，其绑定的是 %s，而不是签发机构代码 %s", "the QR code is signed by %q (key %s), bound to %s, not to issuer code %s",
			cert.Subject.CommonName, c.KeyID, b.Codes(), code)
		f.r.set(CheckQR, Fail, m.En, m.Zh)
	}
}

// checkToken verifies a QR payload as of at and, when rec is known, that it
// belongs to rec. expired is the result an expired token gets.
func (r *Report) checkToken(payload string, lookup func(string) (crypto.PublicKey, error), at time.Time, rec *record.Record, digest []byte, expired string) {
	c, err := qr.Verify(payload, lookup, at)
	trusted := err == nil || errors.Is(err, qr.ErrExpired) || errors.Is(err, qr.ErrNotYetValid)
	if !trusted {
		r.set(CheckQR, Fail, "the QR code: "+err.Error(), zhReason(err))
		return
	}
	if rec != nil {
		if err := qr.Bind(c, digest, rec.Identifier); err != nil {
			r.notBound(c, rec)
			return
		}
	}
	exp, from := stamp(c.ExpiresAt), stamp(c.IssuedAt)
	switch {
	case errors.Is(err, qr.ErrExpired):
		r.set(CheckQR, expired,
			fmt.Sprintf("the QR code expired at %s (checked as of %s)", exp, stamp(at)),
			fmt.Sprintf("二维码已于 %s 过期（核验时间 %s）", exp, stamp(at)))
	case errors.Is(err, qr.ErrNotYetValid):
		r.set(CheckQR, Fail,
			fmt.Sprintf("the QR code is valid only from %s (checked as of %s)", from, stamp(at)),
			fmt.Sprintf("二维码自 %s 起才生效（核验时间 %s）", from, stamp(at)))
	case rec == nil:
		r.set(CheckQR, Pass,
			fmt.Sprintf("QR code of %s signed by key %s, valid until %s; not compared with a record (none was verified)", c.Identifier, c.KeyID, exp),
			fmt.Sprintf("二维码属于 %s，签名密钥 %s，有效期至 %s；没有可比对的证照数据", c.Identifier, c.KeyID, exp))
	default:
		r.set(CheckQR, Pass,
			fmt.Sprintf("QR code of this certificate signed by key %s, valid until %s", c.KeyID, exp),
			fmt.Sprintf("二维码属于本证照，签名密钥 %s，有效期至 %s", c.KeyID, exp))
	}
}

// notBound fails the QR check for a token of another certificate or record.
func (r *Report) notBound(c qr.Claims, rec *record.Record) {
	if c.Identifier != rec.Identifier {
		r.set(CheckQR, Fail,
			fmt.Sprintf("the QR code belongs to certificate %s, not %s", c.Identifier, rec.Identifier),
			fmt.Sprintf("二维码属于证照 %s，而不是 %s", c.Identifier, rec.Identifier))
		return
	}
	r.set(CheckQR, Fail,
		"the QR code names this certificate but was made for a different record (the record digest differs)",
		"二维码标识与本证照相同，但对应的证照数据不同（数据摘要不符）")
}
