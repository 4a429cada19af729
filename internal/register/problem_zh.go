package register

import (
	"fmt"
	"strings"
)

// chinese renders the problem in Chinese with its place.
func (p MapProblem) chinese() string {
	if p.Sheet == "" || strings.Contains(p.Message, p.Sheet) {
		return p.Message
	}
	return fmt.Sprintf("工作表“%s”：%s", p.Sheet, p.Message)
}

func (p MapProblem) hintZh() string {
	switch p.Code {
	case CodeAmbiguous:
		return fmt.Sprintf("在 --map 映射文件中把 %s 列对应到其中一个数据项", p.Column)
	case CodeDupColumn:
		return fmt.Sprintf("在 --map 映射文件中把正确的列对应到 %s，另一列对应到 \"-\"", p.Item)
	case CodeMissingColumn:
		return "增加该数据项的列，或把登记表的表头加入模板中该数据项的别名（aliases），或在 --map 映射文件的 columns: 中指定列，或在映射文件的 values: 中为整批给出一个值；ezz catalogue show 模板 可列出数据项"
	case CodeValueAndColumn:
		return fmt.Sprintf("从映射文件的 values: 中去掉 %s，或在 columns: 中把 %s 列对应到 \"-\"", p.Item, p.Column)
	case CodeSheetMissing:
		return "更正映射文件中的 sheet: 行"
	case CodeNoHeader:
		return "用模板数据项的名称或别名作表头，或提供含 header_row 和 columns 的 --map 映射文件"
	case CodeUnmapped:
		return fmt.Sprintf("如果该列是数据项，把 %q 加入模板中该数据项的别名，或在 --map 映射文件中指定（用 \"-\" 可消除此提示）", p.Header)
	}
	return ""
}
