package conversion

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
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

// TestPrecheckProblemSaysWhatNext: a refusal's hint follows its message in
// the row's problem (the rejects workbook has no other place for it), tied to
// the item the refusal concerns.
func TestPrecheckProblemSaysWhatNext(t *testing.T) {
	tmpl := &catalogue.Template{Metadata: catalogue.Metadata{ValidUntil: "valid_until", IssueDate: "issue_date"}}
	tests := []struct {
		name, code, item string
		err              error
		want             text.T
	}{
		{"expired", "expired", "valid_until",
			(&text.Error{Err: &issuance.ExpiredError{Until: "2020-01-01"}, Msg: text.New("已到期", "expired")}).WithHint("核对", "check"),
			text.New("已到期；核对", "expired; check")},
		{"future", "future-date", "issue_date",
			&text.Error{Err: &issuance.FutureError{Date: "2030-01-01"}, Msg: text.New("晚于今天", "in the future")},
			text.New("晚于今天", "in the future")},
		{"face", "face", "", text.Badf("缺字", "missing glyph"), text.New("无法生成电子证照：缺字", "cannot issue: missing glyph")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := precheckProblem(register.Row{}, tmpl, tt.err)
			if p.Code != tt.code || p.Item != tt.item || p.Message != tt.want {
				t.Errorf("got %+v, want code %s, item %q, message %+v", p, tt.code, tt.item, tt.want)
			}
		})
	}
}
