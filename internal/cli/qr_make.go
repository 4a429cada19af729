package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/catalogue"
	"ezz/internal/env"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// KindQRMake is the ledger event kind of ezz qr make.
const KindQRMake = "qr-make"

type qrMakeFlags struct {
	validity, template, png, passFile string
	px                                int
}

func newQRMakeCmd(g *globals) *cobra.Command {
	f := &qrMakeFlags{}
	cmd := &cobra.Command{
		Use:   "make ID",
		Short: "Make a fresh QR token for a certificate in the ledger",
		Long: `Make a fresh time-limited QR token for the current version of a certificate
in the workspace's ledger, signed with the workspace's issuing key. Its validity is
--validity, else the qr_validity of --template, and never outlives the certificate
or the signing certificate. The payload goes to standard output; --png writes the
QR code as an image. The ledger records a qr-make event.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQRMake(cmd, g, f, args[0], now())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.validity, "validity", "", "QR validity such as 30d, 6m, 1y, 24h (overrides the template's qr_validity)")
	fl.StringVar(&f.template, "template", "", "face template `FILE` whose catalogue qr_validity is the default")
	fl.StringVar(&f.png, "png", "", "also write the QR code as a PNG image to `FILE`")
	fl.IntVar(&f.px, "px", 4, "pixels per module in the PNG image")
	fl.StringVar(&f.passFile, "passphrase-file", "", "read the issuing key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	return cmd
}

func runQRMake(cmd *cobra.Command, g *globals, f *qrMakeFlags, id string, now time.Time) error {
	def, override, err := qrValidity(f)
	if err != nil {
		return usageError(err)
	}
	ws, err := workspace.Open(workspace.Home(g.home))
	if err != nil {
		return workspaceError(HintedZh(err, "run ezz init, or pass --home", "运行 ezz init，或用 --home 指定工作区"))
	}
	led, err := ws.OpenLedger()
	if err != nil {
		return usageError(err)
	}
	defer led.Close()
	ctx := cmd.Context()
	rec, err := qrRecord(ctx, led, ws, id)
	if err != nil {
		return err
	}
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: f.passFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return passphraseError(err, env.KeyPassphrase.Name)
	}
	is, err := sign.LoadIssuer(ws.KeysDir(), pass, now)
	if err != nil {
		return keysError(err)
	}
	payload, c, err := qrMake(rec, is, ws.Config.QRURLPrefix, def, override, now)
	if err != nil {
		return usageError(err)
	}
	if f.png != "" {
		if err := qrWritePNG(f.png, payload, f.px); err != nil {
			return usageError(err)
		}
	}
	if err := qrLogMake(ctx, led, ws, c, now); err != nil {
		return usageError(err)
	}
	return qrMakeReport(cmd.OutOrStdout(), g, payload, c, f.png)
}

// qrValidity reads --validity and the --template's qr_validity.
func qrValidity(f *qrMakeFlags) (def, override time.Duration, err error) {
	if f.validity != "" {
		if override, err = qr.ParseValidity(f.validity); err != nil {
			return 0, 0, Localized(fmt.Errorf("--validity: %w", err), "--validity："+zhOr(err))
		}
	}
	if f.template != "" {
		t, err := catalogue.Load(f.template)
		if err != nil {
			return 0, 0, err
		}
		if def, err = qr.ParseValidity(t.Catalogue.QRValidity); err != nil {
			return 0, 0, fmt.Errorf("template %s: qr_validity: %w", f.template, err)
		}
	}
	if def == 0 && override == 0 {
		return 0, 0, HintedZh(Localized(errors.New("no QR validity"), "没有二维码有效期"),
			"pass --validity 30d, or --template with the certificate's face template (its qr_validity)",
			"请用 --validity 给出有效期（如 30d），或用 --template 给出证照的版式模板（取其 qr_validity）")
	}
	return def, override, nil
}

// qrRecord finds the current, valid version of id and opens its signed record.
func qrRecord(ctx context.Context, led *ledger.Ledger, ws *workspace.Workspace, id string) (*record.Record, error) {
	c, err := led.ByIdentifier(ctx, id)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, findings(HintedZh(Localizedf(err, "台账中没有证照 %s", id),
			"give the identifier as printed on the certificate (ezz ident check ID)",
			"请按证照上印的标识填写（可用 ezz ident check 标识 检查）"))
	}
	if err != nil {
		return nil, usageError(err)
	}
	if !c.Current() {
		return nil, findings(Localizedf(fmt.Errorf("%s is version %d; the current version is %s: make QR codes for it", id, c.Asked.Version, c.Identifier),
			"%s 是第 %d 版，当前版本是 %s：请为当前版本生成二维码", id, c.Asked.Version, c.Identifier))
	}
	if c.Status != ledger.StatusValid {
		return nil, findings(Localizedf(fmt.Errorf("%s has status %s, not %s (valid): no QR code for it", id, c.Status, ledger.StatusValid),
			"%s 的状态是 %s，不是 %s（有效）：不能为它生成二维码", id, c.Status, ledger.StatusValid))
	}
	trust, err := sign.LoadWorkspaceTrust(ws.KeysDir())
	if err != nil {
		return nil, usageError(err)
	}
	r, err := record.Open(c.Asked.Record, trust.Lookup)
	if err != nil {
		return nil, usageError(fmt.Errorf("signed record of %s in the ledger: %w", id, err))
	}
	return r, nil
}

// qrMake signs a token for rec valid from now.
func qrMake(rec *record.Record, is *sign.Issuer, prefix string, def, override time.Duration, now time.Time) (string, qr.Claims, error) {
	var c qr.Claims
	certEnd, err := qr.CertificateEnd(rec.Meta.ZZYXQJZRQ)
	if err != nil {
		return "", c, err
	}
	exp, err := qr.Validity(def, override, now, certEnd, is.Cert().NotAfter)
	if err != nil {
		return "", c, fmt.Errorf("QR code of %s: %w", rec.Identifier, err)
	}
	d, err := rec.Digest()
	if err != nil {
		return "", c, err
	}
	c = qr.Claims{Identifier: rec.Identifier, KeyID: is.KeyID, IssuedAt: now.Truncate(time.Second), ExpiresAt: exp, Digest: d[:qr.DigestLen]}
	payload, err := qr.Make(c, is.Key, prefix)
	return payload, c, err
}

func qrWritePNG(path, payload string, px int) error {
	data, err := qr.PNG(payload, px)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// qrLogMake records the new token in the ledger's event log.
func qrLogMake(ctx context.Context, led *ledger.Ledger, ws *workspace.Workspace, c qr.Claims, now time.Time) error {
	detail, _ := json.Marshal(map[string]string{"key_id": c.KeyID, "issued_at": qrStamp(c.IssuedAt), "expires_at": qrStamp(c.ExpiresAt)})
	_, err := led.Append(ctx, ledger.Event{At: now, Actor: workspace.Actor(), Station: ws.Config.Station,
		Kind: KindQRMake, Identifier: c.Identifier, Detail: string(detail)})
	return err
}

// qrMakeJSON is the --json report of ezz qr make (stable names).
type qrMakeJSON struct {
	Payload    string `json:"payload"`
	Identifier string `json:"identifier"`
	KeyID      string `json:"key_id"`
	IssuedAt   string `json:"issued_at"`
	ExpiresAt  string `json:"expires_at"`
	QRVersion  int    `json:"qr_version"`
	PNG        string `json:"png"`
}

func qrMakeReport(w io.Writer, g *globals, payload string, c qr.Claims, png string) error {
	if !g.json {
		_, err := fmt.Fprintln(w, payload)
		return err
	}
	v, _ := qr.Version(payload)
	return writeJSON(w, qrMakeJSON{payload, c.Identifier, c.KeyID, qrStamp(c.IssuedAt), qrStamp(c.ExpiresAt), v, png})
}
