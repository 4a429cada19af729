package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/qr"
)

// AccessLog records look-ups (R12); *ledger.Ledger is one.
type AccessLog interface {
	LogAccess(ctx context.Context, entries ...ledger.Access) error
}

// ScanOptions configure the scan page.
type ScanOptions struct {
	Verifier Verifier
	Log      AccessLog // every look-up is written here before it is answered; nil logs nothing
	Station  string    // the station the access log names
	Limit    Limit     // per client; zero: DefaultLimit
	// Staff reports whether a request comes from an authenticated agency
	// user, who sees the full record unmasked; nil: nobody does.
	Staff func(*http.Request) bool
	Now   func() time.Time // the clock for the page and the log; nil: time.Now
}

// Scan serves GET /v/TOKEN (and /V/TOKEN, for prefixes in capitals).
type Scan struct {
	o       ScanOptions
	limit   *limiter
	handler http.Handler
}

// NewScan returns the scan page handler.
func NewScan(o ScanOptions) *Scan {
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Scan{o: o, limit: newLimiter(o.Limit, time.Now)}
	s.handler = secure(http.HandlerFunc(s.serve), false)
	return s
}

// ServeHTTP answers a scan.
func (s *Scan) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Wrap routes the scan paths to s and everything else to next. Mount the scan
// page this way rather than on an http.ServeMux pattern: a mux cleans paths
// ("//" → "/"), which would change a token.
func (s *Scan) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := tokenOf(r); ok {
			s.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tokenOf returns the token from the request's path as it was sent (still
// percent-escaped, as the QR code holds it), and whether the path is a scan's.
func tokenOf(r *http.Request) (string, bool) {
	p := r.URL.EscapedPath() // the path as sent: Go keeps it when its own escaping would differ
	for _, prefix := range []string{"/v/", "/V/"} {
		if t, ok := strings.CutPrefix(p, prefix); ok {
			return t, true
		}
	}
	return "", false
}

func (s *Scan) serve(w http.ResponseWriter, r *http.Request) {
	p := page{Lang: pickLang(r), Path: r.URL.Path}
	p.Title = p.T("scan.title")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	token, _ := tokenOf(r)
	if token == "" || len(token) > qr.MaxPayload {
		p.Data = scanView{Message: p.T("scan.no-token")}
		writePage(w, http.StatusBadRequest, "scan.html", p)
		return
	}
	client := clientOf(r)
	if ok, wait := s.limit.allow(client); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		p.Data = scanView{Message: p.T("scan.too-many")}
		writePage(w, http.StatusTooManyRequests, "scan.html", p)
		return
	}
	res := s.o.Verifier.Verify(r.Context(), token)
	if err := s.log(r.Context(), client.String(), res); err != nil {
		p.Data = scanView{Message: p.T("scan.unavailable")}
		writePage(w, http.StatusServiceUnavailable, "scan.html", p)
		return
	}
	staff := s.o.Staff != nil && s.o.Staff(r)
	p.Data = newScanView(p, res, staff, s.o.Now())
	writePage(w, http.StatusOK, "scan.html", p)
}

// log writes the look-up to the access log: who asked (the client's
// address), what (the identifier the token claims) and the verdict.
func (s *Scan) log(ctx context.Context, client string, res Result) error {
	if s.o.Log == nil {
		return nil
	}
	subject := res.Identifier
	if subject == "" {
		subject = "QR code"
	}
	err := s.o.Log.LogAccess(ctx, ledger.Access{At: s.o.Now(), Actor: "web:" + client, Station: s.o.Station,
		Action: "scan", Subject: subject, Result: string(res.Verdict)})
	if err != nil {
		return fmt.Errorf("access log: %w", err)
	}
	return nil
}
