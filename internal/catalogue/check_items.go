package catalogue

import (
	"slices"

	"ezz/internal/dataitem"

	"ezz/internal/text"
)

// checkStandard reports the defects of the data-item standard (from package
// dataitem) at the item or rule they concern, and the metadata references.
func (d *doc) checkStandard(t *Template) {
	for _, pr := range dataitem.CheckStandard(t.Standard()) {
		d.atSev(d.value(problemPath(t, pr)...), pr.Code, Error, pr.Message)
	}
	d.checkMetadata(t)
}

// Standard returns the template's data-item standard.
func (t *Template) Standard() dataitem.Standard {
	return dataitem.Standard{Items: t.Items, Rules: t.Rules}
}

// Item returns the item with id, and whether there is one.
func (t *Template) Item(id string) (dataitem.Item, bool) {
	for _, it := range t.Items {
		if it.ID == id {
			return it, true
		}
	}
	return dataitem.Item{}, false
}

func problemPath(t *Template, pr dataitem.Problem) []any {
	if pr.Rule != "" {
		j := slices.IndexFunc(t.Rules, func(r dataitem.Rule) bool { return r.ID == pr.Rule })
		if j >= 0 {
			return p("rules", j, "check")
		}
		return p("rules")
	}
	i := itemIndex(t, pr)
	if i < 0 {
		return p("items")
	}
	switch pr.Code {
	case dataitem.CodeItemID:
		return p("items", i, "id")
	case dataitem.CodeItemType:
		return p("items", i, "type")
	case dataitem.CodePatternInvalid:
		return p("items", i, "pattern")
	case dataitem.CodeIDTypeItem:
		return p("items", i, "id_type_item")
	case dataitem.CodeQualifier:
		return p("items", i, "allow_qualifier")
	case dataitem.CodeEnumDuplicate:
		if k := duplicateCode(t.Items[i].Codes); k >= 0 {
			return p("items", i, "codes", k)
		}
		return p("items", i, "codes")
	case dataitem.CodeEnumEmpty:
		return p("items", i, "type")
	case dataitem.CodeLengthRange:
		return p("items", i, "max_length")
	case dataitem.CodeDefaultInvalid:
		return p("items", i, "default")
	}
	return p("items", i)
}

// itemIndex finds the item a problem concerns; for a duplicate id, the second one.
func itemIndex(t *Template, pr dataitem.Problem) int {
	idx := -1
	for i, it := range t.Items {
		if it.ID == pr.Item {
			idx = i
			if pr.Code != dataitem.CodeItemID {
				break
			}
		}
	}
	return idx
}

func duplicateCode(codes []dataitem.Code) int {
	seen := map[string]bool{}
	for k, c := range codes {
		if seen["c"+c.Code] || seen["l"+c.Label] {
			return k
		}
		seen["c"+c.Code], seen["l"+c.Label] = true, true
	}
	return -1
}

// checkMetadata checks that every metadata entry names an item of the right type.
func (d *doc) checkMetadata(t *Template) {
	m := t.Metadata
	refs := []struct {
		key, id string
		date    bool
	}{
		{"holder_name", m.HolderName, false}, {"holder_code", m.HolderCode, false},
		{"holder_code_type", m.HolderCodeType, false}, {"number", m.Number, false},
		{"issue_date", m.IssueDate, true}, {"valid_from", m.ValidFrom, true},
		{"valid_until", m.ValidUntil, true}, {"issuing_office", m.IssuingOffice, false},
	}
	for _, r := range refs {
		if r.id == "" {
			continue
		}
		it, ok := t.Item(r.id)
		at := p("metadata", r.key)
		switch {
		case !ok:
			d.atPath(at, RuleUndefinedRef, text.F("metadata.%[1]s 指向的数据项 %[2]q 未定义；请使用 items 中某个数据项的 id%[3]s",
				"metadata.%s names item %q, which is not defined%s; use the id of an item in items",
				r.key, r.id, didYouMean(r.id, itemIDs(t))))
		case r.date && it.Type != dataitem.Date:
			d.atPath(at, RuleMetadataType, text.F("metadata.%s 必须指向日期型数据项；%q 的类型是 %s",
				"metadata.%s must name a date item; %q is of type %s", r.key, r.id, it.Type))
		case it.AllowQualifier:
			d.atPath(at, RuleMetadataType, text.F("metadata.%s 指向的数据项 %q 允许括号注明（allow_qualifier），而元数据只接受代码本身",
				"metadata.%s names item %q, which allows a bracketed qualifier (allow_qualifier); a metadata element takes the plain code", r.key, r.id))
		}
	}
}

func itemIDs(t *Template) []string {
	ids := make([]string, len(t.Items))
	for i, it := range t.Items {
		ids[i] = it.ID
	}
	return ids
}
