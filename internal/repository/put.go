package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"ezz/internal/push"
)

// stored is a checked item ready to be stored.
type stored struct {
	item      *push.Item
	digest    string
	issuerKey string
}

// putBatch stores the checked items of one manifest in one transaction and
// returns their results: accepted with a new receipt, duplicate with the
// original one, or a conflict when the key was stored with other content.
func (s *Store) putBatch(ctx context.Context, manifest []byte, sig, keyID string, items []stored, now time.Time) ([]push.Result, error) {
	out := make([]push.Result, len(items))
	err := s.tx(ctx, func(t *sql.Tx) error {
		msum := push.BodySM3(manifest)
		if _, err := t.ExecContext(ctx, `INSERT INTO manifests (sm3, key_id, manifest, signature, received_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, msum, keyID, manifest, sig, utc(now)); err != nil {
			return err
		}
		for i, it := range items {
			r, err := putItem(ctx, t, it, msum, now)
			if err != nil {
				return fmt.Errorf("store %s: %w", it.item.Key, err)
			}
			out[i] = r
		}
		return nil
	})
	return out, err
}

func putItem(ctx context.Context, t *sql.Tx, st stored, manifest string, now time.Time) (push.Result, error) {
	it := st.item
	res := push.Result{Key: it.Key}
	var digest, receipt, received string
	err := t.QueryRowContext(ctx, "SELECT digest, receipt, received_at FROM items WHERE key = ?", it.Key).Scan(&digest, &receipt, &received)
	switch {
	case err == nil && digest == st.digest:
		res.Result, res.Receipt, res.ReceivedAt = push.Duplicate, receipt, received
		return res, nil
	case err == nil:
		return rejected(it.Key, push.CodeConflict, "an item with this key was stored before with other content"), nil
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}
	if it.Kind != push.KindStatus {
		if r, clash, err := versionClash(ctx, t, it); err != nil || clash {
			return r, err
		}
	}
	receipt = "R" + push.BodySM3([]byte(it.Key + "\n" + st.digest + "\n" + utc(now)))[:24]
	var record, pdf any
	if it.Record != "" {
		record = []byte(it.Record)
	}
	if len(it.PDF) > 0 {
		pdf = it.PDF
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO items (key, digest, kind, identifier, stem, version, issuer_key, status, reason,
		event_at, received_at, receipt, manifest, record, pdf, pdf_sm3) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.Key, st.digest, it.Kind, it.Identifier, push.StemOf(it.Identifier), it.Version, st.issuerKey, it.Status, it.Reason,
		it.At, utc(now), receipt, manifest, record, pdf, it.PDFSM3); err != nil {
		return res, err
	}
	res.Result, res.Receipt, res.ReceivedAt = push.Accepted, receipt, utc(now)
	return res, nil
}

// versionClash refuses a second, different signed record for a version
// identifier already stored (under another event sequence).
func versionClash(ctx context.Context, t *sql.Tx, it *push.Item) (push.Result, bool, error) {
	var record []byte
	err := t.QueryRowContext(ctx, "SELECT record FROM items WHERE identifier = ? AND kind <> 'status' LIMIT 1", it.Identifier).Scan(&record)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return push.Result{}, false, nil
	case err != nil:
		return push.Result{}, false, err
	case string(record) != it.Record:
		return rejected(it.Key, push.CodeConflict, fmt.Sprintf("version %s was stored before with another signed record", it.Identifier)), true, nil
	}
	return push.Result{}, false, nil
}

func rejected(key, code, reason string) push.Result {
	return push.Result{Key: key, Result: push.Rejected, Code: code, Reason: reason}
}
