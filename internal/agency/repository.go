package agency

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"net"
	"strings"
	"time"

	"ezz/internal/bundle"
	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/push"
	"ezz/internal/repository"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/web"
)

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
	b, sum, err := readBundle(file)
	if err != nil {
		return nil, err
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
	data, err := input.Read(path, 1<<20) // refused past 1 MiB, never cut short
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
