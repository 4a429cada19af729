package push

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Transport sends items to a repository and returns one result per item, in
// order. The ezz protocol is one transport; each profile makes another.
type Transport interface {
	// Target names the repository, for receipts and reports.
	Target() string
	Send(ctx context.Context, items []Item) ([]Result, error)
}

// EzzTransport speaks the ezz protocol.
type EzzTransport struct {
	Client  *Client
	Station string
	// TreeHead, when set, returns the agency's latest signed audit tree head,
	// sent in every manifest (nil when the agency keeps none yet).
	TreeHead func(ctx context.Context) (json.RawMessage, error)
}

// Target is the repository's base URL.
func (t *EzzTransport) Target() string { return t.Client.BaseURL }

// Send pushes items as one signed batch.
func (t *EzzTransport) Send(ctx context.Context, items []Item) ([]Result, error) {
	var head json.RawMessage
	if t.TreeHead != nil {
		h, err := t.TreeHead(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the audit tree head: %w", err)
		}
		head = h
	}
	b, err := NewBatch(items, t.Client.Key, t.Station, head, t.Client.now())
	if err != nil {
		return nil, err
	}
	body, err := b.Encode()
	if err != nil {
		return nil, err
	}
	var a Answer
	if err := t.Client.Do(ctx, "POST", PathItems, body, &a); err != nil {
		return nil, err
	}
	if a.Format != AnswerV1 {
		return nil, fmt.Errorf("the answer's format is %q, want %q", a.Format, AnswerV1)
	}
	return a.Results, nil
}

// checkResults makes sure an answer names every item sent, in order, and says
// something meaningful about each: nothing is marked pushed on a garbled answer.
func checkResults(items []Item, rs []Result) error {
	if len(rs) != len(items) {
		return fmt.Errorf("the repository answered %d results for %d items", len(rs), len(items))
	}
	for i, r := range rs {
		if r.Key != items[i].Key {
			return fmt.Errorf("result %d is for %q, not %q", i+1, r.Key, items[i].Key)
		}
		switch r.Result {
		case Accepted, Duplicate:
			if r.Receipt == "" {
				return fmt.Errorf("result %d (%s) has no receipt", i+1, r.Key)
			}
			if _, err := time.Parse(time.RFC3339, r.ReceivedAt); err != nil {
				return fmt.Errorf("result %d (%s): received_at %q is not RFC 3339", i+1, r.Key, r.ReceivedAt)
			}
		case Rejected:
		default:
			return fmt.Errorf("result %d (%s) is %q", i+1, r.Key, r.Result)
		}
	}
	return nil
}
