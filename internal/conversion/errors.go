package conversion

import (
	"errors"
	"fmt"
)

// StepError is a failure of one step of a conversion (reading the register,
// committing to the ledger, writing the rejects or the manifest), named in
// English and in Chinese so the CLI can report it in the clerk's language.
type StepError struct {
	Step, StepZh string // "read register \"x.xlsx\"", "读取登记表 \"x.xlsx\" 失败"
	Err          error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Chinese is the error in Chinese: the step, then the cause in Chinese when it
// has a Chinese text, else as it is.
func (e *StepError) Chinese() string {
	var c interface{ Chinese() string }
	if errors.As(e.Err, &c) && c.Chinese() != "" {
		return e.StepZh + "：" + c.Chinese()
	}
	return e.StepZh + "：" + e.Err.Error()
}

func stepErr(step, stepZh string, err error) error {
	return &StepError{Step: step, StepZh: stepZh, Err: err}
}

func readRegisterErr(path string, err error) error {
	return stepErr(fmt.Sprintf("read register %q", path), fmt.Sprintf("读取登记表 %q 失败", path), err)
}

func rejectsErr(err error) error {
	return stepErr("write rejects workbook", "写退回行工作簿失败", err)
}

func manifestErr(err error) error { return stepErr("write manifest", "写签名清单失败", err) }
