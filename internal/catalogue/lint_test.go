package catalogue

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var bundled = []string{"food-business", "special-operation", "eia-approval"}

func bundledPath(name string) string {
	return filepath.Join("..", "..", "templates", name, "template.yaml")
}

func TestBundledTemplatesLintClean(t *testing.T) {
	l := NewLinter(nil)
	for _, name := range bundled {
		t.Run(name, func(t *testing.T) {
			if fs := l.File(bundledPath(name)); len(fs) > 0 {
				t.Errorf("got %d findings, want none; first: %s", len(fs), fs[0])
			}
		})
	}
}

// mutated writes the food-business template with from replaced by to into a
// temporary directory holding its assets, and returns the file's path.
func mutated(t *testing.T, from, to string) string {
	t.Helper()
	src := filepath.Join("..", "..", "templates", "food-business")
	data, err := os.ReadFile(filepath.Join(src, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if from != "" && !strings.Contains(string(data), from) {
		t.Fatalf("template has no %q", from)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "assets"), os.DirFS(filepath.Join(src, "assets"))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLintFindsEachProblem(t *testing.T) {
	tests := []struct {
		name, from, to string
		rule           string
		at             string // the finding is on the first line containing this (default: to)
		inMessage      string
	}{
		{"bad type code check char", "11100000MB0143028R012", "11100000MB0143028F012", RuleTypeCode, "", "GB 32100 gives R"},
		{"issuer code check char", "code: 11420103MB18456735", "code: 11420103MB18456736", RuleAuthorityCode, "", "check character 6"},
		{"unknown key", "  qr_validity: 90d", "  qr_validty: 90d", RuleUnknownKey, "", `did you mean "qr_validity"?`},
		{"bad duration", "validity: 5y", "validity: 5 years", RuleDuration, "", "like 5y"},
		{"retention shorter than validity", "retention: permanent", "retention: 3y", RuleDuration, "", "retention 3y is shorter than the validity 5y"},
		{"bad retention", "retention: permanent", "retention: forever", RuleDuration, "", "like 5y"},
		{"permanent QR", "qr_validity: 90d", "qr_validity: permanent", RuleDuration, "", "explicit validity limit"},
		{"holder id type", `id_types: ["001", "099", "111"]`, `id_types: ["001", "098"]`, RuleHolderIDType, "", `"098"`},
		{"category", "category: 证照", "category: 许可", RuleCategory, "", "证照, 批文, 证明, 证件"},
		{"duplicate enum code", `{code: "02", label: 餐饮服务经营者}`, `{code: "01", label: 餐饮服务经营者}`, "enum-duplicate", "", ""},
		{"regex", `pattern: '^JY[1-3][0-9]{13}$'`, `pattern: '^JY[1-3'`, "pattern-invalid", "", ""},
		{"face field ref", "field: operator_name, x: 86", "field: operater_name, x: 86", RuleUndefinedRef, "", `did you mean "operator_name"?`},
		{"metadata ref", "  number: license_no", "  number: licence_no", RuleUndefinedRef, "", `did you mean "license_no"?`},
		{"outside page", "{kind: qr, x: 235, y: 128, w: 46}", "{kind: qr, x: 276, y: 128, w: 46}", RuleOutsidePage, "", "297×210 mm page"},
		{"qr over text", "{kind: qr, x: 235, y: 128, w: 46}", "{kind: qr, x: 220, y: 110, w: 46}", RuleOverlap, "", "QR code"},
		{"qr modules too small", "{kind: qr, x: 235, y: 128, w: 46}", "{kind: qr, x: 235, y: 128, w: 32}", RuleQRModule, "", "a module is only 0.52 mm"},
		{"seal without overlap", "w: 40, h: 40, overlap: true}", "w: 40, h: 40}", RuleOverlap, "kind: seal", "overlap: true"},
		{"missing seal file", "image: assets/seal.png", "image: assets/stamp.png", RuleMissingFile, "", "does not exist"},
		{"missing font", "fonts: [wqy-microhei.ttc, DejaVuSans.ttf, HanaMinA.ttf, HanaMinB.ttf]", "fonts: [wqy-microhei.ttc, NoSuch.ttf]", RuleMissingFont, "", `"NoSuch.ttf"`},
		{"glyph", "fonts: [wqy-microhei.ttc, DejaVuSans.ttf, HanaMinA.ttf, HanaMinB.ttf]", "fonts: [wqy-microhei.ttc, DejaVuSans.ttf]", RuleMissingGlyph, "legal_rep: 刘䶮", "character 䶮 (U+4DAE) in sample 1 field legal_rep"},
		{"overflow", "field: signer, x: 86, y: 160, w: 50", "field: signer, x: 86, y: 160, w: 5", RuleTextOverflow, "signer: 陈建国", "does not fit the 5.0×8.0 mm box"},
		{"sample breaks rule", `valid_until: "2031-03-14"`, `valid_until: "2025-03-14"`, RuleSampleInvalid, "", "[rule]"},
		{"sample bad code", "holder_code: 91420103MA4K7R2Q5J", "holder_code: 91420103MA4K7R2Q5K", RuleSampleInvalid, "", "[uscc-check]"},
		{"wrong type", "x: 160, y: 146, w: 40", "x: left, y: 146, w: 40", RuleWrongType, "", "must be a number"},
		{"label baseline", "text: 住所, x: 22, y: 81.3, w: 60, size: 11, align: right, valign: top}", "text: 住所, x: 22, y: 81, w: 60, h: 8, size: 11, align: right}", RuleBaseline, "", "baselines are 3.8 pt apart"},
		{"label baseline size", "field: premises, x: 86, y: 93, w: 124, h: 10, size: 12", "field: premises, x: 86, y: 93, w: 124, h: 10, size: 14", RuleBaseline, "text: 经营场所", "2.0 pt apart"},
		{"syntax", "format: ezz/template/v1", "format: [ezz", RuleYAMLSyntax, "\x00", ""}, // any line: yaml.v3 may name the line before
	}
	l := NewLinter(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mutated(t, tt.from, tt.to)
			line := lineOf(t, path, cmp.Or(tt.at, tt.to))
			fs := l.File(path)
			assertTranslated(t, fs)
			for _, f := range fs {
				if f.Rule == tt.rule && (line == 0 || f.Line == line) && strings.Contains(f.Message.En, tt.inMessage) {
					return
				}
			}
			t.Errorf("got %v, want a %s finding at line %d containing %q", fs, tt.rule, line, tt.inMessage)
		})
	}
}

// lineOf returns the first line of the file at path containing s, or 0.
func lineOf(t *testing.T, path, s string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, s) {
			return i + 1
		}
	}
	return 0
}

func TestLintFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, make([]byte, MaxTemplateSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := NewLinter(nil).File(path)
	if len(fs) != 1 || fs[0].Rule != RuleFileTooLarge {
		t.Errorf("got %v, want one %s finding", fs, RuleFileTooLarge)
	}
}

func TestEveryRuleIsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules {
		if !strings.Contains(string(doc), "`"+r.Code+"`") {
			t.Errorf("rule %s is not in docs/ci.md", r.Code)
		}
	}
}
