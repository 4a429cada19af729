package register

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"ezz/internal/dataitem"
	"ezz/internal/text"
)

// uniqueRef is what a uniqueSet must answer: the first place of each key.
type uniqueRef map[string]place

// claimAll claims keys in order, the i-th at row i+2 of sheet i%3, and checks
// every answer against a map.
func claimAll(t testing.TB, s *uniqueSet, keys []string) {
	t.Helper()
	ref := uniqueRef{}
	for i, k := range keys {
		here := place{sheet: uint32(i % 3), row: uint32(i + 2)}
		first, dup, err := s.claim([]byte(k), here)
		if err != nil {
			t.Fatalf("key %d %q: %v", i, k, err)
		}
		want, wantDup := ref[k]
		if dup != wantDup || first != want {
			t.Fatalf("key %d %q: got %v %v, want %v %v", i, k, first, dup, want, wantDup)
		}
		if !dup {
			ref[k] = here
		}
	}
	if s.n != len(ref) {
		t.Fatalf("%d keys in the table, want %d", s.n, len(ref))
	}
}

// someKeys is n keys where every 5th repeats an earlier one and some are
// prefixes of others (the record read back must not match a longer key).
func someKeys(n int) []string {
	keys := make([]string, 0, n)
	for i := 0; len(keys) < n; i++ {
		switch {
		case i%5 == 4:
			keys = append(keys, keys[(i*7919)%len(keys)])
		case i%11 == 3:
			keys = append(keys, fmt.Sprintf("0\x00SP%d", i/2)) // SP123 and SP1234…
		default:
			keys = append(keys, fmt.Sprintf("0\x00SP%d", i))
		}
	}
	return keys
}

// TestUniqueSetExact: a key is a duplicate exactly when an earlier claim had
// the same bytes, with the earlier claim's place, whatever the hash does: the
// real one, every key with the same fingerprint (each probe reads a record
// back), or every key on one slot (a chain through the whole table, wrapping
// around its end). The table grows several times on the way.
func TestUniqueSetExact(t *testing.T) {
	seed := maphash.MakeSeed()
	for _, tt := range []struct {
		name string
		hash func([]byte) uint64
		n    int
	}{
		{"seeded", nil, 40_000},
		{"one fingerprint", func(b []byte) uint64 { return maphash.Bytes(seed, b) & offMask }, 20_000},
		{"one slot", func([]byte) uint64 { return firstSlots - 3 }, 600},
		{"the empty key and a 1 MiB one", nil, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			s := newUniqueSet()
			if tt.hash != nil {
				s.hash = tt.hash
			}
			defer s.close()
			keys := someKeys(tt.n)
			if tt.n == 0 {
				big := strings.Repeat("号", 1<<20/3)
				keys = []string{"", big, "", big[:len(big)-3], big, "x"}
			}
			claimAll(t, s, keys)
			if tt.n > 4*firstSlots && len(s.slots) <= firstSlots {
				t.Errorf("the table never grew: %d slots", len(s.slots))
			}
		})
	}
}

// TestUniqueSetLeavesNoFile: the values' file is gone from the temporary
// directory as soon as it is made (where the system allows it) and after
// close, and a closed set can be used again.
func TestUniqueSetLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := newUniqueSet()
	claimAll(t, s, someKeys(100))
	if ents, _ := os.ReadDir(dir); runtime.GOOS == "linux" && len(ents) > 0 {
		t.Errorf("while open: %v in the temporary directory", ents)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) > 0 {
		t.Errorf("after close: %v in the temporary directory", ents)
	}
	claimAll(t, s, someKeys(100))
	s.close()
}

// TestUniqueSetMemory: the set keeps at most ≈22 bytes a row in memory, so a
// million-row register adds ≈16 MB, not the ≈130 MB a map of the values did;
// and those bytes are the table's, outside the Go heap, where the collector's
// headroom does not double them.
func TestUniqueSetMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 claims")
	}
	t.Setenv("TMPDIR", t.TempDir())
	const n = 200_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := newUniqueSet()
	defer s.close()
	var key []byte
	for i := range n {
		key = fmt.Appendf(key[:0], "0\x00SP%014d", i)
		if _, dup, err := s.claim(key, place{row: uint32(i)}); err != nil || dup {
			t.Fatal(i, dup, err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
	table := float64(8*len(s.slots)) / n
	t.Logf("%.1f bytes a row in the heap, %.1f in the table (%d slots)", heap, table, len(s.slots))
	if heap > 2 {
		t.Errorf("%.1f bytes a row in the heap, want ≤ 2 (the table outside it)", heap)
	}
	if heap+table > 24 {
		t.Errorf("%.1f bytes a row, want ≤ 24", heap+table)
	}
	runtime.KeepAlive(s)
}

// TestDuplicateCheckNeedsItsFile: when the temporary file cannot be made the
// row is not passed as unique; the error says where and what to do.
func TestDuplicateCheckNeedsItsFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	t.Setenv("TMPDIR", missing)
	v, err := NewValidator(dataitem.Standard{Items: testItems}, []string{"cert_no"})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, _, err = v.Check(Row{Sheet: "S", Number: 2, Cells: map[string]string{"cert_no": "A1"}})
	if err == nil {
		t.Fatal("no error without a temporary directory")
	}
	if h := text.HintOf(err); !strings.Contains(h.En, missing) || !strings.Contains(h.Zh, missing) {
		t.Errorf("hint %q does not name %s", h, missing)
	}
	if text.ClassOf(err) != text.Environment {
		t.Errorf("class %v, want environment", text.ClassOf(err))
	}
}

// FuzzUniqueSet claims the keys the input splits into (at 0xff bytes) with a
// hash of only their first byte, so collisions and long chains are the rule.
func FuzzUniqueSet(f *testing.F) {
	f.Add([]byte("a\xffb\xffa\xffab\xff\xffb"))
	f.Add([]byte("\x00\x00\xff\x00\xff\x00\x00\x00\xff\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		t.Setenv("TMPDIR", t.TempDir())
		s := newUniqueSet()
		s.hash = func(b []byte) uint64 {
			var h [8]byte
			copy(h[:], b)
			return binary.LittleEndian.Uint64(h[:]) * 0x9E3779B97F4A7C15 >> 60 << 60 // 16 fingerprints, one slot
		}
		defer s.close()
		claimAll(t, s, strings.Split(string(in), "\xff"))
	})
}
