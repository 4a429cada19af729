package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newAuditCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check, prove, export and prune the tamper-evident audit log (docs/audit.md)",
	}
	cmd.AddCommand(newAuditVerifyCmd(g), newAuditHeadCmd(g), newAuditProveCmd(g), newAuditCheckProofCmd(g),
		newAuditConsistencyCmd(g), newAuditExportCmd(g), newAuditPruneCmd(g))
	return cmd
}

func newAuditVerifyCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Recompute the audit tree from the entries and check every signed tree head (exit 1 on tampering)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (auditVerdict, error) {
				r, err := a.AuditVerify(cmd.Context())
				return auditVerdict{r}, err
			}, func(v auditVerdict) error {
				printAuditReport(cmd.OutOrStdout(), g.lang, v.AuditReport)
				return nil
			})
		},
	}
}

// auditVerdict is audit verify's report (agency.AuditReport's JSON); a
// tampered log makes it exit 1.
type auditVerdict struct{ *agency.AuditReport }

func (v auditVerdict) Err() error {
	if v.OK() {
		return nil
	}
	return text.Badf("审计日志被篡改：第一个有问题的条目是 %d", "the audit log was tampered with: the first bad entry is %d", v.FirstBad).
		WithHint("把审计日志交给审计人员；不要继续签发，直到查清原因", "hand the log to an auditor; stop issuing until the cause is known")
}

func printAuditReport(w io.Writer, lang string, r *agency.AuditReport) {
	if r.OK() {
		fmt.Fprintln(w, text.F("审计日志完好：%d 条，%d 个签名树头，已清理 %d 条，最新树头覆盖 %d 条",
			"audit log intact: %d entries, %d signed tree heads, %d pruned, the latest head covers %d",
			r.Entries, r.Heads, r.Pruned, r.Sealed).In(lang))
		return
	}
	fmt.Fprintln(w, text.F("审计日志被篡改：%d 条，%d 个签名树头，发现 %d 个问题",
		"audit log TAMPERED: %d entries, %d signed tree heads, %d problems", r.Entries, r.Heads, len(r.Problems)).In(lang))
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %-17s %s\n", p.Code, p.Msg.In(lang))
	}
}

func newAuditHeadCmd(g *globals) *cobra.Command {
	var pass passphraseOptions
	var latest bool
	cmd := &cobra.Command{
		Use:   "head",
		Short: "Sign a tree head of the whole log now (or show the latest with --latest)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (agency.AuditHead, error) {
				return a.AuditHead(cmd.Context(), latest)
			}, func(h agency.AuditHead) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), headLine(h).In(g.lang))
				return err
			})
		},
	}
	pass.add(cmd.Flags())
	cmd.Flags().BoolVar(&latest, "latest", false, "show the latest signed tree head instead of making one (needs no key)")
	return cmd
}

// headLine describes a head in one line.
func headLine(h agency.AuditHead) text.T {
	at := h.Time.In(agency.Shanghai).Format("2006-01-02 15:04:05")
	return text.F("签名树头：%d 条，根 %s，%s，密钥 %s", "signed tree head: %d entries, root %s, %s, key %s", h.Size, h.Root, at, h.KeyID)
}
