package conversion

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/ledger"
)

// TestEntryLog: the log gives the manifest's entries only when it holds the
// whole batch in identifier order with no file repaired since the run began;
// in every other case it gives nothing and the ledger is read instead.
func TestEntryLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	led, err := ledger.Open(filepath.Join(dir, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	c := &conv{outDir: filepath.Join(dir, "out")}
	iss := func(ids ...string) []ledger.Issuance {
		var out []ledger.Issuance
		for _, id := range ids {
			out = append(out, ledger.Issuance{Identifier: id, PDFPath: filepath.Join(c.outDir, id+".pdf"), PDFSM3: "f" + id})
		}
		return out
	}
	sums := []string{"r1", "r2", "r3"}
	want := `{"file":"A.1.pdf","identifier":"A.1","record_sm3":"r1","sm3":"fA.1"},` +
		`{"file":"A.2.pdf","identifier":"A.2","record_sm3":"r2","sm3":"fA.2"},` +
		`{"file":"A.3.pdf","identifier":"A.3","record_sm3":"r3","sm3":"fA.3"}`
	tests := []struct {
		name   string
		groups [][]string
		issued int
		repair bool
		want   string // "" when the log must give nothing
	}{
		{"in order, in two groups", [][]string{{"A.1", "A.2"}, {"A.3"}}, 3, false, want},
		{"nothing issued", nil, 0, false, ""},
		{"out of order", [][]string{{"A.2", "A.1"}}, 2, false, "-"},
		{"a repeated identifier", [][]string{{"A.1"}, {"A.1"}}, 2, false, "-"},
		{"fewer than the batch issued", [][]string{{"A.1", "A.2"}}, 3, false, "-"},
		{"a file repaired meanwhile", [][]string{{"A.1", "A.2", "A.3"}}, 3, true, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := newEntryLog(ctx, led, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer e.close()
			k := 0
			for _, g := range tt.groups {
				e.add(c, iss(g...), sums[k:k+len(g)])
				k += len(g)
			}
			if tt.repair {
				if err := led.RecordRepair(ctx, "A.2", "A.2.pdf", "ff", false, "clerk", "TA", time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			var got bytes.Buffer
			ok, err := e.copyTo(ctx, led, &got, tt.issued)
			switch {
			case err != nil:
				t.Fatal(err)
			case tt.want == "-" && (ok || got.Len() > 0):
				t.Errorf("the log gave %q, want nothing (read the ledger)", got.String())
			case tt.want != "-" && (!ok || got.String() != tt.want):
				t.Errorf("the log gave %v %q, want %q", ok, got.String(), tt.want)
			}
		})
	}
}

// TestEntryLogOffForEarlierRuns: a batch an earlier run issued from has no
// log; the ledger alone lists those certificates.
func TestEntryLogOffForEarlierRuns(t *testing.T) {
	ctx := context.Background()
	led, err := ledger.Open(filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	done := map[string]ledger.Row{"Sheet1!3": {Key: "Sheet1!3", RejectReason: "bad"}}
	if e, err := newEntryLog(ctx, led, done); err != nil || e == nil {
		t.Fatalf("only rejected rows before: got %v, %v; want a log", e, err)
	}
	done["Sheet1!4"] = ledger.Row{Key: "Sheet1!4", Identifier: "A.1"}
	if e, err := newEntryLog(ctx, led, done); err != nil || e != nil {
		t.Fatalf("a row issued before: got %v, %v; want no log", e, err)
	}
}
