package catalogue

import (
	"bytes"
	"encoding/json"
)

// SchemaID is the $id of the template JSON Schema.
const SchemaID = "https://ezz.invalid/schema/template-v1.json"

// Schema returns the JSON Schema (draft 2020-12) of the template format,
// generated from the same description lint walks. Editors with a YAML
// language server validate templates with it while typing.
func Schema() []byte {
	s := schemaOf(templateShape)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "ezz face template (照面模板) " + FormatV1
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // maps of strings, slices and bools always encode
	}
	return buf.Bytes()
}

func schemaOf(s *shape) map[string]any {
	m := map[string]any{}
	if s.doc != "" {
		m["description"] = s.doc
	}
	switch s.kind {
	case kString:
		m["type"] = "string"
		if len(s.enum) > 0 {
			m["enum"] = s.enum
		}
		if s.pattern != "" {
			m["pattern"] = s.pattern
		}
	case kNumber:
		m["type"] = "number"
	case kInt:
		m["type"] = "integer"
	case kBool:
		m["type"] = "boolean"
	case kScalar:
		m["type"] = []string{"string", "number", "boolean"}
	case kArray:
		m["type"] = "array"
		m["items"] = schemaOf(s.elem)
	case kMap:
		m["type"] = "object"
		m["additionalProperties"] = schemaOf(s.elem)
	case kObject:
		m["type"] = "object"
		m["additionalProperties"] = false
		props := map[string]any{}
		var req []string
		for _, f := range s.fields {
			props[f.name] = schemaOf(f.s)
			if f.required {
				req = append(req, f.name)
			}
		}
		m["properties"] = props
		if len(req) > 0 {
			m["required"] = req
		}
	}
	return m
}
