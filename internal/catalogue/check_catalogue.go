package catalogue

import (
	"slices"
	"sort"
	"strings"
	"time"

	"ezz/internal/dataitem"

	"ezz/internal/text"
)

// checkCatalogue checks the GB/T 36902 catalogue items: codes with their
// check characters, holder ID types, durations and levels.
func (d *doc) checkCatalogue(t *Template) {
	c := t.Catalogue
	d.checkTypeCode(c)
	d.checkAuthority(c.DefiningAuthority, "defining_authority", true)
	d.checkAuthority(c.IssuingAuthority, "issuing_authority", false)
	for i, code := range c.Holder.IDTypes {
		if _, ok := dataitem.HolderIDTypes[code]; !ok {
			d.atPath(p("catalogue", "holder", "id_types", i), RuleHolderIDType, text.F(
				"持证主体证件类型代码 %q 不在 GB/T 36903 附录 A 中；请使用以下代码之一：%s",
				"holder ID type %q is not a GB/T 36903 Appendix A code; use one of %s", code, idTypeList()))
		}
	}
	d.checkDuration(c.Validity, "validity", true)
	d.checkDuration(c.Retention, "retention", true)
	d.checkDuration(c.QRValidity, "qr_validity", false)
	d.checkRetention(c)
}

// checkRetention refuses a retention shorter than the validity: the
// certificate and its lifecycle log are kept at least as long as it is in
// force (R8). An empty retention means permanent.
func (d *doc) checkRetention(c Entry) {
	v, err1 := ParseDuration(c.Validity)
	r, err2 := ParseDuration(c.Retention)
	if c.Validity == "" || c.Retention == "" || err1 != nil || err2 != nil || r.Permanent {
		return
	}
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if v.Permanent || r.AddTo(t).Before(v.AddTo(t)) {
		d.atPath(p("catalogue", "retention"), RuleDuration, text.F("retention %s 短于有效期 %s：证照及其签发、变更、注销日志至少要保存到证照失效",
			"retention %s is shorter than the validity %s: a certificate and its issuance, alteration and cancellation log are kept at least as long as it is in force", c.Retention, c.Validity))
	}
}

func (d *doc) checkTypeCode(c Entry) {
	tc, at := c.TypeCode, p("catalogue", "type_code")
	if tc == "" {
		return // missing-key
	}
	if len(tc) != 21 || !isDigits(tc[18:]) {
		d.atPath(at, RuleTypeCode, text.F(
			"type_code %q 应为 21 位：定义机构的 18 位统一社会信用代码加 3 位顺序号，如 %s001",
			"type_code %q must be 21 characters: the defining authority's 18-character credit code and a 3-digit sequence, like %s001", tc, exampleCode(c)))
		return
	}
	if msg := usccProblem(tc[:18]); !msg.IsZero() {
		d.atPath(at, RuleTypeCode, text.F("type_code %q 的信用代码部分%s", "type_code %q: the credit-code part %s", tc, msg))
		return
	}
	if da := c.DefiningAuthority.Code; len(da) == 18 && da != tc[:18] {
		d.atPath(at, RuleTypeCodeAuthority, text.F(
			"type_code %q 不以定义机构的代码 %s 开头；证照类型代码应为该代码加 3 位顺序号",
			"type_code %q does not start with the defining authority's code %s; the type code is that code and a 3-digit sequence", tc, da))
	}
}

func exampleCode(c Entry) string {
	if len(c.DefiningAuthority.Code) == 18 {
		return c.DefiningAuthority.Code
	}
	return "11100000MB0143028R"
}

func (d *doc) checkAuthority(a Authority, key string, strict bool) {
	at := p("catalogue", key, "code")
	if a.Code != "" && (strict || len(a.Code) == 18) {
		if msg := usccProblem(a.Code); !msg.IsZero() {
			d.atPath(at, RuleAuthorityCode, text.F("机构代码 %s.code %q %s", "%s.code %q %s", key, a.Code, msg))
		}
	}
	if a.Level != "" && !slices.Contains([]string{"国家级", "省级", "市级", "县级"}, a.Level) {
		d.atPath(p("catalogue", key, "level"), RuleAuthorityLevel, text.F(
			"%s.level %q：请使用 国家级、省级、市级 或 县级", "%s.level %q: use 国家级, 省级, 市级 or 县级", key, a.Level))
	}
}

// usccProblem says what is wrong with a unified social credit code, or
// returns the zero text.
func usccProblem(s string) text.T {
	s = dataitem.ToHalfWidth(s)
	if len(s) != 18 {
		return text.F("不是 18 位统一社会信用代码（GB 32100）", "is not an 18-character unified social credit code (GB 32100)")
	}
	want := dataitem.USCCCheckChar(s[:17])
	switch {
	case want == 0:
		return text.F("含有统一社会信用代码字符集 0-9 A-H J-N P-R T U W-Y 以外的字符（不用 I、O、S、V、Z）",
			"has characters outside the credit-code alphabet 0-9 A-H J-N P-R T U W-Y (no I, O, S, V, Z)")
	case want != s[17]:
		return text.F("校验码为 %s，但按 GB 32100 应为 %c；请更正代码（前 17 位有笔误也会表现为校验码错误）",
			"has check character %s, but GB 32100 gives %c; correct the code (a typo in the first 17 characters also shows up here)", s[17:], want)
	}
	return text.T{}
}

func (d *doc) checkDuration(s, key string, permanentOK bool) {
	if s == "" {
		return
	}
	at := p("catalogue", key)
	dur, err := ParseDuration(s)
	if err != nil {
		d.atPath(at, RuleDuration, text.F("%s 有误：%v", "%s: %v", key, err))
		return
	}
	if dur.Permanent && !permanentOK {
		d.atPath(at, RuleDuration, text.F("%s 必须是有限期限（二维码需要明确的有效期），如 90d 或 1y",
			"%s must be a limited time (the QR code needs an explicit validity limit), like 90d or 1y", key))
	}
}

func idTypeList() string {
	codes := make([]string, 0, len(dataitem.HolderIDTypes))
	for c := range dataitem.HolderIDTypes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return strings.Join(codes, ", ")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
