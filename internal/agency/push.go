package agency

import (
	"context"
	"errors"
	"os"
	"time"

	"ezz/internal/bundle"
	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/repository"
	"ezz/internal/text"
)

// Types of the push use cases, for cli to render.
type (
	PushReport      = push.Report
	PushBatch       = push.Batch
	PushResult      = push.Result
	BundleReceipts  = bundle.Receipts
	RepositoryStore = repository.Store
)

// PushOptions are one `ezz push`.
type PushOptions struct {
	To            string // the repository's base URL; "" means the profile, else repository_url
	Profile       string // a profile file or built-in name
	BatchSize     int
	Timeout       time.Duration
	Attempts      int
	Max           int
	RetryRejected bool
	Progress      func(done int)
	// Receiver is the receiver's certificate (PEM): answers must carry its signature.
	Receiver string
	TLS      ClientTLS
}

// Push sends the outbox to the repository (docs/push-protocol.md). The report
// is returned even when the push stopped with an error.
func (a *Agency) Push(ctx context.Context, o PushOptions) (*PushReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	r := push.Request{WS: a.Workspace, Ledger: a.Ledger, To: o.To, BatchSize: o.BatchSize, Timeout: o.Timeout, Max: o.Max,
		RetryRejected: o.RetryRejected, Actor: a.Actor, Now: a.clock, Progress: o.Progress, Retry: push.DefaultRetry}
	r.Retry.Attempts = max(o.Attempts, 1)
	var err error
	if o.Profile != "" {
		if r.Profile, err = push.LoadProfile(o.Profile); err != nil {
			return nil, err
		}
	} else if r.To == "" {
		r.To = a.Config.RepositoryURL
	}
	if r.Profile == nil && r.To == "" {
		return nil, noRepository()
	}
	if err := checkAnswersTrusted(r.To, o.Receiver); o.Profile == "" && err != nil {
		return nil, err
	}
	if r.TLS, err = o.TLS.config(); err != nil {
		return nil, err
	}
	if o.Receiver != "" {
		cert, err := repository.ReadReceiverCert(o.Receiver)
		if err != nil {
			return nil, text.Wrap(err, "读取接收端证书", "read the receiver's certificate")
		}
		r.Receiver = cert.PublicKey
	}
	if r.Key, err = a.Issuer(); err != nil {
		return nil, err
	}
	a.Ledger.SetHeadSigner(r.Key.Key, a.clock)
	rep, err := push.PushWorkspace(ctx, r)
	if err != nil {
		err = text.Wrap(err, "推送中断", "push stopped").WithHint("重新运行 ezz push 会从中断处继续", "run ezz push again: it resumes where it stopped")
	}
	return rep, err
}

// LintProfile lists a push profile's problems (a file that cannot be read is one).
func LintProfile(name string) []string {
	p, err := push.ReadProfile(name)
	if err != nil {
		return []string{err.Error()}
	}
	if problems := p.Lint(); problems != nil {
		return problems
	}
	return []string{}
}

// MakeStatusList signs the workspace's status list, valid for validFor, into file.
func (a *Agency) MakeStatusList(ctx context.Context, file string, validFor time.Duration) (nextUpdate time.Time, err error) {
	if err := a.needWorkspace(); err != nil {
		return time.Time{}, err
	}
	key, err := a.Issuer()
	if err != nil {
		return time.Time{}, err
	}
	now := a.Now()
	data, err := push.MakeStatusList(ctx, a.Workspace, a.Ledger, key, now, validFor)
	if err != nil {
		return time.Time{}, err
	}
	return now.Add(validFor), writeAtomic(file, data)
}

// ExportBundle writes the outbox to an offline bundle and says how many items.
func (a *Agency) ExportBundle(ctx context.Context, file string, since time.Time) (int, error) {
	if err := a.needWorkspace(); err != nil {
		return 0, err
	}
	key, err := a.Issuer()
	if err != nil {
		return 0, err
	}
	return bundle.Export(ctx, a.Ledger, key, a.Station, file, since, a.Now())
}

// CheckBundle checks a bundle completely with the agency's trust (or the
// --trust files): the batch and, per item, nil or why it is bad.
func (a *Agency) CheckBundle(ctx context.Context, file string) (*PushBatch, []*PushResult, error) {
	trust, err := a.Trust()
	if err != nil {
		return nil, nil, err
	}
	b, _, err := readBundle(file)
	if err != nil {
		return nil, nil, err
	}
	checks, err := repository.New(nil, repository.Config{Trust: trust, Clock: a.clock}).Check(ctx, b)
	if err != nil {
		return nil, nil, text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	return b, checks, nil
}

// readBundle reads the bundle in file: one that could not be read is an
// environment error (exit 2), one that holds what it should not a bad bundle (exit 1).
func readBundle(file string) (*push.Batch, string, error) {
	b, sum, err := bundle.Read(file)
	if err != nil && !errors.As(err, new(*text.Error)) {
		err = text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	return b, sum, err
}

// ApplyReceipts marks the outbox from a repository's signed receipts for a
// bundle, once their signature verifies with the receiver's certificate.
func (a *Agency) ApplyReceipts(ctx context.Context, file, receiverCert string) (marked, rejected int, err error) {
	if err := a.needWorkspace(); err != nil {
		return 0, 0, err
	}
	if receiverCert == "" {
		return 0, 0, text.Errorf("需要接收端的证书才能核验回执", "the receiver's certificate is needed to check the receipts").
			WithHint("用 --receiver 指定省级库接收端的证书（ezz repository serve 的 FILE.db.receiver.pem）",
				"give --receiver CERT.pem: the repository's receiver certificate (FILE.db.receiver.pem of ezz repository serve)")
	}
	cert, err := repository.ReadReceiverCert(receiverCert)
	if err != nil {
		return 0, 0, text.Wrap(err, "读取接收端证书", "read the receiver's certificate")
	}
	data, err := readBounded(file, bundle.MaxReceipts)
	if err != nil {
		return 0, 0, text.Wrap(err, "读取回执", "read the receipts")
	}
	rc, err := bundle.OpenReceipts(data, cert.PublicKey)
	if err != nil {
		return 0, 0, text.Wrap(err, "回执 %s 不可信", "receipts %s are not to be trusted", file).WithClass(text.Bad).
			WithHint("回执须是省级库签名的原件；请向省级库重新索取", "the receipts must be the repository's signed original: ask the repository for them again")
	}
	return bundle.ApplyReceipts(ctx, a.Ledger, rc, "bundle "+rc.BundleSM3[:16],
		ledger.Stamp{Actor: a.Actor, Station: a.Station, At: a.Now()})
}

// readBounded reads a regular file of at most limit bytes (input.Read).
func readBounded(path string, limit int64) ([]byte, error) { return input.Read(path, limit) }

func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Result names of a push, for rendering.
const (
	ResultAccepted  = push.Accepted
	ResultDuplicate = push.Duplicate
	ResultRejected  = push.Rejected
)

// noRepository is the error of a push with nowhere to go: before anything is
// sent or reported, so that no "0 still waiting" stands beside a full outbox.
func noRepository() error {
	return text.Errorf("没有省级库地址，未推送任何项", "no repository to push to: nothing was pushed").
		WithHint("用 --to URL 或 --profile FILE 指定，或在工作区的 config.yaml 中设置 repository_url；ezz outbox 列出待推送的项",
			"give --to URL or --profile FILE, or set repository_url in the workspace's config.yaml; ezz outbox lists what waits")
}
