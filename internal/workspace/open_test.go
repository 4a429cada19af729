package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestOpenBadConfig(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"not yaml", "agency: [", "read "},
		{"bad station", "agency: {name: 局, code: 91350100M000100Y43}\nstation: s\n", "station \"s\""},
		{"too large", "# " + strings.Repeat("x", maxConfig), "over the limit of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzConfig(f *testing.F) {
	good, _ := yaml.Marshal(realConfig())
	f.Add(string(good), "洪山区 市场监管局")
	f.Add("agency: {name: x, code: \"９１\"}\noffices: [{name: \"（）\", aliases: [\"\u3000\"]}]", "()")
	f.Fuzz(func(t *testing.T, text, office string) {
		var cfg Config
		if yaml.Unmarshal([]byte(text), &cfg) != nil {
			return
		}
		_ = cfg.Validate()
		w := &Workspace{Config: cfg}
		if code, ok := w.Office(office); ok && code == "" && len(cfg.Offices) == 0 {
			t.Errorf("Office(%q) matched with no offices", office)
		}
	})
}
