package sign

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/dataitem"
	"ezz/internal/text"
)

// Where lawful Chinese CA certificates name the organisation a certificate
// was issued to (docs/keys.md, "The agency a certificate names").
var (
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}  // subject serialNumber: the credit code (EV practice)
	oidOrgUnit      = asn1.ObjectIdentifier{2, 5, 4, 11} // OU: some CAs put the credit code there
	oidOrgID        = asn1.ObjectIdentifier{2, 5, 4, 97} // organizationIdentifier: NTRCN-<credit code>
	// GM/T 0015 private extensions (1.2.156.10260.4.1.x): .4 企业组织机构代码,
	// which CAs fill with the unified social credit code since 三证合一.
	oidGMOrgCode = asn1.ObjectIdentifier{1, 2, 156, 10260, 4, 1, 4}
)

// NamedCode is an agency code a certificate names, and where.
type NamedCode struct {
	Code  string // 18-character credit code, or a 9-character organisation code
	Where string // e.g. "subject serialNumber"
}

// CodeConflictError is a certificate that names two agency codes that disagree.
type CodeConflictError struct {
	Subject string
	A, B    NamedCode
}

func (e *CodeConflictError) Error() string { return e.Text().En }

// Text is the error in both languages.
func (e *CodeConflictError) Text() text.T {
	return text.F("证书 %q 载明了两个不同的机构代码：%s（证书%s）与 %s（证书%s）",
		"certificate %q names two agency codes, %s in its %s and %s in its %s",
		e.Subject, e.A.Code, whereOf(e.A.Where), e.B.Code, whereOf(e.B.Where))
}

// whereOf names a place in a certificate in both languages.
func whereOf(where string) text.T { return text.New(whereZh[where], where) }

// AgencyCode returns the agency code cert names: its credit code (or, from
// the GM/T 0015 extension alone, a 9-character organisation code), or the
// zero NamedCode when it names none. Every attribute of the subject is read,
// not the last of each kind, so a duplicated or re-typed attribute cannot
// hide behind another; codes that disagree are a *CodeConflictError.
func AgencyCode(cert *smx509.Certificate) (NamedCode, error) {
	var found []NamedCode
	for _, atv := range cert.Subject.Names {
		s, ok := atv.Value.(string)
		if !ok {
			continue
		}
		switch {
		case atv.Type.Equal(oidSerialNumber):
			found = appendCode(found, creditCode(s, false), "subject serialNumber")
		case atv.Type.Equal(oidOrgID):
			found = appendCode(found, orgIdentifier(s), "subject organizationIdentifier")
		case atv.Type.Equal(oidOrgUnit):
			found = appendCode(found, creditCode(s, true), "subject OU")
		}
	}
	for _, ext := range cert.Extensions {
		if !ext.Id.Equal(oidGMOrgCode) {
			continue
		}
		values, ok := extStrings(ext.Value, 0)
		for _, v := range values {
			code := orgCode(v)
			ok = ok && (code != "" || normCode(v) == "")
			found = appendCode(found, code, "GM/T 0015 organisation-code extension")
		}
		if !ok {
			return NamedCode{}, &UnreadableCodeError{Subject: SubjectString(cert)}
		}
	}
	return oneCode(cert, found)
}

// UnreadableCodeError is a certificate whose GM/T 0015 organisation-code
// extension holds something ezz does not read as an agency code: which
// agency it names is not known, so it is bound to none (another reader
// may find there a code other than the one its subject names).
type UnreadableCodeError struct{ Subject string }

func (e *UnreadableCodeError) Error() string { return e.Text().En }

// Text is the error in both languages.
func (e *UnreadableCodeError) Text() text.T {
	return text.F("证书 %q 的 GM/T 0015 组织机构代码扩展无法读作机构代码，可能载明了其他机构",
		"certificate %q has a GM/T 0015 organisation-code extension that does not read as an agency code, and may name another agency", e.Subject)
}

func appendCode(found []NamedCode, code, where string) []NamedCode {
	if code == "" {
		return found
	}
	return append(found, NamedCode{Code: code, Where: where})
}

// oneCode is the code all of found agree on: one credit code, and any
// organisation code the one inside it (GB 32100: characters 9–17).
func oneCode(cert *smx509.Certificate, found []NamedCode) (NamedCode, error) {
	var best NamedCode
	for _, c := range found {
		if best.Code == "" || len(c.Code) > len(best.Code) {
			best = c
		}
	}
	for _, c := range found {
		if !SameAgency(best.Code, c.Code) {
			return NamedCode{}, &CodeConflictError{Subject: SubjectString(cert), A: best, B: c}
		}
	}
	return best, nil
}

// SubjectString is cert's subject as encoded, every attribute in its order:
// pkix.Name's String keeps only the last of a duplicated attribute, which
// would hide a second serialNumber from whoever reads it.
func SubjectString(cert *smx509.Certificate) string {
	return rdnString(cert.RawSubject, cert.Subject.String())
}

// IssuerString is cert's issuer as SubjectString shows a subject.
func IssuerString(cert *smx509.Certificate) string {
	return rdnString(cert.RawIssuer, cert.Issuer.String())
}

func rdnString(raw []byte, parsed string) string {
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) > 0 {
		return parsed
	}
	return rdns.String()
}

// SameAgency reports whether code, an issuer code, is the agency named by
// named: equal, or named is the organisation code inside the credit code.
func SameAgency(named, code string) bool {
	if named == code {
		return named != ""
	}
	a, b := named, code
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) == 9 && len(b) == 18 && b[8:17] == a
}

// normCode folds a code as a clerk or a CA may have typed it: surrounding
// white space (U+3000 too) and lower-case letters.
func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// creditCode is s when it is shaped like an 18-character credit code; in
// free text (OU) its check character must also be right.
func creditCode(s string, checked bool) string {
	s = normCode(s)
	if len(s) != 18 || !alnum(s) || (checked && dataitem.CheckUSCC(s) != nil) {
		return ""
	}
	return s
}

// orgIdentifier reads an organizationIdentifier (ETSI EN 319 412-1): a
// scheme, CN, a hyphen, then the code; NTR (the trade register) and VAT
// (the tax number, which in China is the credit code) name the agency.
func orgIdentifier(s string) string {
	s = normCode(s)
	for _, p := range []string{"NTRCN-", "VATCN-"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return creditCode(rest, false)
		}
	}
	return ""
}

// orgCode reads the GM/T 0015 organisation-code extension: a credit code, or
// a 9-character organisation code (GB 11714, written with a hyphen or not).
func orgCode(s string) string {
	s = normCode(s)
	if len(s) == 10 && s[8] == '-' {
		s = s[:8] + s[9:]
	}
	if (len(s) == 18 || len(s) == 9) && alnum(s) {
		return s
	}
	return ""
}

// extStrings reads an extension's value as GM/T 0015 defines it, a DER
// string, and as CAs write it otherwise: any ASN.1 character string
// (BMPString as UTF-16, UniversalString as UTF-32), the strings inside an
// OCTET STRING, SEQUENCE or SET, or the bare characters. ok is false for
// anything else, or nesting deeper than a few levels.
func extStrings(der []byte, depth int) (values []string, ok bool) {
	var v asn1.RawValue
	rest, err := asn1.Unmarshal(der, &v)
	if err != nil || len(rest) != 0 {
		if !printable(der) {
			return nil, false
		}
		return []string{string(der)}, true
	}
	switch {
	case depth > 4 || v.Class != asn1.ClassUniversal:
		return nil, false
	case v.IsCompound && (v.Tag == asn1.TagSequence || v.Tag == asn1.TagSet):
		for b := v.Bytes; len(b) > 0; {
			var e asn1.RawValue
			if b, err = asn1.Unmarshal(b, &e); err != nil {
				return nil, false
			}
			more, ok := extStrings(e.FullBytes, depth+1)
			if !ok {
				return nil, false
			}
			values = append(values, more...)
		}
		return values, true
	case v.IsCompound:
		return nil, false
	case v.Tag == asn1.TagOctetString:
		return extStrings(v.Bytes, depth+1)
	}
	s, ok := charString(v.Tag, v.Bytes)
	return []string{s}, ok
}

// charString decodes the contents of an ASN.1 character string of tag.
func charString(tag int, b []byte) (string, bool) {
	switch tag {
	case asn1.TagPrintableString, asn1.TagUTF8String, asn1.TagIA5String, asn1.TagNumericString, asn1.TagT61String, 26: // 26: VisibleString
		return string(b), utf8.Valid(b)
	case asn1.TagBMPString:
		if len(b)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u)), true
	case 28: // UniversalString
		if len(b)%4 != 0 {
			return "", false
		}
		r := make([]rune, len(b)/4)
		for i := range r {
			r[i] = rune(b[4*i])<<24 | rune(b[4*i+1])<<16 | rune(b[4*i+2])<<8 | rune(b[4*i+3])
		}
		return string(r), true
	}
	return "", false
}

// printable reports whether b is printable ASCII.
func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// Binding is whom a signer signs for: the agency code its certificate names
// and the codes the trust policy binds it to.
type Binding struct {
	Named  NamedCode // what the certificate names (zero: nothing)
	Mapped []string  // what the trust policy binds it to (--trust CODE=FILE, a workspace's offices)
	Err    error     // the certificate names codes that disagree (*CodeConflictError) or one ezz cannot read (*UnreadableCodeError)
}

// BindingOf is the binding of a signer's certificate under t (nil: no policy).
func (t *Trust) BindingOf(cert *smx509.Certificate) Binding {
	named, err := AgencyCode(cert)
	b := Binding{Named: named, Err: err}
	if t != nil {
		b.Mapped = t.bound[string(cert.Raw)] // keyed by the DER: no digest a file
	}
	return b
}

// Bound reports whether the signer is bound to any code.
func (b Binding) Bound() bool { return b.Named.Code != "" || len(b.Mapped) > 0 }

// Allows reports whether the signer signs for the issuer code.
func (b Binding) Allows(code string) bool {
	return b.Err == nil && (SameAgency(b.Named.Code, code) || slices.Contains(b.Mapped, code))
}

// Why says how the signer is bound to code, which it Allows: its
// certificate names it (and where), or the trust policy binds it.
func (b Binding) Why(code string) text.T {
	if SameAgency(b.Named.Code, code) {
		return text.F("证书%s载明", "its certificate names it in its %s", whereOf(b.Named.Where))
	}
	return text.New("由信任策略绑定", "the trust policy binds it")
}

// Codes lists the codes the signer is bound to, for messages.
func (b Binding) Codes() text.T {
	var en, zh []string
	if b.Named.Code != "" {
		en = append(en, b.Named.Code+" ("+b.Named.Where+")")
		zh = append(zh, b.Named.Code+"（证书"+whereZh[b.Named.Where]+"）")
	}
	for _, m := range b.Mapped {
		if m != b.Named.Code {
			en, zh = append(en, m+" (trust policy)"), append(zh, m+"（信任策略）")
		}
	}
	return text.New(strings.Join(zh, "、"), strings.Join(en, ", "))
}

// whereZh names the places a certificate names its agency, in Chinese.
var whereZh = map[string]string{
	"subject serialNumber":                  "主题 serialNumber",
	"subject organizationIdentifier":        "主题 organizationIdentifier",
	"subject OU":                            "主题 OU",
	"GM/T 0015 organisation-code extension": " GM/T 0015 组织机构代码扩展",
}
