package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/bundle"
	"ezz/internal/env"
	"ezz/internal/push"
	"ezz/internal/repository"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

func newBundleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle",
		Short: "Offline bundles for stations with no link to the repository",
	}
	cmd.AddCommand(newBundleExportCmd(g), newBundleVerifyCmd(g), newBundleReceiptCmd(g))
	return cmd
}

func newBundleExportCmd(g *globals) *cobra.Command {
	var since, passFile string
	cmd := &cobra.Command{
		Use:   "export [--since TIME] FILE",
		Short: "Write the outbox (signed manifest, items, PDFs with SM3 digests) to a bundle",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			at := now()
			from, err := time.Time{}, error(nil)
			if since != "" {
				if from, err = parseAt(since, at); err != nil {
					return usageError(err)
				}
			}
			ws, err := workspace.Open(workspace.Home(g.home))
			if err != nil {
				return workspaceError(err)
			}
			key, err := unlockKey(cmd, ws, passFile, at)
			if err != nil {
				return err
			}
			led, err := ws.OpenLedger()
			if err != nil {
				return usageError(err)
			}
			defer led.Close()
			n, err := bundle.Export(cmd.Context(), led, key, ws.Config.Station, args[0], from, at)
			if err != nil {
				return usageError(err)
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"bundle": args[0], "items": n})
			}
			fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已写入离线包 %s：%d 项\n", "bundle %s: %d items\n"), args[0], n)
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only entries enqueued at or after `TIME` (RFC 3339 or YYYY-MM-DD)")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "read the issuing key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
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
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(trust) == 0 {
				ws, err := workspace.Open(workspace.Home(g.home))
				if err != nil {
					return workspaceError(err)
				}
				trust = []string{ws.KeysDir() + "/issuer-chain.pem"}
			}
			tr, err := repository.LoadTrust(nil, trust...)
			if err != nil {
				return usageError(err)
			}
			b, _, err := bundle.Read(args[0])
			if err != nil {
				return findings(err)
			}
			checks, err := repository.New(nil, repository.Config{Trust: tr, Clock: now}).Check(cmd.Context(), b)
			if err != nil {
				return findings(err)
			}
			return writeBundleVerify(cmd, g, args[0], b, checks)
		},
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "trust the issuers in `ISSUERS.pem` (default: the workspace's chain)")
	return cmd
}

func writeBundleVerify(cmd *cobra.Command, g *globals, name string, b *push.Batch, checks []*push.Result) error {
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

func runRepositoryImport(cmd *cobra.Command, g *globals, f *repoFlags, path, receipts string) error {
	st, cfg, err := openRepository(f)
	if err != nil {
		return err
	}
	defer st.Close()
	b, sum, err := bundle.Read(path)
	if err != nil {
		return findings(err)
	}
	results, err := repository.New(st, cfg).Import(cmd.Context(), b)
	if err != nil {
		return findings(err)
	}
	if receipts == "" {
		receipts = strings.TrimSuffix(path, ".zip") + ".receipts.json"
	}
	data, _ := json.MarshalIndent(bundle.Receipts{Format: bundle.ReceiptsV1, BundleSM3: sum, Results: results}, "", " ")
	if err := writeFileAtomic(receipts, data); err != nil {
		return usageError(err)
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Result]++
	}
	if g.json {
		return writeJSON(cmd.OutOrStdout(), map[string]any{"bundle": path, "receipts": receipts, "accepted": counts[push.Accepted],
			"duplicate": counts[push.Duplicate], "rejected": counts[push.Rejected]})
	}
	fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已导入 %s：新接收 %d，此前已接收 %d，拒绝 %d；回执 %s\n",
		"imported %s: %d accepted, %d already there, %d rejected; receipts in %s\n"),
		path, counts[push.Accepted], counts[push.Duplicate], counts[push.Rejected], receipts)
	return nil
}

func newBundleReceiptCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "receipt RECEIPTS.json",
		Short: "Mark the outbox pushed (or rejected) from the receipts the repository gave for a bundle",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := workspace.Open(workspace.Home(g.home))
			if err != nil {
				return workspaceError(err)
			}
			led, err := ws.OpenLedger()
			if err != nil {
				return usageError(err)
			}
			defer led.Close()
			rc, err := readReceipts(args[0])
			if err != nil {
				return usageError(err)
			}
			n, rejected, err := bundle.ApplyReceipts(cmd.Context(), led, rc, "bundle "+rc.BundleSM3[:16], pushStamp(ws, now()))
			if err != nil {
				return usageError(err)
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"marked": n, "rejected": rejected})
			}
			fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已按回执标记 %d 项已推送，%d 项被拒绝\n", "marked %d entries pushed, %d rejected\n"), n, rejected)
			if rejected > 0 {
				return exitStatus{code: ExitFindings}
			}
			return nil
		},
	}
}

func readReceipts(path string) (*bundle.Receipts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rc bundle.Receipts
	if err := json.Unmarshal(data, &rc); err != nil || rc.Format != bundle.ReceiptsV1 || len(rc.BundleSM3) < 16 {
		return nil, text.Errorf("%s 不是离线包回执文件", "%s is not a bundle receipts file", path)
	}
	return &rc, nil
}
