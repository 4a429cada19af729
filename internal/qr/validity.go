package qr

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ezz/internal/workday"
)

// Bind checks that c belongs to the certificate with this identifier and
// record digest (the full SM3 digest of its record, or at least its first
// DigestLen bytes). The error wraps ErrNotBound.
func Bind(c Claims, recordDigest []byte, identifier string) error {
	if c.Identifier != identifier {
		return fmt.Errorf("%w: the token is for %s, not %s", ErrNotBound, c.Identifier, identifier)
	}
	if len(recordDigest) < DigestLen || !bytes.Equal(c.Digest, recordDigest[:DigestLen]) {
		return fmt.Errorf("%w: %s: the token was made for another version of the record (digest %x, record %x)",
			ErrNotBound, identifier, c.Digest, recordDigest[:min(len(recordDigest), DigestLen)])
	}
	return nil
}

// ErrNoValidity is returned by Validity when the token would be expired
// when issued: no validity was set, or the certificate or signing certificate
// ends first.
var ErrNoValidity = errors.New("no QR validity left")

// Validity returns when a token issued at issuedAt expires: issuedAt plus
// override, or plus catalogueDefault when override is zero, but never later
// than certExpiry (the zero time for a permanent certificate: no cap) nor
// signingCertNotAfter (zero: no cap).
func Validity(catalogueDefault, override time.Duration, issuedAt, certExpiry, signingCertNotAfter time.Time) (time.Time, error) {
	d := catalogueDefault
	if override != 0 {
		d = override
	}
	if d <= 0 {
		return time.Time{}, fmt.Errorf("%w: QR validity %s: set qr_validity in the catalogue entry or pass --validity", ErrNoValidity, d)
	}
	exp := issuedAt.Add(d)
	if !certExpiry.IsZero() && certExpiry.Before(exp) {
		exp = certExpiry
	}
	if !signingCertNotAfter.IsZero() && signingCertNotAfter.Before(exp) {
		exp = signingCertNotAfter
	}
	if !exp.After(issuedAt) {
		return time.Time{}, fmt.Errorf("%w: the certificate or the signing certificate ends at %s, before the QR token is issued at %s",
			ErrNoValidity, stamp(exp), stamp(issuedAt))
	}
	return exp.Truncate(time.Second), nil
}

// CertificateEnd returns the end of a certificate valid through date
// (YYYY-MM-DD, ZZYXQJZRQ): midnight after that day in Asia/Shanghai. An empty
// date (a permanent certificate) gives the zero time.
func CertificateEnd(date string) (time.Time, error) {
	if date == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", date, workday.Shanghai)
	if err != nil {
		return time.Time{}, fmt.Errorf("certificate end date %q: want YYYY-MM-DD", date)
	}
	return d.AddDate(0, 0, 1), nil
}

// ParseValidity reads a QR validity such as "30d", "1y", "6m", "24h" or
// "90min": a whole number and a unit — y (365 days), m or mo (30 days, the
// catalogue's months), w, d, h or min — of at most 100 years in all.
func ParseValidity(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return 0, fmt.Errorf("QR validity %q: want a number and a unit, such as 30d, 6m, 1y or 24h", s)
	}
	n, err := strconv.Atoi(s[:i])
	unit, ok := validityUnits[s[i:]]
	if !ok {
		return 0, fmt.Errorf("QR validity %q: unknown unit %q: use y, m, w, d, h or min", s, s[i:])
	}
	if err != nil || n <= 0 || int64(n) > int64(maxValidity/unit) {
		return 0, fmt.Errorf("QR validity %q: want more than zero and at most 100 years", s)
	}
	return time.Duration(n) * unit, nil
}

const maxValidity = 100 * 365 * 24 * time.Hour

var validityUnits = map[string]time.Duration{
	"y": 365 * 24 * time.Hour, "m": 30 * 24 * time.Hour, "mo": 30 * 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "d": 24 * time.Hour, "h": time.Hour, "min": time.Minute,
}
