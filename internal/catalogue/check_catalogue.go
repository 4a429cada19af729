package catalogue

import (
	"slices"
	"sort"
	"strings"

	"ezz/internal/dataitem"
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
			d.atPath(p("catalogue", "holder", "id_types", i), RuleHolderIDType,
				"holder ID type %q is not a GB/T 36903 Appendix A code; use one of %s", code, idTypeList())
		}
	}
	d.checkDuration(c.Validity, "validity", true)
	d.checkDuration(c.Retention, "retention", true)
	d.checkDuration(c.QRValidity, "qr_validity", false)
}

func (d *doc) checkTypeCode(c Entry) {
	tc, at := c.TypeCode, p("catalogue", "type_code")
	if tc == "" {
		return // missing-key
	}
	if len(tc) != 21 || !isDigits(tc[18:]) {
		d.atPath(at, RuleTypeCode, "type_code %q must be 21 characters: the defining authority's 18-character credit code and a 3-digit sequence, like %s001", tc, exampleCode(c))
		return
	}
	if msg := usccProblem(tc[:18]); msg != "" {
		d.atPath(at, RuleTypeCode, "type_code %q: the credit-code part %s", tc, msg)
		return
	}
	if da := c.DefiningAuthority.Code; len(da) == 18 && da != tc[:18] {
		d.atPath(at, RuleTypeCodeAuthority, "type_code %q does not start with the defining authority's code %s; the type code is that code and a 3-digit sequence", tc, da)
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
		if msg := usccProblem(a.Code); msg != "" {
			d.atPath(at, RuleAuthorityCode, "%s.code %q %s", key, a.Code, msg)
		}
	}
	if a.Level != "" && !slices.Contains([]string{"国家级", "省级", "市级", "县级"}, a.Level) {
		d.atPath(p("catalogue", key, "level"), RuleAuthorityLevel, "%s.level %q: use 国家级, 省级, 市级 or 县级", key, a.Level)
	}
}

// usccProblem says what is wrong with a unified social credit code, or "".
func usccProblem(s string) string {
	s = dataitem.ToHalfWidth(s)
	if len(s) != 18 {
		return "is not an 18-character unified social credit code (GB 32100)"
	}
	want := dataitem.USCCCheckChar(s[:17])
	switch {
	case want == 0:
		return "has characters outside the credit-code alphabet 0-9 A-H J-N P-R T U W-Y (no I, O, S, V, Z)"
	case want != s[17]:
		return "has check character " + s[17:] + ", but GB 32100 gives " + string(want) + "; correct the code (a typo in the first 17 characters also shows up here)"
	}
	return ""
}

func (d *doc) checkDuration(s, key string, permanentOK bool) {
	if s == "" {
		return
	}
	at := p("catalogue", key)
	dur, err := ParseDuration(s)
	if err != nil {
		d.atPath(at, RuleDuration, "%s: %v", key, err)
		return
	}
	if dur.Permanent && !permanentOK {
		d.atPath(at, RuleDuration, "%s must be a limited time (the QR code needs an explicit validity limit), like 90d or 1y", key)
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
