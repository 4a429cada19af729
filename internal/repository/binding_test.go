package repository

import (
	"context"
	"crypto"
	"strings"
	"testing"
	"time"

	"ezz/internal/ident"
	"ezz/internal/push"
	"ezz/internal/push/pushtest"
	"ezz/internal/record"
	"ezz/internal/sign"
)

// TestItemsOfAnotherAgency: a key pushes only the certificates of the issuer
// codes it is bound to (docs/verify.md, "Whom a signer signs for"). Agency
// A's key, trusted here for A, neither revokes agency B's certificate with a
// status item nor issues one of B's identifiers with a record alone (no PDF
// whose signer-trust check would catch it); bound to B by --trust B=CHAIN,
// it may.
func TestItemsOfAnotherAgency(t *testing.T) {
	const codeB = "11420104MB1845673K"
	env := pushtest.New(t, t.TempDir(), "TA", 1, false)
	own := itemsOf(t, env)[0]
	id, err := ident.Parse(own.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	ofB, err := ident.New(id.TypeCode, codeB, id.Serial, 1)
	if err != nil {
		t.Fatal(err)
	}
	revoke := push.Item{Kind: push.KindStatus, Identifier: ofB.String(), Version: 1, Seq: 900, Station: "TA", At: own.At, Status: "07", Reason: "吊销"}
	revoke.Key = push.ItemKey(revoke.Identifier, 1, revoke.Seq)
	rec, err := record.Open([]byte(own.Record), func(string) (crypto.PublicKey, error) { return env.Key.Key.Public(), nil })
	if err != nil {
		t.Fatal(err)
	}
	rec.Identifier, rec.Meta.ZZBS, rec.Meta.ZZBFJGDM = ofB.String(), ofB.String(), codeB
	env2, _, err := record.Seal(rec, env.Key.Key, env.Key.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	issue := push.Item{Kind: push.KindIssue, Identifier: ofB.String(), Version: 1, Seq: 901, Station: "TA", At: own.At, Record: string(env2)}
	issue.Key = push.ItemKey(issue.Identifier, 1, issue.Seq)
	batch := []push.Item{revoke, issue}

	r := newRepo(t, env, Config{}, nil)
	res, err := (&push.EzzTransport{Client: r.client(env, 10*time.Second), Station: "TA"}).Send(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, what := range []string{"a status item of B's certificate", "a record alone of B's identifier"} {
		if res[i].Result != push.Rejected || res[i].Code != push.CodeMismatch ||
			!strings.Contains(res[i].Reason, "not to issuer code "+codeB) || !strings.Contains(res[i].Reason, "--trust "+codeB+"=CHAIN.pem") {
			t.Errorf("%s: got %s %s (%s), want rejected %s naming the binding", what, res[i].Result, res[i].Code, res[i].Reason, push.CodeMismatch)
		}
	}
	if n, _ := r.count(t); n != 0 {
		t.Fatalf("the repository stored %d items of another agency", n)
	}

	bound, err := sign.LoadTrust(env.ChainPEM(), codeB+"="+env.ChainPEM())
	if err != nil {
		t.Fatal(err)
	}
	r = newRepo(t, env, Config{Trust: bound}, nil)
	res, err = (&push.EzzTransport{Client: r.client(env, 10*time.Second), Station: "TA"}).Send(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	for i := range batch {
		if res[i].Result != push.Accepted {
			t.Errorf("item %d, bound by --trust %s=CHAIN: got %s %s (%s), want accepted", i, codeB, res[i].Result, res[i].Code, res[i].Reason)
		}
	}
}

// TestTrustBindsSigners: --trust CODE=CHAIN binds the chain's issuing
// certificate to CODE, not its CA certificates, as ezz verify --trust does.
func TestTrustBindsSigners(t *testing.T) {
	const codeB = "11420104MB1845673K"
	env := pushtest.New(t, t.TempDir(), "TA", 0, false)
	tr, err := LoadTrust(nil, codeB+"="+env.ChainPEM())
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.BindingOf(env.Key.Cert()).Mapped; len(got) != 1 || got[0] != codeB {
		t.Errorf("the issuing certificate is bound to %v, want [%s]", got, codeB)
	}
	for _, root := range tr.Roots() {
		if got := tr.BindingOf(root).Mapped; len(got) != 0 {
			t.Errorf("the root %q is bound to %v, want nothing", root.Subject.CommonName, got)
		}
	}
	verifyTrust, err := sign.LoadTrust(codeB + "=" + env.ChainPEM())
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range verifyTrust.Roots() {
		if len(verifyTrust.BindingOf(root).Mapped) != 0 {
			t.Errorf("ezz verify's trust binds the root %q", root.Subject.CommonName)
		}
	}
}
