package ledger

import "fmt"

// Chinese is the error in Chinese, for clerks who read ezz in Chinese.
func (e *DuplicateNumberError) Chinese() string {
	return fmt.Sprintf("类型 %s 的证照编号 %q 已签发过，证照标识为 %s", e.TypeCode, e.Number, e.Existing)
}

// ChineseHint is Hint in Chinese.
func (e *DuplicateNumberError) ChineseHint() string {
	return "每个编号只签发一次：删除该行，或对已签发的证照做变更（新版本）"
}
