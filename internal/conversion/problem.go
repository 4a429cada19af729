package conversion

import (
	"errors"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/register"
	"ezz/internal/text"
)

// precheckProblem turns a Precheck refusal into a rejects-workbook problem,
// tied to the expiry column when the certificate has expired.
// The message is the refusal's own, so a row reads the same as `ezz issue`.
func precheckProblem(row register.Row, t *catalogue.Template, err error) register.Problem {
	var iss *issuance.IssuedError
	if errors.As(err, &iss) {
		item := t.Metadata.Number
		msg := iss.Text()
		return register.Problem{Column: row.Column(item), Item: item, Code: "already-issued", Message: msg.Zh, MessageEn: msg.En}
	}
	msg := text.Of(err)
	var exp *issuance.ExpiredError
	if errors.As(err, &exp) {
		item := t.Metadata.ValidUntil
		return register.Problem{Column: row.Column(item), Item: item, Code: "expired", Message: msg.Zh, MessageEn: msg.En}
	}
	var fut *issuance.FutureError
	if errors.As(err, &fut) {
		item := t.Metadata.IssueDate
		return register.Problem{Column: row.Column(item), Item: item, Code: "future-date", Message: msg.Zh, MessageEn: msg.En}
	}
	msg = text.F("无法生成电子证照：%v", "cannot issue: %v", err)
	return register.Problem{Code: "face", Message: msg.Zh, MessageEn: msg.En}
}
