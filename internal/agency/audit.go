package agency

import (
	"context"
	"errors"
	"strconv"
	"time"

	"ezz/internal/audit"
	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

// The audit log's types, for the commands that render them (docs/audit.md).
type (
	AuditReport     = ledger.AuditReport
	AuditHead       = audit.Head
	AuditProofFile  = audit.ProofFile
	AuditConsistent = audit.ConsistencyFile
	AuditHash       = audit.Hash
	AuditInclusion  = audit.Inclusion
	AuditPrune      = ledger.Prune
)

// AccessRetention is how many years access entries are kept at least.
const AccessRetention = ledger.AccessRetention

// SetOperator makes the events of this run name operator instead of the OS user (--operator).
func SetOperator(operator string) { workspace.SetOperator(operator) }

// AuditVerify recomputes the audit log and checks every head with the
// workspace's issuer certificates.
func (a *Agency) AuditVerify(ctx context.Context) (*AuditReport, error) {
	if err := a.needLedger(); err != nil {
		return nil, err
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, err
	}
	if trust == nil {
		trust = sign.NewTrust()
	}
	return a.Ledger.VerifyAudit(ctx, trust)
}

// AuditHead signs a head of the whole log now, or returns the latest one.
func (a *Agency) AuditHead(ctx context.Context, latest bool) (AuditHead, error) {
	if err := a.needLedger(); err != nil {
		return AuditHead{}, err
	}
	if latest {
		h, err := a.Ledger.LatestHead(ctx)
		if errors.Is(err, ledger.ErrNotFound) {
			return h, text.Errorf("还没有签名树头", "no signed tree head yet").WithHint("运行 ezz audit head", "run ezz audit head")
		}
		return h, err
	}
	key, err := a.Issuer()
	if err != nil {
		return AuditHead{}, err
	}
	return a.Ledger.MakeHead(ctx, key.Key, a.Now())
}

// AuditProve proves the issuance of the certificate identifier names (any
// of its versions) and its latest later event, against the latest head.
func (a *Agency) AuditProve(ctx context.Context, identifier string) (*AuditProofFile, error) {
	if err := a.needLedger(); err != nil {
		return nil, err
	}
	led := a.Ledger
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

// CheckProof checks the proof file at path with only the issuer
// certificate(s) in issuer; it needs no workspace.
func CheckProof(path, issuer string) (*AuditProofFile, error) {
	b, err := readSmall(path)
	if err != nil {
		return nil, err
	}
	f, err := audit.ParseProofFile(b)
	if err != nil {
		return nil, text.Wrap(err, "审计证明 %s 无法读取", "audit proof %s cannot be read", path).WithClass(text.Bad)
	}
	t, err := sign.LoadTrust(issuer)
	if err != nil {
		return nil, text.Wrap(err, "无法读取签发证书 %s", "cannot read the issuer certificate %s", issuer)
	}
	pub, err := t.Lookup(f.Head.KeyID)
	if err != nil {
		return nil, text.Badf("树头由密钥 %s 签名，不是 %s 中的证书", "the tree head was signed by key %s, not by a certificate in %s", f.Head.KeyID, issuer)
	}
	if err := f.Check(pub); err != nil {
		return nil, text.Wrap(err, "审计证明不成立", "the audit proof does not hold").WithClass(text.Bad)
	}
	return f, nil
}

// readSmall reads a regular file of at most 1 MiB (input.Read).
func readSmall(path string) ([]byte, error) {
	b, err := input.Read(path, 1<<20)
	if err != nil && !errors.As(err, new(*text.Error)) { // an *fs.PathError
		return nil, text.Wrap(err, "无法读取 %s", "cannot read %s", path)
	}
	return b, err
}

// AuditConsistency finds both heads (a size in the ledger, or a head JSON
// file), checks their signatures with the workspace's issuer certificates,
// proves from the ledger that new extends old and checks the proof.
func (a *Agency) AuditConsistency(ctx context.Context, oldArg, newArg string) (*AuditConsistent, error) {
	if err := a.needLedger(); err != nil {
		return nil, err
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, err
	}
	if trust == nil {
		trust = sign.NewTrust()
	}
	f := &audit.ConsistencyFile{Format: audit.ConsistencyFormat}
	for _, x := range []struct {
		arg string
		h   *audit.Head
	}{{oldArg, &f.Old}, {newArg, &f.New}} {
		if *x.h, err = headArg(ctx, a.Ledger, x.arg); err != nil {
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
	if f.Path, err = a.Ledger.ConsistencyProof(ctx, f.Old, f.New); err == nil {
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

// AuditPrune removes the bodies of access entries older than before (at
// least AccessRetention years ago), signing heads before and after.
func (a *Agency) AuditPrune(ctx context.Context, before time.Time) (AuditPrune, error) {
	if err := a.needLedger(); err != nil {
		return AuditPrune{}, err
	}
	key, err := a.Issuer()
	if err != nil {
		return AuditPrune{}, err
	}
	p, err := a.Ledger.PruneAudit(ctx, before, a.Now(), a.Actor, a.Station, key.Key)
	if errors.Is(err, ledger.ErrRetention) {
		return p, text.Wrap(err, "拒绝清理：访问日志至少保存 %d 年", "prune refused: access entries are kept at least %d years", ledger.AccessRetention).WithClass(text.Bad)
	}
	return p, err
}

// needLedger fails when the agency was opened without a workspace or ledger.
func (a *Agency) needLedger() error {
	if err := a.needWorkspace(); err != nil {
		return err
	}
	if a.Ledger == nil {
		return text.Errorf("台账没有打开", "the ledger is not open")
	}
	return nil
}
