// Package verify gives the verdict on a certificate file or a QR code, and the
// reason: a fixed list of named checks — PDF signature, signer trust, signed
// record, QR code, validity period and status — each passed, failed, not
// checked or warned about, with why (docs/verify.md).
package verify

import (
	"fmt"
	"time"

	"ezz/internal/sign"
	"ezz/internal/text"
)

// Check names, in the order every report lists them. They are stable: scripts
// and dashboards key on them.
const (
	CheckPDFSignature = "pdf-signature"
	CheckSignerTrust  = "signer-trust"
	CheckRecord       = "record"
	CheckQR           = "qr"
	CheckValidity     = "validity-period"
	CheckStatus       = "status"
)

// Names lists the checks in report order.
var Names = []string{CheckPDFSignature, CheckSignerTrust, CheckRecord, CheckQR, CheckValidity, CheckStatus}

// Results of one check.
const (
	Pass       = "pass"
	Fail       = "fail"
	NotChecked = "not-checked"
	Warn       = "warn"
)

// Verdicts of a report.
const (
	Valid       = "valid"        // no check failed and the signer's trust was checked
	Invalid     = "invalid"      // at least one check failed
	CannotCheck = "cannot-check" // nothing failed, but the file could not be read or no trust anchors were given
)

// MaxFile is the largest file File looks at (the PDF limit of package pdfsig).
const MaxFile = 64 << 20

// Options say what a verification trusts and as of when.
type Options struct {
	// Trust holds the trusted issuer certificates. Without it (or without a
	// root in it) the signer's trust cannot be checked and the verdict is at
	// best CannotCheck.
	Trust *sign.Trust
	// At is the time to check as of; zero means now.
	At time.Time
	// Status looks certificates up; nil leaves the status not checked.
	Status StatusSource
	// Catalogues maps known catalogue hashes ("sm3:<hex>") to their type
	// codes; nil leaves the catalogue not checked (LoadCatalogues).
	Catalogues map[string]string
	// Cache, when set, carries what one file's verification learns (its
	// signer chain, the leading bytes files share) to the files that follow
	// (NewCache); nil verifies every file from scratch.
	Cache *Cache
}

// Check is the outcome of one named check.
type Check struct {
	Name   string `json:"name"`
	Result string `json:"result"` // pass, fail, not-checked or warn
	Reason text.T `json:"reason"` // {"zh": …, "en": …}
}

// Report is the verdict on one file or QR code.
type Report struct {
	Valid      bool    `json:"valid"`
	Verdict    string  `json:"verdict"` // valid, invalid or cannot-check
	File       string  `json:"file,omitempty"`
	Identifier string  `json:"identifier"` // from the verified record, else as claimed by the file or QR code
	At         string  `json:"at"`         // RFC 3339, UTC: the time checked as of
	Checks     []Check `json:"checks"`
	State      *State  `json:"state,omitempty"` // the certificate's state, when a status source knows it
}

// Check returns the check called name.
func (r *Report) Check(name string) Check {
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{Name: name}
}

// set records the outcome of a check.
func (r *Report) set(name, result, en, zh string) {
	for i := range r.Checks {
		if r.Checks[i].Name == name {
			r.Checks[i] = Check{Name: name, Result: result, Reason: text.New(zh, en)}
			return
		}
	}
}

// skipped gives every check not reached a reason.
func (r *Report) skipped(en, zh string) {
	for i, c := range r.Checks {
		if c.Result == NotChecked && c.Reason.IsZero() {
			r.Checks[i].Reason = text.New(zh, en)
		}
	}
}

// newReport starts a report with every check not yet checked.
func newReport(file string, at time.Time) *Report {
	r := &Report{File: file, At: at.UTC().Format(time.RFC3339)}
	for _, n := range Names {
		r.Checks = append(r.Checks, Check{Name: n, Result: NotChecked})
	}
	return r
}

// finish sets the verdict: invalid when a check failed, cannot-check when the
// signer's trust could not be checked for lack of trust anchors.
func (r *Report) finish(trusted bool) *Report {
	r.Verdict = Valid
	if !trusted {
		r.Verdict = CannotCheck
	}
	for _, c := range r.Checks {
		if c.Result == Fail {
			r.Verdict = Invalid
		}
	}
	r.Valid = r.Verdict == Valid
	return r
}

// Unreadable is the report on a file that could not be read at all.
func Unreadable(file string, at time.Time, err error) *Report {
	r := newReport(file, orNow(at))
	for _, n := range Names[1:] {
		r.set(n, NotChecked, "the file could not be read", "无法读取文件")
	}
	msg := text.Of(err) // in both languages: not a regular file, a slow pipe…
	r.set(CheckPDFSignature, NotChecked, "cannot read the file: "+msg.En, "无法读取文件："+msg.Zh)
	return r.finish(false)
}

// hasRoots reports whether o trusts at least one root.
func (o Options) hasRoots() bool { return o.Trust != nil && len(o.Trust.Roots()) > 0 }

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// guard turns a panic inside a check into a failed check rather than a
// crash: deferred itself (recover stops a panic only when called by the
// deferred function), with the check under way at *step.
func guard(r *Report, step *string) {
	if p := recover(); p != nil {
		name := *step
		r.set(name, Fail, fmt.Sprintf("internal error while checking: %v", p),
			fmt.Sprintf("核验时 ezz 出现内部错误（%v）：该项未能核验，请把文件和这条信息报告给 ezz 的维护者", p))
		r.finish(false)
	}
}

// NoTrust is the reason a check that needs trust anchors was not checked.
const NoTrust = "no trust anchors: give --trust ISSUER.pem, or --home of a workspace"

const noTrustZh = "没有信任锚：请用 --trust 指定签发机构证书，或用 --home 指定工作区"
