package conversion

import (
	"fmt"
	"strings"

	"ezz/internal/register"
)

// Chinese is the error in Chinese, each problem on its own line as in Error.
func (e *MappingError) Chinese() string {
	var b strings.Builder
	fmt.Fprintf(&b, "登记表 %q 的列无法对应到模板的数据项", e.Register)
	for _, p := range e.Problems {
		if p.Severity != register.SevError {
			continue
		}
		b.WriteString("\n  ")
		if p.Sheet != "" && !strings.Contains(p.Message, p.Sheet) {
			fmt.Fprintf(&b, "工作表“%s”：", p.Sheet)
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// ChineseHint is Hint in Chinese.
func (e *MappingError) ChineseHint() string {
	if h := register.ProblemHints(e.Problems, "zh"); h != "" {
		return h + "（见 docs/registers.md）"
	}
	return "在模板中为数据项添加登记表的表头写法作为别名（aliases），或用 --map 映射文件指定列（见 docs/registers.md）"
}
