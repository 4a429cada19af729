// Package web serves ezz's two web pages from the binary: the scan-to-verify
// page a phone opens from a certificate's QR code (GET /v/TOKEN), and the
// clerk's console of `ezz serve`. Pages are server-rendered html/template with
// embedded styles, work without JavaScript, and send strict security headers
// (docs/web.md).
package web

import (
	"context"
	"time"

	"ezz/internal/record"
	"ezz/internal/text"
)

// Verdict is what the scan page tells a layperson.
type Verdict string

// The verdicts of a scan.
const (
	Valid      Verdict = "valid"         // 有效
	ExpiredQR  Verdict = "expired-qr"    // the certificate may be fine; the QR code is too old
	Lapsed     Verdict = "lapsed"        // the certificate's validity period has ended
	Revoked    Verdict = "revoked"       // 07 吊销
	Cancelled  Verdict = "cancelled"     // 04 注销
	Superseded Verdict = "superseded"    // altered: a newer version replaces it
	OtherState Verdict = "other-status"  // suspended, annulled, lapsed by status, other
	CannotTell Verdict = "cannot-verify" // 无法核验, with why
)

// Result is the outcome of verifying one scanned token.
type Result struct {
	Verdict    Verdict
	Why        text.T         // why CannotTell, or the status's name for OtherState
	Identifier string         // as claimed by the token; trustworthy unless CannotTell
	ExpiredAt  time.Time      // when the QR code expired (ExpiredQR)
	Record     *record.Record // the verified record, when the status source keeps it
	Status     string         // two-digit status code, when known
	StatusAt   time.Time      // when the status was last set, when known
	Current    string         // identifier of the current version (Superseded)
	Pilot      bool           // signed with a pilot certificate: not for legal use
	Checks     int            // checks passed, for the access log
}

// Verifier turns a scanned token into a Result: the token's signature and
// issuer trust, its validity time limit and the certificate's status. The
// scan page calls it once per look-up.
type Verifier interface {
	Verify(ctx context.Context, payload string) Result
}
