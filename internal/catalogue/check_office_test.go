package catalogue

import (
	"strings"
	"testing"
)

// TestLintInWorkspace: the checks that depend on the workspace — the QR box
// against its URL prefix, each sample's office against its seals — find
// what they should, and nothing without a workspace.
func TestLintInWorkspace(t *testing.T) {
	tpl, err := Load("../../templates/food-business/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tpl.Samples[0]["issuing_office"] = "武汉市硚口区市场监督管理局"
	sealed := func(office, templateOffice string) bool { return office == templateOffice }
	tests := []struct {
		name string
		ws   *LintWorkspace
		want []string // rule@path
	}{
		{"no workspace", nil, nil},
		{"short prefix, seals", &LintWorkspace{QRURLPrefix: "https://v.example/q/", HasSeal: func(string, string) bool { return true }}, nil},
		{"long prefix", &LintWorkspace{QRURLPrefix: "https://zwfw.hubei.gov.cn/dzzz/verify?t="}, []string{RuleQRModule}},
		{"office without seal", &LintWorkspace{HasSeal: sealed}, []string{RuleOfficeSeal}},
		{"prefix no version holds", &LintWorkspace{QRURLPrefix: "https://" + strings.Repeat("x", 300) + "/"}, []string{RuleQRModule}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLinter(nil)
			l.Workspace = tt.ws
			var got []string
			for _, f := range l.Template(tpl) {
				if f.Rule == RuleQRModule || f.Rule == RuleOfficeSeal {
					got = append(got, f.Rule)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if err := CheckQRBox(tpl, tt.ws.urlPrefix()); (err != nil) != (len(tt.want) > 0 && tt.want[0] == RuleQRModule) {
				t.Errorf("CheckQRBox: %v", err)
			}
		})
	}
}
