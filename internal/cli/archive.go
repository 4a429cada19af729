package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newArchiveCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "archive",
		Short: "Write an archive (归档) of issued certificates with their audit proofs, and check one offline (docs/archive.md)",
	}
	cmd.AddCommand(newArchiveExportCmd(g), newArchiveVerifyCmd(g))
	return cmd
}

func newArchiveExportCmd(g *globals) *cobra.Command {
	var batch string
	var pass passphraseOptions
	var rng auditRange
	cmd := &cobra.Command{
		Use:   "export [--batch ID | --from TIME --to TIME] DIR",
		Short: "Write certificate PDFs, signed records, manifests, audit proofs, heads and a signed SM3 index into DIR",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sel := agency.ArchiveSelection{Batch: batch, From: rng.from.utc(), To: rng.to.utc()}
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (agency.ArchiveSummary, error) {
				return a.ArchiveExport(cmd.Context(), sel, args[0])
			}, func(s agency.ArchiveSummary) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), text.F("已归档到 %s：%d 份证照（%d 个 PDF），%d 条审计条目及其证明，%d 个文件，树头 %d 条",
					"archived to %s: %d certificates (%d PDFs), %d audit entries with proofs, %d files, head of %d entries",
					s.Dir, s.Certificates, s.PDFs, s.Entries, s.Files, s.HeadSize).In(g.lang))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&batch, "batch", "", "archive the certificates of batch `ID`")
	rng.add(cmd)
	exclusiveFlags(cmd, "batch", "from")
	exclusiveFlags(cmd, "batch", "to")
	pass.add(cmd.Flags())
	return cmd
}

func newArchiveVerifyCmd(g *globals) *cobra.Command {
	var issuers []string
	cmd := &cobra.Command{
		Use:   "verify DIR --issuer CERT.pem...",
		Short: "Check an archive offline with only the issuer certificates (exit 1 when anything is wrong, naming it)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportCmd(cmd, g, func() (archiveVerdict, error) {
				r, err := agency.ArchiveVerify(args[0], issuers)
				if r == nil {
					return archiveVerdict{}, err // nothing was checked: no report to print
				}
				return archiveVerdict{r, args[0]}, err
			}, func(v archiveVerdict) error {
				printArchiveReport(cmd.OutOrStdout(), g.lang, v.dir, v.ArchiveReport)
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&issuers, "issuer", nil, "an issuer certificate (`CERT.pem`, repeatable: old keys too; CODE=CERT.pem also binds its signer to issuer code CODE, e.g. an office's)")
	requireFlags(cmd, "issuer")
	return cmd
}

// archiveVerdict is archive verify's report (agency.ArchiveReport's JSON);
// problems make it exit 1.
type archiveVerdict struct {
	*agency.ArchiveReport
	dir string
}

func (v archiveVerdict) Err() error {
	if v.OK() {
		return nil
	}
	return text.Badf("归档 %s 有 %d 处问题", "archive %s has %d problems", v.dir, len(v.Problems))
}

func printArchiveReport(w io.Writer, lang, dir string, r *agency.ArchiveReport) {
	verdict := text.New("完好", "intact")
	if !r.OK() {
		verdict = text.New("有问题", "DAMAGED")
	}
	fmt.Fprintln(w, text.F("归档 %s %s：%d 个文件，%d 份签名记录，%d 个 PDF，%d 条审计条目，%d 个树头",
		"archive %s %s: %d files, %d signed records, %d PDFs, %d audit entries, %d tree heads",
		dir, verdict, r.Files, r.Records, r.PDFs, r.Entries, r.Heads).In(lang))
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %s: %s\n", p.Path, p.Msg.In(lang))
	}
}
