package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newAuditProveCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "prove IDENTIFIER",
		Short: "Write the inclusion proof of a certificate's issuance and latest change against the latest signed tree head",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*proofWritten, error) {
				f, err := a.AuditProve(cmd.Context(), args[0])
				if err != nil {
					return nil, err
				}
				b, _ := json.MarshalIndent(f, "", "  ")
				if out == "" {
					_, err := cmd.OutOrStdout().Write(append(b, '\n'))
					return nil, err // the proof itself is the output
				}
				if err := agency.WriteFileAtomic(out, append(b, '\n')); err != nil {
					return nil, err
				}
				return &proofWritten{File: out, Head: f.Head, Entries: len(f.Proofs)}, nil
			}, func(p *proofWritten) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), text.F("已写出 %s：%d 个条目的包含证明，对应签名树头（%d 条）",
					"wrote %s: inclusion proofs of %d entries in the signed tree head of %d entries", p.File, p.Entries, p.Head.Size).In(g.lang))
				return err
			})
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the proof to `FILE` (default: standard output)")
	return cmd
}

func newAuditCheckProofCmd(g *globals) *cobra.Command {
	var issuer string
	cmd := &cobra.Command{
		Use:   "check-proof FILE --issuer CERT.pem",
		Short: "Check an audit proof with nothing but the file and the issuer's certificate (exit 1 when it does not hold)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportCmd(cmd, g, func() (proofHolds, error) {
				f, err := agency.CheckProof(args[0], issuer)
				if err != nil {
					return proofHolds{}, err
				}
				return proofHolds{Valid: true, Head: f.Head, Proofs: f.Proofs}, nil
			}, func(p proofHolds) error {
				w := cmd.OutOrStdout()
				fmt.Fprintln(w, text.F("审计证明成立：%d 个条目在", "audit proof holds: %d entries are in the", len(p.Proofs)).In(g.lang), headLine(p.Head).In(g.lang))
				for _, p := range p.Proofs {
					fmt.Fprintf(w, "  %-12s #%d %s %s %s %s\n", p.Label, p.Entry.Index, p.Entry.At, p.Entry.Action, p.Entry.Subject, p.Entry.Outcome)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&issuer, "issuer", "", "the issuer's certificate (`CERT.pem`) the tree head must be signed with")
	requireFlags(cmd, "issuer")
	return cmd
}

func newAuditConsistencyCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "consistency OLD_HEAD NEW_HEAD",
		Short: "Prove and check that one signed tree head extends another (a head's size, or a head JSON file)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (consistencyReport, error) {
				f, err := a.AuditConsistency(cmd.Context(), args[0], args[1])
				if err != nil {
					return consistencyReport{}, err
				}
				if out != "" {
					b, _ := json.MarshalIndent(f, "", "  ")
					if err := agency.WriteFileAtomic(out, append(b, '\n')); err != nil {
						return consistencyReport{}, err
					}
				}
				return consistencyReport{Consistent: true, Old: f.Old, New: f.New, Path: f.Path}, nil
			}, func(r consistencyReport) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), text.F("一致：%d 条的树头延续了 %d 条的树头（证明 %d 个哈希）",
					"consistent: the head of %d entries extends the head of %d (a proof of %d hashes)", r.New.Size, r.Old.Size, len(r.Path)).In(g.lang))
				return err
			})
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "also write the proof to `FILE`")
	return cmd
}

// consistencyReport is audit consistency's --json report (the proof file is written by -o).
type consistencyReport struct {
	Consistent bool               `json:"consistent"`
	Old        agency.AuditHead   `json:"old"`
	New        agency.AuditHead   `json:"new"`
	Path       []agency.AuditHash `json:"path"`
}

// proofWritten is audit prove's --json report when -o wrote the proof.
type proofWritten struct {
	Entries int              `json:"entries"`
	File    string           `json:"file"`
	Head    agency.AuditHead `json:"head"`
}

// proofHolds is audit check-proof's --json report.
type proofHolds struct {
	Head   agency.AuditHead        `json:"head"`
	Proofs []agency.AuditInclusion `json:"proofs"`
	Valid  bool                    `json:"valid"`
}
