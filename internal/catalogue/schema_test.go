package catalogue

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// yamlAsJSON converts YAML to the JSON value an editor's YAML language server validates.
func yamlAsJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBundledTemplatesValidateAgainstSchema(t *testing.T) {
	s := compileSchema(t)
	for _, name := range bundled {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(bundledPath(name))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(yamlAsJSON(t, data)); err != nil {
				t.Errorf("got %v, want valid", err)
			}
		})
	}
}

func TestSchemaRejectsBadTemplates(t *testing.T) {
	data, err := os.ReadFile(bundledPath("food-business"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, from, to string }{
		{"unknown key", "  qr_validity: 90d", "  qr_validty: 90d"},
		{"bad category", "category: 证照", "category: 许可"},
		{"bad duration", "validity: 5y", "validity: 5 years"},
		{"bad type code", "type_code: 11100000MB0143028R012", "type_code: 11100000MB0143028R01"},
		{"wrong type", "x: 160, y: 146, w: 40", "x: left, y: 146, w: 40"},
		{"bad element kind", "{kind: qr,", "{kind: qrcode,"},
		{"missing key", "  holder_name: operator_name\n", ""},
	}
	s := compileSchema(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(string(data), tt.from, tt.to, 1)
			if bad == string(data) {
				t.Fatalf("template has no %q", tt.from)
			}
			if err := s.Validate(yamlAsJSON(t, []byte(bad))); err == nil {
				t.Errorf("got valid, want a schema error")
			}
		})
	}
}
