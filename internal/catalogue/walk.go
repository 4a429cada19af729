package catalogue

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"ezz/internal/text"
)

// maxNodes bounds the structural walk, so that aliases cannot make it explode.
const maxNodes = 200_000

// walker checks a YAML tree against a shape: unknown, missing, duplicate and
// mistyped keys, enumerations and patterns of plain strings.
type walker struct {
	d     *doc
	nodes int
}

func (w *walker) walk(n *yaml.Node, s *shape, where string) {
	if w.nodes++; w.nodes > maxNodes || n == nil {
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return
		}
		n = n.Alias
	}
	if !w.kindOK(n, s, where) {
		return
	}
	switch s.kind {
	case kObject:
		w.object(n, s, where)
	case kArray:
		for i, c := range n.Content {
			w.walk(c, s.elem, fmt.Sprintf("%s[%d]", where, i))
		}
	case kMap:
		w.mapping(n, s, where)
	case kString:
		w.stringValue(n, s, where)
	}
}

func (w *walker) kindOK(n *yaml.Node, s *shape, where string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return true // missing-key reports required ones
	}
	want, ok := text.T{}, true
	switch s.kind {
	case kObject, kMap:
		want, ok = text.F("映射（键: 值）", "a mapping"), n.Kind == yaml.MappingNode
	case kArray:
		want, ok = text.F("列表", "a list"), n.Kind == yaml.SequenceNode
	case kString, kScalar:
		want, ok = text.F("单个值", "a single value"), n.Kind == yaml.ScalarNode
	case kNumber:
		want, ok = text.F("数字", "a number"), n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float")
	case kInt:
		want, ok = text.F("整数", "a whole number"), n.Kind == yaml.ScalarNode && n.Tag == "!!int"
	case kBool:
		want, ok = text.F(" true 或 false", "true or false"), n.Kind == yaml.ScalarNode && n.Tag == "!!bool"
	}
	if !ok {
		w.d.at(n, RuleWrongType, text.F("%s 必须是%s，而不是%s", "%s must be %s, not %s", where, want, describe(n)))
	}
	return ok
}

func describe(n *yaml.Node) text.T {
	switch n.Kind {
	case yaml.MappingNode:
		return text.F("映射", "a mapping")
	case yaml.SequenceNode:
		return text.F("列表", "a list")
	}
	return text.F("值 %q", "%q", n.Value)
}

func (w *walker) object(n *yaml.Node, s *shape, where string) {
	seen := map[string]bool{}
	names := make([]string, len(s.fields))
	for i, f := range s.fields {
		names[i] = f.name
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			w.d.at(k, RuleDuplicateKey, text.F("%s：键 %q 出现了两次；请只保留一个", "%s: key %q appears twice; keep one", orTop(where), k.Value))
			continue
		}
		seen[k.Value] = true
		j := slices.Index(names, k.Value)
		if j < 0 {
			w.d.at(k, RuleUnknownKey, text.F("%s：未知键 %q%s", "%s: unknown key %q%s", orTop(where), k.Value, didYouMean(k.Value, names)))
			continue
		}
		w.walk(v, s.fields[j].s, join(where, k.Value))
	}
	for _, f := range s.fields {
		if f.required && (!seen[f.name] || isEmpty(child(n, f.name)) && f.name != "samples") {
			at := n
			if c := child(n, f.name); c != nil {
				at = c
			}
			w.d.at(at, RuleMissingKey, text.F("%s：缺少必需的键 %q 或其值为空；请添加（%s）",
				"%s: required key %q is missing or empty; add it (%s)", orTop(where), f.name, text.New(f.zh, f.s.doc)))
		}
	}
}

func (w *walker) mapping(n *yaml.Node, s *shape, where string) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			w.d.at(k, RuleDuplicateKey, text.F("%s：键 %q 出现了两次；请只保留一个", "%s: key %q appears twice; keep one", where, k.Value))
		}
		seen[k.Value] = true
		w.walk(n.Content[i+1], s.elem, join(where, k.Value))
	}
}

func (w *walker) stringValue(n *yaml.Node, s *shape, where string) {
	if n.Tag == "!!null" || n.Value == "" {
		return
	}
	rule := RuleWrongType
	switch where {
	case "catalogue.category":
		rule = RuleCategory
	case "catalogue.holder.category":
		rule = RuleHolderCategory
	case "format":
		rule = RuleFormat
	case "catalogue.type_code", "catalogue.validity", "catalogue.retention", "catalogue.qr_validity",
		"catalogue.defining_authority.level", "catalogue.issuing_authority.level",
		"face.page.size", "face.page.orientation":
		return // checked with better messages in checkCatalogue
	}
	if strings.HasPrefix(where, "face.elements[") {
		rule = RuleElement
	} else if strings.HasPrefix(where, "items[") && strings.HasSuffix(where, ".type") {
		return // dataitem reports unknown types
	}
	if len(s.enum) > 0 && !slices.Contains(s.enum, n.Value) {
		w.d.at(n, rule, text.F("%s：%q 不是可选值 %s 之一%s", "%s: %q is not one of %s%s",
			where, n.Value, text.New(strings.Join(s.enum, "、"), strings.Join(s.enum, ", ")), didYouMean(n.Value, s.enum)))
	}
	if s.pattern != "" && !compiled(s.pattern).MatchString(n.Value) {
		w.d.at(n, rule, text.F("%s：%q 不是%s", "%s: %q is not %s", where, n.Value, text.New(s.docZh, s.doc)))
	}
}

var patterns sync.Map // pattern → *regexp.Regexp

func compiled(pattern string) *regexp.Regexp {
	if re, ok := patterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(pattern)
	patterns.Store(pattern, re)
	return re
}

func isEmpty(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Tag == "!!null" || (n.Tag == "!!str" && strings.TrimSpace(n.Value) == "")
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

func orTop(where string) text.T {
	if where == "" {
		return text.F("顶层", "top level")
	}
	return text.New(where, where)
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}
