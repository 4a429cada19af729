package conversion

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
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
	entry := func(id string) string {
		return `{"file":"` + id + `.pdf","identifier":"` + id + `","record_digest":"r` + id + `","sm3":"f` + id + `"}`
	}
	list := func(ids ...string) string {
		var parts []string
		for _, id := range ids {
			parts = append(parts, entry(id))
		}
		return strings.Join(parts, ",")
	}
	const a1, a2, a3 = "T.A.S01.001.X", "T.A.S02.001.X", "T.A.S03.001.X"
	const b4, b5, ab6 = "T.B.S04.001.X", "T.B.S05.001.X", "T.AB.S06.001.X"
	tests := []struct {
		name   string
		groups [][]string
		issued int
		repair bool
		want   string // "-" when the log must give nothing
	}{
		{"in order, in two groups", [][]string{{a1, a2}, {a3}}, 3, false, list(a1, a2, a3)},
		{"nothing issued", nil, 0, false, ""},
		{"two offices interleaved", [][]string{{b4, a1}, {ab6, a2, b5}}, 5, false, list(a1, a2, ab6, b4, b5)},
		{"an office's prefix begins another's", [][]string{{a1, "T.A-.S08.001.X"}}, 2, false, list("T.A-.S08.001.X", a1)},
		{"out of order", [][]string{{a2, a1}}, 2, false, "-"},
		{"a repeated identifier", [][]string{{a1}, {a1}}, 2, false, "-"},
		{"fewer than the batch issued", [][]string{{a1, a2}}, 3, false, "-"},
		{"a file repaired meanwhile", [][]string{{a1, a2, a3}}, 3, true, "-"},
		{"an identifier without a serial", [][]string{{"T.A"}}, 1, false, "-"},
		{"prefixes of other shapes", [][]string{{a1, "T.A.X.S07.001.X"}}, 2, false, list(a1, "T.A.X.S07.001.X")},
		{"serials widening past 99,999", [][]string{{"T.A.S99998.001.X", "T.A.S99999.001.X", "T.A.S100000.001.X"}, {"T.A.S100001.001.X", "T.A.S1000000.001.X"}}, 5, false,
			list("T.A.S100000.001.X", "T.A.S1000000.001.X", "T.A.S100001.001.X", "T.A.S99998.001.X", "T.A.S99999.001.X")},
		{"an identifier with a space", [][]string{{"T.A.S 1.001.X"}}, 1, false, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := newEntryLog(ctx, led, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer e.close()
			for _, g := range tt.groups {
				var sums []string
				for _, id := range g {
					sums = append(sums, "r"+id)
				}
				e.add(c, iss(g...), sums)
			}
			if tt.repair {
				if err := led.RecordRepair(ctx, a2, a2+".pdf", "ff", false, "clerk", "TA", time.Now()); err != nil {
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

// TestEntryOfOlderRelativePath: a PDF path an older ezz recorded relative to
// the folder it was started in names, in a resumed batch's manifest, the
// file by its name in the batch's folder like every other entry, not by
// that relative path.
func TestEntryOfOlderRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	out, err := filepath.Abs(filepath.Join("W", "out", "S01A-20261207-001"))
	if err != nil {
		t.Fatal(err)
	}
	c := &conv{outDir: out}
	for _, recorded := range []string{filepath.Join("W", "out", "S01A-20261207-001", "S01A00001.pdf"), filepath.Join(out, "S01A00001.pdf")} {
		if e := c.entryOf("id", recorded, "sm3", "digest"); e.File != "S01A00001.pdf" {
			t.Errorf("recorded %s: manifest file %q, want S01A00001.pdf", recorded, e.File)
		}
	}
}
