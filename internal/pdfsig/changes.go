package pdfsig

import (
	"bytes"
	"fmt"
)

// classifyAfter decides what follows the signed range of s: nothing, only
// updates that add later signatures (or DSS data), content changes, or bytes
// that are not a valid incremental update. What a later update may hold is
// in docs/pdf-signature.md: its objects are recognised by where the
// structure puts them, never by the keys they carry.
func (d *document) classifyAfter(s *Signature) {
	end := s.ByteRange[2] + s.ByteRange[3]
	tail := bytes.TrimSpace(d.buf[end:])
	if len(bytes.TrimSpace(bytes.ReplaceAll(tail, []byte("%%EOF"), nil))) == 0 {
		s.After = AfterNothing
		return
	}
	revs, xrefNums, lerr := d.checkLater(end)
	if lerr == nil {
		if why := d.laterChanges(end, revs, xrefNums); why != "" {
			lerr = modifiedf("%s", why)
		}
	}
	switch {
	case lerr == nil:
		s.After = AfterSignatures
	case lerr.appended:
		s.After = AfterGarbage
		s.Err = firstErr(s.Err, fmt.Errorf("%w: %d bytes follow the signed range: %s", ErrAppended, len(d.buf)-end, lerr.why))
	default:
		s.After = AfterChanges
		s.Err = firstErr(s.Err, fmt.Errorf("%w: %s", ErrModified, lerr.why))
	}
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
