package audit

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
)

func TestHeadAndProofFile(t *testing.T) {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	entries := make([]Entry, 5)
	leaves := make([]Hash, 5)
	for i := range entries {
		entries[i] = Entry{Index: uint64(i), Source: SourceEvent, SourceSeq: int64(i + 1), At: "2026-03-02T01:30:00Z", Action: "issue"}
		leaves[i] = entries[i].Leaf()
	}
	tr := NewTree(leaves)
	root, _ := RootOf(5, tr)
	head, err := SignHead(5, root, time.Date(2026, 3, 2, 1, 30, 0, 500, time.UTC), key)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := InclusionProof(3, 5, tr)
	f := ProofFile{Format: ProofFormat, Head: head, Proofs: []Inclusion{{Label: "issue", Entry: entries[3], Leaf: leaves[3], Path: path}}}
	b, _ := json.Marshal(f)
	back, err := ParseProofFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := back.Check(key.Public()); err != nil {
		t.Fatalf("a good proof file: %v", err)
	}
	other, _ := sm2.GenerateKey(rand.Reader)
	tests := []struct {
		name string
		edit func(f *ProofFile)
		want error
	}{
		{"changed entry", func(f *ProofFile) { f.Proofs[0].Entry.Operator = "x" }, ErrProof},
		{"changed leaf and entry", func(f *ProofFile) { f.Proofs[0].Entry.Operator = "x"; f.Proofs[0].Leaf = f.Proofs[0].Entry.Leaf() }, ErrProof},
		{"moved entry", func(f *ProofFile) { f.Proofs[0].Entry.Index = 2 }, ErrProof},
		{"changed root", func(f *ProofFile) { f.Head.Root[0] ^= 1 }, ErrHeadSignature},
		{"changed size", func(f *ProofFile) { f.Head.Size = 6 }, ErrHeadSignature},
		{"other key", func(f *ProofFile) { h, _ := SignHead(5, root, head.Time, other); f.Head = h }, ErrHeadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := ParseProofFile(b)
			tt.edit(f)
			if err := f.Check(key.Public()); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzParseProofFile(f *testing.F) {
	f.Add([]byte(`{"format":"ezz-audit-proof-v1","head":{"size":1,"root":"` + EmptyRoot.String() + `"},"proofs":[{}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := ParseProofFile(b)
		if err != nil {
			return
		}
		for i := range pf.Proofs {
			_ = pf.Proofs[i].Check(pf.Head) // must not panic on any path or size
		}
	})
}
