package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/sign"
	"ezz/internal/verify"
	"ezz/internal/workspace"
)

type verifyFlags struct {
	qr, qrImage, at, templates string
	trust                      []string
	status                     statusFlags // status_source.go
}

func newVerifyCmd(g *globals) *cobra.Command {
	f := &verifyFlags{}
	cmd := &cobra.Command{
		Use:   "verify FILE... | --qr PAYLOAD | --qr-image IMAGE",
		Short: "Verify certificate files or a QR code: the verdict and the reason (exit 0 valid, 1 invalid, 2 could not check)",
		Long: `Verify certificate files (signed PDFs) or a QR code, and say why. Six checks,
each pass, fail, warn or not-checked with a reason: pdf-signature, signer-trust,
record, qr, validity-period and status (docs/verify.md).

Issuers are trusted from --trust (PEM certificates, repeatable), else from the
workspace (--home, $EZZ_HOME or ./ezz-home). The status comes from the workspace's
ledger when the certificate was issued there; every verification against a
workspace is written to its access log. --at checks as of another time (RFC 3339,
or YYYY-MM-DD for midnight in Asia/Shanghai).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd, g, f, args, now())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.qr, "qr", "", "verify the QR code `PAYLOAD` (- reads it from standard input)")
	fl.StringVar(&f.qrImage, "qr-image", "", "verify the QR code in a PNG or JPEG `IMAGE`")
	fl.StringArrayVar(&f.trust, "trust", nil, "trust the issuer certificates in `CERT.pem` (repeatable; default: the workspace's)")
	fl.StringVar(&f.at, "at", "", "check as of `TIME` (RFC 3339 or YYYY-MM-DD) instead of now")
	fl.StringVar(&f.templates, "templates", "", "check each record's catalogue against the face templates under `DIR`")
	f.status.add(cmd)
	return cmd
}

// verifyEnv is what verification runs against: trust, status and the
// workspace whose access log records it.
type verifyEnv struct {
	opts verify.Options
	ws   *workspace.Workspace
	led  *ledger.Ledger
}

func runVerify(cmd *cobra.Command, g *globals, f *verifyFlags, args []string, now time.Time) error {
	modes := 0
	for _, on := range []bool{len(args) > 0, f.qr != "", f.qrImage != ""} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		return usageError(Localized(errors.New("give certificate FILEs, --qr PAYLOAD or --qr-image IMAGE (one of them)"),
			"请给出证照文件、--qr 二维码内容或 --qr-image 二维码图片（三者选一）"))
	}
	at, err := parseAt(f.at, now)
	if err != nil {
		return usageError(err)
	}
	env, err := openVerifyEnv(g, f, at)
	if err != nil {
		return err
	}
	defer env.close()
	ctx := cmd.Context()
	var reports []*verify.Report
	if len(args) > 0 {
		for _, name := range args {
			reports = append(reports, env.file(ctx, name))
		}
	} else {
		payload, err := verifyPayload(cmd.InOrStdin(), f)
		if err != nil {
			return err
		}
		reports = append(reports, verify.QR(ctx, payload, env.opts))
	}
	err = writeVerify(cmd, g, reports)
	if lerr := env.log(ctx, reports, now); lerr != nil {
		return usageError(lerr)
	}
	return err
}

func openVerifyEnv(g *globals, f *verifyFlags, at time.Time) (*verifyEnv, error) {
	env := &verifyEnv{opts: verify.Options{At: at}}
	ws, err := workspace.Open(workspace.Home(g.home))
	switch {
	case err == nil:
		env.ws = ws
	case g.home != "":
		return nil, usageError(err)
	}
	if len(f.trust) > 0 {
		if env.opts.Trust, err = sign.LoadTrust(f.trust...); err != nil {
			return nil, usageError(err)
		}
	} else if ws != nil {
		env.opts.Trust, _ = sign.LoadWorkspaceTrust(ws.KeysDir()) // no keys yet: nothing trusted, reported
	}
	if f.templates != "" {
		if env.opts.Catalogues, err = verify.LoadCatalogues(f.templates, nil); err != nil {
			return nil, usageError(err)
		}
	}
	if ws != nil {
		if env.led, err = ws.OpenLedger(); err != nil {
			return nil, usageError(err)
		}
		env.opts.Status = verify.LedgerStatus{Ledger: env.led, Name: "workspace " + ws.Dir}
	}
	return env, f.status.apply(&env.opts, at)
}

func (e *verifyEnv) close() {
	if e.led != nil {
		e.led.Close()
	}
}

// file verifies one file; a file that cannot be read is reported, not fatal.
func (e *verifyEnv) file(ctx context.Context, name string) *verify.Report {
	fh, err := os.Open(name)
	if err != nil {
		return verify.Unreadable(name, e.opts.At, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, verify.MaxFile+1))
	if err != nil {
		return verify.Unreadable(name, e.opts.At, fmt.Errorf("read %s: %w", name, err))
	}
	return verify.File(ctx, data, name, e.opts)
}

// log appends every verification to the workspace's access log (R12).
func (e *verifyEnv) log(ctx context.Context, reports []*verify.Report, now time.Time) error {
	if e.led == nil {
		return nil
	}
	entries := make([]ledger.Access, 0, len(reports))
	for _, r := range reports {
		subject := r.Identifier
		if subject == "" {
			subject = r.File
		}
		if subject == "" {
			subject = "QR code"
		}
		entries = append(entries, ledger.Access{At: now, Actor: workspace.Actor(), Station: e.ws.Config.Station,
			Action: "verify", Subject: subject, Result: r.Verdict})
	}
	if err := e.led.LogAccess(ctx, entries...); err != nil {
		return fmt.Errorf("record the verification in the access log: %w", err)
	}
	return nil
}

// verifyPayload reads the QR payload from --qr (- for standard input) or --qr-image.
func verifyPayload(stdin io.Reader, f *verifyFlags) (string, error) {
	switch {
	case f.qrImage != "":
		fh, err := os.Open(f.qrImage)
		if err != nil {
			return "", usageError(err)
		}
		defer fh.Close()
		s, err := qr.DecodeImage(fh)
		if err != nil {
			err = Localized(fmt.Errorf("%s: %w", f.qrImage, err), "无法从图片 "+f.qrImage+" 中读出二维码："+zhOr(err))
			return "", usageError(HintedZh(err, "photograph the whole QR code, sharp and straight, or give its text with --qr",
				"请完整、清晰、端正地拍摄二维码，或用 --qr 给出二维码的文字"))
		}
		return s, nil
	case f.qr == "-":
		data, err := io.ReadAll(io.LimitReader(stdin, qr.MaxPayload+1))
		if err != nil {
			return "", usageError(fmt.Errorf("read standard input: %w", err))
		}
		return strings.TrimSpace(string(data)), nil
	}
	return f.qr, nil
}
