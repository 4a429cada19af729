package pdfsig

import (
	"fmt"
	"slices"
)

// laterDiff compares the newest revision (cur) with a signed one (old) and
// gives each object added or changed after it a role, found by walking the
// structure from the catalog.
type laterDiff struct {
	old, cur *document
	oldRoles roles
	newRoles roles
	changed  map[int]bool // objects added or changed after old
	added    map[int]bool // those of them that old does not have
	widgets  map[Ref]bool // signature fields added
	pages    []Ref        // old's pages
}

// laterChanges explains the first object added or changed by the updates
// revs after the signed range ending at end that is not part of a later
// signature, or returns "". Each update is compared with the revision before
// it. xrefNums are the numbers of the updates' cross-reference streams.
func (d *document) laterChanges(end int, revs []*laterRev, xrefNums map[int]bool) string {
	old := d.at(end)
	for _, r := range revs {
		cur := d.at(r.end)
		if why := diffRevisions(old, cur, xrefNums); why != "" {
			return why
		}
		old = cur
	}
	return ""
}

// diffRevisions explains the first object added or changed from old to cur
// that is not part of a later signature, or returns "".
func diffRevisions(old, cur *document, xrefNums map[int]bool) string {
	c := &laterDiff{old: old, cur: cur, oldRoles: roles{}, newRoles: roles{},
		changed: map[int]bool{}, added: map[int]bool{}, widgets: map[Ref]bool{}}
	if why := c.findChanged(xrefNums); why != "" {
		return why
	}
	if len(c.changed) == 0 {
		return ""
	}
	if err := c.walk(); err != nil {
		return err.Error()
	}
	for _, n := range slices.Sorted(mapKeys(c.changed)) {
		if why := c.justify(n); why != "" {
			return why
		}
	}
	return ""
}

func mapKeys(m map[int]bool) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// findChanged collects the objects whose newest value differs from old's.
func (c *laterDiff) findChanged(xrefNums map[int]bool) string {
	for n, e := range c.cur.xref {
		if oe, ok := c.old.xref[n]; ok && oe == e || e.kind == 0 || n == 0 || xrefNums[n] && c.cur.sectionAt(e.off) != nil {
			continue
		}
		nv, err := c.cur.object(n)
		if err != nil {
			return fmt.Sprintf("object %d cannot be read: %v", n, err)
		}
		if inUse(c.old.xref, n) {
			if ov, err := c.old.object(n); err == nil && equal(ov, nv) {
				continue
			}
		} else {
			c.added[n] = true
		}
		c.changed[n] = true
	}
	return ""
}

// justify explains why changed object n has no role a later signature
// allows, or returns "".
func (c *laterDiff) justify(n int) string {
	v, _ := c.cur.object(n)
	k, ok := c.newRoles[n]
	switch {
	case !ok && c.added[n]:
		return fmt.Sprintf("object %d (%s) was added after signing and is not part of a later signature", n, kindOf(v))
	case !ok:
		return fmt.Sprintf("object %d (%s) was changed after signing", n, kindOf(v))
	case !c.added[n] && (!changeRoles[k] || c.oldRoles[n] != k):
		return fmt.Sprintf("object %d (%s) was changed after signing into a %s", n, kindOf(v), k)
	}
	return ""
}

// walk finds the roles: the catalog, the pages, the form and its new
// signature fields, and the DSS.
func (c *laterDiff) walk() error {
	root, _ := c.cur.trailer()["Root"].(Ref)
	oc, nc := plainDict(c.old, root), plainDict(c.cur, root)
	if oc == nil || nc == nil {
		return fmt.Errorf("the catalog (object %d) cannot be read", root.Num)
	}
	_ = c.oldRoles.set(root, roleCatalog)
	_ = c.newRoles.set(root, roleCatalog)
	if k, ok := sameExcept(oc, nc, "DSS", "AcroForm"); !ok {
		return fmt.Errorf("the catalog (object %d) changed its /%s after signing", root.Num, k)
	}
	c.walkPages(oc["Pages"])
	_ = dssWalk(c.old, oc["DSS"], c.oldRoles)
	if err := c.form(oc["AcroForm"], nc["AcroForm"]); err != nil {
		return err
	}
	for _, p := range c.pages {
		if err := c.page(p); err != nil {
			return err
		}
	}
	return dssWalk(c.cur, nc["DSS"], c.newRoles)
}

// walkPages lists old's pages (the leaves of its page tree).
func (c *laterDiff) walkPages(node any) {
	c.pages, _ = pageRefs(c.old, node)
	for _, r := range c.pages {
		_ = c.oldRoles.set(r, rolePage)
		_ = c.oldRoles.set(plainDict(c.old, r)["Annots"], roleAnnots)
	}
}

// plainDict resolves v to a dictionary that is not a stream's.
func plainDict(d *document, v any) Dict {
	v, err := d.resolve(v)
	if dict, ok := v.(Dict); ok && err == nil {
		return dict
	}
	return nil
}
