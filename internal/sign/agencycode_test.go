package sign

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/text"
)

const (
	codeA = "91350100M000100Y43"
	codeB = "11420104MB1845673K"
)

// certNaming is a self-signed certificate whose subject carries names (in
// that order, duplicates kept) and the extensions exts.
func certNaming(t testing.TB, names []pkix.AttributeTypeAndValue, exts ...pkix.Extension) *smx509.Certificate {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &smx509.Certificate{SerialNumber: big.NewInt(7), NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<32, 0),
		Subject: pkix.Name{CommonName: "agency", ExtraNames: names}, ExtraExtensions: exts}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smx509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func attr(oid asn1.ObjectIdentifier, v string) pkix.AttributeTypeAndValue {
	return pkix.AttributeTypeAndValue{Type: oid, Value: v}
}

func gmOrgCode(t testing.TB, v string, raw bool) pkix.Extension {
	t.Helper()
	if raw {
		return pkix.Extension{Id: oidGMOrgCode, Value: []byte(v)}
	}
	der, err := asn1.MarshalWithParams(v, "printable")
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: oidGMOrgCode, Value: der}
}

// TestAgencyCode reads the agency code where lawful CAs write it, and
// refuses a certificate whose places disagree: a second serialNumber after
// the first (pkix.Name keeps only the last), the code in two places, and
// an organisation code that is not the one inside the credit code.
func TestAgencyCode(t *testing.T) {
	tests := []struct {
		name      string
		names     []pkix.AttributeTypeAndValue
		exts      []pkix.Extension
		code      string
		where     string
		conflicts bool
	}{
		{"serialNumber", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)}, nil, codeA, "subject serialNumber", false},
		{"case and white space", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, " 91350100m000100y43\u3000")}, nil, codeA, "subject serialNumber", false},
		{"organizationIdentifier", []pkix.AttributeTypeAndValue{attr(oidOrgID, "NTRCN-"+codeA)}, nil, codeA, "subject organizationIdentifier", false},
		{"OU with a right check character", []pkix.AttributeTypeAndValue{attr(oidOrgUnit, codeA)}, nil, codeA, "subject OU", false},
		{"OU with a wrong check character is free text", []pkix.AttributeTypeAndValue{attr(oidOrgUnit, "91350100M000100Y44")}, nil, "", "", false},
		{"GM/T 0015 credit code", nil, []pkix.Extension{gmOrgCode(t, codeA, false)}, codeA, "GM/T 0015 organisation-code extension", false},
		{"GM/T 0015 bare characters", nil, []pkix.Extension{gmOrgCode(t, codeA, true)}, codeA, "GM/T 0015 organisation-code extension", false},
		{"organisation code inside the credit code", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)},
			[]pkix.Extension{gmOrgCode(t, "M000100Y-4", false)}, codeA, "subject serialNumber", false},
		{"no code", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, "device-1234")}, nil, "", "", false},
		{"duplicated serialNumber", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA), attr(oidSerialNumber, codeB)}, nil, "", "", true},
		{"serialNumber and organizationIdentifier disagree",
			[]pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA), attr(oidOrgID, "NTRCN-"+codeB)}, nil, "", "", true},
		{"serialNumber and GM/T 0015 disagree", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)},
			[]pkix.Extension{gmOrgCode(t, codeB, false)}, "", "", true},
		{"another organisation code", []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)},
			[]pkix.Extension{gmOrgCode(t, "MB1845673", false)}, "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AgencyCode(certNaming(t, tc.names, tc.exts...))
			var conflict *CodeConflictError
			if tc.conflicts != errors.As(err, &conflict) {
				t.Fatalf("got error %v, want a conflict %v", err, tc.conflicts)
			}
			if got.Code != tc.code || got.Where != tc.where {
				t.Errorf("got %q in %q, want %q in %q", got.Code, got.Where, tc.code, tc.where)
			}
		})
	}
}

// TestBindingAllows: a signer signs for what its certificate names and
// what the trust policy binds it to, and for nothing else; a certificate
// that names two codes signs for neither.
func TestBindingAllows(t *testing.T) {
	named := certNaming(t, []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)})
	both := certNaming(t, []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA), attr(oidOrgID, "NTRCN-"+codeB)})
	none := certNaming(t, nil)
	tr := NewTrust()
	tr.Bind([]*smx509.Certificate{none}, codeB)
	tests := []struct {
		name  string
		cert  *smx509.Certificate
		code  string
		allow bool
	}{
		{"its own code", named, codeA, true},
		{"another agency's code", named, codeB, false},
		{"bound by the policy", none, codeB, true},
		{"not bound by the policy", none, codeA, false},
		{"two codes, the first", both, codeA, false},
		{"two codes, the second", both, codeB, false},
	}
	for _, tc := range tests {
		if got := tr.BindingOf(tc.cert).Allows(tc.code); got != tc.allow {
			t.Errorf("%s: Allows(%s) = %v, want %v", tc.name, tc.code, got, tc.allow)
		}
	}
	if NewTrust().BindingOf(none).Bound() {
		t.Error("a certificate naming no code is bound without a policy")
	}
}

func TestTrustArg(t *testing.T) {
	tests := []struct{ in, code, path string }{
		{codeA + "=chain.pem", codeA, "chain.pem"},
		{"chain.pem", "", "chain.pem"},
		{"dir/a=b.pem", "", "dir/a=b.pem"},
		{"abc123=x.pem", "", "abc123=x.pem"}, // lower case is not an issuer code
		{codeA + "=", "", codeA + "="},
	}
	for _, tc := range tests {
		if code, path := TrustArg(tc.in); code != tc.code || path != tc.path {
			t.Errorf("TrustArg(%q) = %q, %q; want %q, %q", tc.in, code, path, tc.code, tc.path)
		}
	}
}

// TestPilotNamesAgency: the pilot issuing certificate names the agency's
// code in its subject serialNumber, as ezz and OpenSSL read it, and the
// pilot root names none.
func TestPilotNamesAgency(t *testing.T) {
	dir := t.TempDir()
	is, err := InitPilot(dir, Agency{Name: "测试局", Code: codeA}, []byte("pilot-passphrase"), time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := AgencyCode(is.Cert()); err != nil || got.Code != codeA || got.Where != "subject serialNumber" {
		t.Errorf("pilot certificate names %+v (%v), want %s in its subject serialNumber", got, err, codeA)
	}
	if got, _ := AgencyCode(is.Chain[1]); got.Code != "" {
		t.Errorf("pilot root names %s", got.Code)
	}
	if _, err := InitPilot(t.TempDir(), Agency{Name: "测试局"}, []byte("pilot-passphrase"), time.Now(), false); err == nil {
		t.Error("pilot keys made for an agency without a code")
	}
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	out, err := exec.Command(openssl, "x509", "-in", filepath.Join(dir, ChainFile), "-noout", "-subject", "-nameopt", "RFC2253").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "serialNumber="+codeA) {
		t.Errorf("openssl reads the subject as %s; want serialNumber=%s", out, codeA)
	}
}

// gmOrgCodeDER is the GM/T 0015 organisation-code extension holding der.
func gmOrgCodeDER(t testing.TB, v any, params string) pkix.Extension {
	t.Helper()
	der, err := asn1.MarshalWithParams(v, params)
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: oidGMOrgCode, Value: der}
}

// printableOf is s as a PrintableString element.
func printableOf(t testing.TB, s string) asn1.RawValue {
	der, err := asn1.MarshalWithParams(s, "printable")
	if err != nil {
		t.Fatal(err)
	}
	return asn1.RawValue{FullBytes: der}
}

// bmp is s as the contents of a BMPString.
func bmp(s string) asn1.RawValue {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagBMPString, Bytes: b}
}

// TestAgencyCodeExtensionForms reads the GM/T 0015 extension in whatever
// form a CA writes a string (a code in a BMPString or inside a SEQUENCE was
// skipped, so a certificate naming agency A in its subject and agency B
// there was bound to A alone), and binds a certificate whose extension
// reads as no code to no agency.
func TestAgencyCodeExtensionForms(t *testing.T) {
	a := []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA)}
	tests := []struct {
		name  string
		ext   pkix.Extension
		code  string
		where string
		err   string // "conflict", "unreadable" or ""
	}{
		{"BMPString of the same code", gmOrgCodeDER(t, bmp(codeA), ""), codeA, "subject serialNumber", ""},
		{"BMPString of another code", gmOrgCodeDER(t, bmp(codeB), ""), "", "", "conflict"},
		{"SEQUENCE of another code", gmOrgCodeDER(t, struct {
			C string `asn1:"printable"`
		}{codeB}, ""), "", "", "conflict"},
		{"SET of the code and another", gmOrgCodeDER(t, []asn1.RawValue{printableOf(t, codeA), printableOf(t, codeB)}, "set"), "", "", "conflict"},
		{"OCTET STRING of another code", gmOrgCodeDER(t, []byte(codeB), ""), "", "", "conflict"},
		{"UTF8String of the same code", gmOrgCodeDER(t, codeA, "utf8"), codeA, "subject serialNumber", ""},
		{"an empty string", gmOrgCodeDER(t, "", "printable"), codeA, "subject serialNumber", ""},
		{"free text", gmOrgCodeDER(t, "see the subject", "printable"), "", "", "unreadable"},
		{"an INTEGER", gmOrgCodeDER(t, 11420104, ""), "", "", "unreadable"},
		{"binary bytes", pkix.Extension{Id: oidGMOrgCode, Value: []byte{0xff, 0x00, 0x11}}, "", "", "unreadable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AgencyCode(certNaming(t, a, tc.ext))
			var conflict *CodeConflictError
			var unreadable *UnreadableCodeError
			kind := ""
			switch {
			case errors.As(err, &conflict):
				kind = "conflict"
			case errors.As(err, &unreadable):
				kind = "unreadable"
			case err != nil:
				t.Fatal(err)
			}
			if kind != tc.err || got.Code != tc.code || got.Where != tc.where {
				t.Errorf("got %q in %q, error %v; want %q in %q, error %q", got.Code, got.Where, err, tc.code, tc.where, tc.err)
			}
			if b := NewTrust().BindingOf(certNaming(t, a, tc.ext)); tc.err != "" && b.Allows(codeA) {
				t.Errorf("the binding allows %s", codeA)
			}
		})
	}
}

// TestSubjectStringShowsDuplicates: pkix.Name's String drops the first of
// two serialNumbers; what keys show and the conflict error print keeps both.
func TestSubjectStringShowsDuplicates(t *testing.T) {
	c := certNaming(t, []pkix.AttributeTypeAndValue{attr(oidSerialNumber, codeA), attr(oidSerialNumber, codeB)})
	if s := c.Subject.String(); strings.Contains(s, codeA) {
		t.Fatalf("pkix.Name.String kept both (%s): the test no longer shows the trap", s)
	}
	if s := SubjectString(c); !strings.Contains(s, codeA) || !strings.Contains(s, codeB) {
		t.Errorf("SubjectString = %s, want both %s and %s", s, codeA, codeB)
	}
}

// TestTrustArgHint: a --trust name with an '=' that is not CODE=FILE (a
// code in lower case or full-width characters, an empty code or file) that
// names no file says how CODE=FILE is written, with the code folded.
func TestTrustArgHint(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ in, hint string }{
		{"11420104mb1845673k=" + dir + "/chain.pem", "--trust 11420104MB1845673K=" + dir + "/chain.pem"},
		{"１１４２０１０４ＭＢ１８４５６７３Ｋ=chain.pem", "--trust 11420104MB1845673K=chain.pem"},
		{"=chain.pem", "--trust 11420104MB1845673K=chain.pem"},
		{codeA + "=", "--trust " + codeA + "=CHAIN.pem"},
	}
	for _, tc := range tests {
		_, err := LoadTrust(tc.in)
		if h := text.HintOf(err); err == nil || !strings.Contains(h.En, "write CODE=FILE") || !strings.Contains(h.En, tc.hint) || h.Zh == "" {
			t.Errorf("LoadTrust(%q): %v, hint %q; want a hint with %q", tc.in, err, h.En, tc.hint)
		}
	}
	if _, err := LoadTrust(dir + "/none.pem"); err == nil || !text.HintOf(err).IsZero() {
		t.Errorf("a plain missing file: %v, hint %q; want no CODE=FILE hint", err, text.HintOf(err).En)
	}
}
