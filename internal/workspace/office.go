package workspace

import (
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/dataitem"
)

// Office returns the credit code of the registered issuing office called name.
// Names match ignoring spaces (also U+3000 and line breaks) and full-width
// forms, and registered aliases match too.
func (w *Workspace) Office(name string) (code string, ok bool) {
	if o := w.office(name); o != nil {
		return o.Code, true
	}
	return "", false
}

// OfficeSeal returns the path of the seal image of the registered issuing
// office called name (matched as Office matches), or "" if it has none:
// absolute, as sealPath makes it.
func (w *Workspace) OfficeSeal(name string) string {
	o := w.office(name)
	if o == nil || o.Seal == "" {
		return ""
	}
	if filepath.IsAbs(o.Seal) {
		return o.Seal
	}
	return w.sealPath(o.Seal)
}

// sealPath is the absolute path of rel inside the workspace: the renderer
// reads a relative seal path under the template's directory (its own seal's
// place), so that a workspace given as a relative --home would send it there.
func (w *Workspace) sealPath(rel string) string {
	p := filepath.Join(w.Dir, rel)
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func (w *Workspace) office(name string) *Office {
	k := normName(name)
	if k == "" {
		return nil
	}
	for i, o := range w.Config.Offices {
		if normName(o.Name) == k {
			return &w.Config.Offices[i]
		}
		for _, a := range o.Aliases {
			if normName(a) == k {
				return &w.Config.Offices[i]
			}
		}
	}
	return nil
}

// SameOffice reports whether two office names match as Office matches them.
func SameOffice(a, b string) bool { return normName(a) != "" && normName(a) == normName(b) }

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

// PilotSealDir is where a pilot workspace keeps the seals it draws.
const PilotSealDir = "seals/pilot"

// PilotSealPath is where a pilot workspace keeps the seal it draws for the
// office called name: named by the SM3 of the folded name, so that no
// register value can choose the path; absolute, as sealPath makes it.
func (w *Workspace) PilotSealPath(name string) string {
	sum := sm3.Sum([]byte(normName(name)))
	return w.sealPath(filepath.Join(PilotSealDir, hex.EncodeToString(sum[:10])+".png"))
}
