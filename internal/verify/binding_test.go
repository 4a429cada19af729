package verify

import (
	"context"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/issuance"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// codeB is another agency's credit code; the fixture's agency is
// workspace.PilotAgencyCode.
const codeB = "11420104MB1845673K"

var (
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
	oidOrgID        = asn1.ObjectIdentifier{2, 5, 4, 97}
)

func serialNumber(code string) []pkix.AttributeTypeAndValue {
	return []pkix.AttributeTypeAndValue{{Type: oidSerialNumber, Value: code}}
}

// testCA makes certificates under one SM2 root, as a lawful CA that serves
// many agencies would.
type testCA struct {
	root *smx509.Certificate
	key  *sm2.PrivateKey
}

func newTestCA(t testing.TB) *testCA {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &testCA{key: key}
	ca.root = ca.make(t, nil, nil, key, true)
	return ca
}

// make signs a certificate for key's public half named names; nil parent
// makes a self-signed root.
func (ca *testCA) make(t testing.TB, names []pkix.AttributeTypeAndValue, parent *smx509.Certificate, key *sm2.PrivateKey, isCA bool) *smx509.Certificate {
	t.Helper()
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &smx509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "test CA", ExtraNames: names},
		NotBefore: issueTime.AddDate(-1, 0, 0), NotAfter: issueTime.AddDate(5, 0, 0), BasicConstraintsValid: true, IsCA: isCA}
	if isCA {
		tmpl.KeyUsage = smx509.KeyUsageCertSign
	} else {
		tmpl.Subject.CommonName = "agency signer"
		tmpl.KeyUsage = smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
	}
	signer := ca.key
	if parent == nil {
		parent = tmpl
		signer = key
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smx509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// issuer is an issuing key certified by the CA (through an intermediate
// named inter, when inter is not nil) with a certificate named names.
func (ca *testCA) issuer(t testing.TB, names, inter []pkix.AttributeTypeAndValue) *sign.Issuer {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	parent, chain := ca.root, []*smx509.Certificate{ca.root}
	sub := ca
	if inter != nil {
		ikey, err := sm2.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		parent = ca.make(t, inter, ca.root, ikey, true)
		chain = append([]*smx509.Certificate{parent}, chain...)
		sub = &testCA{root: parent, key: ikey}
	}
	leaf := sub.make(t, names, parent, key, false)
	return &sign.Issuer{Key: key, Chain: append([]*smx509.Certificate{leaf}, chain...), KeyID: sign.KeyID(leaf.PublicKey), Alg: sign.AlgSM2}
}

// issueAs issues and records a certificate of sample 0 signed by key, for
// the issuing office office with the issuer code code ("": the agency's).
func (f *fixture) issueAs(t testing.TB, key *sign.Issuer, office, code string) *issuance.Certificate {
	t.Helper()
	ws := &workspace.Workspace{Dir: f.ws.Dir, Config: f.ws.Config}
	vals := f.values(t, 0)
	if code != "" {
		ws.Config.Offices = append(slices.Clone(ws.Config.Offices), workspace.Office{Name: office, Code: code})
		vals[f.tmpl.Metadata.IssuingOffice] = office
	}
	m, err := issuance.New(issuance.Config{Template: f.tmpl, Hash: f.hash, Key: key, Workspace: ws, Renderer: f.render})
	if err != nil {
		t.Fatal(err)
	}
	return f.issueBy(t, m, vals)
}

// bindCase is a file or QR code, the signer-trust result and verdict it
// must get, and what its reason must say.
type bindCase struct {
	name    string
	data    []byte
	qr      string
	opts    Options
	result  string
	verdict string
	says    []string
}

func (tc bindCase) run(t *testing.T) {
	var r *Report
	if tc.data != nil {
		r = File(context.Background(), tc.data, "cert.pdf", tc.opts)
	} else {
		r = QR(context.Background(), tc.qr, tc.opts)
	}
	c := r.Check(CheckSignerTrust)
	if c.Result != tc.result || r.Verdict != tc.verdict {
		t.Fatalf("got signer-trust %s, verdict %s (%q); want %s, %s", c.Result, r.Verdict, c.Reason.En, tc.result, tc.verdict)
	}
	for _, s := range tc.says {
		if !strings.Contains(c.Reason.En, s) {
			t.Errorf("reason %q does not say %q", c.Reason.En, s)
		}
	}
	if c.Reason.Zh == "" || strings.Contains(c.Reason.Zh, "issuer code") {
		t.Errorf("Chinese reason %q", c.Reason.Zh)
	}
	for _, other := range r.Checks {
		if other.Name != CheckSignerTrust && other.Result == Fail {
			t.Errorf("%s failed too: %s", other.Name, other.Reason.En)
		}
	}
}

// TestIssuerBinding: a signer signs only for the issuer code its
// certificate names or the trust policy binds it to. Agency A's key signing
// a certificate of B's issuer code, as a file or as a QR code, fails; the
// workspace's binding of its offices lets it; a signer whose certificate
// names no code only warns; an intermediate's code binds nobody; a
// certificate that names two codes signs for none.
func TestIssuerBinding(t *testing.T) {
	f := shared(t)
	codeA := workspace.PilotAgencyCode
	opts := f.options(checkAt)
	forB := f.issueAs(t, f.issuer, "外区市场监督管理局", codeB)
	mapped, err := sign.LoadWorkspaceTrust(f.ws.KeysDir(), codeA, codeB)
	if err != nil {
		t.Fatal(err)
	}
	withOffice := opts
	withOffice.Trust = mapped

	ca := newTestCA(t)
	caTrust := func(is *sign.Issuer) Options {
		o := opts
		o.Trust = sign.NewTrust(is.Chain...)
		return o
	}
	unbound := ca.issuer(t, nil, nil)
	ofUnbound := f.issueAs(t, unbound, "", "")
	underB := ca.issuer(t, nil, serialNumber(codeB))
	ofUnderB := f.issueAs(t, underB, "外区市场监督管理局", codeB)
	aUnderB := ca.issuer(t, serialNumber(codeA), serialNumber(codeB))
	bByAUnderB := f.issueAs(t, aUnderB, "外区市场监督管理局", codeB)
	twice := ca.issuer(t, append(serialNumber(codeA), pkix.AttributeTypeAndValue{Type: oidOrgID, Value: "NTRCN-" + codeB}), nil)
	ofTwice := f.issueAs(t, twice, "", "")

	tests := []bindCase{
		{"A signs a certificate of B", forB.PDF, "", opts, Fail, Invalid,
			[]string{"bound to " + codeA + " (subject serialNumber)", forB.ID.String() + " carries issuer code " + codeB, "--trust " + codeB + "=CHAIN.pem"}},
		{"A signs a QR code of B", nil, forB.QR, opts, Fail, Invalid,
			[]string{"bound to " + codeA, "carries issuer code " + codeB}},
		{"A signs for its office B, bound by the workspace", forB.PDF, "", withOffice, Warn, Valid,
			[]string{"issuer code " + codeB + " is bound to the signer (the trust policy binds it)", "a PILOT certificate"}},
		{"A signs its own certificate", f.sample(t, 0).PDF, "", opts, Warn, Valid,
			[]string{"issuer code " + codeA + " is bound to the signer (its certificate names it in its subject serialNumber)"}},
		{"a signer naming no code", ofUnbound.PDF, "", caTrust(unbound), Warn, Valid,
			[]string{"issuer code " + codeA + " is not bound to the signer: its certificate names no agency code", "--trust " + codeA + "=CHAIN.pem"}},
		{"a signer naming no code, its QR code", nil, ofUnbound.QR, caTrust(unbound), Warn, Valid,
			[]string{"is not bound to the signer"}},
		{"an intermediate names B, the signer nothing", ofUnderB.PDF, "", caTrust(underB), Warn, Valid,
			[]string{"issuer code " + codeB + " is not bound to the signer"}},
		{"an intermediate names B, the signer A", bByAUnderB.PDF, "", caTrust(aUnderB), Fail, Invalid,
			[]string{"bound to " + codeA + " (subject serialNumber)", "carries issuer code " + codeB}},
		{"a signer naming two codes", ofTwice.PDF, "", caTrust(twice), Fail, Invalid,
			[]string{"names two agency codes, " + codeA + " in its subject serialNumber and " + codeB + " in its subject organizationIdentifier"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.run)
	}
}

// TestBindList: a status list speaks only for the issuers its signer is
// bound to; one whose signer names no code is taken as unbound.
func TestBindList(t *testing.T) {
	f := shared(t)
	codeA := workspace.PilotAgencyCode
	ofA := f.sample(t, 0).ID.String()
	ofB := strings.Replace(ofA, "."+codeA+".", "."+codeB+".", 1)
	tests := []struct {
		name        string
		issuers     []string
		identifiers []string
		refused     string
	}{
		{"its own issuer", []string{codeA}, []string{ofA}, ""},
		{"another agency in issuers", []string{codeA, codeB}, nil, "names issuer code " + codeB + " in issuers"},
		{"another agency's entry", []string{codeA}, []string{ofB}, "names issuer code " + codeB + " in entry " + ofB},
	}
	for _, tc := range tests {
		unbound, err := BindList(f.trust, f.issuer.KeyID, issueTime, tc.issuers, tc.identifiers)
		if tc.refused == "" && (err != nil || unbound) || tc.refused != "" && (err == nil || !strings.Contains(err.Error(), tc.refused)) {
			t.Errorf("%s: got unbound %v, error %v; want refused %q", tc.name, unbound, err, tc.refused)
		}
	}
	mapped, err := sign.LoadWorkspaceTrust(f.ws.KeysDir(), codeA, codeB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BindList(mapped, f.issuer.KeyID, issueTime, []string{codeA, codeB}, []string{ofB}); err != nil {
		t.Errorf("a list of the workspace's office refused: %v", err)
	}
	ca := newTestCA(t)
	is := ca.issuer(t, nil, nil)
	unbound, err := BindList(sign.NewTrust(ca.root, is.Cert()), is.KeyID, issueTime, []string{codeA, codeB}, nil)
	if err != nil || !unbound {
		t.Errorf("a list whose signer names no code: got unbound %v, error %v; want unbound", unbound, err)
	}
}

// TestQRTokenBinding: in a file, a QR token signed by a trusted key other
// than the PDF signer's must be bound to the identifier's issuer code too.
func TestQRTokenBinding(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 0)
	ca := newTestCA(t)
	ofB := ca.issuer(t, serialNumber(codeB), nil)
	claims, err := qr.Parse(c.QR)
	if err != nil {
		t.Fatal(err)
	}
	claims.KeyID = ofB.KeyID
	payload, err := qr.Make(claims, ofB.Key, "")
	if err != nil {
		t.Fatal(err)
	}
	opts := f.options(checkAt)
	opts.Trust = sign.NewTrust(append(slices.Clone(f.issuer.Chain), ofB.Chain...)...)
	r := File(context.Background(), f.build(t, c, c.Envelope, payload), "cert.pdf", opts)
	got := r.Check(CheckQR)
	want := `the QR code is signed by "agency signer" (key ` + ofB.KeyID + `), bound to ` + codeB + ` (subject serialNumber), not to issuer code ` + workspace.PilotAgencyCode
	if got.Result != Fail || got.Reason.En != want || r.Verdict != Invalid {
		t.Errorf("got qr %s %q, verdict %s; want fail %q, invalid", got.Result, got.Reason.En, r.Verdict, want)
	}
}

// TestIssuingOfficeCode: a record whose identifier carries the signer's own
// issuer code but whose ZZBFJGDM (颁发机构代码, what a reader and a receiver
// see as the issuing agency's code) names agency B is not a certificate of
// the signer's: the record check fails, whatever the binding says.
func TestIssuingOfficeCode(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 0)
	forged := *c.Record
	forged.Meta.ZZBFJG, forged.Meta.ZZBFJGDM = "外区市场监督管理局", codeB
	env, digest, err := record.Seal(&forged, f.issuer.Key, f.issuer.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := qr.Parse(c.QR)
	if err != nil {
		t.Fatal(err)
	}
	claims.Digest = digest
	payload, err := qr.Make(claims, f.issuer.Key, "")
	if err != nil {
		t.Fatal(err)
	}
	// No status source: agency A's own ledger or list would call it valid.
	r := File(context.Background(), f.build(t, c, env, payload), "cert.pdf", Options{Trust: f.trust, At: checkAt})
	got := r.Check(CheckRecord)
	want := "the record's issuing-agency code ZZBFJGDM " + codeB + " differs from its identifier's issuer code " + workspace.PilotAgencyCode
	if got.Result != Fail || got.Reason.En != want || r.Verdict != Invalid {
		t.Errorf("got record %s %q, verdict %s; want fail %q, invalid", got.Result, got.Reason.En, r.Verdict, want)
	}
}

// TestKeyOfTwoCertificates: a key with two trusted certificates, one naming
// agency A and one naming nothing, signs a certificate of agency B and
// presents the one naming nothing (the PDF carries it; the QR token's issue
// time picks it). Either way the key's certificate naming A says it is not
// B's: signer-trust fails, as ezz qr verify's BindToken says not-bound,
// and a status list of B's signed by the key is refused.
func TestKeyOfTwoCertificates(t *testing.T) {
	f := shared(t)
	ca := newTestCA(t)
	plain := ca.issuer(t, nil, nil)
	namedA := ca.make(t, serialNumber(workspace.PilotAgencyCode), ca.root, plain.Key.(*sm2.PrivateKey), false)
	ofB := f.issueAs(t, plain, "外区市场监督管理局", codeB)
	opts := f.options(checkAt)
	opts.Trust = sign.NewTrust(ca.root, plain.Cert(), namedA)
	says := []string{"but the same key's certificate \"agency signer\" is bound to " + workspace.PilotAgencyCode + " (subject serialNumber); it is not bound to issuer code " + codeB}
	for _, tc := range []bindCase{
		{"its PDF", ofB.PDF, "", opts, Fail, Invalid, says},
		{"its QR code", nil, ofB.QR, opts, Fail, Invalid, says},
	} {
		t.Run(tc.name, tc.run)
	}
	claims, err := qr.Parse(ofB.QR)
	if err != nil {
		t.Fatal(err)
	}
	if err := BindToken(opts.Trust, claims); !errors.Is(err, qr.ErrNotBound) {
		t.Errorf("BindToken: %v, want not bound", err)
	}
	// a status list of B's signed by the key, its issued_at picking the
	// certificate naming nothing
	want := "bound to " + workspace.PilotAgencyCode + " (subject serialNumber), but names issuer code " + codeB + " in issuers"
	if unbound, err := BindList(opts.Trust, plain.KeyID, issueTime, []string{codeB}, nil); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("BindList: unbound %v, error %v; want refused: %q", unbound, err, want)
	}
	if unbound, err := BindList(opts.Trust, plain.KeyID, issueTime, []string{workspace.PilotAgencyCode}, nil); err != nil || !unbound {
		t.Errorf("BindList of A's own list: unbound %v, error %v; want taken, its certificate unbound", unbound, err)
	}
}
