package dataitem

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"43525", "43525.0", "2019-03-01", "2019/3/1", "2019.3.1", "2019年3月1日",
		"20190301", "2019-3-1 00:00:00", "60", "2019-02-29", "１.５", "9999-12-31T23:59:59.999", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err != nil {
			if d != "" {
				t.Fatalf("parseDate(%q) returned %q with error %v", s, d, err)
			}
			return
		}
		if again, err := parseDate(d); err != nil || again != d {
			t.Fatalf("parseDate(%q) = %q, which parses again as %q, %v", s, d, again, err)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ＡＢ１２（）", " a\u3000b\u00a0 ", "1.10105199001011E+17", "\ufeff\u200b", "e\u0301", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := ToHalfWidth(s)
		if utf8.ValidString(s) && strings.ContainsFunc(h, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 }) {
			t.Fatalf("ToHalfWidth(%q) = %q keeps full-width forms", s, h)
		}
		c := CleanSpace(s)
		if CleanSpace(c) != c || strings.HasPrefix(c, " ") || strings.HasSuffix(c, " ") || strings.Contains(c, "  ") {
			t.Fatalf("CleanSpace(%q) = %q is not clean", s, c)
		}
		_ = IsMangledNumber(s)
		for _, typ := range []Type{Text, Integer, Decimal, USCC, ResidentID} {
			v, err := Item{Type: typ, MaxLength: 40}.Normalize(s)
			if err != nil {
				continue
			}
			if again, err := (Item{Type: typ, MaxLength: 40}).Normalize(v); err != nil || again != v {
				t.Fatalf("%s: Normalize(%q) = %q is not stable: %q, %v", typ, s, v, again, err)
			}
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add("武汉小吃店", "91350100M000100Y43", "43525", "2024/2/29", "414", "E12345678", "1,200", "12.5", "餐饮服务经营者")
	f.Add("", "9.1350100E+17", "60", "2019-02-30", "111", "11010519491231002x", "1E+10", "1e400", "网店")
	c, err := foodLicence.Compile()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, code, issue, expiry, idType, id, staff, area, category string) {
		in := map[string]string{"operator_name": name, "credit_code": code, "issue_date": issue, "expiry_date": expiry,
			"id_type": idType, "rep_id": id, "staff": staff, "area": area, "category": category, "licence_no": "JY14201030012345"}
		out, errs := c.Validate(in)
		if len(out) != len(foodLicence.Items) {
			t.Fatalf("got %d values, want one per item", len(out))
		}
		for _, e := range errs {
			if e.Code == "" || e.Message.Zh == "" || e.Message.En == "" {
				t.Fatalf("error without code or message: %+v", e)
			}
		}
		if len(errs) == 0 { // normalised values validate to themselves
			again, errs := c.Validate(out)
			if len(errs) != 0 || len(again) != len(out) {
				t.Fatalf("normalised %v fails again: %v", out, errs)
			}
			for k, v := range out {
				if again[k] != v {
					t.Fatalf("%s: %q normalises again to %q", k, v, again[k])
				}
			}
		}
	})
}
