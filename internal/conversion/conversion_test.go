package conversion_test

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/conversion"
	"ezz/internal/ident"
	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/register/regtest"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

const childEnv = "EZZ_CONVERT_CHILD" // set to "workspace|register" in the child process

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		dir, reg, _ := strings.Cut(spec, "|")
		e := newEnv(nopTB{}, dir, true)
		o := e.options(reg)
		o.Group = 8
		if _, err := conversion.Run(context.Background(), o); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKillResume kills a conversion with SIGKILL part-way, runs it again and
// checks that the batch ends complete: every valid row issued exactly once,
// serials without a gap, every PDF on disk as the ledger says.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts 400 rows with PDFs twice")
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	reg := filepath.Join(dir, "register.xlsx")
	if err := regtest.Synthetic(reg, 400); err != nil {
		t.Fatal(err)
	}
	newEnv(t, home, true).led.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+home+"|"+reg)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if !waitAndKill(t, cmd, filepath.Join(home, "out"), done) {
		t.Fatal("the child finished its 400 rows before 40 PDFs were seen: no crash was tested")
	}
	// What the killed run left: no PDF under a final name that the ledger
	// does not list, and no staged file that passes for a PDF unless the
	// ledger already committed it (a kill between Commit restoring the
	// header and the rename leaves such a file; its rerun commits it).
	var passing []string
	staged, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.tmp"))
	for _, p := range staged {
		if data, err := os.ReadFile(p); err == nil && strings.HasPrefix(string(data), "%PDF") {
			passing = append(passing, p)
		}
	}

	e := newEnv(t, home, true)
	checkListed(t, e)
	listed := ledgerPDFs(t, e)
	for _, p := range passing {
		final := p[:strings.Index(p, ".pdf.")+len(".pdf")]
		if _, ok := listed[final]; !ok {
			t.Errorf("%s: a staged file that passes for a PDF the ledger does not list", p)
		}
	}
	s := e.run(t, e.options(reg))
	if !s.Resumed {
		t.Errorf("second run: resumed = false, want true")
	}
	if got := s.Issued + s.Rejected + s.Already; got != s.Rows || s.Rows != 400 {
		t.Fatalf("rows: issued %d + rejected %d + already %d = %d, want rows %d = 400", s.Issued, s.Rejected, s.Already, got, s.Rows)
	}
	checkBatch(t, e, s)
	checkNoOrphans(t, e)

	again := e.run(t, e.options(reg))
	if again.Issued != 0 || again.Already != s.Issued+s.Already {
		t.Errorf("third run: issued %d, already %d; want 0 and %d", again.Issued, again.Already, s.Issued+s.Already)
	}
}

// waitAndKill kills the child once it has written some PDFs; it reports
// whether the child was still running then.
func waitAndKill(t *testing.T, cmd *exec.Cmd, out string, done chan error) bool {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("child conversion failed: %v", err)
			}
			return false
		case <-time.After(20 * time.Millisecond):
		}
		files, _ := filepath.Glob(filepath.Join(out, "*", "*.pdf"))
		if len(files) >= 40 {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return true
		}
	}
	t.Fatal("child wrote no PDFs in 2 minutes")
	return false
}

// checkBatch checks the ledger, the files and the manifest of a finished batch.
func checkBatch(t *testing.T, e *env, s *conversion.Summary) {
	t.Helper()
	n := checkSerials(t, e, s.Batch, func(identifier string) { checkFile(t, e, identifier) })
	if n != s.Issued+s.Already {
		t.Errorf("ledger has %d issued rows, summary says %d", n, s.Issued+s.Already)
	}
	checkManifest(t, e, s, n)
}

// checkSerials checks that the batch's issued rows carry serials 1…n without
// a gap or a duplicate and that the station's counter is n+1; it calls each
// (if not nil) with every issued row's identifier and returns n.
func checkSerials(t *testing.T, e *env, batch string, each func(identifier string)) int {
	t.Helper()
	ctx := context.Background()
	rows, err := e.led.BatchRows(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	var serials []uint64
	for _, r := range rows {
		if r.Identifier == "" {
			continue
		}
		id, err := ident.Parse(r.Identifier)
		if err != nil {
			t.Fatalf("identifier %s: %v", r.Identifier, err)
		}
		_, n, err := ident.SplitSerial(id.Serial)
		if err != nil {
			t.Fatal(err)
		}
		serials = append(serials, n)
		if each != nil {
			each(r.Identifier)
		}
	}
	sort.Slice(serials, func(i, j int) bool { return serials[i] < serials[j] })
	for i, n := range serials {
		if n != uint64(i+1) {
			t.Fatalf("serial %d is %d: a gap or a duplicate", i+1, n)
		}
	}
	next, err := e.led.NextSerial(ctx, "TA")
	if err != nil || next != uint64(len(serials)+1) {
		t.Errorf("next serial = %d, %v; want %d", next, err, len(serials)+1)
	}
	return len(serials)
}

func checkFile(t *testing.T, e *env, identifier string) {
	t.Helper()
	c, err := e.led.ByIdentifier(context.Background(), identifier)
	if err != nil {
		t.Fatal(err)
	}
	if c.Asked.PDFPath == "" {
		return // --no-pdf
	}
	data, err := os.ReadFile(c.Asked.PDFPath)
	if err != nil {
		t.Fatalf("%s: %v", identifier, err)
	}
	sum := sm3.Sum(data)
	if got := hex.EncodeToString(sum[:]); got != c.Asked.PDFSM3 {
		t.Errorf("%s: file SM3 %s, ledger says %s", c.Asked.PDFPath, got, c.Asked.PDFSM3)
	}
}

func checkManifest(t *testing.T, e *env, s *conversion.Summary, want int) {
	t.Helper()
	data, err := os.ReadFile(s.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	var sm conversion.SignedManifest
	if err := json.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	canonical, err := record.Canonicalize(sm.Manifest)
	if err != nil || !bytes.Equal(canonical, sm.Manifest) {
		t.Errorf("the manifest is not in canonical form (%v):\n%s\n%s", err, sm.Manifest, canonical)
	}
	sig, err := base64.StdEncoding.DecodeString(sm.Signature)
	if err != nil {
		t.Fatal(err)
	}
	if err := sign.Verify(e.maker.Key().Cert().PublicKey, sm.Manifest, sig); err != nil {
		t.Errorf("manifest signature: %v", err)
	}
	var m conversion.Manifest
	if err := json.Unmarshal(sm.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Certificates) != want || m.Batch != s.Batch || m.Format != conversion.ManifestFormat {
		t.Errorf("manifest lists %d certificates of batch %q (%s), want %d of %q", len(m.Certificates), m.Batch, m.Format, want, s.Batch)
	}
	checkEntries(t, e, s, m.Certificates)
	// Staged while the batch was closed, it is concluded when the batch is, and nothing staged is left.
	if m.ConcludedAt != s.ConcludedAt {
		t.Errorf("manifest concluded at %s, the batch at %s", m.ConcludedAt, s.ConcludedAt)
	}
	if _, err := os.Stat(s.Manifest + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("the staged manifest is left: %v", err)
	}
}

// checkEntries compares the manifest's entries with the batch's versions in
// the ledger, in identifier order, each with its record's digest (opened
// with its signature checked) and its file's SM3.
func checkEntries(t *testing.T, e *env, s *conversion.Summary, got []conversion.ManifestEntry) {
	t.Helper()
	var want []conversion.ManifestEntry
	err := e.led.EachBatchVersion(context.Background(), s.Batch, func(v ledger.Version) error {
		rec, env, err := record.OpenEnvelope(v.Record, func(string) (crypto.PublicKey, error) { return e.key.Cert().PublicKey, nil })
		if err != nil {
			return err
		}
		digest, err := rec.Digest()
		if err != nil || !bytes.Equal(digest, env.Digest()) {
			return fmt.Errorf("%s: the record's digest %x (%v), the envelope's %x", v.Identifier, digest, err, env.Digest())
		}
		w := conversion.ManifestEntry{Identifier: v.Identifier, RecordDigest: hex.EncodeToString(digest), SM3: v.PDFSM3}
		if v.PDFPath != "" {
			rel, err := filepath.Rel(filepath.Dir(s.Manifest), v.PDFPath)
			if err != nil {
				return err
			}
			w.File = filepath.ToSlash(rel)
		}
		want = append(want, w)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("the manifest has %d entries, the ledger %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("manifest entry %d is %+v, the ledger's %+v", i, got[i], want[i])
			break
		}
	}
}

// nopTB lets the child process reuse newEnv; it exits on failure.
type nopTB struct{ testing.TB }

func (nopTB) Helper()           {}
func (nopTB) Cleanup(func())    {}
func (nopTB) Fatal(args ...any) { os.Stderr.WriteString("child setup failed\n"); os.Exit(4) }

// TestSampleRegister converts the bundled food-business sample: the planted
// defects are rejected into the rejects workbook, every other row is issued,
// and converting the same register again issues nothing new.
func TestSampleRegister(t *testing.T) {
	e := newEnv(t, filepath.Join(t.TempDir(), "home"), false)
	reg := "../../samples/food-business-register.xlsx"
	s := e.run(t, e.options(reg))
	if s.Rows != s.Issued+s.Rejected || s.Rejected != 7 || s.Issued == 0 {
		t.Fatalf("got rows %d issued %d rejected %d, want 7 rejected and the rest issued", s.Rows, s.Issued, s.Rejected)
	}
	if _, err := os.Stat(s.Rejects); err != nil {
		t.Errorf("rejects workbook: %v", err)
	}
	checkBatch(t, e, s)
	again := e.run(t, e.options(reg))
	if again.Issued != 0 || again.Already != s.Issued || again.Rejected != 7 || !again.Resumed {
		t.Errorf("second run: issued %d already %d rejected %d resumed %v; want 0, %d, 7, true", again.Issued, again.Already, again.Rejected, again.Resumed, s.Issued)
	}
}

// TestDryRun issues nothing and writes nothing to the ledger.
func TestDryRun(t *testing.T) {
	e := newEnv(t, filepath.Join(t.TempDir(), "home"), false)
	o := e.options("../../samples/food-business-register.xlsx")
	o.DryRun = true
	o.OutDir = t.TempDir()
	s := e.run(t, o)
	if s.Rejected != 7 || s.Issued != s.Rows-7 || s.Manifest != "" {
		t.Errorf("dry run: rows %d issued %d rejected %d manifest %q", s.Rows, s.Issued, s.Rejected, s.Manifest)
	}
	if n, err := e.led.NextSerial(context.Background(), "TA"); err != nil || n != 1 {
		t.Errorf("after a dry run the next serial is %d (%v), want 1", n, err)
	}
}

// TestIssuingOffices: a register spanning two offices. The office listed in
// the workspace's table gets its own code in the identifier and ZZBFJGDM, the
// other the agency's; both keep the office name as registered in ZZBFJG.
func TestIssuingOffices(t *testing.T) {
	const jianghan, jianghanCode = "武汉市江汉区市场监督管理局", "11420103MB18456735"
	e := newEnvWith(t, filepath.Join(t.TempDir(), "home"), false, func(c *workspace.Config) {
		c.Offices = []workspace.Office{{Name: jianghan, Code: jianghanCode}}
	})
	s := e.run(t, e.options("../../samples/food-business-register.xlsx"))
	checkBatch(t, e, s) // the manifest lists both offices' certificates in identifier order
	rows, err := e.led.BatchRows(context.Background(), s.Batch)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Identifier == "" {
			continue
		}
		c, err := e.led.ByIdentifier(context.Background(), r.Identifier)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := record.Open(c.Asked.Record, func(string) (crypto.PublicKey, error) { return e.maker.Key().Cert().PublicKey, nil })
		if err != nil {
			t.Fatal(err)
		}
		id, _ := ident.Parse(rec.Identifier)
		want := e.ws.Config.Agency.Code
		if rec.Meta.ZZBFJG == jianghan {
			want = jianghanCode
		}
		if rec.Meta.ZZBFJGDM != want || id.Issuer != want {
			t.Errorf("%s (%s): ZZBFJGDM %s, identifier issuer %s; want %s", rec.Identifier, rec.Meta.ZZBFJG, rec.Meta.ZZBFJGDM, id.Issuer, want)
		}
		seen[rec.Meta.ZZBFJG] = true
	}
	if !seen[jianghan] || len(seen) < 2 {
		t.Errorf("offices seen: %v; want 江汉区 and another", seen)
	}
}

// TestStop stops a conversion part-way (as Ctrl-C does): what was made is
// committed, the batch stays open, and the same run again finishes it.
func TestStop(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.xlsx")
	const rows = 5000 // takes well over the first progress tick (250 ms)
	if err := regtest.Synthetic(reg, rows); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), false)
	ctx, cancel := context.WithCancel(context.Background())
	o := e.options(reg)
	o.Group = 4
	o.Progress = func(p conversion.Progress) {
		if p.Issued > 0 {
			cancel()
		}
	}
	s, err := conversion.Run(ctx, o)
	if !errors.Is(err, context.Canceled) || s == nil || s.Issued == 0 || s.Issued >= rows {
		t.Fatalf("stopped run: %v, summary %+v", err, s)
	}
	// Every row read is counted: issued, rejected, or read but not finished.
	if s.Rows != s.Issued+s.Rejected+s.Already+s.Unfinished || s.ConcludedAt != "" {
		t.Errorf("stopped run: rows %d ≠ issued %d + rejected %d + already %d + unfinished %d (concluded %q)",
			s.Rows, s.Issued, s.Rejected, s.Already, s.Unfinished, s.ConcludedAt)
	}
	t.Logf("stopped: rows %d, issued %d, unfinished %d", s.Rows, s.Issued, s.Unfinished)
	again := e.run(t, e.options(reg))
	if again.Unfinished != 0 {
		t.Errorf("finished run: unfinished %d, want 0", again.Unfinished)
	}
	if again.Already != s.Issued || again.Issued+again.Already != rows {
		t.Errorf("second run: already %d (first run issued %d), issued %d; want all %d", again.Already, s.Issued, again.Issued, rows)
	}
	checkBatch(t, e, again)
}

// TestManifestEdgeNames converts a register whose file name holds the strings
// canonical encoders disagree on: the signed manifest stays canonical.
func TestManifestEdgeNames(t *testing.T) {
	data, err := os.ReadFile("../../samples/food-business-register.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	name := "登记\u2028\u2029<&>e\u0301\x7f.xlsx"
	reg := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(reg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(t.TempDir(), "home"), false)
	s := e.run(t, e.options(reg))
	checkManifest(t, e, s, s.Issued)
	line, _ := os.ReadFile(s.Manifest)
	if want := record.QuoteString(name); !bytes.Contains(line, []byte(`"register":`+want)) {
		t.Errorf("manifest does not name the register as %s:\n%s", want, line)
	}
}

// TestResumeRemovesStagedRejects: a rejects workbook a killed run left half
// written in the batch folder (rejected rows, personal data) is removed by
// the run that resumes the batch, which writes its own.
func TestResumeRemovesStagedRejects(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.xlsx")
	if err := regtest.Synthetic(reg, 20); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), false)
	s := e.run(t, e.options(reg))
	left := filepath.Join(s.OutDir, ".rejects-2246840564.xlsx")
	if err := os.WriteFile(left, []byte("PK half a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	again := e.run(t, e.options(reg))
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the half-written rejects workbook is still there after the batch resumed (%v)", err)
	}
	if again.Already != s.Issued {
		t.Errorf("resumed: already %d, want %d", again.Already, s.Issued)
	}
}

// TestResumeInAnotherFolder: a batch whose PDFs are in one folder is not
// resumed into another (another --out): its files, manifest and leftovers
// are in the first; the run says which folder to give, and makes nothing in
// the other. Where the PDFs are now (a backup's copy) is what counts.
func TestResumeInAnotherFolder(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.xlsx")
	if err := regtest.Synthetic(reg, 4); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), true)
	first := e.run(t, e.options(reg))
	o := e.options(reg)
	o.OutDir = filepath.Join(dir, "elsewhere")
	s, err := conversion.Run(context.Background(), o)
	if err == nil || !strings.Contains(text.Of(err).En, "put its certificate files in "+first.OutDir) || s != nil {
		t.Errorf("resumed into another folder: %v (summary %+v); want it refused, naming %s", err, s, first.OutDir)
	}
	if _, err := os.Stat(o.OutDir); !os.IsNotExist(err) {
		t.Errorf("the refused run made %s (%v)", o.OutDir, err)
	}
	o.Placed = func(recorded string) string { // as in a copy whose out/ is elsewhere
		return filepath.Join(o.OutDir, strings.TrimPrefix(recorded, e.ws.OutDir()))
	}
	if again := e.run(t, o); again.Already != first.Issued {
		t.Errorf("resumed where the PDFs are now: already %d, want %d", again.Already, first.Issued)
	}
}
