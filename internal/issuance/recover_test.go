package issuance

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
)

// TestRecoverStagedByBytes: a stopped run can leave two staged files under
// one final name — one made for a serial another process took, beside the
// one the ledger recorded with that serial. Whatever order the names sort
// in, only the recorded bytes are committed, the other file is removed, and
// a staged file the ledger does not record is removed too; a recorded file
// whose header was already restored (a run stopped inside Commit) is
// committed. A failing lookup
// stops the recovery with nothing removed.
func TestRecoverStagedByBytes(t *testing.T) {
	for _, recordedFirst := range []bool{true, false} {
		dir := t.TempDir()
		final := filepath.Join(dir, "TA00007.pdf")
		good, stale := []byte("%TMP-1.7 the recorded certificate"), []byte("%TMP-1.7 another row's certificate")
		goodName, staleName := "aaaa", "zzzz"
		if !recordedFirst {
			goodName, staleName = staleName, goodName
		}
		write(t, final+"."+goodName+".tmp", good)
		write(t, final+"."+staleName+".tmp", stale)
		write(t, filepath.Join(dir, "TA00008.pdf.bbbb.tmp"), []byte("%TMP-1.7 not recorded"))
		if !recordedFirst { // stopped inside Commit: the header is back, the name not yet
			copy(good, "%PDF-")
			write(t, final+"."+goodName+".tmp", good)
		}
		want, err := StagedSM3(final + "." + goodName + ".tmp")
		if err != nil {
			t.Fatal(err)
		}
		committed, removed, err := RecoverStaged(dir, func(f string) (string, bool, error) {
			return want, f == final, nil
		})
		if err != nil || committed != 1 || removed != 2 {
			t.Fatalf("recorded first %v: committed %d, removed %d, %v; want 1, 2, nil", recordedFirst, committed, removed, err)
		}
		got, err := os.ReadFile(final)
		if err != nil || !bytes.Equal(got, append([]byte("%PDF-"), good[5:]...)) {
			t.Errorf("recorded first %v: the final file holds %q (%v), want the recorded bytes", recordedFirst, got, err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
			t.Errorf("recorded first %v: staged files left: %v", recordedFirst, left)
		}
	}

	dir := t.TempDir()
	write(t, filepath.Join(dir, "TA00009.pdf.cccc.tmp"), []byte("%TMP-1.7 x"))
	_, removed, err := RecoverStaged(dir, func(string) (string, bool, error) { return "", false, errors.New("ledger unreadable") })
	if err == nil || removed != 0 {
		t.Errorf("a failing lookup: removed %d, %v; want 0 and the error", removed, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) != 1 {
		t.Errorf("a failing lookup removed the staged file")
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRecoverStagedLeavesOthers: in a folder that holds other files too (one
// given to --out), a file that only has a staged name — another program's
// temporary file, a FIFO with no writer — is neither removed nor waited on,
// while an empty staged file (a run killed between creating it and writing
// it) is.
func TestRecoverStagedLeavesOthers(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "report.pdf.backup.tmp")
	write(t, other, []byte("PK a workbook someone saved"))
	empty := filepath.Join(dir, "TA00010.pdf.1234.tmp")
	write(t, empty, nil)
	names := []string{other}
	if fifo := filepath.Join(dir, "TA00011.pdf.5678.tmp"); inputtest.Mkfifo(fifo) == nil {
		names = append(names, fifo)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := RecoverStaged(dir, func(string) (string, bool, error) { return "", false, nil })
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RecoverStaged waits on a FIFO with a staged name")
	}
	for _, p := range names {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed (%v)", p, err)
		}
	}
	if _, err := os.Lstat(empty); !os.IsNotExist(err) {
		t.Errorf("the empty staged file is still there (%v)", err)
	}
	// A recorded final name whose staged copy is a FIFO: not waited on either.
	fifo := filepath.Join(dir, "TA00012.pdf.42.tmp")
	if inputtest.Mkfifo(fifo) == nil {
		if _, err := StagedSM3(fifo); err == nil {
			t.Error("StagedSM3 of a FIFO: no error")
		}
	}
}
