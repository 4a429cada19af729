package issuance

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteSyncedAndSyncDirs(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := writeSynced(p, []byte("%PDF-1.7")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF-1.7" {
		t.Errorf("got %q", b)
	}
	if err := SyncDirs(dir, dir, ""); err != nil {
		t.Fatal(err)
	}
	if err := SyncDirs(filepath.Join(dir, "missing")); err == nil {
		t.Error("syncing a missing directory: got nil error")
	}
}

// BenchmarkDurableWrite is the cost of making a group of 64 PDFs of 40 KB
// durable: each fsynced before its rename, the directory once per group,
// against plain writes and renames (docs/BENCHMARKS.md).
func BenchmarkDurableWrite(b *testing.B) {
	pdf := make([]byte, 40<<10)
	for _, durable := range []bool{false, true} {
		b.Run(fmt.Sprintf("group=64/durable=%v", durable), func(b *testing.B) {
			dir := b.TempDir()
			n := 0
			for b.Loop() {
				for i := 0; i < 64; i++ {
					n++
					p := filepath.Join(dir, fmt.Sprintf("%d.pdf", n))
					var err error
					if durable {
						err = writeSynced(p+".tmp", pdf)
					} else {
						err = os.WriteFile(p+".tmp", pdf, 0o644)
					}
					if err == nil {
						err = os.Rename(p+".tmp", p)
					}
					if err != nil {
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
