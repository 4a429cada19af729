package record

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"encoding/pem"
	"errors"
	"ezz/internal/testenv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/sign"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

func sample() *Record {
	return &Record{
		Format:        FormatV1,
		Identifier:    "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
		Version:       1,
		Status:        "01",
		CatalogueHash: "sm3:00ff",
		Station:       "S01",
		IssuedAt:      "2026-03-02T01:02:03Z",
		Meta: Metadata{ZZMC: "营业执照", ZZBS: "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
			CZZT: "张喆 <&> \u2028", ZZBFRQ: "2026-03-02"},
		Items: map[string]string{"name": "e\u0301", "addr": "武汉市\n\"东湖\"\\", "z": "𠮷", "a": "\x01"},
	}
}

func TestCanonical(t *testing.T) {
	got, err := sample().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"catalogue_hash":"sm3:00ff","format":"ezz/record/v1","identifier":"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",` +
		`"issued_at":"2026-03-02T01:02:03Z","items":{"a":"\u0001","addr":"武汉市\n\"东湖\"\\","name":"é","z":"𠮷"},` +
		`"metadata":{"CZZT":"张喆 <&> ` + "\u2028" + `","CZZTDM":"","CZZTDMLX":"","CZZTDMLXDM":"","ZZBFJG":"","ZZBFJGDM":"","ZZBFRQ":"2026-03-02",` +
		`"ZZBH":"","ZZBS":"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F","ZZLXDM":"","ZZMC":"营业执照","ZZYXQJZRQ":"","ZZYXQQSRQ":""},` +
		`"station":"S01","status":"01","version":1}`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	again, _ := Canonicalize(got)
	if !bytes.Equal(again, got) {
		t.Errorf("canonical form is not a fixed point:\n%s", again)
	}
}

func TestCanonicalizeRefuses(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"float", `{"a":1.5}`, "only integers"},
		{"duplicate", `{"a":"x","a":"y"}`, "duplicate key"},
		{"duplicate after NFC", `{"é":"x","e\u0301":"y"}`, "duplicate key"},
		{"invalid utf8", "{\"a\":\"\xff\"}", "invalid UTF-8"},
		{"trailing", `{"a":"x"} {}`, "data after"},
		{"trailing garbage", `{"a":"x"}x`, "data after"},
		{"deep", strings.Repeat("[", 20) + strings.Repeat("]", 20), "nested too deeply"},
		{"truncated", `{"a":`, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Canonicalize([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	r := sample()
	r.Items["bad"] = "\xff"
	if _, err := r.Canonical(); err == nil || !strings.Contains(err.Error(), `Items["bad"]`) {
		t.Errorf("invalid UTF-8 item: got %v, want an error naming Items[\"bad\"]", err)
	}
}

type testKey struct {
	name string
	key  crypto.Signer
}

func testKeys(t testing.TB) []testKey {
	sk, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return []testKey{{"sm2", sk}, {"ecdsa", ek}, {"rsa", rk}}
}

func lookupOf(key crypto.Signer) func(string) (crypto.PublicKey, error) {
	return func(id string) (crypto.PublicKey, error) {
		if id != sign.KeyID(key.Public()) {
			return nil, fmt.Errorf("%w %q", ErrUnknownKey, id)
		}
		return key.Public(), nil
	}
}

func TestSignOpen(t *testing.T) {
	for _, k := range testKeys(t) {
		t.Run(k.name, func(t *testing.T) {
			env, digest, err := Seal(sample(), k.key, sign.KeyID(k.key.Public()))
			if err != nil {
				t.Fatal(err)
			}
			got, opened, err := OpenEnvelope(env, lookupOf(k.key))
			if err != nil {
				t.Fatal(err)
			}
			again, err := got.Digest()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(opened.Digest(), digest) || !bytes.Equal(again, digest) {
				t.Errorf("digest: envelope %x, record %x, want Seal's %x", opened.Digest(), again, digest)
			}
			if got.Items["name"] != "é" || got.Meta.ZZMC != "营业执照" {
				t.Errorf("got items %q, metadata %q, want the NFC record back", got.Items, got.Meta.ZZMC)
			}
			other := testKeys(t)[0].key
			if _, err := Open(env, lookupOf(other)); !errors.Is(err, ErrUnknownKey) {
				t.Errorf("unknown key: got %v, want ErrUnknownKey", err)
			}
			tampered := bytes.Replace(env, []byte("营业执照"), []byte("营业执熙"), 1)
			if _, err := Open(tampered, lookupOf(k.key)); !errors.Is(err, ErrBadSignature) {
				t.Errorf("tampered: got %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestOpenMalformed(t *testing.T) {
	key := testKeys(t)[0].key
	env, _, err := Seal(sample(), key, sign.KeyID(key.Public()))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"not json", "hello"},
		{"pretty", strings.Replace(string(env), `,"alg"`, `, "alg"`, 1)},
		{"format", strings.Replace(string(env), "signed-record/v1", "signed-record/v9", 1)},
		{"alg", strings.Replace(string(env), `"alg":"SM2-SM3"`, `"alg":"MD5"`, 1)},
		{"key id", strings.Replace(string(env), `"key_id":"`, `"key_id":"x`, 1)},
		{"unknown field", strings.Replace(string(env), `{"format"`, `{"x":1,"format"`, 1)},
		{"record format", strings.Replace(string(env), `ezz/record/v1`, `ezz/record/v2`, 1)},
		{"huge", string(env) + strings.Repeat(" ", MaxEnvelope)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open([]byte(tt.in), lookupOf(key))
			if tt.name == "record format" {
				if !errors.Is(err, ErrBadSignature) {
					t.Errorf("got %v, want ErrBadSignature (the signed bytes changed)", err)
				}
				return
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("got %v, want ErrMalformed", err)
			}
		})
	}
}

// TestOpenSSL checks envelopes with scripts/verify-record-openssl.sh, which uses
// only OpenSSL 3: SM2 against the pilot issuing certificate, ECDSA and RSA
// against a public key; a tampered envelope must fail.
func TestOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		testenv.Missing(t, "openssl not installed (make deps installs it): third-party check skipped")
	}
	script, _ := filepath.Abs("../../scripts/verify-record-openssl.sh")
	dir := t.TempDir()
	is, err := sign.InitPilot(filepath.Join(dir, "keys"), sign.Agency{Name: "测试局", Code: "91350100M000100Y43"},
		[]byte("openssl test pass"), time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: is.Chain[0].Raw})
	cases := []struct {
		name   string
		key    crypto.Signer
		keyPEM []byte
	}{{"sm2-cert", is.Key, certPEM}}
	for _, k := range testKeys(t)[1:] {
		der, _ := smx509.MarshalPKIXPublicKey(k.key.Public())
		cases = append(cases, struct {
			name   string
			key    crypto.Signer
			keyPEM []byte
		}{k.name, k.key, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, _, err := Seal(sample(), c.key, sign.KeyID(c.key.Public()))
			if err != nil {
				t.Fatal(err)
			}
			envFile, keyFile := write(t, dir, c.name+".json", env), write(t, dir, c.name+".pem", c.keyPEM)
			out, err := exec.Command(script, envFile, keyFile).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Verified OK") {
				t.Fatalf("%s: %v\n%s", script, err, out)
			}
			bad := write(t, dir, c.name+"-bad.json", bytes.Replace(env, []byte(`"S01"`), []byte(`"S02"`), 1))
			if out, err := exec.Command(script, bad, keyFile).CombinedOutput(); err == nil {
				t.Errorf("tampered envelope: got success, want failure\n%s", out)
			}
		})
	}
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// matchGeneric fails t when direct, r's Canonical, is not the generic
// canonical form of r's JSON.
func matchGeneric(t *testing.T, r *Record, direct []byte) {
	t.Helper()
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	generic, err := Canonicalize(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(direct, generic) {
		t.Errorf("direct and generic canonical forms differ:\ngot  %s\nwant %s", direct, generic)
	}
}

// TestCanonicalMatchesGeneric keeps the direct encoder of Record equal to the
// generic canonical form of its JSON (a field added to Record but not to
// Canonical fails here).
func TestCanonicalMatchesGeneric(t *testing.T) {
	for _, r := range []*Record{sample(), {}, {Items: map[string]string{}}} {
		direct, err := r.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if r.Items == nil {
			r.Items = map[string]string{} // no items are written as {}
		}
		matchGeneric(t, r, direct)
	}
}

// TestSigned checks that Signed cuts out of each key's envelope the bytes
// Split finds signed, whose SM3 is Seal's digest, and refuses what is no
// envelope.
func TestSigned(t *testing.T) {
	for _, k := range testKeys(t) {
		env, digest, err := Seal(sample(), k.key, sign.KeyID(k.key.Public()))
		if err != nil {
			t.Fatal(err)
		}
		_, canonical, _, err := Split(env)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Signed(env)
		if err != nil || !bytes.Equal(got, canonical) {
			t.Errorf("%s: Signed gave %q, %v; want Split's %q", k.name, got, err, canonical)
		}
		if sum := sm3.Sum(got); !bytes.Equal(sum[:], digest) {
			t.Errorf("%s: SM3 of the signed bytes %x, Seal's digest %x", k.name, sum, digest)
		}
	}
	for _, in := range []string{"", "{}", `{"format":"x"}`, `{"format":"x","record":}`, `{"format":"x","record":{}`, `["format",{"record":{}}]`} {
		if got, err := Signed([]byte(in)); !errors.Is(err, ErrMalformed) {
			t.Errorf("Signed(%q) = %q, %v; want ErrMalformed", in, got, err)
		}
	}
}
