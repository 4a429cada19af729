package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newIssueCmd(g *globals) *cobra.Command {
	o := &issuingOptions{}
	var data string
	cmd := &cobra.Command{
		Use:   "issue --template T --data RECORD.json|-",
		Short: "Issue one certificate offline: validate, sign, make the QR code and the signed PDF, record it",
		Long: `Issue one certificate offline from a JSON object of data items (keyed by item id
or by the item's Chinese label). The certificate is validated against the template's
data-item standard, gets the next identifier of this workstation, a signed record, a
time-limited QR code and a signed PDF, and is recorded in the ledger for pushing to
the repository within 1 working day.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openIssuing(cmd, g, o)
			if err != nil {
				return err
			}
			defer a.Close()
			raw, err := agency.ReadData(cmd.InOrStdin(), data)
			if err != nil {
				return err
			}
			done, err := a.Issue(cmd.Context(), o.options(), raw)
			printDataProblems(cmd, g, err)
			if err != nil {
				return err
			}
			return printIssued(cmd, g, done)
		},
	}
	o.add(cmd)
	cmd.Flags().StringVar(&data, "data", "", "the data items as a JSON object, from `FILE` or - for standard input")
	requireFlags(cmd, "data")
	return cmd
}

// printDataProblems lists, one a line, why the data cannot be issued.
func printDataProblems(cmd *cobra.Command, g *globals, err error) {
	var de *agency.DataError
	if !errors.As(err, &de) {
		return
	}
	for _, p := range de.Problems {
		fmt.Fprintf(cmd.ErrOrStderr(), "ezz: %s: %s\n", p.Item, p.Message.In(g.lang))
	}
}

// issueReport is the --json report of ezz issue (stable names).
type issueReport struct {
	Identifier  string `json:"identifier"`
	Number      string `json:"number"`
	Holder      string `json:"holder"`
	File        string `json:"file,omitempty"`
	QR          string `json:"qr"`
	QRExpiresAt string `json:"qr_expires_at"`
	IssuedAt    string `json:"issued_at"`
	// PushDeadline is the end of the working day after issuance (RFC 3339).
	PushDeadline        string `json:"push_deadline"`
	DeadlineProvisional bool   `json:"deadline_provisional,omitempty"`
}

func printIssued(cmd *cobra.Command, g *globals, done *agency.Issued) error {
	cert := done.Cert
	rep := issueReport{Identifier: cert.ID.String(), Number: cert.Record.Meta.ZZBH, Holder: cert.Record.Meta.CZZT,
		QR: cert.QR, QRExpiresAt: cert.QRExpires.UTC().Format(time.RFC3339), IssuedAt: cert.Record.IssuedAt,
		File: done.Path, PushDeadline: done.Deadline.At.UTC().Format(time.RFC3339), DeadlineProvisional: done.Deadline.Provisional}
	if g.json {
		return g.report(cmd.OutOrStdout(), rep)
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "%s %s\n", msg(g.lang, "已签发", "issued"), rep.Identifier)
	fmt.Fprintf(out, "  %s %s  %s\n", msg(g.lang, "证照编号", "number"), rep.Number, rep.Holder)
	if rep.File != "" {
		fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "文件", "file"), rep.File)
	}
	fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "二维码有效期至", "QR valid until"), cert.QRExpires.In(agency.Shanghai).Format("2006-01-02 15:04 MST"))
	fmt.Fprintln(out, "  "+deadlineLine(g.lang, rep.PushDeadline, rep.DeadlineProvisional))
	return nil
}
