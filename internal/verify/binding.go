package verify

import (
	"bytes"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/ident"
	"ezz/internal/qr"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// signerText is the signer-trust reason so far: who signed and what it
// chains to; pilot marks a pilot certificate, warned about at the end.
type signerText struct {
	text.T
	pilot bool
}

// set records the signer-trust check as passed (or warned about, for a
// pilot certificate) with st's reason and more after it.
func (r *Report) setSigner(st signerText, more text.T) {
	en, zh := st.En+more.En, st.Zh+more.Zh
	if st.pilot {
		r.set(CheckSignerTrust, Warn, en+": a PILOT certificate, not for legal use", zh+"：试点证书，不具法律效力")
		return
	}
	r.set(CheckSignerTrust, Pass, en, zh)
}

// issuerOf is the issuer code of an identifier, also when only its check
// character is wrong; "" when it cannot be read.
func issuerOf(identifier string) string {
	id, err := ident.Parse(identifier)
	if err != nil && id.Issuer == "" {
		return ""
	}
	return id.Issuer
}

// bindIssuer ties the issuer code of what was signed (the certificate
// identifier, as a record, a QR code or a list names it) to the signer whose
// certificate is cert under the trust policy t, and sets the signer-trust
// check: failed when the signer is bound to other codes or its certificate
// names two, warned about when it is bound to none (docs/verify.md, "Whom
// a signer signs for").
func (r *Report) bindIssuer(t *sign.Trust, cert *smx509.Certificate, identifier string, st signerText) {
	code := issuerOf(identifier)
	b := t.BindingOf(cert)
	other, ob := otherBinding(t, cert, code)
	switch {
	case code == "":
		r.setSigner(st, text.T{})
	case other != nil:
		bound := text.F("绑定的是 %s", "is bound to %s", ob.Codes())
		if ob.Err != nil {
			bound = text.F("不能为任何代码签名（%s）", "signs for none (%s)", conflictText(ob.Err))
		}
		m := text.F("%s，但同一密钥的另一证书 %q %s，未绑定签发机构代码 %s：无论出示哪一张证书，密钥都只能为其所属机构的代码签名",
			"%s, but the same key's certificate %q %s; it is not bound to issuer code %s: a key signs only for its own codes, whichever of its certificates it presents",
			st.T, other.Subject.CommonName, bound, code)
		r.set(CheckSignerTrust, Fail, m.En, m.Zh)
	case b.Err != nil:
		m := text.F("%s，但%s：无法确定其所属机构，不能为任何签发机构代码签名（请向 CA 申请只载明一个机构代码的证书）",
			"%s, but %s: it cannot be bound to one agency, so it signs for none (ask its CA for a certificate that names the agency once)",
			st.T, conflictText(b.Err))
		r.set(CheckSignerTrust, Fail, m.En, m.Zh)
	case b.Allows(code):
		r.setSigner(st, text.F("，签发机构代码 %s 与签名者绑定（%s）", "; issuer code %s is bound to the signer (%s)", code, b.Why(code)))
	case b.Bound():
		m := text.F("%[1]s，但签名者绑定的是 %[2]s，而 %[3]s 的签发机构代码是 %[4]s：签名者只能为本机构的代码签名（请向 %[4]s 对应的机构索取；如该签名者依法为 %[4]s 签名，请用 --trust %[4]s=证书链.pem 绑定，或在工作区 config.yaml 中登记该签发机构）",
			"%[1]s, but the signer is bound to %[2]s and %[3]s carries issuer code %[4]s: a signer signs only for its own agency's code (get the certificate from the agency of %[4]s; if this signer lawfully signs for %[4]s, bind it with --trust %[4]s=CHAIN.pem, or list the office in the workspace's config.yaml)",
			st.T, b.Codes(), identifier, code)
		r.set(CheckSignerTrust, Fail, m.En, m.Zh)
	default:
		r.setSigner(st, text.F(
			"；签发机构代码 %[1]s 未与签名者绑定：其证书没有载明机构代码（主题 serialNumber、organizationIdentifier NTRCN-… 或 GM/T 0015 组织机构代码扩展）；请使用载明本机构代码的证书，或用 --trust %[1]s=证书链.pem 绑定",
			"; issuer code %[1]s is not bound to the signer: its certificate names no agency code (subject serialNumber, organizationIdentifier NTRCN-…, or the GM/T 0015 organisation-code extension); use a certificate that names the agency, or bind it with --trust %[1]s=CHAIN.pem",
			code))
		if c := r.Check(CheckSignerTrust); c.Result == Pass {
			r.set(CheckSignerTrust, Warn, c.Reason.En, c.Reason.Zh)
		}
	}
}

// otherBinding is a trusted certificate of cert's key other than cert that
// names two codes, or is bound to codes but not to code, and its binding;
// nil when there is none. Which certificate a signer presents is its own
// choice (the one its PDF carries, the one its QR token's issue time
// picks), so every certificate of the key must allow the code, as BindToken
// asks for ezz qr verify.
func otherBinding(t *sign.Trust, cert *smx509.Certificate, code string) (*smx509.Certificate, sign.Binding) {
	if t == nil || code == "" {
		return nil, sign.Binding{}
	}
	for _, c := range t.KeyCertificates(sign.KeyID(cert.PublicKey)) {
		if bytes.Equal(c.Raw, cert.Raw) {
			continue
		}
		if b := t.BindingOf(c); b.Err != nil || (b.Bound() && !b.Allows(code)) {
			return c, b
		}
	}
	return nil, sign.Binding{}
}

// conflictText is a *sign.CodeConflictError or *sign.UnreadableCodeError
// in both languages.
func conflictText(err error) text.T {
	if e, ok := err.(interface{ Text() text.T }); ok {
		return e.Text()
	}
	return text.Of(err)
}

// BindList checks that a signed status list, signed at issuedAt by the key
// keyID, speaks only for the issuers its signer is bound to: every code in
// issuers and the issuer of every identifier listed. It returns unbound
// true when the signer is bound to no code (the list is then taken, and
// its answers warned about), and an error naming the first code beyond the
// binding, or a signer certificate that names two codes.
func BindList(t *sign.Trust, keyID string, issuedAt time.Time, issuers, identifiers []string) (unbound bool, err error) {
	cert, _, err := t.Certificate(keyID, issuedAt)
	if err != nil {
		return false, text.Wrap(err, "状态列表的签名密钥 %s", "the status list's key %s", keyID).WithClass(text.Bad)
	}
	b := t.BindingOf(cert)
	if b.Err != nil {
		return false, text.Badf("状态列表的签名者不能为任何签发机构代码发布状态：%s", "the status list's signer speaks for no issuer code: %s", conflictText(b.Err)).
			WithHint("请使用载明一个机构代码的证书签名的状态列表", "use a status list signed under a certificate that names one agency")
	}
	// beyond is the refusal of code: by the list's certificate, or by
	// another of its key's (otherBinding: issued_at picks the one).
	beyond := func(where text.T, code string) error {
		other, ob := otherBinding(t, cert, code)
		switch {
		case other != nil && ob.Err != nil:
			return text.Badf("状态列表的签名密钥的另一证书不能为任何签发机构代码发布状态：%s", "another certificate of the status list's key speaks for no issuer code: %s", conflictText(ob.Err))
		case other != nil:
			return listBeyond(other, ob, where, code)
		case b.Bound() && !b.Allows(code):
			return listBeyond(cert, b, where, code)
		}
		return nil
	}
	for _, code := range issuers {
		if err := beyond(text.New("issuers", "issuers"), code); err != nil {
			return false, err
		}
	}
	for _, id := range identifiers {
		if err := beyond(text.F("条目 %s", "entry %s", id), issuerOf(id)); err != nil {
			return false, err
		}
	}
	return !b.Bound(), nil
}

// listBeyond is the refusal of a status list that names an issuer code its
// signer is not bound to.
func listBeyond(cert *smx509.Certificate, b sign.Binding, where text.T, code string) error {
	return text.Badf("状态列表由 %[1]q 签名，其绑定的是 %[2]s，却在 %[3]s 中列出签发机构代码 %[4]s：状态列表只能代表其签名者所属的机构",
		"the status list is signed by %[1]q, bound to %[2]s, but names issuer code %[4]s in %[3]s: a list speaks only for its signer's agency",
		cert.Subject.CommonName, b.Codes(), where, code).
		WithHint("请使用 %[1]s 对应机构签名的状态列表，或用 --home 指定其签发工作区；如该签名者依法为 %[1]s 发布状态，请用 --trust %[1]s=证书链.pem 绑定",
			"use the status list signed by the agency of %[1]s, or --home of its issuing workspace; if this signer lawfully speaks for %[1]s, bind it with --trust %[1]s=CHAIN.pem", code)
}

// BindToken checks, for ezz qr verify, that a QR token's key signs for its
// identifier's issuer code: it returns an error wrapping qr.ErrNotBound
// when any trusted certificate of the key is bound to other codes or names
// two (fail closed: the token's issue time, which picks one certificate,
// is the signer's to choose), and nil when it is allowed or bound to none.
func BindToken(t *sign.Trust, c qr.Claims) error {
	code := issuerOf(c.Identifier)
	for _, cert := range t.KeyCertificates(c.KeyID) {
		b := t.BindingOf(cert)
		if b.Err != nil {
			return &text.Error{Err: qr.ErrNotBound, Class: text.Bad, Msg: text.F("二维码的签名密钥 %s 不能为任何签发机构代码签名：%s",
				"the QR code's key %s signs for no issuer code: %s", c.KeyID, conflictText(b.Err))}
		}
		if b.Bound() && !b.Allows(code) {
			return &text.Error{Err: qr.ErrNotBound, Class: text.Bad, Msg: text.F(
				"二维码的签名密钥 %s 属于 %q，其绑定的是 %s，而不是 %s 的签发机构代码 %s",
				"the QR code's key %s belongs to %q, bound to %s, not to issuer code %s of %s",
				c.KeyID, cert.Subject.CommonName, b.Codes(), code, c.Identifier)}
		}
	}
	return nil
}
