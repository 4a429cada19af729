package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// cspHash is the CSP source that allows exactly one inline block.
func cspHash(block []byte) string {
	sum := sha256.Sum256(block)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// secure sets the security headers every page sends: a Content-Security-Policy
// that allows only the embedded style (and script, for the console), no
// framing, no MIME sniffing, no caching of answers, and no referrer — except
// that the console (console true) sends its own origin to itself, because
// browsers send "Origin: null" with a form under no-referrer, and the console
// checks the origin of every form it receives.
func secure(next http.Handler, console bool) http.Handler {
	script, referrer := "'none'", "no-referrer"
	if console {
		script, referrer = "'self'", "same-origin"
	}
	csp := "default-src 'none'; style-src " + cspHash(styleCSS) + "; img-src 'self' data:; script-src " + script +
		"; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", referrer)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
