package verify

import (
	"crypto"
	"errors"
	"fmt"

	"ezz/internal/ident"
	"ezz/internal/issuance"
	"ezz/internal/record"
	"ezz/internal/sign"
)

// lookup finds a public key by key id: among the trusted certificates, else
// the PDF signer's own key (whose trust the signer-trust check judges).
func (f *fileCheck) lookup(keyID string) (crypto.PublicKey, error) {
	if f.o.Trust != nil {
		if pub, err := f.o.Trust.Lookup(keyID); err == nil {
			return pub, nil
		}
	}
	if f.sig != nil && f.sig.Signer != nil && sign.KeyID(f.sig.Signer.PublicKey) == keyID {
		return f.sig.Signer.PublicKey, nil
	}
	return nil, fmt.Errorf("%w %q", sign.ErrUnknownKey, keyID)
}

// checkRecord opens the embedded signed record and checks that it names this
// document: identifier (check character included), the PDF's identifier, the
// PDF signer's key and, when catalogues are known, its catalogue.
func (f *fileCheck) checkRecord() {
	data, ok := f.pdf.Attachments[issuance.RecordAttachment]
	if !ok {
		f.r.set(CheckRecord, Fail, "the PDF carries no signed record ("+issuance.RecordAttachment+")",
			"PDF 中没有签名的证照数据（"+issuance.RecordAttachment+"）")
		return
	}
	rec, env, err := record.OpenEnvelope(data, f.lookup)
	if err != nil {
		f.fail(CheckRecord, fmt.Errorf("the signed record: %w", err))
		return
	}
	f.r.Identifier = rec.Identifier
	if en, zh := recordMismatch(rec); en != "" {
		f.r.set(CheckRecord, Fail, en, zh)
		return
	}
	if pdfID := f.pdf.Info["Identifier"]; pdfID != rec.Identifier {
		f.r.set(CheckRecord, Fail,
			fmt.Sprintf("the embedded record is certificate %s but the PDF is %s", rec.Identifier, orNone(pdfID)),
			fmt.Sprintf("嵌入的证照数据属于 %s，而 PDF 标明的是 %s", rec.Identifier, orNone(pdfID)))
		return
	}
	if f.sig.Signer != nil {
		if signer := sign.KeyID(f.sig.Signer.PublicKey); env.KeyID != signer {
			f.r.set(CheckRecord, Fail,
				fmt.Sprintf("the record is signed by key %s but the PDF by key %s", env.KeyID, signer),
				fmt.Sprintf("证照数据由密钥 %s 签名，而 PDF 由密钥 %s 签名", env.KeyID, signer))
			return
		}
	}
	f.rec, f.env, f.digest = rec, env, env.Digest()
	if f.digest == nil {
		f.digest, err = rec.Digest()
	}
	if err != nil {
		f.fail(CheckRecord, err)
		return
	}
	f.r.catalogue(rec, env.KeyID, f.o.Catalogues)
}

// recordMismatch checks the record's own identifier: well formed, the right
// check character, equal to its ZZBS, of its issuing agency (ZZBFJGDM),
// type code and version.
func recordMismatch(rec *record.Record) (en, zh string) {
	id, err := ident.Parse(rec.Identifier)
	var ce *ident.CheckError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf("identifier %s has check character %c, want %c", rec.Identifier, ce.Got, ce.Want),
			fmt.Sprintf("证照标识 %s 的校验码是 %c，应为 %c", rec.Identifier, ce.Got, ce.Want)
	case err != nil:
		return fmt.Sprintf("identifier %q is malformed: %v", rec.Identifier, err),
			fmt.Sprintf("证照标识 %q 格式错误：%v", rec.Identifier, err)
	case rec.Meta.ZZBS != rec.Identifier:
		return fmt.Sprintf("the record's ZZBS %s differs from its identifier %s", rec.Meta.ZZBS, rec.Identifier),
			fmt.Sprintf("证照数据的证照标识 ZZBS %s 与标识 %s 不一致", rec.Meta.ZZBS, rec.Identifier)
	case rec.Meta.ZZBFJGDM != id.Issuer: // what readers and receivers show as the issuing agency: bound through the identifier
		return fmt.Sprintf("the record's issuing-agency code ZZBFJGDM %s differs from its identifier's issuer code %s", orNone(rec.Meta.ZZBFJGDM), id.Issuer),
			fmt.Sprintf("证照数据的颁发机构代码 ZZBFJGDM %s 与证照标识中的签发机构代码 %s 不一致", orNone(rec.Meta.ZZBFJGDM), id.Issuer)
	case rec.Meta.ZZLXDM != id.TypeCode:
		return fmt.Sprintf("the record's type code ZZLXDM %s differs from its identifier's %s", rec.Meta.ZZLXDM, id.TypeCode),
			fmt.Sprintf("证照类型代码 ZZLXDM %s 与证照标识中的 %s 不一致", rec.Meta.ZZLXDM, id.TypeCode)
	case rec.Version != id.VersionNumber():
		return fmt.Sprintf("the record is version %d but its identifier says %s", rec.Version, id.Version),
			fmt.Sprintf("证照数据版本 %d 与证照标识中的版本 %s 不一致", rec.Version, id.Version)
	}
	return "", ""
}

// catalogue passes the record check, with what is known of its catalogue.
func (r *Report) catalogue(rec *record.Record, keyID string, known map[string]string) {
	en := fmt.Sprintf("signed record of %s %s for %s, version %d, signed by key %s", rec.Meta.ZZMC, rec.Meta.ZZBH, rec.Meta.CZZT, rec.Version, keyID)
	zh := fmt.Sprintf("%s %s（持证主体 %s，第 %d 版）的签名数据完好，签名密钥 %s", rec.Meta.ZZMC, rec.Meta.ZZBH, rec.Meta.CZZT, rec.Version, keyID)
	code, ok := known[rec.CatalogueHash]
	switch {
	case known == nil:
		r.set(CheckRecord, Pass, en+"; catalogue not checked (give --templates DIR)", zh+"；未核对目录（可用 --templates 指定模板目录）")
	case !ok:
		r.set(CheckRecord, NotChecked,
			en+"; its catalogue "+rec.CatalogueHash+" is not among the known templates",
			zh+"；其目录 "+rec.CatalogueHash+" 不在已知模板中")
	case code != rec.Meta.ZZLXDM:
		r.set(CheckRecord, Fail,
			fmt.Sprintf("the record's catalogue %s is type %s, but the record says %s", rec.CatalogueHash, code, rec.Meta.ZZLXDM),
			fmt.Sprintf("证照数据的目录 %s 属于类型 %s，而数据中是 %s", rec.CatalogueHash, code, rec.Meta.ZZLXDM))
	default:
		r.set(CheckRecord, Pass, en+"; catalogue "+rec.CatalogueHash+" is a known template", zh+"；目录 "+rec.CatalogueHash+" 为已知模板")
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
