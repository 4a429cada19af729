package lifecycle

import (
	"errors"

	"ezz/internal/text"
)

// State is where a certificate stands: its status code and whether it is
// pledged (质押, a mark that leaves the status 01).
type State struct {
	Code    string
	Pledged bool
}

// Name is the state in both languages, e.g. 有效（质押中） / valid (pledged).
func (s State) Name() text.T {
	if s.Pledged {
		return text.F("%s（质押中）", "%s (pledged)", Name(s.Code))
	}
	return Name(s.Code)
}

// ErrRefused is the cause of every refusal, for errors.Is.
var ErrRefused = errors.New("lifecycle: action refused")

// Next is the state action a leads to from s, or a refusal (a *text.Error of
// class Bad wrapping ErrRefused) saying why it is not allowed.
func Next(s State, a Action) (State, error) {
	if _, ok := actionNames[a]; !ok {
		return s, refuse(text.F("未知的操作 %q", "unknown action %q", string(a)))
	}
	if r, refused := refusal(s, a); refused {
		return s, refuse(r)
	}
	return apply(s, a), nil
}

func refuse(reason text.T) error {
	return &text.Error{Msg: reason, Class: text.Bad, Err: ErrRefused}
}

// refusal is why a is not allowed in s, if it is not.
func refusal(s State, a Action) (text.T, bool) {
	switch {
	case s.Code == Annulled:
		return text.New("证照已撤销，不能再做任何操作", "the certificate is annulled: nothing can follow an annulment"), true
	case a == Annul:
		return text.T{}, false
	case s.Code == Other:
		return text.New("证照状态为“其他”，只能撤销", "the certificate's status is 99 other: only an annulment can follow"), true
	case Terminal(s.Code):
		return text.F("证照已%s，只能撤销", "the certificate is %s: only an annulment can follow", Name(s.Code)), true
	case s.Code == Lapsed:
		return lapsedRefusal(a)
	case s.Code == Suspended:
		return suspendedRefusal(a, s.Pledged)
	}
	return validRefusal(a, s.Pledged)
}

func lapsedRefusal(a Action) (text.T, bool) {
	if a == Extend || a == Cancel {
		return text.T{}, false
	}
	return text.New("证照已失效，只能延续、注销或撤销", "the certificate has lapsed: only extend, cancel or annul"), true
}

func suspendedRefusal(a Action, pledged bool) (text.T, bool) {
	switch a {
	case Alter, Extend:
		return text.New("证照已暂扣，请先恢复再变更或延续", "the certificate is suspended: resume it before altering or extending it"), true
	case Suspend:
		return text.New("证照已经暂扣", "the certificate is already suspended"), true
	case Pledge:
		return text.New("暂扣中的证照不能质押", "a suspended certificate cannot be pledged"), true
	case Release:
		return releaseRefusal(pledged)
	case Cancel:
		return pledgeBlocksCancel(pledged)
	}
	return text.T{}, false
}

func validRefusal(a Action, pledged bool) (text.T, bool) {
	switch a {
	case Resume:
		return text.New("证照未被暂扣，无需恢复", "the certificate is not suspended: there is nothing to resume"), true
	case Pledge:
		if pledged {
			return text.New("证照已经质押", "the certificate is already pledged"), true
		}
	case Release:
		return releaseRefusal(pledged)
	case Cancel:
		return pledgeBlocksCancel(pledged)
	}
	return text.T{}, false
}

func releaseRefusal(pledged bool) (text.T, bool) {
	if pledged {
		return text.T{}, false
	}
	return text.New("证照未质押，无需解除", "the certificate is not pledged: there is nothing to release"), true
}

func pledgeBlocksCancel(pledged bool) (text.T, bool) {
	if !pledged {
		return text.T{}, false
	}
	return text.New("证照质押中，请先解除质押再注销", "the certificate is pledged: release the pledge before cancelling it"), true
}

// apply is the state an allowed action leads to.
func apply(s State, a Action) State {
	switch a {
	case Suspend, InspectFail:
		s.Code = Suspended
	case Resume:
		s.Code = Valid
	case Extend:
		s.Code = Valid // a lapsed certificate extended is in force again
	case Revoke:
		s.Code, s.Pledged = Revoked, false
	case Cancel:
		s.Code = Cancelled
	case Annul:
		s.Code, s.Pledged = Annulled, false
	case Pledge:
		s.Pledged = true
	case Release:
		s.Pledged = false
	}
	return s
}
