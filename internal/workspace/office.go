package workspace

import (
	"strings"
	"unicode"

	"ezz/internal/dataitem"
)

// Office returns the credit code of the registered issuing office called name.
// Names match ignoring spaces (also U+3000 and line breaks) and full-width
// forms, and registered aliases match too.
func (w *Workspace) Office(name string) (code string, ok bool) {
	k := normName(name)
	if k == "" {
		return "", false
	}
	for _, o := range w.Config.Offices {
		if normName(o.Name) == k {
			return o.Code, true
		}
		for _, a := range o.Aliases {
			if normName(a) == k {
				return o.Code, true
			}
		}
	}
	return "", false
}

// IssuerCode is the code to use for an office as registered: the office's own
// code when the name is listed, otherwise the agency's.
func (w *Workspace) IssuerCode(office string) string {
	if code, ok := w.Office(office); ok {
		return code
	}
	return w.Config.Agency.Code
}

// normName folds an office name for matching: half-width, no white space.
func normName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, dataitem.ToHalfWidth(s))
}
