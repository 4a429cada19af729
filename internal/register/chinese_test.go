package register

import (
	"strings"
	"testing"
	"unicode"

	"ezz/internal/dataitem"
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
			{Severity: SevError, Code: CodeMissingColumn, Sheet: "表一", Message: text.New("缺少必填数据项 名称（name）的列", "no column"), Hint: text.New("增加列", "add the column")},
			{Severity: SevError, Code: CodeNoHeader, Message: text.New("没有表头", "no header")},
			{Severity: SevWarning, Code: CodeUnmapped, Message: text.New("警告", "warning")},
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

// TestMapProblemsBilingual: every mapping problem a register can produce has
// a message and a hint in both languages.
func TestMapProblemsBilingual(t *testing.T) {
	s := &Sheet{Name: "表一", Values: map[string]string{"name": "x"}, itemCol: map[string]int{}}
	col := Column{Letter: "B", Header: "名称", Item: "name"}
	items := []dataitem.Item{{ID: "code", Label: "代码", Required: true}}
	s.Columns = []Column{{Letter: "C", Header: "颜色"}}
	ps := append([]MapProblem{dupColumn("表一", col, col), valueAndColumn("表一", col)}, s.check(items)...)
	mt := newMatcher([]dataitem.Item{{ID: "a", Label: "名称"}, {ID: "b", Label: "名称2", Aliases: []string{"名称"}}})
	if _, p := s.mapColumn(Column{Letter: "D", Header: "名称"}, mt, "", nil); p != nil {
		ps = append(ps, *p)
	}
	codes := map[string]bool{}
	for _, p := range ps {
		codes[p.Code] = true
		if !hasHan(p.Message.Zh) || p.Message.En == "" || !hasHan(p.Hint.Zh) || p.Hint.En == "" {
			t.Errorf("%s: message %+v hint %+v, want both languages", p.Code, p.Message, p.Hint)
		}
	}
	for _, c := range []string{CodeDupColumn, CodeValueAndColumn, CodeUnmapped, CodeMissingColumn, CodeAmbiguous} {
		if !codes[c] {
			t.Errorf("no %s problem made", c)
		}
	}
}
