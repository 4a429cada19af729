package agency

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"ezz/internal/audit"
	"ezz/internal/ledger"
	"ezz/internal/text"
)

// AuditExport writes the entries of [from, to) as jsonl (with their proofs
// in the latest head) or xlsx, to path (through a temporary file) or to w
// when path is "". The whole tree is rebuilt in memory from the stored
// leaves, ≈ 64 bytes an entry, so each path costs no look-ups.
func (a *Agency) AuditExport(ctx context.Context, w io.Writer, path, format string, from, to time.Time) (int, error) {
	if err := a.needLedger(); err != nil {
		return 0, err
	}
	led := a.Ledger
	head, err := led.LatestHead(ctx)
	if err != nil && !errors.Is(err, ledger.ErrNotFound) {
		return 0, err
	}
	leaves, err := led.AuditLeaves(ctx, head.Size)
	if err != nil {
		return 0, err
	}
	tree := audit.NewTree(leaves)
	var f *os.File
	if path != "" {
		if f, err = os.Create(path + ".tmp"); err != nil {
			return 0, text.Wrap(err, "无法写入 %s", "cannot write %s", path)
		}
		defer os.Remove(path + ".tmp")
		defer f.Close()
		w = f
	}
	ew, err := exportWriter(ctx, led, w, format, head)
	if err != nil {
		return 0, err
	}
	n := 0
	err = led.AuditEntries(ctx, from, to, func(e ledger.AuditEntry, leaf audit.Hash) error {
		x := audit.Exported{Entry: e.Entry, Pruned: e.Pruned, Leaf: leaf, Sealed: e.Index < head.Size}
		if x.Sealed {
			if x.Path, err = audit.InclusionProof(e.Index, head.Size, tree); err != nil {
				return err
			}
		} else {
			x.Leaf = e.Leaf()
		}
		n++
		return ew.Entry(&x)
	})
	if err == nil {
		err = ew.Close()
	}
	if err == nil && f != nil {
		if err = f.Close(); err == nil {
			err = os.Rename(path+".tmp", path)
		}
	}
	return n, err
}

func exportWriter(ctx context.Context, led *ledger.Ledger, w io.Writer, format string, head audit.Head) (audit.ExportWriter, error) {
	if format == "xlsx" {
		return audit.NewXLSX(w, Shanghai)
	}
	stored, err := led.Heads(ctx)
	if err != nil {
		return nil, err
	}
	heads := make([]audit.Head, len(stored))
	for i := range stored {
		heads[i] = stored[i].Head
	}
	return audit.NewJSONL(w, head, heads)
}
