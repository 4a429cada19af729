package repository

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"ezz/internal/push"
	"ezz/internal/sign"
)

// Config is what a receiver trusts and how much it takes.
type Config struct {
	// Trust holds the issuer certificates whose signatures are accepted.
	Trust *sign.Trust
	// Revoked names revoked issuer keys (key ids): their requests and items are refused.
	Revoked map[string]bool
	// MaxBody bounds a request body (default DefaultMaxBody).
	MaxBody int64
	// Rate is the requests a second one client may make, with a burst of
	// twice as many (default DefaultRate; negative means no limit).
	Rate float64
	// Clock is the receiver's clock (nil means time.Now).
	Clock func() time.Time
	// Key, when set, signs every answer to a signed request and every bundle
	// receipts file (OpenReceiverKey).
	Key *ReceiverKey
}

// Defaults of Config.
const (
	DefaultMaxBody = 32 << 20
	DefaultRate    = 50
)

// Server is a reference repository: an http.Handler over a Store.
type Server struct {
	store  *Store
	cfg    Config
	mux    *http.ServeMux
	limits *clientLimits
	front  http.Handler // what serves requests: the receiver, or Front's handler before it
}

// New makes a receiver over store.
func New(store *Store, cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Trust == nil {
		cfg.Trust = sign.NewTrust()
	}
	s := &Server{store: store, cfg: cfg, mux: http.NewServeMux(), limits: newClientLimits(cfg.Rate)}
	s.front = http.HandlerFunc(s.ServeHTTP)
	s.mux.HandleFunc("POST /v1/items", s.handleItems)
	s.mux.HandleFunc("GET /v1/status/{identifier}", s.handleStatus)
	s.mux.HandleFunc("POST /v1/status-lists", s.handlePutStatusList)
	s.mux.HandleFunc("GET /v1/status-lists/{key}", s.handleGetStatusList)
	s.mux.HandleFunc("GET /v1/tree-heads/{key}", s.handleTreeHead)
	return s
}

// ServeHTTP rate-limits each client, then serves the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if wait, ok := s.limits.allow(clientOf(r), time.Now()); !ok { // real time, whatever the injected clock says
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		refuse(w, http.StatusTooManyRequests, "rate-limited", "too many requests from this client")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Mount adds handler to the receiver's mux under pattern (a net/http
// ServeMux pattern such as "GET /v/{token}"). Mounted handlers share the
// per-client rate limit. Mount before serving.
func (s *Server) Mount(pattern string, handler http.Handler) { s.mux.Handle(pattern, handler) }

// clientOf names the client a request comes from, for rate limiting: its IP address.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// keyFor returns the public key of a trusted, unrevoked issuer key, valid at
// at, or the reason code it is refused with.
func (s *Server) keyFor(keyID string, at time.Time) (crypto.PublicKey, string, error) {
	if s.cfg.Revoked[keyID] {
		return nil, "revoked-key", fmt.Errorf("issuer key %s is revoked", keyID)
	}
	cert, _, err := s.cfg.Trust.Certificate(keyID, at)
	if errors.Is(err, sign.ErrUnknownKey) {
		return nil, "unknown-key", fmt.Errorf("key %s is not one of the issuers this repository trusts", keyID)
	}
	if err != nil {
		return nil, "untrusted-issuer", err
	}
	return cert.PublicKey, "", nil
}

// Serve serves on l until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{Handler: s.front, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: time.Minute, MaxHeaderBytes: 64 << 10}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		<-done
		return nil
	}
}

// refuse answers a refused request with its reason code.
func refuse(w http.ResponseWriter, status int, code, reason string) {
	writeJSON(w, status, map[string]string{"code": code, "reason": reason})
}

// writeSigned answers a signed request with v, signed with the receiver key
// over the request's nonce and the body.
func (s *Server) writeSigned(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		refuse(w, http.StatusInternalServerError, "internal", "the answer could not be encoded")
		return
	}
	body = append(body, '\n')
	if s.cfg.Key != nil {
		sig, err := push.SignAnswer(s.cfg.Key.Key, r.Header.Get(push.HeaderNonce), body)
		if err != nil {
			refuse(w, http.StatusInternalServerError, "internal", "the answer could not be signed")
			return
		}
		w.Header().Set(push.HeaderReceiverKey, s.cfg.Key.KeyID())
		w.Header().Set(push.HeaderReceiverSignature, sig)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
