package pdfsig

import (
	"fmt"
	"reflect"
	"slices"
)

// role is what an object added or changed after a signed revision is for.
// Roles are found by walking the structure from the catalog, never read from
// keys such as /Type /Sig or /FT /Sig that any object can carry.
type role string

const (
	roleCatalog    role = "catalog"
	roleForm       role = "interactive form"
	roleFields     role = "form field list"
	rolePage       role = "page"
	roleAnnots     role = "annotation list"
	roleField      role = "signature field"
	roleSig        role = "signature dictionary"
	roleAppearance role = "appearance of an invisible signature field"
	roleDSS        role = "validation data (DSS)"
	roleXRef       role = "cross-reference stream"
)

// changeRoles are the roles an object of the signed revision may keep while
// it changes; every other role is for new objects only.
var changeRoles = map[role]bool{roleCatalog: true, roleForm: true, roleFields: true, rolePage: true, roleAnnots: true, roleDSS: true}

// roles maps object numbers to their role in one revision.
type roles map[int]role

// set gives object r role k; an object with two roles is an error.
func (rs roles) set(r any, k role) error {
	ref, ok := r.(Ref)
	if !ok {
		return nil
	}
	if had, ok := rs[ref.Num]; ok && had != k {
		return fmt.Errorf("object %d is used both as %s and as %s", ref.Num, had, k)
	}
	rs[ref.Num] = k
	return nil
}

func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

// syntax writes a (direct) value as PDF syntax, for reasons.
func syntax(v any) string { return string((&writer{}).value(v).b) }

// kindOf describes an object for a reason: "stream /Type /XRef", "dictionary /Subtype /FreeText".
func kindOf(v any) string {
	names := func(d Dict) string {
		s := ""
		for _, k := range []Name{"Type", "Subtype", "FT"} {
			if n, ok := d[k].(Name); ok {
				s += " /" + string(k) + " /" + string(n)
			}
		}
		return s
	}
	switch t := v.(type) {
	case nil:
		return "null"
	case Dict:
		return "dictionary" + names(t)
	case *Stream:
		return "stream" + names(t.Dict)
	case Array:
		return "array"
	case String:
		return "string"
	case Name:
		return "name"
	case bool:
		return "boolean"
	}
	return "number"
}

// appended checks that the array na is the array oa with entries appended
// and returns those entries.
func appended(oa, na Array) (Array, bool) {
	if len(na) < len(oa) || !equal(oa, na[:len(oa)]) {
		return nil, false
	}
	return na[len(oa):], true
}

// sameExcept reports whether od and nd have the same entries except keys.
func sameExcept(od, nd Dict, keys ...Name) (Name, bool) {
	for k, v := range od {
		if !slices.Contains(keys, k) && !equal(v, nd[k]) {
			return k, false
		}
	}
	for k := range nd {
		if _, ok := od[k]; !ok && !slices.Contains(keys, k) {
			return k, false
		}
	}
	return "", true
}
