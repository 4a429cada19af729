package ledger

import (
	"errors"
	"testing"
)

func TestDuplicateNumberErrorChinese(t *testing.T) {
	e := &DuplicateNumberError{TypeCode: "T01", Number: "JY1", Existing: "1.2.3"}
	if got, want := e.Chinese(), `类型 T01 的证照编号 "JY1" 已签发过，证照标识为 1.2.3`; got != want {
		t.Errorf("Chinese() = %q, want %q", got, want)
	}
	if got := e.ChineseHint(); got == "" || got == e.Hint() {
		t.Errorf("ChineseHint() = %q, want a Chinese hint", got)
	}
	if !errors.Is(e, ErrDuplicateNumber) {
		t.Error("errors.Is(e, ErrDuplicateNumber) = false")
	}
}
