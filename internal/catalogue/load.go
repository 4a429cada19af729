package catalogue

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"

	"ezz/internal/asset"

	"gopkg.in/yaml.v3"

	"ezz/internal/text"
)

// MaxTemplateSize is the largest template file Load and lint accept.
const MaxTemplateSize = 1 << 20

// Load reads and parses the template at path. It fails on unreadable files,
// YAML syntax errors and values of the wrong type; run Lint for everything else.
func Load(path string) (*Template, error) {
	data, err := readLimited(path, MaxTemplateSize)
	if err != nil {
		return nil, err
	}
	t, fs := parse(path, data)
	for _, f := range fs {
		if f.Rule == RuleYAMLSyntax || f.Rule == RuleWrongType {
			return nil, text.Badf("读取模板 %s:%d:%d：%s", "load template %s:%d:%d: %s",
				f.File, f.Line, f.Column, f.Message)
		}
	}
	return t, nil
}

// readLimited reads at most limit bytes of path; a longer file is an error.
// Only a regular file is read (asset.Read): never a device or a FIFO.
func readLimited(path string, limit int64) ([]byte, error) {
	data, err := asset.Read(path, limit)
	if errors.Is(err, asset.ErrTooLarge) {
		return nil, &tooLargeError{path: path, limit: limit}
	}
	return data, err
}

type tooLargeError struct {
	path  string
	limit int64
}

func (e *tooLargeError) Error() string { return e.text().En }

func (e *tooLargeError) text() text.T {
	return text.F("%s 超过了 %d 字节的上限；请确认选对了文件", "%s is larger than %d bytes", e.path, e.limit)
}

// parse turns YAML bytes into a Template and the structural findings
// (syntax, unknown/missing/mistyped keys). The template keeps its YAML tree
// so that later checks can point at lines and columns.
func parse(path string, data []byte) (*Template, []Finding) {
	d := &doc{file: path}
	t := &Template{Path: path, Dir: filepath.Dir(path), raw: data}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		d.at(&yaml.Node{Line: syntaxLine(err), Column: 1}, RuleYAMLSyntax, text.F(
			"YAML 语法错误：%s；请修正 YAML（缩进、引号或缺少的冒号）",
			"%s; fix the YAML (indentation, quoting, a missing colon)", trimYAML(err)))
		return t, d.out
	}
	if len(root.Content) == 0 || bytes.TrimSpace(data) == nil {
		d.at(&yaml.Node{Line: 1, Column: 1}, RuleYAMLSyntax, text.F(
			"文件是空的；请以自带模板为起点，如 templates/food-business/template.yaml",
			"the file is empty; start from a bundled template such as templates/food-business/template.yaml"))
		return t, d.out
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		d.at(top, RuleWrongType, text.F("模板必须是由键（format、catalogue、items 等）组成的映射，而不是%s",
			"a template must be a mapping of keys (format, catalogue, items, …), not %s", describe(top)))
		return t, d.out
	}
	d.root = top
	t.root = top
	w := &walker{d: d}
	w.walk(top, templateShape, "")
	dedupe(top, new(int))
	if err := top.Decode(t); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			d.at(top, RuleYAMLSyntax, text.F("YAML 无法解析：%s；请修正 YAML", "%s", trimYAML(err)))
		}
	}
	t.Path, t.Dir = path, filepath.Dir(path)
	t.parsed = d.out
	return t, d.out
}

// dedupe drops the second and later occurrences of a key in every mapping
// (the walker reported them), since yaml.v3 refuses to decode such a mapping.
func dedupe(n *yaml.Node, budget *int) {
	if *budget++; *budget > maxNodes {
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]bool{}
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !seen[k.Value] {
				seen[k.Value] = true
				kept = append(kept, k, n.Content[i+1])
			}
		}
		n.Content = kept
	}
	for _, c := range n.Content {
		dedupe(c, budget)
	}
}

var lineRE = regexp.MustCompile(`line (\d+)`)

func syntaxLine(err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil {
			return n
		}
	}
	return 1
}

func trimYAML(err error) string {
	s := err.Error()
	s = regexp.MustCompile(`^yaml: (line \d+: )?`).ReplaceAllString(s, "")
	return s
}
