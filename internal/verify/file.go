package verify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/pdfsig"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workday"
)

// fileCheck carries what one check of a file learns for the next ones.
type fileCheck struct {
	r    *Report
	o    Options
	at   time.Time
	step string

	pdf    *pdfsig.Report
	sig    *pdfsig.Signature // the first (issuance) signature
	rec    *record.Record
	env    *record.Envelope
	digest []byte
	signer *signerText // the signer-trust reason once the signer chains
}

// File verifies a certificate file: data is its content, name what to call it
// in the report. It never panics; a file it cannot parse is invalid, with the
// reason in the pdf-signature check.
func File(ctx context.Context, data []byte, name string, o Options) *Report {
	return Finish(ctx, []*Pending{Start(data, name, o)})[0]
}

// Start runs every check of File but the status look-up, which Finish does
// (for many files at once). data must not change until Finish returns.
func Start(data []byte, name string, o Options) (p *Pending) {
	f := &fileCheck{o: o, at: orNow(o.At)}
	f.r = newReport(name, f.at)
	p = &Pending{f: f, done: true}
	defer guard(f.r, &f.step)
	f.step = CheckPDFSignature
	if !f.checkPDF(data) {
		f.notPDF()
		return p
	}
	f.step = CheckSignerTrust
	f.checkTrust()
	f.step = CheckRecord
	f.checkRecord()
	f.step = CheckSignerTrust
	f.checkBinding()
	f.step = CheckQR
	f.checkQR()
	f.step = CheckValidity
	f.r.checkPeriod(f.rec, f.at)
	f.step = CheckStatus
	p.done = false
	return p
}

// TooLarge is File's report on a file of size bytes, more than MaxFile,
// made without reading it.
func TooLarge(name string, size int64, o Options) *Report {
	f := &fileCheck{o: o, at: orNow(o.At)}
	f.r = newReport(name, f.at)
	f.tooLarge(size)
	f.notPDF()
	return f.r
}

// tooLarge fails the pdf-signature check of a file of size bytes, more than MaxFile.
func (f *fileCheck) tooLarge(size int64) {
	f.fail(CheckPDFSignature, fmt.Errorf("%w: %d bytes, the limit is %d", pdfsig.ErrTooLarge, size, MaxFile))
}

// notPDF ends the report of a file that failed its pdf-signature check:
// nothing else is checked.
func (f *fileCheck) notPDF() {
	f.r.skipped("not checked: the file is not a readable signed PDF", "未检查：文件不是可读取的已签名 PDF")
	f.r.finish(f.o.hasRoots())
}

// checkPDF checks that data is a signed PDF whose signatures are intact and
// cover the whole document. It returns false when nothing else can be checked.
func (f *fileCheck) checkPDF(data []byte) bool {
	if len(data) > MaxFile {
		f.tooLarge(int64(len(data)))
		return false
	}
	rep, err := pdfsig.VerifyShared(data, nil, f.o.Cache.prefix())
	if err != nil {
		f.fail(CheckPDFSignature, err)
		if rep != nil {
			f.r.Identifier = rep.Info["Identifier"]
		}
		return false
	}
	f.pdf, f.sig = rep, rep.Signatures[0]

	f.r.Identifier = rep.Info["Identifier"]
	for _, s := range rep.Signatures {
		if s.Err != nil {
			f.fail(CheckPDFSignature, fmt.Errorf("signature %q: %w", s.Field, s.Err))
			return true
		}
	}
	en := fmt.Sprintf("the signature covers the whole document (%s digest)", f.sig.Digest)
	zh := fmt.Sprintf("签名覆盖整个文件（%s 摘要）", f.sig.Digest)
	if f.sig.After == pdfsig.AfterSignatures {
		later := laterSigners(rep.Signatures[1:])
		en = fmt.Sprintf("the signature is intact (%s digest); the incremental updates after it only add later signatures (%d signatures in all): %s — they change nothing on the certificate, and who made them is not checked (only the first, the issuer's, is)", f.sig.Digest, len(rep.Signatures), later.En)
		zh = fmt.Sprintf("签名完好（%s 摘要）；其后的增量更新只追加了签名（共 %d 个签名）：%s——它们不改变证照的任何内容，其签名者的身份不予核验（只核验第一个，即签发机构的签名）", f.sig.Digest, len(rep.Signatures), later.Zh)
	}
	f.r.set(CheckPDFSignature, Pass, en, zh)
	return true
}

// laterSigners names the signers of the signatures after the first, as
// their certificates call them (quoted: whoever signed later chose the
// name), at most three of them.
func laterSigners(sigs []*pdfsig.Signature) text.T {
	const shown = 3
	var en, zh []string
	for i, s := range sigs[:min(len(sigs), shown)] {
		if s.Signer == nil {
			en = append(en, fmt.Sprintf("signature %d by a signer the file does not name", i+2))
			zh = append(zh, fmt.Sprintf("第 %d 个签名的签名者不明", i+2))
			continue
		}
		name, key := quoteName(s.Signer.Subject.CommonName), sign.KeyID(s.Signer.PublicKey)
		en = append(en, fmt.Sprintf("signature %d by %s (key %s)", i+2, name, key))
		zh = append(zh, fmt.Sprintf("第 %d 个签名由 %s（密钥 %s）所签", i+2, name, key))
	}
	if n := len(sigs) - shown; n > 0 {
		en = append(en, fmt.Sprintf("%d more", n))
		zh = append(zh, fmt.Sprintf("另有 %d 个", n))
	}
	return text.T{En: strings.Join(en, ", "), Zh: strings.Join(zh, "，")}
}

// quoteName quotes a name from a certificate for a report, at most 64
// characters of it, escaping what is not printable.
func quoteName(s string) string {
	if r := []rune(s); len(r) > 64 {
		return strconv.QuoteToGraphic(string(r[:64])) + "…"
	}
	return strconv.QuoteToGraphic(s)
}

// fail records err as the reason check name failed, in both languages.
func (f *fileCheck) fail(name string, err error) {
	f.r.set(name, Fail, err.Error(), zhReason(err))
}

// checkTrust checks that the first signature's signer chains to a trusted
// issuer and was valid when it signed.
func (f *fileCheck) checkTrust() {
	if !f.o.hasRoots() {
		f.r.set(CheckSignerTrust, NotChecked, NoTrust, noTrustZh)
		return
	}
	s := f.sig
	if s.Signer == nil {
		f.r.set(CheckSignerTrust, NotChecked, "the signature carries no readable signer certificate", "签名中没有可读的签名者证书")
		return
	}
	at := s.SigningTime
	if at.IsZero() {
		at = s.Claimed
	}
	if at.IsZero() {
		f.r.set(CheckSignerTrust, Fail, "the signature states no signing time", "签名没有签名时间")
		return
	}
	chain, err := f.o.Cache.chain(f.o.Trust, s, at)
	subject, keyID := s.Signer.Subject.CommonName, sign.KeyID(s.Signer.PublicKey)
	when := stamp(at)
	if err != nil {
		if at.Before(s.Signer.NotBefore) || at.After(s.Signer.NotAfter) {
			f.r.set(CheckSignerTrust, Fail,
				fmt.Sprintf("the signer's certificate %q was not valid at the signing time %s (valid %s to %s)", subject, when, stamp(s.Signer.NotBefore), stamp(s.Signer.NotAfter)),
				fmt.Sprintf("签名者证书 %q 在签名时间 %s 不在有效期内（%s 至 %s）", subject, when, stamp(s.Signer.NotBefore), stamp(s.Signer.NotAfter)))
			return
		}
		issuer := s.Signer.Issuer.CommonName
		f.r.set(CheckSignerTrust, Fail,
			fmt.Sprintf("the signer %q (key %s, certified by %q) does not chain to a trusted issuer", subject, keyID, issuer),
			fmt.Sprintf("签名者 %q（密钥 %s，由 %q 签发）不能链接到受信任的签发机构", subject, keyID, issuer))
		return
	}
	root := chain[len(chain)-1].Subject.CommonName
	f.signer = &signerText{T: text.F("由 %[2]q（密钥 %[3]s）于 %[1]s 签名，可链接到 %[4]q", "signed at %s by %q (key %s), which chains to %q",
		when, subject, keyID, root), pilot: sign.IsPilot(s.Signer)}
	f.r.setSigner(*f.signer, text.T{})
}

// checkBinding ties the verified record's issuer code to the PDF signer,
// once both the signer's chain and the record (signed by the same key) hold.
func (f *fileCheck) checkBinding() {
	if f.signer != nil && f.rec != nil {
		f.r.bindIssuer(f.o.Trust, f.sig.Signer, f.rec.Identifier, *f.signer)
	}
}

// chainOf verifies the signer at the signing time against the trusted
// certificates, then against the trusted roots with the certificates the
// signature carries as intermediates.
func chainOf(t *sign.Trust, s *pdfsig.Signature, at time.Time) ([]*smx509.Certificate, error) {
	chain, err := t.Verify(s.Signer, at)
	if err == nil {
		return chain, nil
	}
	roots, inter := smx509.NewCertPool(), smx509.NewCertPool()
	for _, r := range t.Roots() {
		roots.AddCert(r)
	}
	for _, c := range s.Certificates {
		inter.AddCert(c)
	}
	chains, err2 := s.Signer.Verify(smx509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}})
	if err2 != nil || len(chains) == 0 {
		return nil, err
	}
	return chains[0], nil
}

// stamp shows a time in China time, to the second.
func stamp(t time.Time) string { return t.In(workday.Shanghai).Format("2006-01-02 15:04:05 -07:00") }
