package ledger

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSetDeadlineReadsTheBatch: a batch's deadline reaches every waiting
// entry of the batch, whenever its rows were issued (before entries of
// another batch, or after them), and no entry of the backlog; the statement
// is a range scan of the waiting entries from the batch's first issuance,
// never a scan of every waiting entry.
func TestSetDeadlineReadsTheBatch(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	open := func(reg string) string {
		b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: reg, TemplateHash: "h"}, "clerk", t0)
		if err != nil {
			t.Fatal(err)
		}
		return b.ID
	}
	backlog, batch := open("backlog"), open("batch")
	n := uint64(0)
	deadline := time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC)
	issue := func(id string, count int, at time.Time, expected ...time.Time) {
		var is []Issuance
		for range count {
			n++
			i := issuance("S01", n, id)
			i.At = at
			if len(expected) > 0 {
				i.Deadline = expected[0]
			}
			is = append(is, i)
		}
		if err := l.IssueBatch(ctx, is); err != nil {
			t.Fatal(err)
		}
	}
	issue(batch, 3, t0.Add(-time.Hour)) // the clock behind the backlog
	issue(backlog, 200, t0)
	issue(batch, 4, t0.Add(time.Hour))
	issue(backlog, 100, t0.Add(2*time.Hour))
	issue(batch, 2, t0.Add(-2*time.Hour))            // a resumed run with a clock further back
	issue(batch, 2, t0, deadline)                    // written with the deadline it gets
	issue(batch, 2, t0, deadline.Add(-24*time.Hour)) // expected a day too early
	issue(backlog, 3, t0, deadline.Add(24*time.Hour))
	if err := l.CloseBatchDue(ctx, batch, 13, 0, 0, deadline, "clerk", "S01", t0); err != nil {
		t.Fatal(err)
	}
	p, err := l.Pending(ctx, 1000)
	if err != nil || len(p) != 316 {
		t.Fatalf("Pending: got %d entries, %v; want 316", len(p), err)
	}
	got := 0
	for _, e := range p {
		switch {
		case e.Deadline.Equal(deadline):
			got++
		case !e.Deadline.IsZero() && !e.Deadline.Equal(deadline.Add(24*time.Hour)):
			t.Errorf("entry %d: deadline %v, want %v or none", e.ID, e.Deadline, deadline)
		}
	}
	if got != 13 {
		t.Errorf("got %d entries with the deadline, want the batch's 13", got)
	}
	if err := l.CloseBatchDue(ctx, open("empty"), 0, 0, 0, deadline, "clerk", "S01", t0); err != nil {
		t.Errorf("deadline of a batch that issued nothing: %v", err)
	}

	rs, err := l.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+deadlineQuery, "x", "y", "z", "")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var plan []string
	for rs.Next() {
		var id, parent, unused int
		var detail string
		if err := rs.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	text := strings.Join(plan, "; ")
	if !strings.Contains(text, "SEARCH outbox USING INDEX outbox_pending (enqueued_at>?)") || strings.Contains(text, "SCAN") {
		t.Errorf("plan: %s; want a range search of outbox_pending and no scan", text)
	}
}

// TestSetDeadlineKeepsChanges: a batch's deadline (five working days) is for
// its issuances. A change to one of its certificates made before the close (a
// revocation in a resumed batch) keeps its own, shorter, deadline.
func TestSetDeadlineKeepsChanges(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	first := issuance("S01", 1, b.ID)
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	due := t0.Add(24 * time.Hour)
	if _, err := l.ApplyChange(ctx, Change{Identifier: first.Identifier, Action: "revoke", Reason: "错发", Actor: "clerk",
		Station: "S01", At: t0.Add(time.Hour), Deadline: due, Decide: setStatus("03", false)}); err != nil {
		t.Fatal(err)
	}
	batchDue := t0.Add(5 * 24 * time.Hour)
	if err := l.CloseBatchDue(ctx, b.ID, 1, 0, 0, batchDue, "clerk", "S01", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	items, err := l.Outbox(ctx, 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("outbox: got %+v, %v", items, err)
	}
	for _, it := range items {
		want := batchDue
		if it.Kind == KindLifecycle {
			want = due
		}
		if !it.Deadline.Equal(want) {
			t.Errorf("%s entry: deadline %v, want %v", it.Kind, it.Deadline, want)
		}
	}
}

// TestCloseGivesDeadlineOnce: a close gives its deadline to the issuances the
// batch enqueued since its previous close, and never moves a deadline an
// earlier close gave. A run killed after the first close has only the
// deadline its rows were written with; its conclusion is the next close. An
// entry with no deadline at all (an older build's) gets one from any close.
func TestCloseGivesDeadlineOnce(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	first, second := t0.Add(5*day), t0.Add(6*day)
	var n uint64
	issue := func(at, deadline time.Time) string {
		n++
		is := issuance("S01", n, b.ID)
		is.At, is.Deadline = at, deadline
		if err := l.IssueBatch(ctx, []Issuance{is}); err != nil {
			t.Fatal(err)
		}
		return is.Identifier
	}
	older := issue(t0, time.Time{}) // an older build's run, killed
	if err := l.CloseBatch(ctx, b.ID, 1, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
		t.Fatal(err) // a resumed run that issued nothing closes without a deadline
	}
	run1 := issue(t0.Add(2*time.Minute), first)
	if err := l.CloseBatchDue(ctx, b.ID, 2, 0, 0, first, "clerk", "S01", t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	killed := issue(t0.Add(4*time.Minute), first) // written with the deadline of a close that day
	run3 := issue(t0.Add(day), second)
	if err := l.CloseBatchDue(ctx, b.ID, 4, 0, 0, second, "clerk", "S01", t0.Add(day+time.Minute)); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{older: first, run1: first, killed: second, run3: second}
	p, err := l.Pending(ctx, 10)
	if err != nil || len(p) != len(want) {
		t.Fatalf("pending: got %d, %v; want %d", len(p), err, len(want))
	}
	for _, e := range p {
		if !e.Deadline.Equal(want[e.Identifier]) {
			t.Errorf("entry %d: deadline %v, want %v", e.ID, e.Deadline, want[e.Identifier])
		}
	}
}
