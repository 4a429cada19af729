package issuance

import (
	"sync"
	"sync/atomic"

	"ezz/internal/workspace"
)

// maxOfficeCodes bounds the office names a Maker remembers the code of: a
// register names a few offices, a hostile one a new name a row.
const maxOfficeCodes = 256

// officeCodes remembers workspace.IssuerCode by office name for a Maker's
// life, during which the workspace's offices do not change: matching a name
// folds every registered name and alias, for every row.
type officeCodes struct {
	codes sync.Map // office name → code
	n     atomic.Int32
}

// of is w.IssuerCode(office).
func (c *officeCodes) of(w *workspace.Workspace, office string) string {
	if code, ok := c.codes.Load(office); ok {
		return code.(string)
	}
	code := w.IssuerCode(office)
	if c.n.Load() < maxOfficeCodes && c.n.Add(1) <= maxOfficeCodes {
		c.codes.Store(office, code)
	}
	return code
}
