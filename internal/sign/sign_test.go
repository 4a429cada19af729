package sign

import (
	"errors"
	"ezz/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	testNow   = time.Date(2026, 3, 2, 1, 2, 3, 0, time.UTC)
	testPass  = []byte("correct horse battery")
	testAgent = Agency{Name: "某市市场监督管理局", Code: "91350100M000100Y43"}
)

func pilot(t *testing.T) (string, *Issuer) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	is, err := InitPilot(dir, testAgent, testPass, testNow, false)
	if err != nil {
		t.Fatal(err)
	}
	return dir, is
}

func TestInitPilotLoad(t *testing.T) {
	dir, made := pilot(t)
	is, err := LoadIssuer(dir, testPass, testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if is.KeyID != made.KeyID || len(is.KeyID) != 16 {
		t.Errorf("key id: got %q, want %q (16 hex)", is.KeyID, made.KeyID)
	}
	if is.Alg != AlgSM2 || !is.Pilot() {
		t.Errorf("got alg %s pilot %v, want %s true", is.Alg, is.Pilot(), AlgSM2)
	}
	leaf, root := is.Chain[0], is.Chain[1]
	if got, want := leaf.NotAfter.Sub(leaf.NotBefore).Hours()/24, 3*365.0; got < want {
		t.Errorf("issuing validity: got %.0f days, want ≥ %.0f", got, want)
	}
	if len(leaf.SubjectKeyId) == 0 || string(leaf.AuthorityKeyId) != string(root.SubjectKeyId) {
		t.Errorf("SKI/AKI not set: ski %x aki %x root ski %x", leaf.SubjectKeyId, leaf.AuthorityKeyId, root.SubjectKeyId)
	}
	sig, err := Sign(is.Key, []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(leaf.PublicKey, []byte("hello"), sig); err != nil {
		t.Errorf("verify: %v", err)
	}
	tr, err := LoadWorkspaceTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tr.Certificate(is.KeyID, testNow.Add(time.Hour)); err != nil {
		t.Errorf("chain at signing time: %v", err)
	}
	if _, _, err := tr.Certificate(is.KeyID, testNow.AddDate(4, 0, 0)); err == nil {
		t.Errorf("chain 4 years later: got nil error, want expired")
	}
	if _, err := tr.Lookup("0000000000000000"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("unknown key: got %v, want ErrUnknownKey", err)
	}
}

func TestLoadIssuerRefuses(t *testing.T) {
	dir, _ := pilot(t)
	tests := []struct {
		name string
		pass []byte
		at   time.Time
		want string
	}{
		{"wrong passphrase", []byte("wrong passphrase"), testNow, "wrong passphrase"},
		{"empty passphrase", nil, testNow, "wrong passphrase"},
		{"expired", testPass, testNow.AddDate(3, 0, 1), "expired"},
		{"not yet valid", testPass, testNow.Add(-time.Hour), "not valid until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadIssuer(dir, tt.pass, tt.at)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestInitPilotRefusesOverwrite(t *testing.T) {
	dir, old := pilot(t)
	if _, err := InitPilot(dir, testAgent, testPass, testNow, false); !errors.Is(err, ErrKeysExist) {
		t.Fatalf("got %v, want ErrKeysExist", err)
	}
	is, err := InitPilot(dir, testAgent, testPass, testNow, true)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadWorkspaceTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{old.KeyID, is.KeyID} {
		if _, err := tr.Lookup(id); err != nil {
			t.Errorf("lookup %s after --force: %v", id, err)
		}
	}
}

// TestKeyAtRestOpenSSL checks with OpenSSL that the key at rest is PBES2/scrypt
// with SM4-CBC and that it opens with the passphrase.
func TestKeyAtRestOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		testenv.Missing(t, "openssl not installed (make deps installs it)")
	}
	dir, is := pilot(t)
	pf := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pf, testPass, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("openssl", "asn1parse", "-in", filepath.Join(dir, KeyFile)).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl asn1parse: %v\n%s", err, out)
	}
	for _, want := range []string{"PBES2", "scrypt", "sm4-cbc"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("asn1parse output lacks %s:\n%s", want, out)
		}
	}
	out, err = exec.Command("openssl", "pkey", "-in", filepath.Join(dir, KeyFile), "-passin", "file:"+pf, "-pubout").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl pkey: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "PUBLIC KEY") {
		t.Errorf("openssl pkey: got %s, want a public key of %s", out, is.KeyID)
	}
}

// BenchmarkLoadIssuer measures unlocking the key at rest (scrypt dominates).
func BenchmarkLoadIssuer(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "keys")
	if _, err := InitPilot(dir, testAgent, testPass, testNow, false); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := LoadIssuer(dir, testPass, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
