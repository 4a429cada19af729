package conversion

import (
	"errors"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/register"
	"ezz/internal/text"
)

// precheckProblem turns a Precheck refusal into a rejects-workbook problem,
// tied to the cell concerned: the number, the expiry or the issue date.
// The message is the refusal's own, so a row reads the same as `ezz issue`.
func precheckProblem(row register.Row, t *catalogue.Template, err error) register.Problem {
	var iss *issuance.IssuedError
	if errors.As(err, &iss) {
		r := iss.Refusal()
		return problemAt(row, t.Metadata.Number, "already-issued", text.F("%s；%s", "%s; %s", r.Msg, r.Hint))
	}
	var exp *issuance.ExpiredError
	if errors.As(err, &exp) {
		return problemAt(row, t.Metadata.ValidUntil, "expired", withHint(err))
	}
	var fut *issuance.FutureError
	if errors.As(err, &fut) {
		return problemAt(row, t.Metadata.IssueDate, "future-date", withHint(err))
	}
	return register.Problem{Code: "face", Message: text.F("无法生成电子证照：%v", "cannot issue: %v", withHint(err))}
}

func problemAt(row register.Row, item, code string, msg text.T) register.Problem {
	return register.Problem{Column: row.Column(item), Item: item, Code: code, Message: msg}
}

// withHint is err's message followed by its hint, if it has one: a rejects
// workbook has no other place for what to do next.
func withHint(err error) text.T {
	if h := text.HintOf(err); !h.IsZero() {
		return text.F("%s；%s", "%s; %s", text.Of(err), h)
	}
	return text.Of(err)
}
