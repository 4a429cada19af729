package ledger

import (
	"context"
	"crypto"
	"database/sql"
	"errors"
	"io"
	"testing"
	"time"
)

// failingSigner is an issuing key whose carrier can be pulled out: while
// fail is set, every signature fails.
type failingSigner struct {
	crypto.Signer
	fail bool
}

func (s *failingSigner) Sign(r io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	if s.fail {
		return nil, errors.New("the key is gone")
	}
	return s.Signer.Sign(r, msg, opts)
}

// sealLedger is a ledger whose head signer is key, with an open batch of 20
// issuances and no head since the batch opened (a head of 1 entry).
func sealLedger(t *testing.T, key crypto.Signer) (*Ledger, string) {
	t.Helper()
	ctx := context.Background()
	l := openTest(t)
	l.SetHeadSigner(key, func() time.Time { return t0.Add(time.Minute) })
	b := issuedBatch(t, l, 20)
	if h, err := l.LatestHead(ctx); err != nil || h.Size != 1 {
		t.Fatalf("got head %+v, %v; want the batch-open's head of 1", h, err)
	}
	return l, b.ID
}

// closeCovered fails unless the latest head covers every entry, the batch
// close among them.
func closeCovered(t *testing.T, l *Ledger) {
	t.Helper()
	ctx := context.Background()
	var entries uint64
	if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_entries`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	h, err := l.LatestHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if entries != 22 || h.Size != entries {
		t.Fatalf("got the latest head of %d entries, %d entries; want one head over all 22 (the batch close is the 22nd)", h.Size, entries)
	}
}

// A batch close whose head could not be signed rolls back; the close done
// again reuses its sequence numbers and must still make the head.
func TestSealAfterAFailedSignature(t *testing.T) {
	ctx := context.Background()
	key := &failingSigner{Signer: newTestKeys(t).key}
	l, batch := sealLedger(t, key)
	key.fail = true
	if err := l.CloseBatch(ctx, batch, 20, 0, 0, "clerk", t0.Add(time.Minute)); err == nil {
		t.Fatal("the close committed without its head")
	}
	key.fail = false
	if err := l.CloseBatch(ctx, batch, 20, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	closeCovered(t, l)
}

// A batch close whose commit failed after its head was made rolls back with
// the head; the close done again must make it again.
func TestSealAfterAFailedCommit(t *testing.T) {
	ctx := context.Background()
	l, batch := sealLedger(t, newTestKeys(t).key)
	err := l.tx(ctx, func(t *sql.Tx) error {
		if _, err := closeBatch(ctx, t, batch, 20, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
			return err
		}
		// a row whose parents are missing, checked only at the commit
		if _, err := t.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `INSERT INTO outbox (identifier, version, kind, enqueued_at, event)
			VALUES ('no such version', 1, 'issue', ?, 1000000)`, utc(t0))
		return err
	})
	if err == nil {
		t.Fatal("the commit did not fail")
	}
	if err := l.CloseBatch(ctx, batch, 20, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	closeCovered(t, l)
}
