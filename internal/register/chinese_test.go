package register

import (
	"strings"
	"testing"
	"unicode"

	"ezz/internal/text"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestChinese(t *testing.T) {
	mapErr := (&MapFile{Columns: map[string]string{"A": "colour"}}).check(map[string]bool{"name": true})
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"map file", mapErr, `映射文件：列 "A" 对应 "colour"`},
		{"mapping", mappingError("r.xlsx", []MapProblem{
			{Severity: SevError, Code: CodeMissingColumn, Sheet: "表一", Message: "缺少必填数据项 名称（name）的列"},
			{Severity: SevError, Code: CodeNoHeader, Message: "没有表头"},
			{Severity: SevWarning, Code: CodeUnmapped, Message: "警告"},
		}), `登记表 "r.xlsx"：工作表“表一”：缺少必填数据项 名称（name）的列；没有表头`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.Of(tt.err).Zh; !hasHan(got) || !strings.Contains(got, tt.want) {
				t.Errorf("Chinese %q, want Chinese text containing %q", got, tt.want)
			}
			if got := text.HintOf(tt.err); !hasHan(got.Zh) {
				t.Errorf("hint %+v, want a Chinese hint", got)
			}
			if strings.Contains(tt.err.Error(), "警告") {
				t.Errorf("Error() = %q includes a warning", tt.err.Error())
			}
		})
	}
}

func TestMapProblemChineseHint(t *testing.T) {
	for _, code := range []string{CodeAmbiguous, CodeDupColumn, CodeMissingColumn, CodeSheetMissing, CodeNoHeader, CodeUnmapped} {
		if got := (MapProblem{Code: code, Column: "B", Item: "name", Header: "名称"}).hintZh(); !hasHan(got) {
			t.Errorf("%s: Chinese hint %q, want Chinese text", code, got)
		}
	}
}
