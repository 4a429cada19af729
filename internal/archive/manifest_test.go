package archive_test

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/agency"
	"ezz/internal/archive"
	"ezz/internal/conversion"
	"ezz/internal/record"
	"ezz/internal/sign"
)

// manifestPath is the batch manifest in the archive dir.
func manifestPath(f fixture, dir string) string {
	return filepath.Join(dir, "manifests", f.batch+".json")
}

// readManifest is the archived manifest of the fixture's batch, as signed.
func readManifest(t *testing.T, f fixture, dir string) conversion.Manifest {
	t.Helper()
	var sm conversion.SignedManifest
	if err := json.Unmarshal(readFile(t, manifestPath(f, dir)), &sm); err != nil {
		t.Fatal(err)
	}
	var m conversion.Manifest
	if err := json.Unmarshal(sm.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// writeManifest writes m as the batch's manifest, signed by the issuing key
// as convert signs it, and re-signs the index: what an insider holding the
// key can do, and what a build of before 2026-12-02 wrote (version 1).
func writeManifest(t *testing.T, f fixture, dir string, m conversion.Manifest) {
	t.Helper()
	canonical, err := record.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	key := issuerKey(t, f)
	sig, err := sign.Sign(key.Key, canonical)
	if err != nil {
		t.Fatal(err)
	}
	b := `{"alg":` + record.QuoteString(key.Alg) + `,"key_id":` + record.QuoteString(key.KeyID) + `,"manifest":` + string(canonical) +
		`,"signature":` + record.QuoteString(base64.StdEncoding.EncodeToString(sig)) + "}\n"
	writeFile(t, manifestPath(f, dir), []byte(b))
	resign(t, f, dir)
}

// asV1 is m as version 1 wrote it: each record bound by the SM3 of its
// archived envelope (the ledger's bytes, final newline included).
func asV1(t *testing.T, dir string, m conversion.Manifest) conversion.Manifest {
	t.Helper()
	m.Format = conversion.ManifestV1
	m.Certificates = append([]conversion.ManifestEntry(nil), m.Certificates...)
	for i, e := range m.Certificates {
		sum := sm3.Sum(readFile(t, filepath.Join(dir, "records", e.Identifier+".json")))
		m.Certificates[i].RecordDigest, m.Certificates[i].RecordSM3 = "", hex.EncodeToString(sum[:])
	}
	return m
}

// TestVerifyManifest: a batch archive's manifest of either version verifies
// when each entry binds its archived record by its version's rule.
func TestVerifyManifest(t *testing.T) {
	f := getFixture(t)
	for _, version := range []string{conversion.ManifestV2, conversion.ManifestV1} {
		t.Run(version, func(t *testing.T) {
			dir := copyDir(t, f.batchArch)
			m := readManifest(t, f, dir)
			if m.Format != conversion.ManifestFormat || len(m.Certificates) == 0 {
				t.Fatalf("the exported manifest is %s with %d entries", m.Format, len(m.Certificates))
			}
			if version == conversion.ManifestV1 {
				writeManifest(t, f, dir, asV1(t, dir, m))
			}
			r, err := agency.ArchiveVerify(dir, []string{f.issuer})
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() || r.Manifests != 1 || r.Records != len(m.Certificates) {
				t.Fatalf("got %+v, want an intact archive of 1 manifest and %d records", r, len(m.Certificates))
			}
		})
	}
}

// TestVerifyManifestTampering: a manifest whose entries do not bind the
// archived records, or that is not the batch's, signed or not, is named.
func TestVerifyManifestTampering(t *testing.T) {
	f := getFixture(t)
	tests := []struct {
		name string
		edit func(t *testing.T, dir string, m conversion.Manifest)
		want string
	}{
		{"v2 digest changed, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Certificates[1].RecordDigest = strings.Repeat("0", 64)
			writeManifest(t, f, dir, m)
		}, "the manifest's digest of " + readFirst(t, f).Certificates[1].Identifier},
		{"v2 entries of another record, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Certificates[0].RecordDigest = m.Certificates[1].RecordDigest
			writeManifest(t, f, dir, m)
		}, "the manifest's digest of " + readFirst(t, f).Certificates[0].Identifier},
		{"v2 entries with version 1's SM3, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			v1 := asV1(t, dir, m)
			v1.Format = conversion.ManifestV2
			writeManifest(t, f, dir, v1)
		}, "the manifest's digest of"},
		{"v1 entries with version 2's digest, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Format = conversion.ManifestV1
			for i := range m.Certificates {
				m.Certificates[i].RecordSM3, m.Certificates[i].RecordDigest = m.Certificates[i].RecordDigest, ""
			}
			writeManifest(t, f, dir, m)
		}, "the manifest's digest of"},
		{"v2 entry with version 1's SM3 too, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Certificates[3].RecordSM3 = asV1(t, dir, m).Certificates[3].RecordSM3
			writeManifest(t, f, dir, m)
		}, "the manifest's digest of " + readFirst(t, f).Certificates[3].Identifier},
		{"v1 record SM3 changed, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			v1 := asV1(t, dir, m)
			v1.Certificates[2].RecordSM3 = strings.Repeat("f", 64)
			writeManifest(t, f, dir, v1)
		}, "the manifest's digest of " + readFirst(t, f).Certificates[2].Identifier},
		{"entry listed twice, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Certificates = append(m.Certificates, m.Certificates[0])
			writeManifest(t, f, dir, m)
		}, "the manifest lists " + readFirst(t, f).Certificates[0].Identifier + " twice"},
		{"record removed, index re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			unlist(t, dir, "records/"+m.Certificates[0].Identifier+".json")
			resign(t, f, dir)
		}, "the manifest lists " + readFirst(t, f).Certificates[0].Identifier + ", whose signed record is not in the archive"},
		{"another batch's, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Batch = "S01A-20260101-001"
			writeManifest(t, f, dir, m)
		}, "the manifest is of batch S01A-20260101-001, not of " + f.batch},
		{"unknown format, re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			m.Format = "ezz/batch-manifest/v3"
			writeManifest(t, f, dir, m)
		}, `the manifest's format "ezz/batch-manifest/v3" is neither`},
		{"changed, only the index re-signed", func(t *testing.T, dir string, m conversion.Manifest) {
			p := manifestPath(f, dir)
			writeFile(t, p, []byte(strings.Replace(string(readFile(t, p)), m.Certificates[0].RecordDigest, strings.Repeat("0", 64), 1)))
			resign(t, f, dir)
		}, "the manifest is not validly signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, f.batchArch)
			tt.edit(t, dir, readManifest(t, f, dir))
			r, err := agency.ArchiveVerify(dir, []string{f.issuer})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Path+": "+p.Msg.En)
				if p.Path == "manifests/"+f.batch+".json" && strings.Contains(p.Msg.En, tt.want) {
					return
				}
			}
			t.Errorf("got problems %q, want the manifest's: …%s…", got, tt.want)
		})
	}
}

// unlist removes the file p of the archive dir and its line in the index.
func unlist(t *testing.T, dir, p string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
		t.Fatal(err)
	}
	var idx archive.Index
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, archive.IndexFile)), &idx); err != nil {
		t.Fatal(err)
	}
	idx.Files = slices.DeleteFunc(idx.Files, func(file archive.File) bool { return file.Path == p })
	b, err := record.Marshal(idx)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, archive.IndexFile), b)
}

// readFirst is the fixture's batch manifest as exported.
func readFirst(t *testing.T, f fixture) conversion.Manifest { return readManifest(t, f, f.batchArch) }
