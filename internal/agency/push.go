package agency

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"ezz/internal/bundle"
	"ezz/internal/env"
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

// readBounded reads a regular file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > limit {
		return nil, text.Errorf("%s 不是不超过 %d 字节的普通文件", "%s is not a regular file of at most %d bytes", path, limit)
	}
	return io.ReadAll(io.LimitReader(f, limit+1))
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
	Profiles    []string // province profiles (files or built-in names) it also speaks
	TLS         ServerTLS
}

// Repository is an open reference receiver.
type Repository struct {
	store *repository.Store
	srv   *repository.Server
	key   *repository.ReceiverKey
	tls   *tls.Config
	trust *sign.Trust
	now   func() time.Time
	// ReceiverCert is the file of the receiver's certificate, which stations
	// trust to check its signed answers and receipts.
	ReceiverCert string
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
	profiles, err := loadProfiles(o.Profiles)
	if err != nil {
		return nil, err
	}
	tc, err := o.TLS.config()
	if err != nil {
		return nil, err
	}
	st, err := repository.OpenStore(o.DB)
	if err != nil {
		return nil, err
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	key, err := repository.OpenReceiverKey(o.DB, now())
	if err != nil {
		st.Close()
		return nil, err
	}
	srv := repository.New(st, repository.Config{Trust: trust, Revoked: revoked, MaxBody: o.MaxBody, Rate: o.Rate, Clock: o.Now, Key: key})
	for _, p := range profiles {
		if err := srv.Speak(p, profileSecrets(p)); err != nil {
			st.Close()
			return nil, text.Wrap(err, "接收端无法使用推送配置", "the receiver cannot speak the profile")
		}
	}
	return &Repository{store: st, srv: srv, key: key, tls: tc, trust: trust, now: o.Now, ReceiverCert: o.DB + repository.ReceiverCertSuffix}, nil
}

// profileSecrets are the secrets the receiver shares with stations pushing
// through p: the same environment variables ezz push reads.
func profileSecrets(p *push.Profile) repository.ProfileSecrets {
	key, _ := hex.DecodeString(strings.TrimSpace(env.PushSM4Key.Get()))
	return repository.ProfileSecrets{ClientSecret: env.PushClientSecret.Get(), SM4Key: key}
}

// loadProfiles loads and lints the profiles a receiver speaks.
func loadProfiles(names []string) ([]*push.Profile, error) {
	var out []*push.Profile
	for _, n := range names {
		p, err := push.LoadProfile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Close closes the store.
func (r *Repository) Close() error { return r.store.Close() }

// Server is the receiver, for mounting more handlers (Server.Mount) and status look-ups.
func (r *Repository) Server() *repository.Server { return r.srv }

// Serve serves on l (under TLS when configured) until ctx is done, with the
// scan page GET /v/TOKEN in front (repository_scan.go).
func (r *Repository) Serve(ctx context.Context, l net.Listener) error {
	r.srv.Front(r.Scan(web.DefaultLimit).Wrap)
	if r.tls != nil {
		l = tls.NewListener(l, r.tls)
	}
	return r.srv.Serve(ctx, l)
}

// TLS reports whether the receiver serves HTTPS.
func (r *Repository) TLS() bool { return r.tls != nil }

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
	data, err := bundle.SignReceipts(bundle.Receipts{BundleSM3: sum, Results: results}, r.key.Key)
	if err != nil {
		return nil, err
	}
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

// StatusListPush is one `ezz status-list push`.
type StatusListPush struct {
	To       string // the repository's base URL ("": the workspace's repository_url)
	ValidFor time.Duration
	Timeout  time.Duration
	Receiver string // the receiver's certificate: its answer must be signed
	TLS      ClientTLS
}

// StatusListPosted is what the repository answered.
type StatusListPosted struct {
	To         string `json:"to"`
	KeyID      string `json:"key_id"`
	IssuedAt   string `json:"issued_at"`
	NextUpdate string `json:"next_update"`
}

// PushStatusList signs the workspace's status list as of now and sends it to
// the repository, which publishes it (GET /v1/status-lists/KEY).
func (a *Agency) PushStatusList(ctx context.Context, o StatusListPush) (*StatusListPosted, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if o.To == "" {
		o.To = a.Config.RepositoryURL
	}
	if o.To == "" {
		return nil, text.Errorf("没有省级库地址", "no repository").WithHint("用 --to URL 指定，或在 config.yaml 中设置 repository_url",
			"give --to URL, or set repository_url in config.yaml")
	}
	tc, err := o.TLS.config()
	if err != nil {
		return nil, err
	}
	key, err := a.Issuer()
	if err != nil {
		return nil, err
	}
	retry := push.DefaultRetry
	retry.Attempts = 3
	c := &push.Client{BaseURL: o.To, HTTP: push.HTTPClient(max(o.Timeout, time.Second), tc), Key: key.Key, Retry: retry, Clock: a.clock}
	if o.Receiver != "" {
		cert, err := repository.ReadReceiverCert(o.Receiver)
		if err != nil {
			return nil, text.Wrap(err, "读取接收端证书", "read the receiver's certificate")
		}
		c.Receiver = cert.PublicKey
	}
	now := a.Now()
	list, err := push.MakeStatusList(ctx, a.Workspace, a.Ledger, key, now, o.ValidFor)
	if err != nil {
		return nil, err
	}
	p, err := push.PostStatusList(ctx, c, list)
	if err != nil {
		return nil, text.Wrap(err, "状态列表未被省级库接收", "the repository did not take the status list")
	}
	return &StatusListPosted{To: o.To, KeyID: p.KeyID, IssuedAt: p.IssuedAt, NextUpdate: now.Add(o.ValidFor).UTC().Format(time.RFC3339)}, nil
}
