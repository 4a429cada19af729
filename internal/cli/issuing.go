package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/catalogue"
	"ezz/internal/env"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// issuingFlags are the flags issue and convert share.
type issuingFlags struct {
	template   string
	passFile   string
	fontDirs   []string
	qrValidity string
	out        string
	noPDF      bool
}

func (f *issuingFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&f.template, "template", "t", "", "face template (`FILE`.yaml) of the licence type")
	cmd.Flags().StringVar(&f.passFile, "passphrase-file", "", "read the issuing key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	cmd.Flags().StringArrayVar(&f.fontDirs, "font-dir", nil, "also look for fonts in `DIR` (repeatable)")
	cmd.Flags().StringVar(&f.qrValidity, "qr-validity", "", "QR code validity `DURATION`, e.g. 30d or 1y (default: the template's qr_validity)")
	cmd.Flags().StringVarP(&f.out, "out", "o", "", "write certificates under `DIR` (default: the workspace's out/)")
	_ = cmd.MarkFlagRequired("template")
}

// issuing is what issue and convert share: the workspace and its ledger, the
// template, the unlocked key and a Maker.
type issuing struct {
	ws       *workspace.Workspace
	led      *ledger.Ledger
	tmpl     *catalogue.Template
	hash     string
	renderer *render.Renderer
	maker    *issuance.Maker
	out      string
}

func openIssuing(cmd *cobra.Command, g *globals, f *issuingFlags, now time.Time) (*issuing, error) {
	ws, err := workspace.Open(workspace.Home(g.home))
	if err != nil {
		return nil, workspaceError(err)
	}
	is := &issuing{ws: ws, out: f.out}
	if is.out == "" {
		is.out = ws.OutDir()
	}
	if err := is.loadTemplate(f, g.lang); err != nil {
		return nil, err
	}
	var override time.Duration
	if f.qrValidity != "" {
		if override, err = qr.ParseValidity(f.qrValidity); err != nil {
			return nil, usageError(Localized(fmt.Errorf("--qr-validity: %w", err), "--qr-validity："+zhOr(err)))
		}
	}
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: f.passFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return nil, passphraseError(err, env.KeyPassphrase.Name)
	}
	key, err := sign.LoadIssuer(ws.KeysDir(), pass, now)
	if err != nil {
		return nil, keysError(err)
	}
	if !f.noPDF {
		if is.renderer, err = render.NewRenderer(is.tmpl, render.Options{FontDirs: f.fontDirs}); err != nil {
			return nil, usageError(Localized(fmt.Errorf("template %s: %w", f.template, err), "模板 "+f.template+"："+zhOr(err)))
		}
	}
	cfg := issuance.Config{Template: is.tmpl, Hash: is.hash, Key: key, Workspace: ws, QRValidity: override}
	if is.renderer != nil {
		cfg.Renderer = is.renderer
	}
	if is.maker, err = issuance.New(cfg); err != nil {
		return nil, usageError(err)
	}
	if is.led, err = ws.OpenLedger(); err != nil {
		return nil, usageError(err)
	}
	is.led.SetHeadSigner(key.Key, headClock()) // tree heads at batch close and hourly (docs/audit.md)
	return is, nil
}

// loadTemplate reads and lints the template: one with lint errors issues nothing.
func (is *issuing) loadTemplate(f *issuingFlags, lang string) error {
	t, err := catalogue.Load(f.template)
	if err != nil {
		return usageError(HintedZh(err, "run ezz catalogue lint "+f.template, "运行 ezz catalogue lint "+f.template+" 查看模板的问题"))
	}
	l := catalogue.NewLinter(f.fontDirs)
	l.Lang = lang
	var errs []string
	for _, fd := range l.Template(t) {
		if fd.Severity == catalogue.Error {
			errs = append(errs, fd.String())
		}
	}
	if len(errs) > 0 {
		return usageError(lintErrors(f.template, errs))
	}
	is.tmpl = t
	if is.hash, err = catalogue.Hash(t); err != nil {
		return usageError(err)
	}
	return nil
}

// lintErrors is the error of a template with lint errors, listing the first five.
func lintErrors(template string, errs []string) error {
	more, moreZh := "", ""
	if len(errs) > 5 {
		more = fmt.Sprintf("\n  … and %d more", len(errs)-5)
		moreZh = fmt.Sprintf("\n  …… 另有 %d 处", len(errs)-5)
		errs = errs[:5]
	}
	list := strings.Join(errs, "\n  ")
	err := fmt.Errorf("template %s has errors:\n  %s%s", template, list, more)
	return HintedZh(Localized(err, fmt.Sprintf("模板 %s 有错误：\n  %s%s", template, list, moreZh)),
		"fix the template (ezz catalogue lint "+template+" lists every problem)",
		"请修改模板（ezz catalogue lint "+template+" 会列出全部问题）")
}

// workspaceError is a usage error for a workspace that cannot be opened, in
// Chinese too when its config.yaml has a bad setting.
func workspaceError(err error) error {
	var ce *workspace.ConfigError
	if errors.As(err, &ce) {
		if en, _, ok := strings.Cut(err.Error(), ": "+ce.Error()); ok {
			path := strings.TrimPrefix(en, "check ")
			err = Localized(err, "工作区配置 "+path+" 有误："+ce.Chinese())
		}
	}
	return usageError(err)
}

func (is *issuing) close() {
	if is.led != nil {
		is.led.Close()
	}
}

// ledgerError adds hints to ledger errors.
func ledgerError(err error) error {
	if errors.Is(err, ledger.ErrDuplicateNumber) {
		return findings(err)
	}
	return usageError(err)
}
