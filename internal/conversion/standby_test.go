package conversion_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"ezz/internal/conversion"
	"ezz/internal/register/regtest"
)

// TestReaderFailsMidRunWithStandby: a conversion without PDFs on two Go
// processors — one maker working all the time and the standby one
// (makers.go), whatever the machine the test runs on — whose register breaks
// part-way (a cell that is not in the file's encoding). The run returns the
// read error instead of hanging; no goroutine of it (makers, standby,
// committer, finisher, audit grower) is left; every row before the break is
// issued exactly once in serial order and none after it; and the audit log,
// grown ahead in the grower's rounds while the rows ran and left open by the
// failed run, verifies once a head is made over it. The break comes in the
// first chunk the reader hands on (just past the rows the header detection
// scans at the start, register.scanRows), in groups of one too, and after
// more rows than a grower's round (ledger/audit_grow.go: 4,096 entries).
func TestReaderFailsMidRunWithStandby(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	tests := []struct {
		name   string
		before int // valid rows before the broken one
		group  int // Options.Group; 0 the default
		rerun  bool
	}{
		{"in the first chunk, past the header scan", 25, 0, false},
		{"in the first chunk, groups of 1", 25, 1, false},
		{"rerun: every row before it issued already", 25, 0, true},
		{"more than a grower's round before", 4500, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			reg := brokenCSV(t, tt.before, 200)
			e := newEnv(t, t.TempDir(), false)
			e.led.SetHeadSigner(e.key.Key, func() time.Time { return clock })
			o := e.options(reg)
			o.Group = tt.group
			s, err := runStuckFree(t, o)
			if err == nil || !strings.Contains(err.Error(), "encoding") {
				t.Fatalf("got error %v, want the broken row's (not in the file's encoding)", err)
			}
			if s == nil || s.Issued != tt.before {
				t.Fatalf("got summary %+v (%v), want %d issued", s, err, tt.before)
			}
			checkNoGoroutinesLeft(t)
			if tt.rerun {
				// No row is left to make: the standby is never poked and
				// ends only because the jobs are done (standby.done).
				first := s
				if s, err = runStuckFree(t, o); err == nil || s == nil || s.Issued != 0 || s.Already != first.Issued {
					t.Fatalf("rerun: got %+v, %v; want the read error, 0 issued, %d already", s, err, first.Issued)
				}
				checkNoGoroutinesLeft(t)
			}

			rows, err := e.led.BatchRows(ctx, s.Batch)
			if err != nil {
				t.Fatal(err)
			}
			for key, r := range rows {
				if r.Identifier == "" {
					continue
				}
				if n := rowNumberOf(t, key); n > tt.before+2 { // title and header first
					t.Errorf("row %d (%s) issued, want none after the break at row %d", n, r.Identifier, tt.before+3)
				}
			}
			if n := checkSerials(t, e, s.Batch, nil); n != tt.before { // a failed run writes no manifest
				t.Errorf("got %d rows issued in the ledger, want %d", n, tt.before)
			}

			if _, err := e.led.MakeHead(ctx, e.key.Key, clock); err != nil {
				t.Fatal(err)
			}
			r, err := e.led.VerifyAudit(ctx, anyKey{e.key.Key.Public()})
			if err != nil || !r.OK() || r.Sealed != r.Entries {
				t.Fatalf("audit verify: got %+v, %v; want OK, every entry sealed", r, err)
			}
		})
	}
}

// brokenCSV writes the synthetic register as CSV with before rows, then a
// row holding U+FFFD (valid UTF-8, but what a decoder leaves of bytes not in
// the file's encoding: the reader fails there), then after more rows.
func brokenCSV(t *testing.T, before, after int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "register.csv")
	if err := regtest.SyntheticCSV(path, before+after); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n") // the last is "" after the final newline
	first := len(lines) - 1 - (before + after)      // the first row's line
	if first != 3 {
		t.Fatalf("got the rows from line %d of the synthetic CSV, want 3 (a title, a header over two lines): a row spans lines", first)
	}
	at := first + before
	broken := strings.Replace(lines[at], ",", ",\uFFFD", 1)
	lines = append(lines[:at], append([]string{broken}, lines[at:]...)...)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runStuckFree runs the conversion and fails, with every goroutine's stack,
// when it has not returned after 3 minutes: stuck, not slow (seconds here,
// under -race too).
func runStuckFree(t *testing.T, o conversion.Options) (*conversion.Summary, error) {
	t.Helper()
	type ran struct {
		s   *conversion.Summary
		err error
	}
	done := make(chan ran, 1)
	go func() {
		s, err := conversion.Run(context.Background(), o)
		done <- ran{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(3 * time.Minute):
		buf := make([]byte, 1<<20)
		t.Fatalf("the conversion has not returned after 3 minutes:\n%s", buf[:runtime.Stack(buf, true)])
		return nil, nil
	}
}

// rowNumberOf is the register row number of a row key ("sheet!row#hash").
func rowNumberOf(t *testing.T, key string) int {
	t.Helper()
	origin, _, _ := strings.Cut(key, "#")
	_, num, _ := strings.Cut(origin, "!")
	n, err := strconv.Atoi(num)
	if err != nil {
		t.Fatalf("row key %q: %v", key, err)
	}
	return n
}

// checkNoGoroutinesLeft waits for the goroutines a finished run started to
// end (the last return from theirs a moment after Run does) and fails with
// their stacks when some of the conversion's or the audit grower's are still
// there after 10 s: stuck, not slow.
func checkNoGoroutinesLeft(t *testing.T) {
	t.Helper()
	var stacks string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		buf := make([]byte, 1<<20)
		stacks = string(buf[:runtime.Stack(buf, true)])
		if !strings.Contains(stacks, "ezz/internal/conversion.") && !strings.Contains(stacks, "GrowAuditWhile") {
			return
		}
	}
	t.Fatalf("goroutines of the run left after it returned:\n%s", stacks)
}
