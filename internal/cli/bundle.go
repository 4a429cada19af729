package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newBundleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "bundle", Short: "Offline bundles for stations with no link to the repository"}
	cmd.AddCommand(newBundleExportCmd(g), newBundleVerifyCmd(g), newBundleReceiptCmd(g))
	return cmd
}

func newBundleExportCmd(g *globals) *cobra.Command {
	var since string
	var pass passphraseOptions
	cmd := &cobra.Command{
		Use:   "export [--since TIME] FILE",
		Short: "Write the outbox (signed manifest, items, PDFs with SM3 digests) to a bundle",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var from time.Time
			if since != "" {
				var err error
				if from, err = parseAt(since, now()); err != nil {
					return err
				}
			}
			a, err := open(cmd, g, agency.Options{PassphraseFile: pass.file})
			if err != nil {
				return err
			}
			defer a.Close()
			n, err := a.ExportBundle(cmd.Context(), args[0], from)
			if err != nil {
				return err
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"bundle": args[0], "items": n})
			}
			fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已写入离线包 %s：%d 项\n", "bundle %s: %d items\n"), args[0], n)
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only entries enqueued at or after `TIME` (RFC 3339 or YYYY-MM-DD)")
	pass.add(cmd.Flags())
	return cmd
}

// bundleCheck is the verdict on one item of a bundle.
type bundleCheck struct {
	Key    string `json:"key"`
	OK     bool   `json:"ok"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func newBundleVerifyCmd(g *globals) *cobra.Command {
	var trust []string
	cmd := &cobra.Command{
		Use:   "verify FILE [--trust ISSUERS.pem]",
		Short: "Check a bundle completely: structure, digests, the manifest's and every item's signatures (exit 1 when bad)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := open(cmd, g, agency.Options{Optional: true, Trust: trustList(trust)})
			if err != nil {
				return err
			}
			defer a.Close()
			b, checks, err := a.CheckBundle(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return writeBundleVerify(cmd, g, args[0], b, checks)
		},
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "trust the issuers in `ISSUERS.pem` (default: the workspace's)")
	return cmd
}

func writeBundleVerify(cmd *cobra.Command, g *globals, name string, b *agency.PushBatch, checks []*agency.PushResult) error {
	out := make([]bundleCheck, len(checks))
	bad := 0
	for i, c := range checks {
		out[i] = bundleCheck{Key: b.Items[i].Key, OK: c == nil}
		if c != nil {
			out[i].Code, out[i].Reason = c.Code, c.Reason
			bad++
		}
	}
	if g.json {
		if err := writeJSON(cmd.OutOrStdout(), map[string]any{"bundle": name, "items": len(out), "bad": bad, "checks": out}); err != nil {
			return err
		}
	} else {
		for _, c := range out {
			if !c.OK {
				fmt.Fprintf(cmd.OutOrStdout(), "  %s: %s %s\n", c.Key, c.Code, c.Reason)
			}
		}
		fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "离线包 %s：%d 项，%d 项有误\n", "bundle %s: %d items, %d bad\n"), name, len(out), bad)
	}
	if bad > 0 {
		return exitStatus{code: ExitFindings}
	}
	return nil
}

func newBundleReceiptCmd(g *globals) *cobra.Command {
	var receiver string
	cmd := &cobra.Command{
		Use:   "receipt RECEIPTS.json --receiver CERT.pem",
		Short: "Mark the outbox pushed (or rejected) from the repository's signed receipts for a bundle (exit 1 when they do not verify)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, agency.Options{}, func(a *agency.Agency) (receiptsApplied, error) {
				n, rejected, err := a.ApplyReceipts(cmd.Context(), args[0], receiver)
				return receiptsApplied{Marked: n, Rejected: rejected}, err
			}, func(r receiptsApplied) error {
				fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已按回执标记 %d 项已推送，%d 项被拒绝\n", "marked %d entries pushed, %d rejected\n"), r.Marked, r.Rejected)
				return r.Err()
			})
		},
	}
	cmd.Flags().StringVar(&receiver, "receiver", "", "the repository's receiver certificate `CERT.pem` the receipts must be signed by")
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
