package cli

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"ezz/internal/ident"
	"ezz/internal/ledger"
	"ezz/internal/register/regtest"
)

// TestConvertKilledAtRandom converts two registers into one workspace in
// real ezz processes: register A is killed with SIGKILL at random moments,
// again and again, while register B converts beside it, and a second
// conversion of B is started while the first one runs (it either waits its
// turn by failing with the batch lock's message or finds nothing to do).
// After one last uninterrupted run of each: every row is issued exactly
// once (serials 1…n without a gap or a duplicate), no staged file is left,
// every PDF under a final name is one the ledger lists, ezz check is clean
// without --repair and ezz verify passes every PDF.
func TestConvertKilledAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts 340 rows with PDFs in about ten processes")
	}
	ezz, dir, home, tmpl, run := killWorkspace(t)
	const nA, nB = 300, 40
	regA, regB := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	if err := regtest.Synthetic(regA, nA); err != nil {
		t.Fatal(err)
	}
	if err := regtest.SyntheticFrom(regB, nB, 500000); err != nil {
		t.Fatal(err)
	}
	convert := func(reg string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(ezz, "--home", home, "--lang", "en", "convert", reg, "--template", tmpl)
		var errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &errb, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &errb
	}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(uint64(seed), 0))

	b1, b1out := convert(regB)
	b2, b2out := convert(regB)
	for range 6 {
		pdfs, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.pdf"))
		a, _ := convert(regA)
		killAtRandom(t, a, home, nA+nB-len(pdfs), rnd)
		pdfs, _ = filepath.Glob(filepath.Join(home, "out", "*", "*.pdf"))
		tmps, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.tmp"))
		t.Logf("killed: %d PDFs, %d staged files", len(pdfs), len(tmps))
	}
	for i, b := range []*exec.Cmd{b1, b2} {
		out := []*bytes.Buffer{b1out, b2out}[i]
		if err := b.Wait(); err != nil && !strings.Contains(out.String(), "another ezz convert is converting batch") {
			t.Errorf("conversion of B #%d: %v\n%s", i+1, err, out)
		}
	}
	run(0, "convert", regA, "--template", tmpl)
	run(0, "convert", regB, "--template", tmpl)

	if tmp, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.tmp")); len(tmp) > 0 {
		t.Errorf("staged files left behind: %v", tmp)
	}
	files := checkIssuedOnce(t, home, nA+nB)
	run(0, "check")
	run(0, append([]string{"verify"}, files...)...)
}

// killAtRandom kills cmd with SIGKILL at a random moment and waits for it:
// while it starts (within 300 ms), or once a random number of the PDFs
// still to make are under their final names, or the moment it has staged
// files (between the makers' writes and the finisher's renames).
func killAtRandom(t *testing.T, cmd *exec.Cmd, home string, left int, rnd *rand.Rand) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	count := func(ext string) int {
		m, _ := filepath.Glob(filepath.Join(home, "out", "*", "*"+ext))
		return len(m)
	}
	start, target := count(".pdf"), rnd.IntN(max(left, 1))
	mode := rnd.IntN(3)
	deadline := time.Now().Add(time.Duration(rnd.IntN(300)) * time.Millisecond)
	for {
		select {
		case <-done:
			t.Log("a conversion of A ended before its kill")
			return
		case <-time.After(2 * time.Millisecond):
		}
		if mode == 0 && time.Now().After(deadline) || mode == 1 && count(".pdf")-start >= target || mode == 2 && count(".tmp") > 0 && count(".pdf")-start >= target/2 {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return
		}
	}
}

// checkIssuedOnce checks that the ledger lists n certificates with serials
// 1…n, each with its PDF as recorded, and no other PDF under out/; it
// returns the PDFs.
func checkIssuedOnce(t *testing.T, home string, n int) []string {
	t.Helper()
	led, err := ledger.Open(filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	var serials []uint64
	listed := map[string]bool{}
	err = led.EachFile(context.Background(), func(f ledger.RecordedFile) error {
		id, err := ident.Parse(f.Identifier)
		if err != nil {
			return err
		}
		_, s, err := ident.SplitSerial(id.Serial)
		serials = append(serials, s)
		listed[f.Path] = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(serials, func(i, j int) bool { return serials[i] < serials[j] })
	if len(serials) != n {
		t.Errorf("%d certificates in the ledger, want %d", len(serials), n)
	}
	for i, s := range serials {
		if s != uint64(i+1) {
			t.Fatalf("serial %d is %d: a gap or a duplicate", i+1, s)
		}
	}
	pdfs, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.pdf"))
	for _, p := range pdfs {
		if abs, _ := filepath.Abs(p); !listed[p] && !listed[abs] {
			t.Errorf("%s: a PDF under a final name that the ledger does not list", p)
		}
	}
	if len(pdfs) != n {
		t.Errorf("%d PDFs under out/, want %d", len(pdfs), n)
	}
	return pdfs
}
