package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newQRMakeCmd(g *globals) *cobra.Command {
	var o agency.QROptions
	var pass passphraseOptions
	var validity qrValidityOptions
	cmd := &cobra.Command{
		Use:   "make ID",
		Short: "Make a fresh QR token for a certificate in the ledger",
		Long: `Make a fresh time-limited QR token for the current version of a certificate
in the workspace's ledger, signed with the workspace's issuing key. Its validity is
--qr-validity, else the qr_validity of --template, and never outlives the certificate
or the signing certificate. The payload goes to standard output; --png writes the
QR code as an image. The ledger records a qr-make event.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := open(cmd, g, agency.Options{PassphraseFile: pass.file})
			if err != nil {
				return err
			}
			defer a.Close()
			o.Validity = validity.validity
			tok, err := a.MakeQR(cmd.Context(), args[0], o)
			if err != nil {
				return err
			}
			return qrMakeReport(cmd, g, tok, o.PNG)
		},
	}
	fs := cmd.Flags()
	validity.add(fs)
	fs.StringVar(&o.Template, "template", "", "face template `FILE` whose catalogue qr_validity is the default")
	fs.StringVar(&o.PNG, "png", "", "also write the QR code as a PNG image to `FILE`")
	fs.IntVar(&o.PX, "px", 4, "pixels per module in the PNG image")
	pass.add(fs)
	return cmd
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

func qrMakeReport(cmd *cobra.Command, g *globals, t *agency.QRToken, png string) error {
	w := cmd.OutOrStdout()
	if !g.json {
		_, err := fmt.Fprintln(w, t.Payload)
		return err
	}
	c := t.Claims
	return g.report(w, qrMakeJSON{t.Payload, c.Identifier, c.KeyID, stamp(c.IssuedAt), stamp(c.ExpiresAt), t.QRVersion, png})
}
