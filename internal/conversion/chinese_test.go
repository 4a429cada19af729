package conversion

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"ezz/internal/register"
	"ezz/internal/text"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestMappingErrorChinese(t *testing.T) {
	err := mappingError(&MappingError{Register: "r.xlsx", Problems: []register.MapProblem{
		{Severity: register.SevError, Sheet: "表一", Message: text.New("缺少必填数据项 名称（name）的列", "no column for name")},
		{Severity: register.SevWarning, Sheet: "表一", Message: text.New("A 列未对应任何数据项", "column A")},
	}})
	want := "登记表 \"r.xlsx\" 的列无法对应到模板的数据项\n  工作表“表一”：缺少必填数据项 名称（name）的列"
	if got := text.Of(err).Zh; got != want {
		t.Errorf("Chinese %q, want %q", got, want)
	}
	if got := text.HintOf(err); !hasHan(got.Zh) || got.En == "" {
		t.Errorf("hint %+v, want both languages", got)
	}
	var me *MappingError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "no column for name") || !strings.HasPrefix(err.Error(), "register ") {
		t.Errorf("Error() = %q changed", err.Error())
	}
}

func TestStepErrorFrames(t *testing.T) {
	err := readRegisterErr("r.xlsx", text.Badf("坏", "bad"))
	if m := text.Of(err); m.Zh != `读取登记表 "r.xlsx" 失败：坏` || m.En != `read register "r.xlsx": bad` || text.ClassOf(err) != text.Bad {
		t.Errorf("got %+v (class %v)", m, text.ClassOf(err))
	}
}
