package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"ezz/internal/catalogue"
	"ezz/internal/qr"
	"ezz/internal/render"
)

func newCatalogueCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalogue",
		Short: "Lint and compile face templates (照面模板) into catalogue entries (目录信息)",
	}
	cmd.AddCommand(newCatalogueLintCmd(g), newCatalogueCompileCmd(g), newCatalogueSchemaCmd(), newCatalogueShowCmd(g))
	return cmd
}

func newCatalogueLintCmd(g *globals) *cobra.Command {
	var format string
	var strict bool
	var fontDirs []string
	cmd := &cobra.Command{
		Use:   "lint PATH...",
		Short: "Check templates and report every problem with file:line:col (exit 1 on errors)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.json {
				format = catalogue.FormatJSON
			}
			switch format {
			case catalogue.FormatText, catalogue.FormatJSON, catalogue.FormatGitHub, catalogue.FormatJUnit:
			default:
				return usageError(fmt.Errorf(msg(g.lang, "--format %q：请使用 text、json、github 或 junit",
					"--format %q: use text, json, github or junit"), format))
			}
			l := catalogue.NewLinter(fontDirs)
			l.Lang = g.lang
			files, fs, err := l.Paths(args)
			if err != nil {
				return usageError(err)
			}
			if err := catalogue.WriteReport(cmd.OutOrStdout(), format, files, fs); err != nil {
				return err
			}
			errs, warns := catalogue.Count(fs)
			if format == catalogue.FormatText {
				lintSummary(cmd.ErrOrStderr(), g.lang, len(files), errs, warns)
			}
			if errs > 0 || (strict && warns > 0) {
				return errSilent{code: ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", catalogue.FormatText, "report format: text, json, github or junit")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	cmd.Flags().StringArrayVar(&fontDirs, "font-dir", nil, "also look for fonts in `DIR` (after the template's directory, before the system font directories; repeatable)")
	return cmd
}

func lintSummary(w io.Writer, lang string, files, errs, warns int) {
	fmt.Fprintln(w, msg(lang,
		fmt.Sprintf("ezz: 检查了 %d 个模板：%d 个错误，%d 个警告", files, errs, warns),
		fmt.Sprintf("ezz: %d template(s) checked: %d error(s), %d warning(s)", files, errs, warns)))
}

func newCatalogueCompileCmd(g *globals) *cobra.Command {
	var out string
	var fontDirs []string
	cmd := &cobra.Command{
		Use:   "compile TEMPLATE",
		Short: "Write the catalogue entry (目录信息) JSON of a template that lints clean",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l := catalogue.NewLinter(nil)
			l.Lang = g.lang
			t, err := l.Load(args[0])
			if errors.Is(err, fs.ErrNotExist) {
				return usageError(err)
			}
			if err != nil {
				return findings(Hinted(err, msg(g.lang, "请运行 ezz catalogue lint ", "run ezz catalogue lint ")+args[0]))
			}
			t.FontDirs = fontDirs
			c, err := l.Compile(t)
			var le *catalogue.LintError
			if errors.As(err, &le) {
				_ = catalogue.WriteReport(cmd.ErrOrStderr(), catalogue.FormatText, nil, le.Findings)
				return findings(err)
			}
			if err != nil {
				return usageError(err)
			}
			if c.SamplePDF, err = writeSamplePDF(t, c, out, fontDirs); err != nil {
				return findings(err)
			}
			path, err := c.WriteFile(out)
			if err != nil {
				return usageError(err)
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]string{
					"file": path, "type_code": c.Catalogue.TypeCode, "content_hash": c.ContentHash,
					"sample_pdf": filepath.Join(out, c.SamplePDF)})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s %s\n", path, c.Catalogue.TypeCode, c.ContentHash)
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", filepath.Join(out, c.SamplePDF), msg(g.lang, "（证照样例，未签名）", "(the sample certificate, unsigned)"))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", ".", "write the entry into `DIR`")
	cmd.Flags().StringArrayVar(&fontDirs, "font-dir", nil, "also look for fonts in `DIR` (repeatable)")
	return cmd
}

func newCatalogueSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of the template format",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(catalogue.Schema())
			return err
		},
	}
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
	if err := writeFileAtomic(filepath.Join(dir, name), pdf); err != nil {
		return "", fmt.Errorf("write sample PDF: %w", err)
	}
	return name, nil
}
