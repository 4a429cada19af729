package ledger

import (
	"errors"
	"testing"

	"ezz/internal/text"
)

func TestDuplicateNumberErrorChinese(t *testing.T) {
	err := duplicateNumber("T01", "JY1", "1.2.3")
	if got, want := text.Of(err).Zh, `证照编号 "JY1" 已签发过，证照标识为 1.2.3，不能重复签发`; got != want {
		t.Errorf("Chinese %q, want %q", got, want)
	}
	var d *DuplicateNumberError
	if !errors.As(err, &d) || err.Error() != d.Error() || text.ClassOf(err) != text.Bad {
		t.Errorf("got %v, want a Bad error with the English of its *DuplicateNumberError", err)
	}
	if h := text.HintOf(err); h.Zh == "" || h.Zh == h.En {
		t.Errorf("hint %+v: want both languages", h)
	}
}
