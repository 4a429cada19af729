package catalogue

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Output formats of a lint report.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
	FormatJUnit  = "junit"
)

// WriteReport writes findings in format: text ("file:line:col: error [rule]
// message", one a line), json (an object with the findings and counts),
// github (workflow annotations) or junit (one test case per file, one
// failure per error). files lists every file linted, so that junit can show
// the clean ones as passed. Text, github and junit are in lang; json carries
// each message in both languages ({"zh": …, "en": …}).
func WriteReport(w io.Writer, format, lang string, files []string, fs []Finding) error {
	switch format {
	case FormatText, "":
		for _, f := range fs {
			if _, err := fmt.Fprintln(w, f.In(lang)); err != nil {
				return err
			}
		}
		return nil
	case FormatJSON:
		return writeJSON(w, files, fs)
	case FormatGitHub:
		return writeGitHub(w, lang, fs)
	case FormatJUnit:
		return writeJUnit(w, lang, files, fs)
	}
	return fmt.Errorf("unknown report format %q: use text, json, github or junit", format)
}

// jsonReport is the stable JSON shape of a lint report.
type jsonReport struct {
	Files    []string  `json:"files"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
}

func writeJSON(w io.Writer, files []string, fs []Finding) error {
	r := jsonReport{Files: files, Findings: fs}
	if r.Files == nil {
		r.Files = []string{}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.Errors, r.Warnings = Count(fs)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// writeGitHub writes workflow commands; see "Workflow commands for GitHub Actions".
func writeGitHub(w io.Writer, lang string, fs []Finding) error {
	for _, f := range fs {
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", f.Severity,
			ghProperty(f.File), max(f.Line, 1), max(f.Column, 1), ghProperty("ezz "+f.Rule), ghData(f.Message.In(lang)))
		if err != nil {
			return err
		}
	}
	return nil
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	ClassName string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes one test case per template file; its errors are
// failures and its warnings go to system-out.
func writeJUnit(w io.Writer, lang string, files []string, fs []Finding) error {
	s := junitSuite{Name: "ezz catalogue lint"}
	for _, file := range files {
		c := junitCase{Name: file, ClassName: "ezz.catalogue.lint"}
		var warn []string
		for _, f := range fs {
			if f.File != file {
				continue
			}
			if f.Severity == Error {
				c.Failures = append(c.Failures, junitFailure{Message: f.Message.In(lang), Type: f.Rule, Text: f.In(lang)})
			} else {
				warn = append(warn, f.In(lang))
			}
		}
		c.SystemOut = strings.Join(warn, "\n")
		if len(c.Failures) > 0 {
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	all := junitSuites{Name: s.Name, Tests: s.Tests, Failures: s.Failures, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
