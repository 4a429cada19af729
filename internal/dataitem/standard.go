package dataitem

import (
	"fmt"
	"regexp"
	"strings"

	"ezz/internal/text"
)

// Standard is the data-item standard (数据项标准) of one licence type: its items and
// the cross-field rules between them.
type Standard struct {
	Items []Item `yaml:"items" json:"items"`
	Rules []Rule `yaml:"rules,omitempty" json:"rules,omitempty"`
}

// Compiled is a Standard prepared for validating many records: patterns compiled,
// enum tables indexed and rules parsed once. It is safe for concurrent use.
type Compiled struct {
	items []*compiledItem
	index map[string]int
	rules []compiledRule
}

// compiledItem is an Item with its pattern and enum lookup ready.
type compiledItem struct {
	Item
	re    *regexp.Regexp
	enum  map[string]string // code, upper-cased code and label → code
	label map[string]string // label (and its half-width form) → code, for qualified values
	idTyp int               // for HolderID: index of the IDTypeItem, or -1
}

// Compile checks the standard and prepares it for Validate. It fails on duplicate
// item ids, unknown types, patterns that do not compile, holder-id items without a
// valid id_type_item and malformed rules; CheckStandard lists every such problem.
func (s Standard) Compile() (*Compiled, error) {
	if problems := CheckStandard(s); len(problems) > 0 {
		return nil, text.Errorf("数据项标准有误：%s", "data-item standard: %s", problems[0].Message)
	}
	c := &Compiled{index: make(map[string]int, len(s.Items))}
	for i := range s.Items {
		c.index[s.Items[i].ID] = i
	}
	for i := range s.Items {
		ci, err := compileItem(s.Items[i])
		if err != nil {
			return nil, err
		}
		ci.idTyp = -1
		if ci.Type == HolderID {
			ci.idTyp = c.index[ci.IDTypeItem]
		}
		c.items = append(c.items, ci)
	}
	for _, r := range s.Rules {
		cr, _ := parseRule(r, c.lookup)
		c.rules = append(c.rules, cr)
	}
	return c, nil
}

func compileItem(it Item) (*compiledItem, error) {
	ci := &compiledItem{Item: it}
	if it.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + it.Pattern + `)$`)
		if err != nil {
			return nil, fmt.Errorf("item %q: pattern %q: %w", it.ID, it.Pattern, err)
		}
		ci.re = re
	}
	if it.Type == Enum {
		ci.enum = make(map[string]string, 3*len(it.Codes))
		ci.label = make(map[string]string, 2*len(it.Codes))
		for _, c := range it.Codes { // labels first, so a code always wins over a label
			ci.enum[CleanSpace(c.Label)] = c.Code
			ci.label[CleanSpace(c.Label)] = c.Code
			ci.label[ToHalfWidth(CleanSpace(c.Label))] = c.Code
		}
		for _, c := range it.Codes {
			ci.enum[normalizeCode(c.Code)] = c.Code
			ci.enum[c.Code] = c.Code
		}
	}
	return ci, nil
}

func (c *Compiled) lookup(id string) *Item {
	if i, ok := c.index[id]; ok {
		return &c.items[i].Item
	}
	return nil
}

// Validate normalises and checks one record's values, keyed by item id, and returns
// the normalised values of every item (defaults filled in; an item that failed keeps
// its trimmed input) and the problems found, in item order then rule order. Keys
// that are not items are ignored. If the standard does not compile, the single
// FieldError has code "standard".
func (s Standard) Validate(values map[string]string) (map[string]string, []FieldError) {
	c, err := s.Compile()
	if err != nil {
		return values, []FieldError{{Code: "standard", Message: text.Of(err)}}
	}
	return c.Validate(values)
}

// Validate is Standard.Validate with the standard compiled once.
func (c *Compiled) Validate(values map[string]string) (map[string]string, []FieldError) {
	out := make(map[string]string, len(c.items))
	var okBuf [32]bool
	var ok []bool
	if len(c.items) <= len(okBuf) {
		ok = okBuf[:len(c.items)]
	} else {
		ok = make([]bool, len(c.items))
	}
	var errs []FieldError
	for pass := range 2 { // holder IDs need their (normalised) type code first
		for i, it := range c.items {
			if (it.Type == HolderID) != (pass == 1) {
				continue
			}
			typeCode := ""
			if it.idTyp >= 0 {
				if !ok[it.idTyp] {
					out[it.ID] = strings.TrimSpace(values[it.ID])
					continue // the type code's own error is reported already
				}
				typeCode = out[c.items[it.idTyp].ID]
			}
			v, e := it.normalize(values[it.ID], typeCode)
			if e != nil {
				out[it.ID] = strings.TrimSpace(values[it.ID])
				errs = append(errs, fieldError(&it.Item, out[it.ID], e))
				continue
			}
			out[it.ID], ok[i] = v, true
		}
	}
	return out, append(errs, c.checkRules(out, ok)...)
}

// Normalize cleans and checks one raw value against the item alone and returns the
// normalised value; the error is an *Error with a stable code. A HolderID item
// needs its type code: use Compiled.Validate for those.
// Normalize compiles the item's pattern on every call; use Compile for bulk work.
func (it Item) Normalize(raw string) (string, error) {
	ci, err := compileItem(it)
	if err != nil {
		return "", err
	}
	ci.idTyp = -1
	v, e := ci.normalize(raw, "")
	if e != nil {
		return "", e
	}
	return v, nil
}
