package ledger

import (
	"context"
	"testing"
	"time"
)

// issueRun issues count certificates of a batch in groups of 256 from serial
// first on.
func issueRun(t *testing.T, l *Ledger, batch string, first uint64, count int) {
	t.Helper()
	for n := first; n < first+uint64(count); {
		var is []Issuance
		for ; len(is) < 256 && n < first+uint64(count); n++ {
			is = append(is, issuance("S01", n, batch))
		}
		if err := l.IssueBatch(context.Background(), is); err != nil {
			t.Fatal(err)
		}
	}
}

// storedLeaves is how many leaves the stored tree has.
func storedLeaves(t *testing.T, l *Ledger) uint64 {
	t.Helper()
	var n uint64
	if err := l.db.QueryRow(`SELECT ifnull(max(idx) + 1, 0) FROM audit_nodes WHERE level = 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGrowAhead: a tree grown ahead in rounds, with a head between them and
// a round whose tree moved meanwhile, gives the head a tree grown at once
// gives, and verifies.
func TestGrowAhead(t *testing.T) {
	ctx := context.Background()
	keys := newTestKeys(t)
	var roots [2][32]byte
	for i, ahead := range []bool{false, true} {
		l := openTest(t)
		l.SetHeadSigner(keys.key, func() time.Time { return t0 })
		b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
		if err != nil {
			t.Fatal(err)
		}
		issueRun(t, l, b.ID, 1, 3000)
		if ahead {
			if n, err := l.growAhead(ctx, 1); err != nil || n != 3000 {
				t.Fatalf("growAhead: got %d, %v; want the 3,000 issues (the open was sealed at once: no head yet)", n, err)
			}
			if n, err := l.growAhead(ctx, 1); err != nil || n != 0 {
				t.Fatalf("growAhead with nothing new: got %d, %v", n, err)
			}
			if err := l.LogAccess(ctx, Access{At: t0, Actor: "bank", Action: "verify", Subject: "a.pdf", Result: "valid"}); err != nil {
				t.Fatal(err)
			}
			issueRun(t, l, b.ID, 3001, 100)
			if n, err := l.growAhead(ctx, 200); err != nil || n != 0 {
				t.Fatalf("growAhead(200) with 101 new: got %d, %v; want 0", n, err)
			}
			start, _, nodes, err := l.hashAhead(ctx, 1)
			if err != nil || nodes == nil || start != 3001 {
				t.Fatalf("hashAhead: got %d, %v, %v", start, nodes, err)
			}
			if _, err := l.MakeHead(ctx, keys.key, t0); err != nil {
				t.Fatal(err)
			}
			if stored, err := l.storeAhead(ctx, start, nodes); err != nil || stored {
				t.Fatalf("storeAhead after the tree moved: got %v, %v; want false, nil", stored, err)
			}
			issueRun(t, l, b.ID, 3101, 1500)
			if n, err := l.growAhead(ctx, 1); err != nil || n != 1500 {
				t.Fatalf("growAhead: got %d, %v; want 1500", n, err)
			}
		} else {
			if err := l.LogAccess(ctx, Access{At: t0, Actor: "bank", Action: "verify", Subject: "a.pdf", Result: "valid"}); err != nil {
				t.Fatal(err)
			}
			issueRun(t, l, b.ID, 3001, 1600)
		}
		if err := l.CloseBatch(ctx, b.ID, 4600, 0, 0, "clerk", t0); err != nil {
			t.Fatal(err)
		}
		h, err := l.LatestHead(ctx)
		if err != nil || h.Size != 4603 {
			t.Fatalf("head: got size %d, %v; want 4603", h.Size, err)
		}
		roots[i] = h.Root
		r, err := l.VerifyAudit(ctx, keys)
		if err != nil || !r.OK() || r.Sealed != r.Entries {
			t.Fatalf("verify: got %+v, %v", r, err)
		}
	}
	if roots[0] != roots[1] {
		t.Errorf("roots differ: %x grown at once, %x grown ahead", roots[0], roots[1])
	}
}

// TestGrowAuditWhile: while a conversion writes, the background grower
// stores the tree of what was committed; stopped, it leaves nothing running.
func TestGrowAuditWhile(t *testing.T) {
	ctx := context.Background()
	l, keys := openTest(t), newTestKeys(t)
	if stop := l.GrowAuditWhile(ctx); stop != nil {
		stop() // no head signer: nothing to do
	}
	if n := storedLeaves(t, l); n != 0 {
		t.Fatalf("without a head signer: %d leaves stored", n)
	}
	l.SetHeadSigner(keys.key, func() time.Time { return t0 })
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	stop := l.GrowAuditWhile(ctx)
	issueRun(t, l, b.ID, 1, 3*growMin)
	for end := time.Now().Add(20 * time.Second); storedLeaves(t, l) < 2*growMin && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if n := storedLeaves(t, l); n < 2*growMin {
		t.Fatalf("got %d leaves stored in the background, want at least %d", n, 2*growMin)
	}
	if err := l.CloseBatch(ctx, b.ID, 3*growMin, 0, 0, "clerk", t0); err != nil {
		t.Fatal(err)
	}
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil || !r.OK() || r.Sealed != r.Entries || r.Entries != 3*growMin+2 {
		t.Fatalf("verify: got %+v, %v", r, err)
	}
}

// TestGrowAuditWhileAnotherProcess: the grower of one process races another
// process on the same file that writes the rows and makes heads between the
// grower's read and its write; whichever stores a stretch of the tree, the
// log verifies and the last head covers every entry. The heads come a little
// more than a grower's round (growMin) apart, so that the grower finds a
// round's entries between them: heads closer than growMin (every 3,072
// entries, once growMin became 4,096) store the whole tree themselves, and
// the grower never ran a round.
func TestGrowAuditWhileAnotherProcess(t *testing.T) {
	ctx := context.Background()
	keys := newTestKeys(t)
	ls, _ := twoLedgers(t)
	grower, writer := ls[0], ls[1]
	grower.SetHeadSigner(keys.key, func() time.Time { return t0 })
	b, _, err := grower.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	stop := grower.GrowAuditWhile(ctx)
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	const headEvery = growMin/256 + 4 // groups of 256 between the writer's heads
	const groups = 2*headEvery + 4
	for g := range groups {
		issueRun(t, writer, b.ID, uint64(g*256+1), 256)
		if g%headEvery == headEvery-1 {
			if _, err := writer.MakeHead(ctx, keys.key, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := writer.CloseBatchDue(ctx, b.ID, groups*256, 0, 0, t0.Add(120*time.Hour), "clerk", "S01", t0); err != nil {
		t.Fatal(err)
	}
	stop()
	stop = nil
	if _, err := grower.MakeHead(ctx, keys.key, t0); err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		r, err := l.VerifyAudit(ctx, keys)
		if err != nil || !r.OK() || r.Sealed != r.Entries || r.Entries != groups*256+3 {
			t.Fatalf("verify: got %+v, %v; want %d entries, all under the last head", r, err, groups*256+3)
		}
	}
}
