package catalogue

import (
	"gopkg.in/yaml.v3"

	"ezz/internal/text"
)

// doc locates the parts of one template's YAML so that every finding can say
// file:line:col. A doc without a root (a template built in code) gives 0:0.
type doc struct {
	file string
	root *yaml.Node // the top-level mapping, or nil
	out  []Finding
}

// value returns the node at path (map keys as strings, sequence indexes as
// ints), or the deepest node that exists on the way there.
func (d *doc) value(path ...any) *yaml.Node {
	n := d.root
	for _, p := range path {
		next := child(n, p)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// key returns the key node of the last path element when it is a map key,
// else what value returns. Unknown and duplicate keys point at their key.
func (d *doc) key(path ...any) *yaml.Node {
	if len(path) == 0 {
		return d.root
	}
	parent := d.value(path[:len(path)-1]...)
	if name, ok := path[len(path)-1].(string); ok && parent != nil && parent.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(parent.Content); i += 2 {
			if parent.Content[i].Value == name {
				return parent.Content[i]
			}
		}
	}
	return d.value(path...)
}

func child(n *yaml.Node, p any) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch p := p.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == p {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && p >= 0 && p < len(n.Content) {
			return n.Content[p]
		}
	}
	return nil
}

// at records a finding at node n with the rule's severity.
func (d *doc) at(n *yaml.Node, rule string, m text.T) {
	d.atSev(n, rule, ruleSeverity(rule), m)
}

// atSev records a finding with message m.
func (d *doc) atSev(n *yaml.Node, rule string, sev Severity, m text.T) {
	f := Finding{File: d.file, Rule: rule, Severity: sev, Message: m}
	if n != nil {
		f.Line, f.Column = n.Line, n.Column
	}
	d.out = append(d.out, f)
}

// atPath records a finding at the value at path.
func (d *doc) atPath(path []any, rule string, m text.T) {
	d.at(d.value(path...), rule, m)
}

// p builds a path.
func p(elems ...any) []any { return elems }
