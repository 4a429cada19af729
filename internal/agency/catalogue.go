package agency

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"ezz/internal/catalogue"
	"ezz/internal/qr"
	"ezz/internal/render"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

// Lint report formats and findings, for callers of Lint.
type Finding = catalogue.Finding

const (
	FormatText   = catalogue.FormatText
	FormatJSON   = catalogue.FormatJSON
	FormatGitHub = catalogue.FormatGitHub
	FormatJUnit  = catalogue.FormatJUnit
)

// LintOptions configure a lint run.
type LintOptions struct {
	FontDirs []string
	ws       *catalogue.LintWorkspace // LintInWorkspace
}

// LintInWorkspace returns o with the checks that depend on the workspace:
// the QR boxes against its qr_url_prefix, and each sample's issuing office
// against its office table (a warning when the office has no seal). Without
// a workspace, lint checks the templates alone: bare tokens, no office table.
func (a *Agency) LintInWorkspace(o LintOptions) LintOptions {
	ws := a.Workspace
	if ws == nil {
		return o
	}
	o.ws = &catalogue.LintWorkspace{QRURLPrefix: ws.Config.QRURLPrefix, Agency: ws.Config.Agency.Name,
		HasSeal: func(office, templateOffice string) bool {
			return ws.OfficeSeal(office) != "" || workspace.SameOffice(office, templateOffice) || ws.Config.Pilot
		}}
	return o
}

// Lint checks the templates named, and every template under the directories
// named. It returns the files linted and the findings; the error is for a
// path that cannot be linted.
func Lint(paths []string, o LintOptions) ([]string, []Finding, error) {
	l := catalogue.NewLinter(o.FontDirs)
	l.Workspace = o.ws
	files, found, err := l.Paths(paths)
	if err != nil {
		return nil, nil, err
	}
	return files, found, nil
}

// CountFindings returns the number of errors and warnings.
func CountFindings(fs []Finding) (errs, warns int) { return catalogue.Count(fs) }

// WriteLintReport writes findings in format: text, json, github or junit
// (text, github and junit in lang; json in both languages).
func WriteLintReport(w io.Writer, format, lang string, files []string, fs []Finding) error {
	return catalogue.WriteReport(w, format, lang, files, fs)
}

// Compiled is a written catalogue entry.
type Compiled struct {
	File        string `json:"file"`
	TypeCode    string `json:"type_code"`
	ContentHash string `json:"content_hash"`
	SamplePDF   string `json:"sample_pdf"`
}

// LintFailed is a template that lint refuses: nothing was compiled (exit 1).
type LintFailed struct{ Findings []Finding }

func (e *LintFailed) Error() string { return "template has lint errors" }

// Compile lints the template at path and, when it has no errors — those
// found while parsing it included — writes its catalogue entry and an
// unsigned sample PDF into dir.
func Compile(path, dir string, o LintOptions) (*Compiled, error) {
	t, err := catalogue.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, bad(asText(err).WithHint("请运行 ezz catalogue lint "+path, "run ezz catalogue lint "+path))
	}
	t.FontDirs = o.FontDirs
	c, err := catalogue.NewLinter(nil).Compile(t)
	var le *catalogue.LintError
	var te *text.Error
	if errors.As(err, &le) && errors.As(err, &te) {
		e := *te
		e.Err = &LintFailed{Findings: le.Findings}
		return nil, &e
	}
	if err != nil {
		return nil, err
	}
	if c.SamplePDF, err = writeSamplePDF(t, c, dir, o.FontDirs); err != nil {
		return nil, bad(err)
	}
	file, err := c.WriteFile(dir)
	if err != nil {
		return nil, err
	}
	return &Compiled{File: file, TypeCode: c.Catalogue.TypeCode, ContentHash: c.ContentHash,
		SamplePDF: filepath.Join(dir, c.SamplePDF)}, nil
}

// samplePayload is what the QR code of a sample certificate says: it is no token.
const samplePayload = "EZZ SAMPLE - NOT A CERTIFICATE"

// writeSamplePDF renders the first sample record (证照样例) watermarked 样例 and
// unsigned, so no one mistakes it for a certificate, as <type code>.sample.pdf.
func writeSamplePDF(t *catalogue.Template, c *catalogue.Compiled, dir string, fontDirs []string) (string, error) {
	if len(c.Samples) == 0 {
		return "", nil
	}
	r, err := render.NewRenderer(t, render.Options{FontDirs: fontDirs, Watermark: "样例"})
	if err != nil {
		return "", fmt.Errorf("render the sample of %s: %w", t.Path, err)
	}
	modules, err := qr.Modules(samplePayload)
	if err != nil {
		return "", err
	}
	pdf, err := r.Render(c.Samples[0], modules)
	if err != nil {
		return "", fmt.Errorf("render the sample of %s: %w", t.Path, err)
	}
	name := c.Catalogue.TypeCode + ".sample.pdf"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := WriteFileAtomic(filepath.Join(dir, name), pdf); err != nil {
		return "", fmt.Errorf("write sample PDF: %w", err)
	}
	return name, nil
}

// WriteFileAtomic writes data to path through a temporary file and a rename.
func WriteFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	err := os.WriteFile(tmp, data, 0o644)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return text.Wrap(err, "无法写入 %s", "write %s", path)
	}
	return nil
}

// TemplateSchema is the JSON Schema (draft 2020-12) of the template format.
func TemplateSchema() []byte { return catalogue.Schema() }

// Outline is what `ezz catalogue show` lists of a template.
type Outline = catalogue.Overview

// DescribeTemplate loads the template at path and lists its data items and face.
func DescribeTemplate(path string) (*Outline, error) {
	t, err := catalogue.Load(path)
	if err != nil {
		return nil, err
	}
	o := catalogue.Describe(path, t)
	return &o, nil
}
