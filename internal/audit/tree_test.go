package audit

import (
	"errors"
	"fmt"
	"testing"
)

// naiveRoot is MTH(D[lo:hi]) written as RFC 9162 §2.1.1 defines it, straight from the leaves.
func naiveRoot(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return EmptyRoot
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return NodeHash(naiveRoot(leaves[:k]), naiveRoot(leaves[k:]))
}

// leafNodes answers every perfect subtree from the leaves, as a ledger's nodes would.
type leafNodes []Hash

func (l leafNodes) Node(level uint, index uint64) (Hash, error) {
	lo := index << level
	hi := lo + 1<<level
	if hi > uint64(len(l)) {
		return Hash{}, fmt.Errorf("node %d/%d is beyond %d leaves", level, index, len(l))
	}
	return naiveRoot(l[lo:hi]), nil
}

func testLeaves(n int) leafNodes {
	out := make(leafNodes, n)
	for i := range out {
		out[i] = LeafHash([]byte(fmt.Sprintf("entry %d", i)))
	}
	return out
}

func TestFrontierRoot(t *testing.T) {
	leaves := testLeaves(70)
	var f Frontier
	seen := map[[2]uint64]Hash{}
	f.OnNode = func(level uint, index uint64, h Hash) { seen[[2]uint64{uint64(level), index}] = h }
	for n := 0; n <= len(leaves); n++ {
		if got, want := f.Root(), naiveRoot(leaves[:n]); got != want {
			t.Fatalf("size %d: got root %s, want %s", n, got, want)
		}
		if n > 0 {
			g, err := FrontierAt(uint64(n), leaves)
			if err != nil || g.Root() != f.Root() {
				t.Fatalf("size %d: FrontierAt root %v (%v), want %v", n, g.Root(), err, f.Root())
			}
		}
		if n < len(leaves) {
			f.Append(leaves[n])
		}
	}
	for k, h := range seen {
		if want, _ := leaves.Node(uint(k[0]), k[1]); h != want {
			t.Errorf("node %v: got %s, want %s", k, h, want)
		}
	}
	if len(seen) != 70+35+17+8+4+2+1 {
		t.Errorf("got %d nodes, want 137", len(seen))
	}
}

func TestEmptyRoot(t *testing.T) {
	// SM3 of the empty string (GB/T 32905 test vectors do not include it; this
	// is the value every SM3 implementation gives).
	if got := EmptyRoot.String(); got != "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b" {
		t.Errorf("got %s", got)
	}
}

func TestSparse(t *testing.T) {
	leaves := testLeaves(600)
	stored := Sparse(func(level uint, index uint64) (Hash, error) {
		if !Stored(level) {
			return Hash{}, fmt.Errorf("level %d is not stored", level)
		}
		return leaves.Node(level, index)
	})
	for level := uint(0); level <= 8; level++ {
		got, err := stored.Node(level, 1)
		want, _ := leaves.Node(level, 1)
		if err != nil || got != want {
			t.Errorf("level %d: got %s (%v), want %s", level, got, err, want)
		}
	}
}

func TestInclusion(t *testing.T) {
	leaves := testLeaves(40)
	for n := uint64(1); n <= 40; n++ {
		root := naiveRoot(leaves[:n])
		for m := uint64(0); m < n; m++ {
			p, err := InclusionProof(m, n, leaves)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyInclusion(m, n, leaves[m], p, root); err != nil {
				t.Fatalf("leaf %d of %d: %v", m, n, err)
			}
			if err := VerifyInclusion(m, n, leaves[(m+1)%n], p, root); n > 1 && !errors.Is(err, ErrProof) {
				t.Fatalf("leaf %d of %d: another leaf verified (%v)", m, n, err)
			}
			if len(p) > 0 {
				if err := VerifyInclusion(m, n, leaves[m], p[:len(p)-1], root); !errors.Is(err, ErrProof) {
					t.Fatalf("leaf %d of %d: a shortened path verified", m, n)
				}
			}
		}
	}
}

func TestConsistency(t *testing.T) {
	leaves := testLeaves(40)
	other := testLeaves(41)[1:]
	for n := uint64(1); n <= 40; n++ {
		root2 := naiveRoot(leaves[:n])
		for m := uint64(0); m <= n; m++ {
			p, err := ConsistencyProof(m, n, leaves)
			if err != nil {
				t.Fatal(err)
			}
			root1 := naiveRoot(leaves[:m])
			if err := VerifyConsistencyPath(m, n, root1, root2, p); err != nil {
				t.Fatalf("%d → %d: %v", m, n, err)
			}
			if m == 0 {
				continue
			}
			// a rewritten history: the old tree's leaves differ
			if err := VerifyConsistencyPath(m, n, naiveRoot(other[:m]), root2, p); !errors.Is(err, ErrProof) {
				t.Fatalf("%d → %d: a rewritten old tree verified (%v)", m, n, err)
			}
			if m < n && len(p) > 0 {
				q := append([]Hash(nil), p...)
				q[len(q)-1][0] ^= 1
				if err := VerifyConsistencyPath(m, n, root1, root2, q); !errors.Is(err, ErrProof) {
					t.Fatalf("%d → %d: a changed proof verified", m, n)
				}
			}
		}
	}
}

func TestEncodeEntry(t *testing.T) {
	e := Entry{Index: 7, Source: SourceEvent, SourceSeq: 9, At: "2026-03-15T01:00:00Z", Retention: RetainLifecycle,
		Operator: "clerk", Station: "S01", Action: "issue", Subject: "1.2.156", Detail: `{"a":"\n"}`, Outcome: "ok"}
	want := `{"action":"issue","at":"2026-03-15T01:00:00Z","batch":"","detail":"{\"a\":\"\\n\"}","index":7,` +
		`"operator":"clerk","outcome":"ok","retention":"lifecycle","source":"event","source_seq":9,"station":"S01","subject":"1.2.156"}`
	b := e.Encode(nil)
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	back, err := DecodeEntry(b)
	if err != nil || back != e {
		t.Fatalf("decode: got %+v (%v), want %+v", back, err, e)
	}
	if _, err := DecodeEntry([]byte(`{"index":7, "action":"issue"}`)); err == nil {
		t.Error("a non-canonical entry decoded")
	}
}

func FuzzDecodeEntry(f *testing.F) {
	e := Entry{Index: 1, Source: SourceAccess, Operator: "x\x01y", Subject: "证照"}
	f.Add(e.Encode(nil))
	f.Add([]byte(`{"index":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntry(b)
		if err != nil {
			return
		}
		if string(e.Encode(nil)) != string(b) {
			t.Fatalf("decoded %q re-encodes differently", b)
		}
	})
}

func TestTreeNodes(t *testing.T) {
	leaves := testLeaves(37)
	tr := NewTree(leaves)
	for n := uint64(1); n <= 37; n++ {
		got, err := RootOf(n, tr)
		if want := naiveRoot(leaves[:n]); err != nil || got != want {
			t.Fatalf("size %d: got %s (%v), want %s", n, got, err, want)
		}
	}
}
