package verify

import (
	"fmt"
	"time"

	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/workday"
)

// checkPeriod checks the certificate's own validity period (有效期,
// ZZYXQQSRQ through ZZYXQJZRQ, days in China time) at at.
func (r *Report) checkPeriod(rec *record.Record, at time.Time) {
	if rec == nil {
		r.set(CheckValidity, NotChecked, "no verified record to read the validity period from", "没有经验证的证照数据，无法读取有效期")
		return
	}
	from, until := rec.Meta.ZZYXQQSRQ, rec.Meta.ZZYXQJZRQ
	start, err := time.ParseInLocation(time.DateOnly, from, workday.Shanghai)
	if from == "" {
		start, err = time.Time{}, nil
	}
	end, err2 := qr.CertificateEnd(until)
	if err != nil || err2 != nil {
		r.set(CheckValidity, Fail, fmt.Sprintf("the record's validity dates %q to %q are malformed", from, until),
			fmt.Sprintf("证照数据中的有效期 %q 至 %q 格式错误", from, until))
		return
	}
	day := at.In(workday.Shanghai).Format(time.DateOnly)
	switch {
	case at.Before(start):
		r.set(CheckValidity, Fail, fmt.Sprintf("not yet valid: valid from %s (checked as of %s)", from, day),
			fmt.Sprintf("尚未生效：有效期自 %s 起（核验日期 %s）", from, day))
	case !end.IsZero() && !at.Before(end):
		r.set(CheckValidity, Fail, fmt.Sprintf("expired: valid through %s (checked as of %s)", until, day),
			fmt.Sprintf("已过有效期：有效期至 %s（核验日期 %s）", until, day))
	case end.IsZero():
		r.set(CheckValidity, Pass, fmt.Sprintf("permanent, valid from %s", orNone(from)), fmt.Sprintf("长期有效，自 %s 起", orNone(from)))
	default:
		r.set(CheckValidity, Pass, fmt.Sprintf("valid from %s through %s (checked as of %s)", orNone(from), until, day),
			fmt.Sprintf("有效期 %s 至 %s（核验日期 %s）", orNone(from), until, day))
	}
}
