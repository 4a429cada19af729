package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// mixedGroup is a group of n issuances that exercises every column the fast
// path writes: two stations, rows with and without a batch, with and without
// a deadline.
func mixedGroup(batch string, n int) []Issuance {
	var is []Issuance
	next := map[string]uint64{"S01": 1, "S02": 1}
	for i := 0; i < n; i++ {
		st := "S01"
		if i%5 == 4 {
			st = "S02"
		}
		b := batch
		if i%7 == 3 {
			b = ""
		}
		r := issuance(st, next[st], b)
		next[st]++
		if b != "" {
			r.RowKey = fmt.Sprintf("R%d", i) // one register: row keys across stations
		}
		if i%3 == 0 {
			r.Deadline = t0.Add(72 * time.Hour)
		}
		if i%4 == 0 {
			r.PDFPath, r.PDFSM3 = "", ""
		}
		is = append(is, r)
	}
	return is
}

// dump returns every row of every table the issue path writes.
func dump(t *testing.T, l *Ledger) map[string][][]any {
	t.Helper()
	out := map[string][][]any{}
	for _, table := range []string{"events", "stations", "certificates", "versions", "batch_rows", "outbox", "sqlite_sequence"} {
		rs, err := l.db.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], vals)
		}
		rs.Close()
	}
	return out
}

// TestMultiRowSameAsRowByRow issues the same groups through the multi-row
// path and the row-by-row path into two ledgers and compares every row.
func TestMultiRowSameAsRowByRow(t *testing.T) {
	ctx := context.Background()
	var dumps [2]map[string][][]any
	for k, fast := range []bool{true, false} {
		l := openTest(t)
		b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
		if err != nil {
			t.Fatal(err)
		}
		all := mixedGroup(b.ID, 420)
		// A row rejected earlier is issued now: the upsert replaces its reason.
		if err := l.RejectRows(ctx, b.ID, []Row{{Key: all[11].RowKey, RejectReason: "日期无效"}}, t0); err != nil {
			t.Fatal(err)
		}
		for _, g := range [][]Issuance{all[:1], all[1:4], all[4:300], all[300:]} {
			if fast {
				err = l.tx(ctx, func(tx *sql.Tx) error { return l.issueChunks(ctx, tx, g) })
			} else {
				err = l.issueRowByRow(ctx, g)
			}
			if err != nil {
				t.Fatalf("fast=%v: %v", fast, err)
			}
		}
		dumps[k] = dump(t, l)
		if got := checkConsistent(t, l.Path()); got["S01"]+got["S02"] != 420 {
			t.Errorf("fast=%v: got %v certificates, want 420", fast, got)
		}
	}
	for table, rows := range dumps[1] {
		if !reflect.DeepEqual(dumps[0][table], rows) {
			t.Errorf("table %s differs between the multi-row and the row-by-row path (%d vs %d rows)", table, len(dumps[0][table]), len(rows))
		}
	}
}

// TestMultiRowErrors checks that a refusal deep in a large group is reported
// as precisely as the row-by-row path reports it, and commits nothing.
func TestMultiRowErrors(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	first := issuance("S01", 1, b.ID)
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	group := func(edit func([]Issuance)) []Issuance {
		is := make([]Issuance, 300)
		for i := range is {
			is[i] = issuance("S01", uint64(i+2), b.ID)
		}
		edit(is)
		return is
	}
	tests := []struct {
		name string
		in   []Issuance
		want error
		text string
	}{
		{"duplicate number at row 200", group(func(is []Issuance) { is[200].Number = first.Number }),
			ErrDuplicateNumber, "already issued as " + first.Identifier},
		{"done row at row 150", group(func(is []Issuance) { is[150].RowKey = first.RowKey }),
			ErrRowDone, fmt.Sprintf("issue %s: ", issuance("S01", 152, "").Identifier)},
		{"same row twice in the group", group(func(is []Issuance) { is[250].RowKey = is[20].RowKey }),
			ErrRowDone, "is " + issuance("S01", 22, "").Identifier},
		{"serial gap at row 299", group(func(is []Issuance) { is[299].SerialN = 999 }),
			ErrSerialConflict, "serial 999, counter is at 301"},
		{"duplicate number beats a later gap", group(func(is []Issuance) { is[10].Number = first.Number; is[20].SerialN = 5 }),
			ErrDuplicateNumber, first.Identifier},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.IssueBatch(ctx, tt.in)
			if !errors.Is(err, tt.want) || !contains(err, tt.text) {
				t.Fatalf("got %v, want %v containing %q", err, tt.want, tt.text)
			}
			if n, _ := l.NextSerial(ctx, "S01"); n != 2 {
				t.Errorf("counter after a refused group: got %d, want 2", n)
			}
		})
	}
	checkConsistent(t, l.Path())
}

func contains(err error, s string) bool { return err != nil && strings.Contains(err.Error(), s) }
