package pdfsig

import "fmt"

// form checks the interactive form: unchanged but for signature fields
// appended to /Fields and /SigFlags.
func (c *laterDiff) form(oa, na any) error {
	if !equal(oa, na) {
		if _, isRef := na.(Ref); isRef || oa == nil {
			return fmt.Errorf("the catalog's /AcroForm was replaced after signing")
		}
	}
	_ = c.oldRoles.set(oa, roleForm)
	if err := c.newRoles.set(na, roleForm); err != nil {
		return err
	}
	of, nf := plainDict(c.old, oa), plainDict(c.cur, na)
	if nf == nil {
		return fmt.Errorf("the interactive form (/AcroForm) cannot be read")
	}
	if k, ok := sameExcept(of, nf, "Fields", "SigFlags"); !ok {
		return fmt.Errorf("the interactive form changed its /%s after signing", k)
	}
	if sf := nf["SigFlags"]; !equal(sf, of["SigFlags"]) && sf != int64(1) && sf != int64(3) {
		return fmt.Errorf("the interactive form's /SigFlags became %v", sf)
	}
	ofl, _ := c.old.resolveArray(of["Fields"])
	nfl, _ := c.cur.resolveArray(nf["Fields"])
	add, ok := appended(ofl, nfl)
	if !ok {
		return fmt.Errorf("the form's /Fields was changed after signing other than by appending fields")
	}
	_ = c.oldRoles.set(of["Fields"], roleFields)
	if err := c.newRoles.set(nf["Fields"], roleFields); err != nil {
		return err
	}
	for _, f := range add {
		if err := c.field(f); err != nil {
			return err
		}
	}
	return nil
}

// widgetKeys are the entries a new signature field (a merged field and
// widget annotation) may have.
var widgetKeys = map[Name]bool{"Type": true, "Subtype": true, "FT": true, "T": true, "TU": true, "TM": true,
	"V": true, "F": true, "Ff": true, "Rect": true, "P": true, "AP": true, "MK": true, "DA": true,
	"Lock": true, "SV": true, "Border": true, "M": true, "NM": true, "StructParent": true}

// field checks one field appended to the form: a new, invisible signature
// widget whose value is a new signature dictionary.
func (c *laterDiff) field(f any) error {
	r, ok := f.(Ref)
	if !ok || !c.added[r.Num] {
		return fmt.Errorf("the field %s appended to the form is not a new object", syntax(f))
	}
	v, _ := c.cur.object(r.Num)
	w, ok := v.(Dict)
	if !ok {
		return fmt.Errorf("the field appended to the form, object %d (%s), is not a dictionary", r.Num, kindOf(v))
	}
	if err := c.newRoles.set(r, roleField); err != nil {
		return err
	}
	c.widgets[r] = true
	for k := range w {
		if !widgetKeys[k] {
			return fmt.Errorf("the new signature field (object %d) has /%s", r.Num, k)
		}
	}
	switch {
	case w["FT"] != Name("Sig") || w["Subtype"] != Name("Widget"):
		return fmt.Errorf("the new field (object %d, %s) is not a signature widget", r.Num, kindOf(w))
	case !invisible(w):
		return fmt.Errorf("the new signature field (object %d) is visible: /Rect %s covers part of the page", r.Num, syntax(w["Rect"]))
	}
	if p, ok := w["P"]; ok {
		if pr, isRef := p.(Ref); !isRef || c.oldRoles[pr.Num] != rolePage {
			return fmt.Errorf("the new signature field (object %d) names /P %s, which is not a page", r.Num, syntax(p))
		}
	}
	if err := c.sigValue(r.Num, w["V"]); err != nil {
		return err
	}
	return c.appearance(r.Num, w["AP"])
}

// invisible reports whether a widget is hidden or has a zero-area /Rect.
func invisible(w Dict) bool {
	if f, ok := w["F"].(int64); ok && f&2 != 0 {
		return true
	}
	r, ok := w["Rect"].(Array)
	if !ok || len(r) != 4 {
		return false
	}
	n := make([]float64, 4)
	for i, x := range r {
		switch t := x.(type) {
		case int64:
			n[i] = float64(t)
		case float64:
			n[i] = t
		default:
			return false
		}
	}
	return n[0] == n[2] || n[1] == n[3]
}

// sigValue checks a new field's /V: a new signature dictionary.
func (c *laterDiff) sigValue(field int, v any) error {
	r, ok := v.(Ref)
	if !ok || !c.added[r.Num] {
		return fmt.Errorf("the value (/V) of the new signature field (object %d) is not a new object", field)
	}
	sv, _ := c.cur.object(r.Num)
	sd, ok := sv.(Dict)
	if _, isStr := sd["Contents"].(String); !ok || !isStr || sd["ByteRange"] == nil {
		return fmt.Errorf("the value of the new signature field (object %d), object %d (%s), is not a signature dictionary", field, r.Num, kindOf(sv))
	}
	return c.newRoles.set(r, roleSig)
}

// appearance checks the appearance dictionary of a new invisible field:
// only new streams.
func (c *laterDiff) appearance(field int, ap any) error {
	if ap == nil {
		return nil
	}
	apd, ok := ap.(Dict)
	if !ok {
		return fmt.Errorf("the appearance (/AP) of the new signature field (object %d) is not a direct dictionary", field)
	}
	for _, v := range apd {
		states, isDict := v.(Dict)
		if !isDict {
			states = Dict{"": v}
		}
		for _, s := range states {
			r, ok := s.(Ref)
			sv, _ := c.cur.object(r.Num)
			if _, isStream := sv.(*Stream); !ok || !isStream || !c.added[r.Num] {
				return fmt.Errorf("the appearance of the new signature field (object %d) is not a new stream", field)
			}
			if err := c.newRoles.set(r, roleAppearance); err != nil {
				return err
			}
		}
	}
	return nil
}

// page checks one of old's pages: unchanged but for new signature fields
// appended to its /Annots.
func (c *laterDiff) page(p Ref) error {
	op := plainDict(c.old, p)
	oaRef, _ := op["Annots"].(Ref)
	if !c.changed[p.Num] && !c.changed[oaRef.Num] {
		return nil
	}
	np := plainDict(c.cur, p)
	if np == nil {
		return fmt.Errorf("page (object %d) is no longer a dictionary", p.Num)
	}
	if k, ok := sameExcept(op, np, "Annots"); !ok {
		return fmt.Errorf("page (object %d) changed its /%s after signing", p.Num, k)
	}
	oa, _ := c.old.resolveArray(op["Annots"])
	na, ok := c.cur.resolveArray(np["Annots"])
	add, ok2 := appended(oa, na)
	if !ok && np["Annots"] != nil || !ok2 {
		return fmt.Errorf("the annotations (/Annots) of page (object %d) were changed other than by appending", p.Num)
	}
	_ = c.newRoles.set(p, rolePage)
	if err := c.newRoles.set(np["Annots"], roleAnnots); err != nil {
		return err
	}
	for _, a := range add {
		r, ok := a.(Ref)
		if !ok || !c.widgets[r] {
			v, _ := c.cur.resolve(a)
			return fmt.Errorf("page (object %d) gained an annotation %s (%s) that is not a new signature field", p.Num, syntax(a), kindOf(v))
		}
		if pp, has := plainDict(c.cur, r)["P"]; has && !equal(pp, p) {
			return fmt.Errorf("the new signature field (object %d) is on page %d but names /P %s", r.Num, p.Num, syntax(pp))
		}
	}
	return nil
}
