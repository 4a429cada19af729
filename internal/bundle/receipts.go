package bundle

import (
	"context"
	"fmt"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/push"
)

// ApplyReceipts marks the outbox entries a receipts file answers: pushed with
// their receipts, or rejected with the reason. Entries already pushed and keys
// the outbox does not hold are left alone, so applying a file twice is harmless.
func ApplyReceipts(ctx context.Context, l *ledger.Ledger, rc *Receipts, target string, s ledger.Stamp) (marked, rejected int, err error) {
	waiting, err := l.Pushable(ctx, 1<<30)
	if err != nil {
		return 0, 0, err
	}
	byKey := map[string]int64{}
	for _, p := range waiting {
		byKey[push.ItemKey(p.Identifier, p.Version, p.Event)] = p.ID
	}
	var receipts []ledger.Receipt
	var rejections []ledger.Rejection
	for _, r := range rc.Results {
		id, ok := byKey[r.Key]
		if !ok {
			continue
		}
		switch r.Result {
		case push.Accepted, push.Duplicate:
			at, err := time.Parse(time.RFC3339, r.ReceivedAt)
			if err != nil || r.Receipt == "" {
				return 0, 0, fmt.Errorf("receipt of %s: no receipt id or time", r.Key)
			}
			receipts = append(receipts, ledger.Receipt{OutboxID: id, Receipt: r.Receipt, ReceivedAt: at, Result: r.Result, Target: target})
		case push.Rejected:
			rejections = append(rejections, ledger.Rejection{OutboxID: id, Code: r.Code, Reason: r.Reason, Target: target})
		}
	}
	if err := l.RecordReceipts(ctx, receipts, s); err != nil {
		return 0, 0, err
	}
	if err := l.RecordRejections(ctx, rejections, s); err != nil {
		return 0, 0, err
	}
	return len(receipts), len(rejections), nil
}
