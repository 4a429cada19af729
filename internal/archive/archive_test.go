package archive_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/agency"
	"ezz/internal/archive"
	"ezz/internal/audit"
	"ezz/internal/record"
	"ezz/internal/sign"
)

var clock = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

const pass = "archive-test-passphrase"

// fixture is a workspace that issued two certificates with PDFs, and the
// archive of them: made once, copied by each test.
type fixture struct {
	home, arch, issuer string
	ids                []string
	batch, batchArch   string // a converted batch, and the archive of it with its manifest
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fix.home != "" {
		os.RemoveAll(filepath.Dir(fix.home))
	}
	os.Exit(code)
}

func getFixture(t *testing.T) fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = makeFixture() })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func makeFixture() (fixture, error) {
	dir, err := os.MkdirTemp("", "ezz-archive-test")
	if err != nil {
		return fixture{}, err
	}
	f := fixture{home: filepath.Join(dir, "home"), arch: filepath.Join(dir, "arch")}
	if err := agency.InitWorkspace(f.home, agency.PilotConfig(), clock); err != nil {
		return f, err
	}
	pf := filepath.Join(dir, "pass")
	if err := os.WriteFile(pf, []byte(pass), 0o600); err != nil {
		return f, err
	}
	a, err := agency.Open(agency.Options{Home: f.home, Now: func() time.Time { return clock }, PassphraseFile: pf})
	if err != nil {
		return f, err
	}
	defer a.Close()
	ctx := context.Background()
	if _, err := a.KeysInitPilot(ctx, false); err != nil {
		return f, err
	}
	data, err := os.ReadFile("testdata/rec.json")
	if err != nil {
		return f, err
	}
	for _, no := range []string{"JY24201030012345", "JY24201030012346"} {
		is, err := a.Issue(ctx, agency.IssueOptions{Template: "../../templates/food-business/template.yaml", Out: filepath.Join(dir, "out")},
			bytes.Replace(data, []byte("JY24201030012345"), []byte(no), 1))
		if err != nil {
			return f, err
		}
		f.ids = append(f.ids, is.Cert.ID.String())
	}
	if _, err := a.ArchiveExport(ctx, agency.ArchiveSelection{}, f.arch); err != nil {
		return f, err
	}
	sum, err := a.Convert(ctx, agency.ConvertOptions{Register: "../../samples/food-business-register.xlsx",
		IssueOptions: agency.IssueOptions{Template: "../../templates/food-business/template.yaml", Out: filepath.Join(dir, "out")}})
	if err != nil {
		return f, err
	}
	f.batch, f.batchArch = sum.Batch, filepath.Join(dir, "batch-arch")
	if _, err := a.ArchiveExport(ctx, agency.ArchiveSelection{Batch: f.batch}, f.batchArch); err != nil {
		return f, err
	}
	f.issuer = filepath.Join(f.home, "keys", "issuer-chain.pem")
	return f, nil
}

// copyArchive is a fresh copy of the fixture's archive.
func copyArchive(t *testing.T, f fixture) string { return copyDir(t, f.arch) }

// copyDir is a fresh copy of the archive src.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "arch")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// resign rewrites the index with every file's current size and SM3 and signs
// it with the issuing key: what an insider holding the key can do.
func resign(t *testing.T, f fixture, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, archive.IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	var idx archive.Index
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	for i, file := range idx.Files {
		c, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file.Path)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sm3.Sum(c)
		idx.Files[i].Size, idx.Files[i].SM3 = int64(len(c)), hex.EncodeToString(sum[:])
	}
	key := issuerKey(t, f)
	out, err := record.Marshal(idx)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sign.Sign(key.Key, out)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := json.Marshal(archive.Signature{KeyID: key.KeyID, Signature: sig})
	writeFile(t, filepath.Join(dir, archive.IndexFile), out)
	writeFile(t, filepath.Join(dir, archive.SigFile), sb)
}

// issuerKey is the fixture's issuing key.
func issuerKey(t *testing.T, f fixture) *sign.Issuer {
	t.Helper()
	key, err := sign.LoadIssuer(filepath.Join(f.home, "keys"), []byte(pass), clock)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifyIntact(t *testing.T) {
	f := getFixture(t)
	r, err := agency.ArchiveVerify(copyArchive(t, f), []string{f.issuer})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.PDFs != 2 || r.Records != 2 || r.Entries != 2 || r.Heads == 0 {
		t.Fatalf("got %+v, want an intact archive of 2 PDFs, 2 records, 2 proven entries", r)
	}
}

func TestVerifyTampering(t *testing.T) {
	f := getFixture(t)
	pdf := func(i int) string { return "certificates/" + f.ids[i] + ".pdf" }
	rec := func(i int) string { return "records/" + f.ids[i] + ".json" }
	tests := []struct {
		name     string
		edit     func(t *testing.T, dir string)
		resign   bool
		wantPath string
		want     string
	}{
		{"PDF changed", func(t *testing.T, dir string) { flip(t, filepath.Join(dir, pdf(0)), 100) }, false,
			pdf(0), "does not match its SM3 digest in the index"},
		{"PDF changed, index re-signed", func(t *testing.T, dir string) { flip(t, filepath.Join(dir, pdf(0)), 100) }, true,
			pdf(0), "the certificate PDF is not valid: pdf-signature"},
		{"PDF swapped for another certificate's, index re-signed", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, pdf(0)), readFile(t, filepath.Join(dir, pdf(1))))
		}, true, pdf(0), "the PDF is of certificate " + f.ids[1]},
		{"record swapped, index re-signed", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, rec(0)), readFile(t, filepath.Join(dir, rec(1))))
		}, true, rec(0), "the signed record is of " + f.ids[1]},
		{"record changed, index re-signed", func(t *testing.T, dir string) {
			p := filepath.Join(dir, rec(0))
			writeFile(t, p, bytes.Replace(readFile(t, p), []byte("JY24201030012345"), []byte("JY24201030099999"), 1))
		}, true, rec(0), "the signed record is not valid"},
		{"proofs changed, index re-signed", func(t *testing.T, dir string) {
			p := filepath.Join(dir, archive.ProofFile)
			writeFile(t, p, bytes.Replace(readFile(t, p), []byte(`"action": "issue"`), []byte(`"action": "issuX"`), 1))
		}, true, archive.ProofFile, "the audit proofs do not hold"},
		{"index changed, not re-signed", func(t *testing.T, dir string) {
			p := filepath.Join(dir, archive.IndexFile)
			writeFile(t, p, bytes.Replace(readFile(t, p), []byte(`"certificate"`), []byte(`"certificatX"`), 1))
		}, false, archive.IndexFile, "the index is not validly signed"},
		{"file added", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "records", "extra.json"), []byte("{}"))
		}, false,
			"records/extra.json", "the file is not in the index"},
		{"file removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, rec(1))) }, false,
			rec(1), "the file is missing or unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyArchive(t, f)
			tt.edit(t, dir)
			if tt.resign {
				resign(t, f, dir)
			}
			r, err := agency.ArchiveVerify(dir, []string{f.issuer})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Path+": "+p.Msg.En)
				if p.Path == tt.wantPath && strings.Contains(p.Msg.En, tt.want) {
					return
				}
			}
			t.Errorf("got problems %q, want %s: …%s…", got, tt.wantPath, tt.want)
		})
	}
}

// flip changes the byte at offset off of the file p.
func flip(t *testing.T, p string, off int) {
	t.Helper()
	b := readFile(t, p)
	b[off] ^= 0x01
	writeFile(t, p, b)
}

// TestVerifyLargeProofs: an archive's audit proofs past 1 MiB (an entry of
// every certificate: a batch of a few hundred) verify; `ezz audit prove`'s
// bound for a proof file given alone is not an archive's.
func TestVerifyLargeProofs(t *testing.T) {
	f := getFixture(t)
	dir := copyArchive(t, f)
	p := filepath.Join(dir, archive.ProofFile)
	var pf audit.ProofFile
	if err := json.Unmarshal(readFile(t, p), &pf); err != nil {
		t.Fatal(err)
	}
	proofs := pf.Proofs
	for len(readFile(t, p)) <= 1<<20 {
		pf.Proofs = append(pf.Proofs, proofs...)
		b, err := json.Marshal(pf)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, b)
	}
	resign(t, f, dir)
	r, err := agency.ArchiveVerify(dir, []string{f.issuer})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != len(pf.Proofs) {
		t.Fatalf("got %+v, want an intact archive of %d proven entries", r, len(pf.Proofs))
	}
}
