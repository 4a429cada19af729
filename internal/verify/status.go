package verify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/lifecycle"
	"ezz/internal/workday"
)

// StatusSource tells a certificate's current status. It is the one pluggable
// step of a verification: the workspace ledger is the first source; online
// look-ups and signed status lists come with the repository work.
type StatusSource interface {
	// Status looks up the certificate one of whose versions has the
	// identifier. An unknown identifier is not an error: Found is false.
	Status(ctx context.Context, identifier string) (StatusResult, error)
}

// StatusResult is what a status source knows about a certificate.
type StatusResult struct {
	Found   bool
	Code    string    // two-digit status code (StatusNames)
	Reason  string    // why the status was set, if given
	Current string    // identifier of the certificate's current version
	Record  []byte    // signed record of the version asked, when the source keeps it
	PDFSM3  string    // hex SM3 of the file issued for the version asked, when the source keeps it
	PDFPath string    // where the issuer wrote that file
	Source  string    // where the answer came from, for the report
	Pledged bool      // 质押: a mark beside the status
	Since   time.Time // when the certificate last changed (zero when unknown)
	// Unbound says the source's signer is bound to no issuer code (a
	// status list: BindList), so that it speaks for this issuer is not
	// known: a valid answer is warned about.
	Unbound bool
}

// State is the certificate's state as the status source told it, for the
// --json report (docs/verify.md).
type State struct {
	Code       string `json:"code"`
	Name       string `json:"name"` // English name of the code, e.g. revoked
	Pledged    bool   `json:"pledged,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Since      string `json:"since,omitempty"`      // RFC 3339, UTC
	Superseded bool   `json:"superseded,omitempty"` // the version checked is not the current one
	Current    string `json:"current"`              // the current version's identifier
}

// StatusNames are the status codes seen in national systems, named as the
// lifecycle names them (one vocabulary: 02 暂扣 suspended, 03 撤销 annulled).
var StatusNames = func() map[string]struct{ Zh, En string } {
	m := map[string]struct{ Zh, En string }{}
	for _, c := range lifecycle.Codes {
		n := lifecycle.Name(c)
		m[c] = struct{ Zh, En string }{n.Zh, n.En}
	}
	return m
}()

// LedgerStatus is the status source of a workspace's ledger.
type LedgerStatus struct {
	Ledger *ledger.Ledger
	Name   string // e.g. "the ledger of workspace /srv/ezz"
}

// Status looks identifier up in the ledger.
func (s LedgerStatus) Status(ctx context.Context, identifier string) (StatusResult, error) {
	c, err := s.Ledger.ByIdentifier(ctx, identifier)
	if errors.Is(err, ledger.ErrNotFound) {
		return StatusResult{Source: s.Name}, nil
	}
	if err != nil {
		return StatusResult{}, err
	}
	return s.result(c), nil
}

// Statuses looks identifiers up in the ledger, at most
// ledger.MaxIdentifiers in one query.
func (s LedgerStatus) Statuses(ctx context.Context, identifiers []string) ([]StatusResult, error) {
	out := make([]StatusResult, 0, len(identifiers))
	for ids := range slices.Chunk(identifiers, ledger.MaxIdentifiers) {
		found, err := s.Ledger.ByIdentifiers(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if c, ok := found[id]; ok {
				out = append(out, s.result(c))
			} else {
				out = append(out, StatusResult{Source: s.Name})
			}
		}
	}
	return out, nil
}

// result is what the ledger knows of c.
func (s LedgerStatus) result(c *ledger.Certificate) StatusResult {
	return StatusResult{Found: true, Code: c.Status, Reason: c.StatusReason, Current: c.Identifier,
		Record: c.Asked.Record, PDFSM3: c.Asked.PDFSM3, PDFPath: c.Asked.PDFPath, Source: s.Name, Pledged: c.Pledged, Since: c.UpdatedAt}
}

// lookupStatus asks src about identifier; without a source it returns ok false.
func lookupStatus(ctx context.Context, src StatusSource, identifier string) (res StatusResult, ok bool, err error) {
	if src == nil || identifier == "" {
		return StatusResult{}, false, nil
	}
	res, err = src.Status(ctx, identifier)
	return res, true, err
}

// checkStatus reports the status source's answer res (asked: whether one
// was asked; err: why it could not answer) about the verified record. A
// source that holds the identifier must hold this very record and, when it
// keeps the issued file's SM3, this file's signed revision.
func (f *fileCheck) checkStatus(res StatusResult, asked bool, err error) {
	rec := f.rec
	if rec == nil {
		f.r.set(CheckStatus, NotChecked, "no verified identifier to look up", "没有经验证的证照标识，无法查询状态")
		return
	}
	if asked && err == nil && res.Found {
		if en, zh := f.sameAsIssued(res); en != "" {
			f.r.set(CheckStatus, Fail, en, zh)
			return
		}
	}
	f.r.status(rec.Identifier, res, err, asked)
}

// status reports a status look-up of identifier.
func (r *Report) status(identifier string, res StatusResult, err error, asked bool) {
	if asked && err == nil && res.Found {
		r.State = stateOf(identifier, res)
	}
	switch {
	case !asked:
		r.set(CheckStatus, NotChecked, "not checked: no status source (give --home of the issuing workspace)",
			"未检查：没有状态来源（请用 --home 指定签发工作区）")
	case err != nil:
		r.set(CheckStatus, NotChecked, "status look-up failed: "+err.Error(), "状态查询失败："+err.Error())
	case !res.Found:
		r.set(CheckStatus, Fail, fmt.Sprintf("not issued here: %s is not in %s", identifier, res.Source),
			fmt.Sprintf("非本处签发：%s 中没有 %s", res.Source, identifier))
	case res.Current != identifier:
		r.set(CheckStatus, Fail, fmt.Sprintf("superseded: the certificate was altered; its current version is %s (%s)", res.Current, res.Source),
			fmt.Sprintf("已被取代：证照已变更，当前版本为 %s（%s）", res.Current, res.Source))
	case res.Code == ledger.StatusValid && res.Pledged:
		r.validStatus(res, fmt.Sprintf("01 valid (有效), pledged (质押中)%s, per %s", sinceText(res, "en"), res.Source),
			fmt.Sprintf("01 有效，质押中%s（%s）", sinceText(res, "zh"), res.Source))
	case res.Code == ledger.StatusValid:
		r.validStatus(res, fmt.Sprintf("01 valid (有效), per %s", res.Source), fmt.Sprintf("01 有效（%s）", res.Source))
	default:
		r.set(CheckStatus, Fail, statusText(res, "en"), statusText(res, "zh"))
	}
}

// validStatus passes the status check, or warns when the source's signer
// is bound to no issuer code.
func (r *Report) validStatus(res StatusResult, en, zh string) {
	if !res.Unbound {
		r.set(CheckStatus, Pass, en, zh)
		return
	}
	r.set(CheckStatus, Warn,
		en+"; the list's signer names no agency code, so that it speaks for this issuer is not bound (use a list signed under a certificate that names the agency, or --trust CODE=CHAIN.pem)",
		zh+"；状态列表的签名者证书未载明机构代码，无法确认其可代表该签发机构（请使用载明机构代码的证书签名的状态列表，或用 --trust 代码=证书链.pem 绑定）")
}

// statusText names a status other than valid, with its reason.
func statusText(res StatusResult, lang string) string {
	n, known := StatusNames[res.Code]
	var s string
	switch {
	case !known && lang == "zh":
		s = fmt.Sprintf("状态 %s（未知代码）", res.Code)
	case !known:
		s = fmt.Sprintf("status %s (unknown code)", res.Code)
	case lang == "zh":
		s = fmt.Sprintf("%s %s", res.Code, n.Zh)
	default:
		s = fmt.Sprintf("%s %s (%s)", res.Code, n.En, n.Zh)
	}
	if res.Pledged && lang == "zh" {
		s += "，质押中"
	} else if res.Pledged {
		s += ", pledged"
	}
	if res.Reason != "" {
		s += ": " + res.Reason
	}
	s += sinceText(res, lang)
	if lang == "zh" {
		return s + "（" + res.Source + "）"
	}
	return s + ", per " + res.Source
}

// sinceText is when the certificate last changed, as the report shows it.
func sinceText(res StatusResult, lang string) string {
	if res.Since.IsZero() {
		return ""
	}
	at := res.Since.In(workday.Shanghai).Format("2006-01-02 15:04 MST")
	if lang == "zh" {
		return "，自 " + at
	}
	return ", since " + at
}

func stateOf(identifier string, res StatusResult) *State {
	st := &State{Code: res.Code, Name: StatusNames[res.Code].En, Pledged: res.Pledged, Reason: res.Reason,
		Superseded: res.Current != identifier, Current: res.Current}
	if !res.Since.IsZero() {
		st.Since = res.Since.UTC().Format(time.RFC3339)
	}
	return st
}
