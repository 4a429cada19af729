package conversion_test

import (
	"context"
	"crypto"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"ezz/internal/conversion"
	"ezz/internal/ident"
	"ezz/internal/register/regtest"
)

// TestConcurrentConversions converts two registers into one workspace from
// two processes at once: both finish, their serials together have no gap
// and no duplicate, and every PDF under a final name is one the ledger lists.
func TestConcurrentConversions(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: two processes convert 120 rows with PDFs each")
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	newEnv(t, home, true).led.Close()
	var cmds []*exec.Cmd
	for _, name := range []string{"a.xlsx", "b.xlsx"} {
		reg := filepath.Join(dir, name)
		first := 0
		if name == "b.xlsx" {
			first = 500000 // other certificate numbers than a.xlsx's
		}
		if err := regtest.SyntheticFrom(reg, 120, first); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+home+"|"+reg)
		var out strings.Builder
		cmd.Stderr = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("%s: %s", name, out.String())
			}
		})
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("conversion %v: %v", cmd.Env[len(cmd.Env)-1], err)
		}
	}
	e := newEnv(t, home, true)
	serials := checkNoOrphans(t, e)
	sort.Slice(serials, func(i, j int) bool { return serials[i] < serials[j] })
	if len(serials) == 0 {
		t.Fatal("no certificates issued")
	}
	for i, n := range serials {
		if n != uint64(i+1) {
			t.Fatalf("serial %d is %d: a gap or a duplicate", i+1, n)
		}
	}
	checkManifests(t, e, 2)
}

// checkManifests compares the entries of every batch manifest in the
// workspace with the ledger's, and wants n of them.
func checkManifests(t *testing.T, e *env, n int) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(e.ws.OutDir(), "*", "manifest.json"))
	if err != nil || len(paths) != n {
		t.Fatalf("manifests %v (%v), want %d", paths, err, n)
	}
	for _, p := range paths {
		m := openManifest(t, e, p)
		checkEntries(t, e, &conversion.Summary{Batch: m.Batch, Manifest: p}, m.Certificates)
	}
}

// openManifest reads the batch manifest at path, its signature checked with
// e's issuing key (conversion.OpenManifest).
func openManifest(t *testing.T, e *env, path string) *conversion.Manifest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key := func(string) (crypto.PublicKey, error) { return e.maker.Key().Cert().PublicKey, nil }
	m, err := conversion.OpenManifest(data, key)
	if err != nil {
		t.Fatalf("manifest %s: %v", path, err)
	}
	return m
}

// checkNoOrphans checks that every PDF under a final name in the workspace's
// out/ is the one the ledger lists for its certificate, and that no staged
// file is left; it returns the serial counters of those certificates.
func checkNoOrphans(t *testing.T, e *env) []uint64 {
	t.Helper()
	if tmp, _ := filepath.Glob(filepath.Join(e.ws.OutDir(), "*", "*.tmp")); len(tmp) > 0 {
		t.Errorf("staged files left behind: %v", tmp)
	}
	listed := checkListed(t, e)
	var serials []uint64
	for _, id := range listed {
		checkFile(t, e, id)
		parsed, err := ident.Parse(id)
		if err != nil {
			t.Fatal(err)
		}
		_, n, err := ident.SplitSerial(parsed.Serial)
		if err != nil {
			t.Fatal(err)
		}
		serials = append(serials, n)
	}
	return serials
}

// checkListed checks that every PDF under a final name is one the ledger
// lists, and returns the listed ones (path → identifier).
func checkListed(t *testing.T, e *env) map[string]string {
	t.Helper()
	listed := ledgerPDFs(t, e)
	pdfs, _ := filepath.Glob(filepath.Join(e.ws.OutDir(), "*", "*.pdf"))
	onDisk := map[string]string{}
	for _, p := range pdfs {
		if id, ok := listed[p]; ok {
			onDisk[p] = id
			continue
		}
		t.Errorf("%s: a signed PDF under a final name that the ledger does not list", p)
	}
	return onDisk
}

// ledgerPDFs maps the PDF path the ledger records for each issued row of
// every batch to its identifier.
func ledgerPDFs(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx := context.Background()
	listed := map[string]string{}
	batches, _ := filepath.Glob(filepath.Join(e.ws.OutDir(), "*"))
	for _, b := range batches {
		rows, err := e.led.BatchRows(ctx, filepath.Base(b))
		if err != nil {
			continue // not a batch directory
		}
		for _, r := range rows {
			if r.Identifier == "" {
				continue
			}
			c, err := e.led.ByIdentifier(ctx, r.Identifier)
			if err != nil {
				t.Fatal(err)
			}
			listed[c.Asked.PDFPath] = r.Identifier
		}
	}
	return listed
}
