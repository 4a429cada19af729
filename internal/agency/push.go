package agency

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"ezz/internal/bundle"
	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/repository"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/web"
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
	b, _, err := bundle.Read(file)
	if err != nil {
		return nil, nil, text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	checks, err := repository.New(nil, repository.Config{Trust: trust, Clock: a.clock}).Check(ctx, b)
	if err != nil {
		return nil, nil, text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	return b, checks, nil
}

// ApplyReceipts marks the outbox from a repository's receipts for a bundle.
func (a *Agency) ApplyReceipts(ctx context.Context, file string) (marked, rejected int, err error) {
	if err := a.needWorkspace(); err != nil {
		return 0, 0, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, 0, err
	}
	var rc bundle.Receipts
	if json.Unmarshal(data, &rc) != nil || rc.Format != bundle.ReceiptsV1 || len(rc.BundleSM3) < 16 {
		return 0, 0, text.Errorf("%s 不是离线包回执文件", "%s is not a bundle receipts file", file)
	}
	return bundle.ApplyReceipts(ctx, a.Ledger, &rc, "bundle "+rc.BundleSM3[:16],
		ledger.Stamp{Actor: a.Actor, Station: a.Station, At: a.Now()})
}

func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// RepositoryOptions configure the reference receiver.
type RepositoryOptions struct {
	DB, Revoked string
	Trust       []string
	MaxBody     int64
	Rate        float64
	Now         func() time.Time
}

// Repository is an open reference receiver.
type Repository struct {
	store *repository.Store
	srv   *repository.Server
	trust *sign.Trust
	now   func() time.Time
}

// OpenRepository opens the receiver's store and configuration.
func OpenRepository(o RepositoryOptions) (*Repository, error) {
	revoked, err := readKeyList(o.Revoked)
	if err != nil {
		return nil, err
	}
	trust, err := repository.LoadTrust(revoked, o.Trust...)
	if err != nil {
		return nil, err
	}
	st, err := repository.OpenStore(o.DB)
	if err != nil {
		return nil, err
	}
	return &Repository{store: st, srv: repository.New(st, repository.Config{Trust: trust, Revoked: revoked,
		MaxBody: o.MaxBody, Rate: o.Rate, Clock: o.Now}), trust: trust, now: o.Now}, nil
}

// Close closes the store.
func (r *Repository) Close() error { return r.store.Close() }

// Server is the receiver, for mounting more handlers (Server.Mount) and status look-ups.
func (r *Repository) Server() *repository.Server { return r.srv }

// Serve serves on l until ctx is done, with the scan page GET /v/TOKEN in
// front (repository_scan.go).
func (r *Repository) Serve(ctx context.Context, l net.Listener) error {
	r.srv.Front(r.Scan(web.DefaultLimit).Wrap)
	return r.srv.Serve(ctx, l)
}

// Import imports a bundle and writes the receipts to receiptsFile.
func (r *Repository) Import(ctx context.Context, file, receiptsFile string) ([]PushResult, error) {
	b, sum, err := bundle.Read(file)
	if err != nil {
		return nil, text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	results, err := r.srv.Import(ctx, b)
	if err != nil {
		return nil, text.Wrap(err, "离线包有误", "bad bundle").WithClass(text.Bad)
	}
	data, _ := json.MarshalIndent(bundle.Receipts{Format: bundle.ReceiptsV1, BundleSM3: sum, Results: results}, "", " ")
	return results, writeAtomic(receiptsFile, data)
}

// readKeyList reads key ids, one per line ('#' starts a comment).
func readKeyList(path string) (map[string]bool, error) {
	out := map[string]bool{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			out[line] = true
		}
	}
	return out, nil
}

// Result names of a push, for rendering.
const (
	ResultAccepted  = push.Accepted
	ResultDuplicate = push.Duplicate
	ResultRejected  = push.Rejected
)
