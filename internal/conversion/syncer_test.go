package conversion

import (
	"os"
	"path/filepath"
	"testing"

	"ezz/internal/issuance"
)

// TestSyncStagedWaitsForEveryFsync: the committer fails a group when the
// fsync of any of its staged files failed (here a file gone before its
// syncer reached it), and passes it only when all of them succeeded.
func TestSyncStagedWaitsForEveryFsync(t *testing.T) {
	dir := t.TempDir()
	s := newSyncer(4)
	defer s.stop()
	c := &conv{outDir: dir}
	staged := func(name string, write bool) result {
		p := filepath.Join(dir, name+".pdf.1.tmp")
		if write {
			if err := os.WriteFile(p, []byte("%TMP-1.7"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r := result{staged: issuance.Staged{Tmp: p, Final: filepath.Join(dir, name+".pdf")}}
		r.synced = s.add(r.staged)
		return r
	}
	if err := c.syncStaged([]result{staged("TA00001", true), staged("TA00002", true)}); err != nil {
		t.Fatalf("a group whose files synced: %v", err)
	}
	if err := c.syncStaged([]result{staged("TA00003", true), staged("TA00004", false), staged("TA00005", true)}); err == nil {
		t.Fatal("a group with a failed fsync was passed for commit")
	}
}
