package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"ezz/internal/audit"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
)

func newAuditProveCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "prove IDENTIFIER",
		Short: "Write the inclusion proof of a certificate's issuance and latest change against the latest signed tree head",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openAudit(g)
			if err != nil {
				return err
			}
			defer e.close()
			f, err := proveCertificate(cmd.Context(), e.led, args[0])
			if err != nil {
				return textError(err)
			}
			b, _ := json.MarshalIndent(f, "", "  ")
			if out == "" {
				_, err := cmd.OutOrStdout().Write(append(b, '\n'))
				return err
			}
			if err := writeFileAtomic(out, append(b, '\n')); err != nil {
				return usageError(err)
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"file": out, "head": f.Head, "entries": len(f.Proofs)})
			}
			fmt.Fprintln(cmd.OutOrStdout(), text.F("已写出 %s：%d 个条目的包含证明，对应签名树头（%d 条）",
				"wrote %s: inclusion proofs of %d entries in the signed tree head of %d entries", out, len(f.Proofs), f.Head.Size).In(g.lang))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the proof to `FILE` (default: standard output)")
	return cmd
}

// proveCertificate proves the issuance of the certificate identifier names
// (any of its versions) and its latest later event, if any.
func proveCertificate(ctx context.Context, led *ledger.Ledger, identifier string) (*audit.ProofFile, error) {
	events, err := led.Events(ctx, identifier)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, text.Badf("台账中没有证照 %s", "certificate %s is not in the ledger", identifier)
	}
	head, err := led.LatestHead(ctx)
	if err != nil {
		return nil, text.Errorf("还没有签名树头", "there is no signed tree head yet").WithHint("运行 ezz audit head", "run ezz audit head")
	}
	picked := []ledger.Event{events[0]}
	if last := events[len(events)-1]; last.Seq != events[0].Seq {
		picked = append(picked, last)
	}
	f := &audit.ProofFile{Format: audit.ProofFormat, Head: head}
	for _, ev := range picked {
		in, err := proveEvent(ctx, led, ev, head)
		if err != nil {
			return nil, err
		}
		f.Proofs = append(f.Proofs, in)
	}
	return f, nil
}

func proveEvent(ctx context.Context, led *ledger.Ledger, ev ledger.Event, head audit.Head) (audit.Inclusion, error) {
	idx, err := led.AuditIndexOfEvent(ctx, ev.Seq)
	if err != nil {
		return audit.Inclusion{}, err
	}
	if idx >= head.Size {
		return audit.Inclusion{}, text.Errorf("事件 %d（%s）还不在签名树头中", "event %d (%s) is not under a signed tree head yet", ev.Seq, ev.Kind).
			WithHint("运行 ezz audit head 签一个新的树头", "run ezz audit head to sign a new one")
	}
	e, err := led.AuditEntryAt(ctx, idx)
	if err != nil {
		return audit.Inclusion{}, err
	}
	path, err := led.InclusionProof(ctx, idx, head)
	if err != nil {
		return audit.Inclusion{}, err
	}
	return audit.Inclusion{Label: ev.Kind, Entry: e.Entry, Leaf: e.Leaf(), Path: path}, nil
}

func newAuditCheckProofCmd(g *globals) *cobra.Command {
	var issuer string
	cmd := &cobra.Command{
		Use:   "check-proof FILE --issuer CERT.pem",
		Short: "Check an audit proof with nothing but the file and the issuer's certificate (exit 1 when it does not hold)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := readProofFile(args[0])
			if err != nil {
				return textError(err)
			}
			pub, err := issuerKey(issuer, f.Head.KeyID)
			if err != nil {
				return textError(err)
			}
			if err := f.Check(pub); err != nil {
				return textError(text.Wrap(err, "审计证明不成立", "the audit proof does not hold").WithClass(text.Bad))
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"valid": true, "head": f.Head, "proofs": f.Proofs})
			}
			w := cmd.OutOrStdout()
			fmt.Fprintln(w, text.F("审计证明成立：%d 个条目在", "audit proof holds: %d entries are in the", len(f.Proofs)).In(g.lang), headLine(f.Head).In(g.lang))
			for _, p := range f.Proofs {
				fmt.Fprintf(w, "  %-12s #%d %s %s %s %s\n", p.Label, p.Entry.Index, p.Entry.At, p.Entry.Action, p.Entry.Subject, p.Entry.Outcome)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&issuer, "issuer", "", "the issuer's certificate (`CERT.pem`) the tree head must be signed with")
	_ = cmd.MarkFlagRequired("issuer")
	return cmd
}

func readProofFile(path string) (*audit.ProofFile, error) {
	b, err := readSmall(path)
	if err != nil {
		return nil, err
	}
	f, err := audit.ParseProofFile(b)
	if err != nil {
		return nil, text.Wrap(err, "审计证明 %s 无法读取", "audit proof %s cannot be read", path).WithClass(text.Bad)
	}
	return f, nil
}

// readSmall reads a regular file of at most 1 MiB.
func readSmall(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err == nil && (!st.Mode().IsRegular() || st.Size() > 1<<20) {
		return nil, text.Errorf("%s 不是 1 MiB 以内的普通文件", "%s is not a regular file of at most 1 MiB", path)
	}
	if err != nil {
		return nil, text.Wrap(err, "无法读取 %s", "cannot read %s", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, text.Wrap(err, "无法读取 %s", "cannot read %s", path)
	}
	return b, nil
}

// issuerKey is the public key of the certificate(s) in path that keyID names.
func issuerKey(path, keyID string) (any, error) {
	t, err := sign.LoadTrust(path)
	if err != nil {
		return nil, text.Wrap(err, "无法读取签发证书 %s", "cannot read the issuer certificate %s", path)
	}
	pub, err := t.Lookup(keyID)
	if err != nil {
		return nil, text.Badf("树头由密钥 %s 签名，不是 %s 中的证书", "the tree head was signed by key %s, not by a certificate in %s", keyID, path)
	}
	return pub, nil
}

func newAuditConsistencyCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "consistency OLD_HEAD NEW_HEAD",
		Short: "Prove and check that one signed tree head extends another (a head's size, or a head JSON file)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openAudit(g)
			if err != nil {
				return err
			}
			defer e.close()
			f, err := proveConsistency(cmd.Context(), e, args[0], args[1])
			if err != nil {
				return textError(err)
			}
			if out != "" {
				b, _ := json.MarshalIndent(f, "", "  ")
				if err := writeFileAtomic(out, append(b, '\n')); err != nil {
					return usageError(err)
				}
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"consistent": true, "old": f.Old, "new": f.New, "path": f.Path})
			}
			fmt.Fprintln(cmd.OutOrStdout(), text.F("一致：%d 条的树头延续了 %d 条的树头（证明 %d 个哈希）",
				"consistent: the head of %d entries extends the head of %d (a proof of %d hashes)", f.New.Size, f.Old.Size, len(f.Path)).In(g.lang))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "also write the proof to `FILE`")
	return cmd
}

// proveConsistency finds both heads, checks their signatures with the
// workspace's issuer certificates, proves from the ledger that new extends
// old and checks the proof.
func proveConsistency(ctx context.Context, e *auditEnv, oldArg, newArg string) (*audit.ConsistencyFile, error) {
	trust, err := e.trust()
	if err != nil {
		return nil, err
	}
	f := &audit.ConsistencyFile{Format: audit.ConsistencyFormat}
	for _, x := range []struct {
		arg string
		h   *audit.Head
	}{{oldArg, &f.Old}, {newArg, &f.New}} {
		if *x.h, err = headArg(ctx, e.led, x.arg); err != nil {
			return nil, err
		}
		pub, err := trust.Lookup(x.h.KeyID)
		if err == nil {
			err = x.h.Verify(pub)
		}
		if err != nil {
			return nil, text.Wrap(err, "树头 %s 的签名无效", "tree head %s is not validly signed", x.arg).WithClass(text.Bad)
		}
	}
	if f.Path, err = e.led.ConsistencyProof(ctx, f.Old, f.New); err == nil {
		err = audit.VerifyConsistency(f.Old, f.New, f.Path)
	}
	if err != nil {
		return nil, text.Wrap(err, "%d 条的树头没有延续 %d 条的树头", "the head of %d entries does not extend the head of %d", f.New.Size, f.Old.Size).WithClass(text.Bad)
	}
	return f, nil
}

// headArg is the head a command-line argument names: a size in the ledger, or a file.
func headArg(ctx context.Context, led *ledger.Ledger, arg string) (audit.Head, error) {
	if n, err := strconv.ParseUint(arg, 10, 64); err == nil {
		h, err := led.HeadOfSize(ctx, n)
		if err != nil {
			return h, text.Errorf("台账中没有 %d 条的签名树头", "the ledger has no signed tree head of %d entries", n).WithHint("ezz audit export 列出树头", "ezz audit export lists the heads")
		}
		return h, nil
	}
	b, err := readSmall(arg)
	if err != nil {
		return audit.Head{}, err
	}
	h, err := audit.ParseHead(b)
	if err != nil {
		return h, text.Wrap(err, "无法读取树头 %s", "cannot read tree head %s", arg).WithClass(text.Bad)
	}
	return h, nil
}
