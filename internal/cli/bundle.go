package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newBundleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "bundle", Short: "Offline bundles for stations with no link to the repository"}
	cmd.AddCommand(newBundleExportCmd(g), newBundleVerifyCmd(g), newBundleReceiptCmd(g))
	return cmd
}

func newBundleExportCmd(g *globals) *cobra.Command {
	var since timeValue
	var pass passphraseOptions
	cmd := &cobra.Command{
		Use:   "export [--since TIME] FILE",
		Short: "Write the outbox (signed manifest, items, PDFs with SM3 digests) to a bundle",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (bundleWritten, error) {
				n, err := a.ExportBundle(cmd.Context(), args[0], since.t)
				if err != nil {
					return bundleWritten{}, err // no bundle was written: nothing to report
				}
				return bundleWritten{Bundle: args[0], Items: n}, nil
			}, func(b bundleWritten) error {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已写入离线包 %s：%d 项\n", "bundle %s: %d items\n"), b.Bundle, b.Items)
				return err
			})
		},
	}
	cmd.Flags().Var(&since, "since", "only entries enqueued at or after `TIME` (RFC 3339 or YYYY-MM-DD)")
	pass.add(cmd.Flags())
	return cmd
}

// bundleWritten is bundle export's --json report.
type bundleWritten struct {
	Bundle string `json:"bundle"`
	Items  int    `json:"items"`
}

// bundleCheck is the verdict on one item of a bundle.
type bundleCheck struct {
	Key    string `json:"key"`
	OK     bool   `json:"ok"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func newBundleVerifyCmd(g *globals) *cobra.Command {
	var trust trustOptions
	cmd := &cobra.Command{
		Use:   "verify FILE [--trust ISSUERS.pem]",
		Short: "Check a bundle completely: structure, digests, the manifest's and every item's signatures (exit 1 when bad)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, with(ifWorkspace(), &trust), func(a *agency.Agency) (*bundleVerdict, error) {
				b, checks, err := a.CheckBundle(cmd.Context(), args[0])
				if err != nil {
					return nil, err
				}
				return newBundleVerdict(args[0], b, checks), nil
			}, func(v *bundleVerdict) error {
				for _, c := range v.Checks {
					if !c.OK {
						fmt.Fprintf(cmd.OutOrStdout(), "  %s: %s %s\n", c.Key, c.Code, c.Reason)
					}
				}
				_, err := fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "离线包 %s：%d 项，%d 项有误\n", "bundle %s: %d items, %d bad\n"), v.Bundle, v.Items, v.Bad)
				return err
			})
		},
	}
	trust.add(cmd.Flags())
	return cmd
}

// bundleVerdict is bundle verify's --json report; a bad item makes it exit 1.
type bundleVerdict struct {
	Bad    int           `json:"bad"`
	Bundle string        `json:"bundle"`
	Checks []bundleCheck `json:"checks"`
	Items  int           `json:"items"`
}

func newBundleVerdict(name string, b *agency.PushBatch, checks []*agency.PushResult) *bundleVerdict {
	v := &bundleVerdict{Bundle: name, Items: len(checks), Checks: make([]bundleCheck, len(checks))}
	for i, c := range checks {
		v.Checks[i] = bundleCheck{Key: b.Items[i].Key, OK: c == nil}
		if c != nil {
			v.Checks[i].Code, v.Checks[i].Reason = c.Code, c.Reason
			v.Bad++
		}
	}
	return v
}

func (v *bundleVerdict) Err() error {
	if v.Bad > 0 {
		return exitStatus{code: ExitFindings}
	}
	return nil
}

func newBundleReceiptCmd(g *globals) *cobra.Command {
	var repo repositoryOptions
	cmd := &cobra.Command{
		Use:   "receipt RECEIPTS.json --receiver CERT.pem",
		Short: "Mark the outbox pushed (or rejected) from the repository's signed receipts for a bundle (exit 1 when they do not verify)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (receiptsApplied, error) {
				n, rejected, err := a.ApplyReceipts(cmd.Context(), args[0], repo.receiver)
				return receiptsApplied{Marked: n, Rejected: rejected}, err
			}, func(r receiptsApplied) error {
				fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已按回执标记 %d 项已推送，%d 项被拒绝\n", "marked %d entries pushed, %d rejected\n"), r.Marked, r.Rejected)
				return r.Err()
			})
		},
	}
	cmd.Flags().StringVar(&repo.receiver, "receiver", "", repositoryReceiverHelp)
	return cmd
}

// receiptsApplied is what bundle receipt reports; rejected entries make it exit 1.
type receiptsApplied struct {
	Marked   int `json:"marked"`
	Rejected int `json:"rejected"`
}

func (r receiptsApplied) Err() error {
	if r.Rejected > 0 {
		return exitStatus{code: ExitFindings}
	}
	return nil
}
