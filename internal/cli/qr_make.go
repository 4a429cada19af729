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
			o.Validity = validity.validity
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (qrMakeJSON, error) {
				t, err := a.MakeQR(cmd.Context(), args[0], o)
				if err != nil {
					return qrMakeJSON{}, err
				}
				c := t.Claims
				return qrMakeJSON{t.Payload, c.Identifier, c.KeyID, stamp(c.IssuedAt), stamp(c.ExpiresAt), t.QRVersion, o.PNG}, nil
			}, func(j qrMakeJSON) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), j.Payload)
				return err
			})
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
