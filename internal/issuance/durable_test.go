package issuance

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/ident"
	"ezz/internal/pdfsig"
)

// TestStageCommit: a staged PDF is no PDF until committed, then it is the
// certificate's bytes under its final name, with the SM3 StagedSM3 foretold.
func TestStageCommit(t *testing.T) {
	dir := t.TempDir()
	pdf := []byte("%PDF-1.7\nbody")
	c := &Certificate{ID: ident.ID{Serial: "HQ00001", Version: "001"}, PDF: pdf}
	s, err := c.Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(s.Tmp); string(b) != "%TMP-1.7\nbody" || !strings.HasSuffix(s.Tmp, stagedSuffix) {
		t.Errorf("staged %s holds %q, want a %%TMP- header under a %s name", s.Tmp, b, stagedSuffix)
	}
	if string(c.PDF) != "%PDF-1.7\nbody" {
		t.Errorf("after Stage the certificate's PDF is %q, want its %%PDF- header back", c.PDF)
	}
	if _, err := os.Stat(s.Final); !os.IsNotExist(err) {
		t.Errorf("final %s exists before the commit: %v", s.Final, err)
	}
	sum, err := StagedSM3(s.Tmp)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := SyncDirs(dir, dir, ""); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "HQ00001.pdf"))
	if want := sm3.Sum(pdf); string(b) != string(pdf) || sum != hex.EncodeToString(want[:]) {
		t.Errorf("committed %q (staged SM3 %s), want %q", b, sum, pdf)
	}
	if _, err := os.Stat(s.Tmp); !os.IsNotExist(err) {
		t.Errorf("staged name still there after the commit: %v", err)
	}
	if err := SyncDirs(filepath.Join(dir, "missing")); err == nil {
		t.Error("syncing a missing directory: got nil error")
	}
}

// BenchmarkDurableWrite is the cost of making a group of 64 PDFs of 40 KB
// durable as a conversion does: each staged (fsynced), committed (fsynced,
// renamed), the directory once per group — against plain writes and renames
// (docs/BENCHMARKS.md).
func BenchmarkDurableWrite(b *testing.B) {
	pdf := append([]byte("%PDF-1.7\n"), make([]byte, 40<<10)...)
	for _, durable := range []bool{false, true} {
		b.Run(fmt.Sprintf("group=64/durable=%v", durable), func(b *testing.B) {
			dir := b.TempDir()
			n := 0
			for b.Loop() {
				for i := 0; i < 64; i++ {
					n++
					if err := writeOne(dir, n, pdf, durable); err != nil {
						b.Fatal(err)
					}
				}
				if durable {
					if err := SyncDirs(dir); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/file")
		})
	}
}

func writeOne(dir string, n int, pdf []byte, durable bool) error {
	serial := fmt.Sprintf("HQ%07d", n)
	if durable {
		s, err := (&Certificate{ID: ident.ID{Serial: serial, Version: "001"}, PDF: pdf}).Stage(dir)
		if err != nil {
			return err
		}
		return s.Commit()
	}
	p := filepath.Join(dir, serial+".pdf")
	if err := os.WriteFile(p+".tmp", pdf, 0o644); err != nil {
		return err
	}
	return os.Rename(p+".tmp", p)
}

// TestStagedSignedPDF: a real certificate staged is refused by the verifier
// even under a .pdf name, and verifies once committed.
func TestStagedSignedPDF(t *testing.T) {
	m, vals := newMaker(t, true)
	c, err := m.Make(vals, 1, time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Stage(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	roots := m.c.Key.Chain[len(m.c.Key.Chain)-1:]
	staged, err := os.ReadFile(s.Tmp)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := pdfsig.Verify(staged, roots); err == nil && rep.Err() == nil {
		t.Error("a staged certificate verifies, want it refused")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := committedPDF(t, s.Final, roots); err != nil {
		t.Errorf("the committed certificate does not verify: %v", err)
	}
}

// TestStageNames: a staged file is named as os.CreateTemp named it (final
// name, a dot, a number, .tmp; RecoverStaged globs that), readable by its
// owner alone, and a name already taken is never opened but another drawn.
func TestStageNames(t *testing.T) {
	defer func(r func() uint32) { stagedRand = r }(stagedRand)
	draws := []uint32{7, 7, 42}
	stagedRand = func() uint32 { n := draws[0]; draws = draws[1:]; return n }
	dir := t.TempDir()
	c := &Certificate{ID: ident.ID{Serial: "HQ00001", Version: "001"}, PDF: []byte("%PDF-1.7\nbody")}
	first, err := c.Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.StageUnsynced(dir)
	if err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(dir, "HQ00001.pdf")
	if first.Tmp != final+".7.tmp" || second.Tmp != final+".42.tmp" || first.Final != final || second.Final != final {
		t.Errorf("staged %+v then %+v, want %s.7.tmp then %s.42.tmp (7 taken)", first, second, final, final)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.pdf.*"+stagedSuffix)); len(m) != 2 {
		t.Errorf("RecoverStaged's pattern finds %v, want both staged files", m)
	}
	for _, s := range []Staged{first, second} {
		fi, err := os.Stat(s.Tmp)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(s.Tmp); string(b) != "%TMP-1.7\nbody" || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
			t.Errorf("%s: %q, mode %v; want the staged bytes, mode 0600", s.Tmp, b, fi.Mode())
		}
	}
	if err := second.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(final); string(b) != "%PDF-1.7\nbody" {
		t.Errorf("committed %q", b)
	}
	if err := os.Remove(final); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(final, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err == nil || !strings.Contains(err.Error(), first.Tmp) {
		t.Errorf("committing onto a final name that is a directory: got %v, want an error naming %s", err, first.Tmp)
	}
}

// TestStageUnsyncedRecycles: StageUnsynced gives the PDF's bytes back to
// the renderer, and certificates drawn into them — planned as a conversion
// plans them — verify, with the SM3 recorded for them, and are their own
// (another serial each).
func TestStageUnsyncedRecycles(t *testing.T) {
	m, vals := newMaker(t, true)
	dir := t.TempDir()
	roots := m.c.Key.Chain[len(m.c.Key.Chain)-1:]
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	var prev *byte
	reused := 0
	for n := uint64(1); n <= 12; n++ {
		c, _ := laidOut(t, m, vals, at, n)
		if &c.PDF[0] == prev {
			reused++
		}
		prev = &c.PDF[0]
		s, err := c.StageUnsynced(dir)
		if err != nil {
			t.Fatal(err)
		}
		if c.PDF != nil {
			t.Fatal("the PDF is still the certificate's after StageUnsynced")
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		pdf, err := committedPDF(t, s.Final, roots)
		if sum := sm3.Sum(pdf); err != nil || hex.EncodeToString(sum[:]) != c.PDFSM3 {
			t.Fatalf("certificate %d drawn into given-back bytes: %v, SM3 %x recorded %s", n, err, sum, c.PDFSM3)
		}
		if !bytes.Contains(pdf, []byte("."+c.ID.Serial+".")) {
			t.Fatalf("certificate %d's PDF does not name its serial %s", n, c.ID.Serial)
		}
	}
	if reused == 0 {
		t.Error("no certificate was drawn into the bytes given back")
	}
}

// scribbler is a Recycler that overwrites the bytes given back at once, as
// another maker's next face may, before handing them on.
type scribbler struct {
	next  Recycler
	given int
}

func (s *scribbler) Recycle(pdf []byte) {
	s.given++
	for i := range pdf[:cap(pdf)] {
		pdf[:cap(pdf)][i] = byte(i*13 + 5)
	}
	s.next.Recycle(pdf)
}

// TestStageUnsyncedGivesBackAfterWrite: StageUnsynced gives a PDF's bytes
// back only once nothing needs them — the staged file holds the bytes whose
// SM3 the ledger records even when they are drawn over the moment they are
// given back (a conversion's other makers draw their faces meanwhile) —,
// and gives them back once.
func TestStageUnsyncedGivesBackAfterWrite(t *testing.T) {
	m, vals := newMaker(t, true)
	dir := t.TempDir()
	roots := m.c.Key.Chain[len(m.c.Key.Chain)-1:]
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	for n := uint64(1); n <= 3; n++ {
		c, _ := laidOut(t, m, vals, at, n)
		if c.recycler == nil {
			t.Fatal("a certificate the renderer drew has no Recycler")
		}
		s := &scribbler{next: c.recycler}
		c.recycler = s
		staged, err := c.StageUnsynced(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.given != 1 {
			t.Fatalf("certificate %d: its bytes were given back %d times, want once", n, s.given)
		}
		if err := staged.Sync(); err != nil {
			t.Fatal(err)
		}
		if err := staged.Commit(); err != nil {
			t.Fatal(err)
		}
		pdf, err := committedPDF(t, staged.Final, roots)
		if sum := sm3.Sum(pdf); err != nil || hex.EncodeToString(sum[:]) != c.PDFSM3 {
			t.Fatalf("certificate %d: the committed file (SM3 %x) is not the PDF recorded (%s): %v", n, sum, c.PDFSM3, err)
		}
	}
}

// committedPDF reads the certificate file at path and verifies its signature
// against roots: the bytes, and why they do not verify (nil when they do).
func committedPDF(t *testing.T, path string, roots []*smx509.Certificate) ([]byte, error) {
	t.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := pdfsig.Verify(pdf, roots)
	if err == nil {
		err = rep.Err()
	}
	return pdf, err
}

// laidOut makes certificate n of vals as a conversion does: laid out first
// (lay), then made from that plan, which it returns too.
func laidOut(t testing.TB, m *Maker, vals map[string]string, at time.Time, n uint64) (*Certificate, *Plan) {
	t.Helper()
	p, err := m.lay(vals, at)
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.MakePlanned(p, n)
	if err != nil {
		t.Fatal(err)
	}
	return c, p
}
