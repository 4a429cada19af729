package web

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"time"

	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// Checker is the Verifier of a place that trusts issuer certificates and
// knows certificates' status: an agency's workspace (its ledger) or a
// repository (its received records). It runs the checks of `ezz verify --qr`
// (package verify) and reads a layperson's verdict from them.
type Checker struct {
	Trust  *sign.Trust         // the issuers trusted; nil trusts none
	Status verify.StatusSource // status (and signed records) by identifier
	Now    func() time.Time    // the clock
}

// Verify checks payload as of c.Now().
func (c Checker) Verify(ctx context.Context, payload string) Result {
	at := c.Now()
	claims, err := qr.Verify(payload, c.lookup, at)
	res := Result{Identifier: claims.Identifier}
	if why, bad := tokenProblem(err); bad {
		res.Verdict, res.Why = CannotTell, why
		return res
	}
	kept := &keptStatus{src: c.Status}
	rep := verify.QR(ctx, payload, verify.Options{Trust: c.Trust, At: at, Status: kept})
	c.read(&res, rep, kept, claims)
	if res.Verdict == "" && errors.Is(err, qr.ErrExpired) {
		res.Verdict, res.ExpiredAt = ExpiredQR, claims.ExpiresAt
	}
	if res.Verdict == "" && !rep.Valid {
		res.Verdict, res.Why = CannotTell, firstFailure(rep)
	}
	if res.Verdict == "" {
		res.Verdict = Valid
	}
	return res
}

func (c Checker) lookup(keyID string) (crypto.PublicKey, error) {
	if c.Trust == nil {
		return nil, fmt.Errorf("%w %q", sign.ErrUnknownKey, keyID)
	}
	return c.Trust.Lookup(keyID)
}

// tokenProblem says why a token whose own checks failed cannot be relied on.
// An expired token is no problem yet: the certificate's status comes first.
func tokenProblem(err error) (text.T, bool) {
	switch {
	case err == nil, errors.Is(err, qr.ErrExpired):
		return text.T{}, false
	case errors.Is(err, qr.ErrMalformed):
		return text.New("这不是电子证照的二维码，或二维码没有完整读出。请重新扫描。",
			"This is not an electronic licence QR code, or it was not read completely. Scan it again."), true
	case errors.Is(err, qr.ErrUnknownKey):
		return text.New("二维码的签发机构不在本站的信任名单中：它可能是伪造的，也可能来自其他平台。",
			"The QR code's issuer is not one this site trusts: it may be forged, or come from another system."), true
	case errors.Is(err, qr.ErrBadSignature):
		return text.New("二维码的签名不正确：它被改动过或是伪造的。",
			"The QR code's signature does not match: it was altered or forged."), true
	case errors.Is(err, qr.ErrNotYetValid):
		return text.New("二维码的生效时间还没到：请检查手机的时间，或请持证人重新出示二维码。",
			"The QR code is not valid yet: check the phone's clock, or ask the holder to show the code again."), true
	}
	return text.New("二维码无法核验。", "The QR code cannot be checked."), true
}

// read sets res from the report's trust, record and status checks and the
// status the source returned; it leaves the verdict empty when none decides it.
func (c Checker) read(res *Result, rep *verify.Report, kept *keptStatus, claims qr.Claims) {
	trust := rep.Check(verify.CheckSignerTrust)
	res.Pilot = trust.Result == verify.Warn
	st := kept.res
	res.Status, res.StatusAt, res.Current = st.Code, st.Since, st.Current
	switch {
	case trust.Result == verify.Fail:
		res.Verdict, res.Why = CannotTell, text.New("签发机构的证书在签发二维码时无效或不受信任。",
			"The issuer's certificate was not valid or not trusted when the QR code was made.")
		return
	case rep.Check(verify.CheckRecord).Result == verify.Fail:
		res.Verdict, res.Why = CannotTell, text.New("本站保存的证照数据没有通过校验，请联系发证机关。",
			"The certificate data kept here did not pass its checks; contact the issuing authority.")
		return
	case kept.err != nil:
		res.Verdict, res.Why = CannotTell, text.New("暂时无法查询证照状态，请稍后再试。",
			"The certificate's status cannot be looked up just now; try again later.")
		return
	case !st.Found:
		res.Verdict, res.Why = CannotTell, text.New("本站没有这张证照的记录，无法确认它的状态。",
			"This site has no record of the certificate, so its status cannot be confirmed.")
		return
	}
	res.Record = c.open(st.Record)
	res.Verdict, res.Why = statusVerdict(res.Identifier, st)
	if res.Verdict == "" && rep.Check(verify.CheckValidity).Result == verify.Fail {
		res.Verdict = Lapsed
	}
	if res.Verdict == "" && !bound(claims, res.Record) {
		res.Verdict, res.Why = CannotTell, text.New("二维码与本站保存的证照数据不符。",
			"The QR code does not match the certificate data kept here.")
	}
}

// bound reports whether the token was made for rec (true without a record:
// then the signed identifier is all there is to go by).
func bound(claims qr.Claims, rec *record.Record) bool {
	if rec == nil {
		return true
	}
	digest, err := rec.Digest()
	return err == nil && qr.Bind(claims, digest, rec.Identifier) == nil
}

// statusVerdict reads the certificate's status; valid gives no verdict yet.
func statusVerdict(identifier string, st verify.StatusResult) (Verdict, text.T) {
	switch {
	case st.Current != "" && st.Current != identifier:
		return Superseded, text.T{}
	case st.Code == "07":
		return Revoked, text.T{}
	case st.Code == "04":
		return Cancelled, text.T{}
	case st.Code != "01":
		n, ok := verify.StatusNames[st.Code]
		if !ok {
			return OtherState, text.F("状态代码 %s", "status code %s", st.Code)
		}
		return OtherState, text.New(n.Zh, n.En)
	}
	return "", text.T{}
}

// open returns the signed record, already verified by the report, or nil.
func (c Checker) open(env []byte) *record.Record {
	if len(env) == 0 {
		return nil
	}
	rec, err := record.Open(env, c.lookup)
	if err != nil {
		return nil
	}
	return rec
}

// firstFailure is the Chinese and English reason of the first failed check.
func firstFailure(rep *verify.Report) text.T {
	for _, ch := range rep.Checks {
		if ch.Result == verify.Fail || ch.Result == verify.NotChecked && ch.Name == verify.CheckSignerTrust {
			return text.F("无法核验：%s", "Cannot verify: %s", ch.Reason)
		}
	}
	return text.New("无法核验。", "Cannot verify.")
}

// keptStatus passes look-ups to src and keeps the last answer.
type keptStatus struct {
	src verify.StatusSource
	res verify.StatusResult
	err error
}

func (k *keptStatus) Status(ctx context.Context, identifier string) (verify.StatusResult, error) {
	if k.src == nil {
		return verify.StatusResult{}, nil
	}
	k.res, k.err = k.src.Status(ctx, identifier)
	return k.res, k.err
}
