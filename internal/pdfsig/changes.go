package pdfsig

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// classifyAfter decides what follows the signed range of s: nothing, only
// updates that add later signatures, content changes, or unparsed bytes.
func (d *document) classifyAfter(s *Signature) {
	end := s.ByteRange[2] + s.ByteRange[3]
	tail := bytes.TrimSpace(d.buf[end:])
	if len(bytes.TrimSpace(bytes.ReplaceAll(tail, []byte("%%EOF"), nil))) == 0 {
		s.After = AfterNothing
		return
	}
	var later []*section
	for _, sec := range d.sections {
		if sec.pos >= end {
			later = append(later, sec)
		}
	}
	if len(later) == 0 || d.startx < end {
		s.After = AfterGarbage
		s.Err = firstErr(s.Err, fmt.Errorf("%w: %d bytes follow the signed range", ErrAppended, len(d.buf)-end))
		return
	}
	old := d.merged(end)
	changed := map[int]bool{}
	for _, sec := range later {
		for n := range sec.entries {
			changed[n] = true
		}
	}
	for _, n := range slices.Sorted(maps.Keys(changed)) {
		if why := d.objectChange(n, old); why != "" {
			s.After = AfterChanges
			s.Err = firstErr(s.Err, fmt.Errorf("%w: %s", ErrModified, why))
			return
		}
	}
	s.After = AfterSignatures
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// objectChange explains how object n changed between the revision old and
// the newest one, or returns "" when the change only adds a signature.
func (d *document) objectChange(n int, old map[int]xrefEntry) string {
	if n == 0 {
		return ""
	}
	nv, err := d.object(n)
	if err != nil {
		return fmt.Sprintf("object %d cannot be read: %v", n, err)
	}
	ov, _ := d.load(n, old)
	if reflect.DeepEqual(nv, ov) {
		return ""
	}
	nd, od := d.dict(nv), d.dict(ov)
	switch {
	case nv == nil:
		return fmt.Sprintf("object %d was deleted", n)
	case nd["Type"] == Name("XRef"), isSigDict(nd):
		return ""
	case nd["FT"] == Name("Sig") && (ov == nil || od["FT"] == Name("Sig")):
		return ""
	case ov == nil:
		return fmt.Sprintf("object %d was added", n)
	case nd["Type"] == Name("Catalog"):
		return d.sameExcept(n, "catalog", od, nd, "AcroForm", "Perms", "DSS")
	case nd["Type"] == Name("Page"):
		return d.sameExcept(n, "page", od, nd, "Annots")
	case nd["Fields"] != nil:
		return d.sameExcept(n, "form", od, nd, "Fields", "SigFlags")
	case d.isInfo(n):
		return d.sameExcept(n, "document information", od, nd, "ModDate", "Producer")
	}
	return fmt.Sprintf("object %d was changed", n)
}

func isSigDict(d Dict) bool {
	t := d["Type"]
	return (t == Name("Sig") || t == Name("DocTimeStamp")) && d["ByteRange"] != nil && d["Contents"] != nil
}

func (d *document) isInfo(n int) bool {
	r, ok := d.trailer()["Info"].(Ref)
	return ok && r.Num == n
}

// sameExcept allows od → nd to differ only in keys; the arrays among them
// (Annots, Fields) may only gain signature fields.
func (d *document) sameExcept(n int, what string, od, nd Dict, keys ...Name) string {
	a, b := maps.Clone(od), maps.Clone(nd)
	for _, k := range keys {
		if na, ok := d.resolveArray(nd[k]); ok {
			oa, _ := d.resolveArray(od[k])
			for _, x := range na {
				if !slices.ContainsFunc(oa, func(y any) bool { return reflect.DeepEqual(x, y) }) && d.dict(x)["FT"] != Name("Sig") {
					return fmt.Sprintf("%s (object %d) gained a /%s entry that is not a signature field", what, n, k)
				}
			}
		}
		delete(a, k)
		delete(b, k)
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s (object %d) was changed", what, n)
	}
	return ""
}
