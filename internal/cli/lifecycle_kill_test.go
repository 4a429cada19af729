package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/register/regtest"
)

// TestLifecycleKillAndConcurrentConvert runs a bulk change (extend: a new
// signed version with its PDF per row) in a real ezz process while another
// process converts a register into the same workspace, kills the bulk change
// with SIGKILL part-way, and runs it again: every row is applied exactly
// once, the conversion lost nothing, and ezz check (after --repair, which
// puts back a PDF staged by a row killed between its commit and its rename)
// finds the ledger and every file sound.
func TestLifecycleKillAndConcurrentConvert(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts and re-signs about 100 certificates in three processes")
	}
	ezz, dir, home, tmpl, run := killWorkspace(t)
	sample, _ := filepath.Abs("../../samples/food-business-register.xlsx")
	const n = 40
	reg := filepath.Join(dir, "register.xlsx")
	if err := regtest.Synthetic(reg, n); err != nil {
		t.Fatal(err)
	}
	run(0, "convert", reg, "--template", tmpl)
	changes := writeExtends(t, home, dir)

	apply := exec.Command(ezz, "--home", home, "lifecycle", "apply", changes, "--template", tmpl)
	convert := exec.Command(ezz, "--home", home, "convert", sample, "--template", tmpl)
	var convertErr bytes.Buffer
	convert.Stderr = &convertErr
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	if err := convert.Start(); err != nil {
		t.Fatal(err)
	}
	killAfter(t, apply, filepath.Join(home, "out", "*-002.pdf"), 5)
	if err := convert.Wait(); err != nil && convert.ProcessState.ExitCode() != 1 { // 1: the sample's planted rejects
		t.Fatalf("the concurrent conversion failed: %v\n%s", err, convertErr.String())
	}

	out := run(0, "lifecycle", "apply", changes, "--template", tmpl)
	if !strings.Contains(out, fmt.Sprintf("%d rows:", n)) || strings.Contains(out, "applied before 0,") {
		t.Errorf("the resumed run: %s; want some rows applied before the kill", out)
	}
	run(0, "check", "--repair")
	checkOnce(t, home, n)
	if again := run(0, "lifecycle", "apply", changes, "--template", tmpl); !strings.Contains(again, fmt.Sprintf("applied 0, applied before %d", n)) {
		t.Errorf("a rerun: %s; want nothing applied twice", again)
	}
}

// writeExtends writes a bulk-change CSV extending every certificate issued so far.
func writeExtends(t *testing.T, home, dir string) string {
	led, err := ledger.Open(filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	var b strings.Builder
	b.WriteString("证照标识,操作,原因,有效期至\n")
	err = led.EachFile(context.Background(), func(f ledger.RecordedFile) error {
		fmt.Fprintf(&b, "%s,extend,到期延续,2040-12-31\n", f.Identifier)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "changes.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// killAfter kills cmd with SIGKILL once pattern matches at least min files.
func killAfter(t *testing.T, cmd *exec.Cmd, pattern string, min int) {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the bulk change ended (%v) before it was killed: no crash was tested", err)
		case <-time.After(10 * time.Millisecond):
		}
		if files, _ := filepath.Glob(pattern); len(files) >= min {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	t.Fatal("the bulk change made no new version in 3 minutes")
}

// checkOnce verifies that each of the first n certificates has exactly one
// new version (each row applied once).
func checkOnce(t *testing.T, home string, n int) {
	led, err := ledger.Open(filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	if ps, err := led.Check(context.Background()); err != nil || len(ps) > 0 {
		t.Errorf("ledger check: %v, %v", ps, err)
	}
	versions := map[int]int{}
	err = led.EachFile(context.Background(), func(f ledger.RecordedFile) error {
		c, err := led.ByIdentifier(context.Background(), f.Identifier)
		if err == nil && c.Asked.Version == 1 {
			versions[c.Version]++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if versions[2] != n || versions[1] != 42 {
		t.Errorf("certificates by current version: %v; want %d at version 2 and the concurrent conversion's 42 at 1", versions, n)
	}
}
