package ledger

import (
	"context"
	"crypto"
	"database/sql"
	"fmt"

	"ezz/internal/text"
)

// KeyLookup finds the public key a key id names (sign.Trust does).
type KeyLookup interface {
	Lookup(keyID string) (crypto.PublicKey, error)
}

// AuditProblem is one thing audit verification found wrong.
type AuditProblem struct {
	Code  string `json:"code"`           // stable: see docs/audit.md
	Entry int64  `json:"entry"`          // the leaf index concerned, or -1
	Head  int64  `json:"head,omitempty"` // the tree head's id concerned, or 0
	Msg   text.T `json:"message"`
}

// AuditReport is the result of VerifyAudit.
type AuditReport struct {
	Entries  uint64         `json:"entries"`
	Sealed   uint64         `json:"sealed"` // entries under the latest head
	Heads    int            `json:"heads"`
	Pruned   uint64         `json:"pruned"`
	FirstBad int64          `json:"first_bad_entry"` // -1 when none
	Problems []AuditProblem `json:"problems"`
}

// OK reports whether verification found nothing wrong.
func (r *AuditReport) OK() bool { return len(r.Problems) == 0 }

// maxAuditProblems bounds the report: the first ones say where to look.
const maxAuditProblems = 50

func (r *AuditReport) add(code string, entry int64, head int64, msg text.T) {
	if entry >= 0 && (r.FirstBad < 0 || entry < r.FirstBad) {
		r.FirstBad = entry
	}
	if len(r.Problems) < maxAuditProblems {
		r.Problems = append(r.Problems, AuditProblem{Code: code, Entry: entry, Head: head, Msg: msg})
	}
}

// VerifyAudit recomputes the audit tree from the entries and checks it
// against everything it must agree with: the triggers of the schema, the
// events and access-log rows each entry copies, the stored leaf hashes and
// nodes, and every signed tree head (signature by the key keys gives, root,
// order). It reads in one transaction, so a concurrent writer cannot make it
// see half a change.
func (l *Ledger) VerifyAudit(ctx context.Context, keys KeyLookup) (*AuditReport, error) {
	r := &AuditReport{FirstBad: -1}
	t, err := l.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	defer t.Rollback()
	if err := checkTriggers(ctx, t, r); err != nil {
		return nil, err
	}
	v, err := newVerifier(ctx, t, r, keys)
	if err != nil {
		return nil, err
	}
	if err := v.entries(ctx, t); err != nil {
		return nil, err
	}
	if err := v.finish(ctx, t); err != nil {
		return nil, err
	}
	return r, nil
}
