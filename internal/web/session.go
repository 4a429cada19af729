package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// sessionCookie names the console's session cookie.
const sessionCookie = "ezz_session"

// sessionTTL is how long a console session lasts without use.
const sessionTTL = 12 * time.Hour

// sessions holds the console's one-time login token and its sessions, each
// with its CSRF token. Everything is in memory: restarting `ezz serve` logs
// everybody out and prints a new link.
type sessions struct {
	mu     sync.Mutex
	login  string // the one-time login token; "" once used
	active map[string]*session
	now    func() time.Time
}

type session struct {
	csrf    string
	expires time.Time
	onces   map[string]bool // confirmations not yet acted on
}

// maxOnces bounds the open confirmations of a session.
const maxOnces = 256

func newSessions(now func() time.Time) *sessions {
	return &sessions{login: randomToken(), active: map[string]*session{}, now: now}
}

// randomToken is 32 random bytes, base64url.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("ezz: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// redeem exchanges the one-time login token for a new session id.
func (s *sessions) redeem(token string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.login == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.login)) != 1 {
		return "", false
	}
	s.login = ""
	id := randomToken()
	s.active[id] = &session{csrf: randomToken(), expires: s.now().Add(sessionTTL)}
	return id, true
}

// of returns the request's live session, extending it, or nil.
func (s *sessions) of(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.active[c.Value]
	now := s.now()
	if ss == nil || now.After(ss.expires) {
		delete(s.active, c.Value)
		return nil
	}
	ss.expires = now.Add(sessionTTL)
	return ss
}

// validCSRF checks a form's token against the session's, and that a browser
// that names the origin of the request names this server.
func validCSRF(r *http.Request, ss *session) bool {
	if o := r.Header.Get("Origin"); o != "" && o != originOf(r) {
		return false
	}
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ss.csrf)) == 1
}

// originOf is the origin this request was made to.
func originOf(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// once returns a new one-time token for a confirmation form of ss.
func (s *sessions) once(ss *session) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss.onces == nil || len(ss.onces) >= maxOnces {
		ss.onces = map[string]bool{}
	}
	t := randomToken()
	ss.onces[t] = true
	return t
}

// takeOnce uses up a one-time token of ss; false if it was used or never given.
func (s *sessions) takeOnce(ss *session, t string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ss.onces[t] {
		return false
	}
	delete(ss.onces, t)
	return true
}
