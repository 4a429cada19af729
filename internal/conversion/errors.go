package conversion

import (
	"fmt"
	"strings"

	"ezz/internal/register"
	"ezz/internal/text"
)

// StepError is the cause of a failure of one step of a conversion (reading
// the register, committing to the ledger, writing the rejects or the
// manifest): the step and what went wrong.
type StepError struct {
	Step text.T // {"读取登记表 \"x.xlsx\" 失败", "read register \"x.xlsx\""}
	Err  error
}

func (e *StepError) Error() string { return e.Step.En + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// stepErr frames err with the step that failed, in both languages, keeping
// the cause's class.
func stepErr(step text.T, err error) error {
	return &text.Error{Msg: text.F("%s：%v", "%s: %v", step, err), Class: text.ClassOf(err),
		Err: &StepError{Step: step, Err: err}}
}

func readRegisterErr(path string, err error) error {
	return stepErr(text.F("读取登记表 %q 失败", "read register %q", path), err)
}

func rejectsErr(err error) error {
	return stepErr(text.New("写退回行工作簿失败", "write rejects workbook"), err)
}

func manifestErr(err error) error {
	return stepErr(text.New("写签名清单失败", "write manifest"), err)
}

// MappingError is the cause of the error returned when the register's
// columns cannot be mapped onto the template: nothing was read or issued.
type MappingError struct {
	Register string
	Problems []register.MapProblem
}

func (e *MappingError) Error() string { return e.text().En }

// text lists the error-severity problems, one a line, in both languages.
func (e *MappingError) text() text.T {
	var zh, en strings.Builder
	fmt.Fprintf(&zh, "登记表 %q 的列无法对应到模板的数据项", e.Register)
	fmt.Fprintf(&en, "register %q: the columns do not map onto the template", e.Register)
	for _, p := range e.Problems {
		if p.Severity != register.SevError {
			continue
		}
		m := p.Placed()
		zh.WriteString("\n  " + m.Zh)
		en.WriteString("\n  " + m.En)
	}
	return text.New(zh.String(), en.String())
}

// mappingError is the bilingual error of a register that does not map, with
// the problems' hints.
func mappingError(e *MappingError) error {
	hint := text.New("在模板中为数据项添加登记表的表头写法作为别名（aliases），或用 --map 映射文件指定列（见 docs/registers.md）",
		"add the header spelling as an alias in the template, or give a --map file (docs/registers.md)")
	if h := register.ProblemHints(e.Problems); !h.IsZero() {
		hint = text.F("%s（见 docs/registers.md）", "%s (docs/registers.md)", h)
	}
	return &text.Error{Msg: e.text(), Hint: hint, Err: e}
}
