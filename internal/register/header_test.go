package register

import (
	"strings"
	"testing"
	"unicode/utf8"

	"ezz/internal/dataitem"
)

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"社会信用代码（身份证号码）", "社会信用代码(身份证号码)"},
		{"社会信用代码\n（身份证号码）", "社会信用代码(身份证号码)"},
		{" 发证 日期 ", "发证日期"},
		{"发证日期：", "发证日期"},
		{"发证日期:", "发证日期"},
		{"*姓名", "姓名"},
		{"姓名*", "姓名"},
		{"Ｎａｍｅ", "name"},
		{"Valid\r\nUntil", "validuntil"},
		{"有效期至_x000D_\n", "有效期至"},
		{"【备注】", "(备注)"},
		{"\u3000姓\u3000名\u3000", "姓名"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeHeader(tt.in); got != tt.want {
				t.Errorf("NormalizeHeader(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var testItems = []dataitem.Item{
	{ID: "name", Label: "姓名", LabelEn: "Name", Aliases: []string{"持证人姓名"}, Type: dataitem.Text, Required: true},
	{ID: "holder_code", Label: "社会信用代码（身份证号码）", Aliases: []string{"统一社会信用代码"}, Type: dataitem.Text, Required: true},
	{ID: "issue_date", Label: "发证日期", Aliases: []string{"颁发日期"}, Type: dataitem.Date, Required: true},
	{ID: "valid_until", Label: "有效期至", Aliases: []string{"有效期"}, Type: dataitem.Date},
	{ID: "cert_no", Label: "证号", Aliases: []string{"编号"}, Type: dataitem.Text, Required: true},
	{ID: "doc_no", Label: "文号", Aliases: []string{"编号"}, Type: dataitem.Text},
}

func TestMatch(t *testing.T) {
	mt := newMatcher(testItems)
	tests := []struct{ header, want string }{
		{"姓名", "name"},
		{"持证人\n姓名", "name"},
		{"NAME", "name"},
		{"社会信用代码(身份证号码)", "holder_code"},
		{"社会信用代码\n（身份证号码）：", "holder_code"},
		{"统一社会信用代码", "holder_code"},
		{"发证日期(yyyy-mm-dd)", "issue_date"},
		{"颁发日期：", "issue_date"},
		{"有效期至", "valid_until"},
		{"有效期", "valid_until"},
		{"编号", "cert_no,doc_no"},
		{"备注", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := strings.Join(mt.match(tt.header), ","); got != tt.want {
				t.Errorf("match(%q): got %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func FuzzNormalizeHeader(f *testing.F) {
	for _, s := range []string{"社会信用代码\n（身份证号码）：", "*姓名", "(((", ")))", "_x000D_", "Ｎａｍｅ", "\xff\xfe"} {
		f.Add(s)
	}
	mt := newMatcher(testItems)
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeHeader(s)
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("NormalizeHeader(%q) = %q: invalid UTF-8", s, n)
		}
		if again := NormalizeHeader(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		mt.match(s)
	})
}
