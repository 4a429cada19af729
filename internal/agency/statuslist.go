package agency

import (
	"context"
	"time"

	"ezz/internal/push"
	"ezz/internal/repository"
	"ezz/internal/text"
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
	if err := checkAnswersTrusted(o.To, o.Receiver); err != nil {
		return nil, err
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
