package conversion

import (
	"errors"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/register"
)

// precheckProblem turns a Precheck refusal into a rejects-workbook problem,
// tied to the expiry column when the certificate has expired.
func precheckProblem(row register.Row, t *catalogue.Template, err error) register.Problem {
	var iss *issuance.IssuedError
	if errors.As(err, &iss) {
		item := t.Metadata.Number
		msg := iss.Text()
		return register.Problem{Column: row.Column(item), Item: item, Code: "already-issued", Message: msg.Zh, MessageEn: msg.En}
	}
	var exp *issuance.ExpiredError
	if errors.As(err, &exp) {
		item := t.Metadata.ValidUntil
		return register.Problem{
			Column: row.Column(item), Item: item, Code: "expired",
			Message:   "证照已于 " + exp.Until + " 到期，存量电子化只签发仍在有效期内的证照",
			MessageEn: err.Error(),
		}
	}
	var fut *issuance.FutureError
	if errors.As(err, &fut) {
		item := t.Metadata.IssueDate
		return register.Problem{
			Column: row.Column(item), Item: item, Code: "future-date",
			Message:   "发证日期 " + fut.Date + " 晚于今天：请核对后重新录入",
			MessageEn: err.Error(),
		}
	}
	return register.Problem{Code: "face", Message: "无法生成电子证照：" + err.Error(), MessageEn: "cannot issue: " + err.Error()}
}
