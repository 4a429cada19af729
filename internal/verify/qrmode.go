package verify

import (
	"context"
	"fmt"

	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// QR verifies a QR payload on its own: the token and its signer's trust, and,
// when the status source keeps the signed record (the issuing workspace's
// ledger), the record, the binding, the validity period and the status. An
// expired token fails: the QR code is what is being checked.
func QR(ctx context.Context, payload string, o Options) (r *Report) {
	at := orNow(o.At)
	r = newReport("", at)
	step := CheckQR
	defer guard(r, &step)
	r.set(CheckPDFSignature, NotChecked, "only a QR code was given", "仅核验二维码")
	if len(payload) > qr.MaxPayload {
		r.set(CheckQR, Fail, fmt.Sprintf("the QR payload is %d bytes, longer than %d", len(payload), qr.MaxPayload),
			fmt.Sprintf("二维码内容长 %d 字节，超过 %d", len(payload), qr.MaxPayload))
		r.skipped("not checked: the QR code cannot be read", "未检查：二维码无法读取")
		return r.finish(o.hasRoots())
	}
	c, err := qr.Parse(payload)
	if err != nil {
		r.set(CheckQR, Fail, "the QR code: "+err.Error(), zhReason(err))
		r.skipped("not checked: the QR code cannot be read", "未检查：二维码无法读取")
		return r.finish(o.hasRoots())
	}
	r.Identifier = c.Identifier
	if !o.hasRoots() {
		r.set(CheckSignerTrust, NotChecked, NoTrust, noTrustZh)
		r.set(CheckQR, NotChecked, NoTrust, noTrustZh)
		r.skipped("not checked: the QR code's signature could not be checked", "未检查：无法核验二维码的签名")
		return r.finish(false)
	}
	step = CheckSignerTrust
	r.keyTrust(o.Trust, c)
	step = CheckRecord
	res, asked, serr := lookupStatus(ctx, o.Status, c.Identifier)
	rec, digest := r.ledgerRecord(res, serr, o)
	step = CheckQR
	r.checkToken(payload, o.Trust.Lookup, at, rec, digest, Fail)
	step = CheckValidity
	r.checkPeriod(rec, at)
	step = CheckStatus
	r.status(c.Identifier, res, serr, asked)
	return r.finish(true)
}

// keyTrust checks that the token's key belongs to a trusted certificate that
// was valid when the token was issued.
func (r *Report) keyTrust(t *sign.Trust, c qr.Claims) {
	cert, chain, err := t.Certificate(c.KeyID, c.IssuedAt)
	if err != nil {
		r.set(CheckSignerTrust, Fail,
			fmt.Sprintf("the QR code's key %s: %v", c.KeyID, err),
			fmt.Sprintf("二维码签名密钥 %s 不受信任：%v", c.KeyID, err))
		return
	}
	root := chain[len(chain)-1].Subject.CommonName
	st := signerText{T: text.F("密钥 %s 属于 %q，可链接到 %q，在 %s 有效", "key %s belongs to %q, which chains to %q and was valid at %s",
		c.KeyID, cert.Subject.CommonName, root, stamp(c.IssuedAt)), pilot: sign.IsPilot(cert)}
	r.bindIssuer(t, cert, c.Identifier, st)
}

// ledgerRecord opens the signed record a status source returned, if any.
func (r *Report) ledgerRecord(res StatusResult, err error, o Options) (*record.Record, []byte) {
	if err != nil || len(res.Record) == 0 {
		r.set(CheckRecord, NotChecked, "only a QR code was given; the signed record is in the certificate file or the issuing workspace's ledger (--home)",
			"仅核验二维码；证照数据在证照文件或签发工作区的台账中（--home）")
		return nil, nil
	}
	rec, env, err := record.OpenEnvelope(res.Record, o.Trust.Lookup)
	if err != nil {
		r.set(CheckRecord, Fail, fmt.Sprintf("the signed record in %s: %v", res.Source, err), zhReason(err))
		return nil, nil
	}
	if en, zh := recordMismatch(rec); en != "" {
		r.set(CheckRecord, Fail, en, zh)
		return nil, nil
	}
	digest := env.Digest()
	if digest == nil {
		digest, err = rec.Digest()
	}
	if err != nil {
		r.set(CheckRecord, Fail, "the signed record cannot be re-encoded", "证照数据无法重新编码")
		return nil, nil
	}
	r.Identifier = rec.Identifier
	r.catalogue(rec, env.KeyID, o.Catalogues)
	return rec, digest
}
