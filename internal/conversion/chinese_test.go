package conversion

import (
	"strings"
	"testing"
	"unicode"

	"ezz/internal/register"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestMappingErrorChinese(t *testing.T) {
	e := &MappingError{Register: "r.xlsx", Problems: []register.MapProblem{
		{Severity: register.SevError, Sheet: "表一", Message: "缺少必填数据项 名称（name）的列", MessageEn: "no column for name"},
		{Severity: register.SevWarning, Sheet: "表一", Message: "A 列未对应任何数据项", MessageEn: "column A"},
	}}
	want := "登记表 \"r.xlsx\" 的列无法对应到模板的数据项\n  工作表“表一”：缺少必填数据项 名称（name）的列"
	if got := e.Chinese(); got != want {
		t.Errorf("Chinese() = %q, want %q", got, want)
	}
	if got := e.ChineseHint(); !hasHan(got) {
		t.Errorf("ChineseHint() = %q, want Chinese text", got)
	}
	if !strings.Contains(e.Error(), "no column for name") || !strings.HasPrefix(e.Error(), "register ") {
		t.Errorf("Error() = %q changed", e.Error())
	}
}
