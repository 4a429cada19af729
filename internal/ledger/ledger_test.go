package ledger

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

const testType = "11100000000013338W032"

var t0 = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)

func openTest(t testing.TB) *Ledger {
	t.Helper()
	l, err := Open(filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// issuance makes the n-th issuance of a station; the ledger does not check
// identifier check characters, so X stands in for one.
func issuance(station string, n uint64, batch string) Issuance {
	serial := fmt.Sprintf("%s%08d", station, n)
	is := Issuance{
		Identifier: fmt.Sprintf("1.2.156.3005.2.%s.91350100M000100Y43.%s.001.X", testType, serial),
		Station:    station, Serial: serial, SerialN: n, TypeCode: testType,
		Number: "NO-" + serial, HolderCode: "110101199003071234",
		Record: []byte(`{"record":"` + serial + `"}`), PDFPath: "out/" + serial + ".pdf", PDFSM3: "ab",
		Actor: "clerk", At: t0.Add(time.Duration(n) * time.Second),
	}
	if batch != "" {
		is.BatchID, is.RowKey = batch, fmt.Sprintf("Sheet1!%d", n+1)
	}
	return is
}

func TestIssueAndLookUp(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	n, err := l.NextSerial(ctx, "S01")
	if err != nil || n != 1 {
		t.Fatalf("NextSerial on a new ledger: got %d, %v; want 1, nil", n, err)
	}
	var group []Issuance
	for i := uint64(1); i <= 3; i++ {
		group = append(group, issuance("S01", i, ""))
	}
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	if n, _ := l.NextSerial(ctx, "S01"); n != 4 {
		t.Errorf("NextSerial after 3: got %d, want 4", n)
	}
	c, err := l.ByIdentifier(ctx, group[1].Identifier)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != group[1].Number || c.Status != StatusValid || string(c.Asked.Record) != string(group[1].Record) || !c.Current() {
		t.Errorf("ByIdentifier: got %+v", c)
	}
	c2, err := l.ByNumber(ctx, testType, group[2].Number)
	if err != nil || c2.Identifier != group[2].Identifier {
		t.Errorf("ByNumber: got %v, %v; want %s", c2, err, group[2].Identifier)
	}
	if _, err := l.ByIdentifier(ctx, "1.2.156.3005.2.X.Y.Z.001.Q"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown identifier: got %v, want ErrNotFound", err)
	}
	evs, err := l.Events(ctx, group[0].Identifier)
	if err != nil || len(evs) != 1 || evs[0].Kind != KindIssue || evs[0].Identifier != group[0].Identifier {
		t.Errorf("Events: got %+v, %v; want one issue event", evs, err)
	}
	p, err := l.Pending(ctx, 10)
	if err != nil || len(p) != 3 {
		t.Errorf("Pending: got %d entries, %v; want 3", len(p), err)
	}
}

func TestIssueRefusals(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, "")}); err != nil {
		t.Fatal(err)
	}
	dup := issuance("S01", 2, "")
	dup.Number = "NO-S0100000001"
	gap := issuance("S01", 3, "")
	twice := issuance("S01", 1, "")
	bad := issuance("S01", 2, "")
	bad.Record = nil
	tests := []struct {
		name string
		in   []Issuance
		want error
	}{
		{"duplicate number", []Issuance{dup}, ErrDuplicateNumber},
		{"gap in serials", []Issuance{gap}, ErrSerialConflict},
		{"serial reused", []Issuance{twice}, ErrSerialConflict},
		{"good then duplicate in one group", []Issuance{issuance("S01", 2, ""), func() Issuance {
			i := issuance("S01", 3, "")
			i.Number = "NO-S0100000002"
			return i
		}()}, ErrDuplicateNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.IssueBatch(ctx, tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if n, _ := l.NextSerial(ctx, "S01"); n != 2 {
				t.Errorf("counter after a refused group: got %d, want 2", n)
			}
		})
	}
	if err := l.IssueBatch(ctx, []Issuance{bad}); err == nil {
		t.Error("empty record: got nil error")
	}
	var de *DuplicateNumberError
	if err := l.IssueBatch(ctx, []Issuance{dup}); !errors.As(err, &de) || de.Existing != issuance("S01", 1, "").Identifier {
		t.Errorf("duplicate: got %v, want a DuplicateNumberError naming the first certificate", err)
	}
}

func TestAppendOnly(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	is := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{is}); err != nil {
		t.Fatal(err)
	}
	if err := l.LogAccess(ctx, Access{At: t0, Actor: "clerk", Action: "verify", Subject: is.Identifier, Result: "valid"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE events SET actor = 'mallory'",
		"DELETE FROM events",
		"UPDATE versions SET record = x'00'",
		"DELETE FROM certificates",
		"UPDATE certificates SET status = '07'",
		"DELETE FROM access_log",
	} {
		if _, err := l.db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: got nil error, want a refusal", q)
		}
	}
}

func TestPragmas(t *testing.T) {
	l := openTest(t)
	for _, p := range []struct{ name, want string }{
		{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"busy_timeout", "30000"},
	} {
		var got string
		if err := l.db.QueryRow("PRAGMA " + p.name).Scan(&got); err != nil || got != p.want {
			t.Errorf("PRAGMA %s: got %q, %v; want %q", p.name, got, err, p.want)
		}
	}
}
