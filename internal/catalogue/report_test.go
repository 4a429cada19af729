package catalogue

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"ezz/internal/text"
)

var sampleFindings = []Finding{
	{File: "a/t.yaml", Line: 3, Column: 5, Rule: RuleTypeCode, Severity: Error, Message: text.New("不好：100%\n第二行", "bad, really: 100%\nsecond line")},
	{File: "a/t.yaml", Line: 9, Column: 1, Rule: RuleNoSeal, Severity: Warning, Message: text.New("没有印章 <这里>", "no seal <here>")},
}

func TestReportFormats(t *testing.T) {
	files := []string{"a/t.yaml", "b/clean.yaml"}
	t.Run("text", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteReport(&b, FormatText, "en", files, sampleFindings[1:]); err != nil {
			t.Fatal(err)
		}
		if got, want := b.String(), "a/t.yaml:9:1: warning [no-seal] no seal <here>\n"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteReport(&b, FormatJSON, "en", files, sampleFindings); err != nil {
			t.Fatal(err)
		}
		var r jsonReport
		if err := json.Unmarshal(b.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Errors != 1 || r.Warnings != 1 || len(r.Findings) != 2 || r.Findings[0].Column != 5 {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("github", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteReport(&b, FormatGitHub, "en", files, sampleFindings); err != nil {
			t.Fatal(err)
		}
		want := "::error file=a/t.yaml,line=3,col=5,title=ezz type-code::bad, really: 100%25%0Asecond line\n"
		if got := strings.SplitAfter(b.String(), "\n")[0]; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("junit", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteReport(&b, FormatJUnit, "en", files, sampleFindings); err != nil {
			t.Fatal(err)
		}
		var r junitSuites
		if err := xml.Unmarshal(b.Bytes(), &r); err != nil {
			t.Fatalf("junit is not XML: %v", err)
		}
		cases := r.Suites[0].Cases
		if r.Tests != 2 || r.Failures != 1 || len(cases) != 2 || len(cases[0].Failures) != 1 || len(cases[1].Failures) != 0 {
			t.Errorf("got %+v", r)
		}
		if !strings.Contains(cases[0].SystemOut, "no seal <here>") {
			t.Errorf("got system-out %q, want the warning", cases[0].SystemOut)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		if err := WriteReport(&bytes.Buffer{}, "xml", "en", files, nil); err == nil {
			t.Error("got nil, want an error")
		}
	})
}
