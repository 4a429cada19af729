package repository

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"ezz/internal/push"
)

// ProfileSecrets are the secrets a receiver shares with the stations that
// push through a profile: the OAuth2 client secret and the SM4 key.
type ProfileSecrets struct {
	ClientSecret string
	SM4Key       []byte // 16 bytes
}

// profileReceiver speaks one province profile (accept-data or exchange-table)
// the way the province's interface would, storing the rows it accepts.
type profileReceiver struct {
	s       *Server
	p       *push.Profile
	secrets ProfileSecrets
	tokens  *tokens
}

// Speak makes the receiver also answer the interface profile p describes, at
// p's paths. A profile of the ezz protocol needs nothing: the receiver speaks it.
func (s *Server) Speak(p *push.Profile, secrets ProfileSecrets) error {
	if p.Protocol == push.ProtocolEzz {
		return nil
	}
	if problems := p.Lint(); len(problems) > 0 {
		return fmt.Errorf("profile %s: %s", p.Name, strings.Join(problems, "; "))
	}
	if p.Auth.Type == push.AuthOAuth2 && secrets.ClientSecret == "" {
		return fmt.Errorf("profile %s: the receiver needs the OAuth2 client secret", p.Name)
	}
	if p.Encryption == push.EncryptSM4 && len(secrets.SM4Key) != 16 {
		return fmt.Errorf("profile %s: the receiver needs the 128-bit SM4 key", p.Name)
	}
	pr := &profileReceiver{s: s, p: p, secrets: secrets, tokens: &tokens{live: map[string]time.Time{}}}
	if err := s.mount("POST "+p.Paths["items"], http.HandlerFunc(pr.handleItems)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if p.Auth.Type == push.AuthOAuth2 {
		if err := s.mount("POST "+p.Paths["token"], http.HandlerFunc(pr.handleToken)); err != nil {
			return fmt.Errorf("profile %s: %w", p.Name, err)
		}
	}
	return nil
}

// mount is Mount, turning the mux's panic on a clashing pattern into an error.
func (s *Server) mount(pattern string, h http.Handler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("path %q: %v", pattern, r)
		}
	}()
	s.mux.Handle(pattern, h)
	return nil
}

// handleToken is the OAuth2 client-credentials token endpoint (RFC 6749 §4.4).
func (pr *profileReceiver) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	id, secret, ok := r.BasicAuth()
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if !ok || id != pr.p.Auth.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(pr.secrets.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	tok, err := pr.tokens.issue(time.Now(), time.Hour)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily_unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 3600})
}

// authorized checks the request's credentials: a live bearer token, or the
// agency's request signature. It returns the issuer key that signed (or "").
func (pr *profileReceiver) authorized(w http.ResponseWriter, r *http.Request) (body []byte, keyID string, ok bool) {
	if pr.p.Auth.Type == push.AuthSignature {
		return pr.s.authenticated(w, r, pr.s.cfg.Clock())
	}
	tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || !pr.tokens.valid(tok, time.Now()) {
		refuse(w, http.StatusUnauthorized, push.CodeUnsigned, "no valid bearer token")
		return nil, "", false
	}
	body, ok = pr.s.readBody(w, r)
	return body, "", ok
}

// tokens are the bearer tokens a receiver handed out, until they expire.
type tokens struct {
	mu   sync.Mutex
	live map[string]time.Time
}

// maxTokens bounds the live tokens (a client asking in a loop cannot fill memory).
const maxTokens = 10_000

var errTooManyTokens = errors.New("too many live tokens")

func (t *tokens) issue(now time.Time, life time.Duration) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, exp := range t.live {
		if now.After(exp) {
			delete(t.live, k)
		}
	}
	if len(t.live) >= maxTokens {
		return "", errTooManyTokens
	}
	tok := hex.EncodeToString(b)
	t.live[tok] = now.Add(life)
	return tok, nil
}

func (t *tokens) valid(tok string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.live[tok]
	return ok && now.Before(exp)
}

// handleItems takes a batch of rows and answers per row, in the profile's shape.
func (pr *profileReceiver) handleItems(w http.ResponseWriter, r *http.Request) {
	body, keyID, ok := pr.authorized(w, r)
	if !ok {
		return
	}
	rows, err := DecodeRows(pr.p, pr.secrets.SM4Key, body)
	if err != nil {
		refuse(w, http.StatusBadRequest, push.CodeMalformed, err.Error())
		return
	}
	outcomes, err := pr.receive(r.Context(), rows, keyID)
	if err != nil {
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the repository could not store the rows")
		return
	}
	pr.s.writeSigned(w, r, http.StatusOK, pr.answer(rows, outcomes))
}

// receive checks each row and stores those that pass, in one transaction.
func (pr *profileReceiver) receive(ctx context.Context, rows []Row, keyID string) ([]outcome, error) {
	out := make([]outcome, len(rows))
	checked := parallel(len(rows), func(i int) string { return pr.check(ctx, &rows[i]) })
	err := pr.s.store.tx(ctx, func(t *sql.Tx) error {
		for i := range rows {
			if checked[i] != "" {
				out[i] = outcome{result: push.Rejected, reason: checked[i]}
				continue
			}
			o, err := putRow(ctx, t, pr.p.Name, &rows[i], keyID, pr.s.cfg.Clock())
			if err != nil {
				return err
			}
			out[i] = o
		}
		return nil
	})
	return out, err
}
