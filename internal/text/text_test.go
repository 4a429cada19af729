package text

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestNested(t *testing.T) {
	inner := Badf("第 %d 行无效", "row %d is invalid", 3)
	outer := Wrap(inner, "读取登记簿 %q", "read register %q", "a.xlsx")
	if got, want := Of(outer).Zh, `读取登记簿 "a.xlsx"：第 3 行无效`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Of(outer).En, `read register "a.xlsx": row 3 is invalid`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("context: %w", inner)
	if ClassOf(wrapped) != Bad || !errors.Is(wrapped, inner) {
		t.Errorf("class or chain lost through fmt.Errorf")
	}
	if ClassOf(errors.New("x")) != Environment {
		t.Errorf("plain errors must be Environment")
	}
}

func TestInFallback(t *testing.T) {
	tests := []struct {
		t    T
		lang string
		want string
	}{
		{New("中", "en"), "zh", "中"},
		{New("中", "en"), "en", "en"},
		{New("", "en"), "zh", "en"},
		{New("中", ""), "en", "中"},
	}
	for _, tc := range tests {
		if got := tc.t.In(tc.lang); got != tc.want {
			t.Errorf("%v.In(%s) = %q, want %q", tc.t, tc.lang, got, tc.want)
		}
	}
}

func TestHintOf(t *testing.T) {
	e := fmt.Errorf("x: %w", Errorf("坏", "bad").WithHint("重试", "try again"))
	if got := HintOf(e).Zh; got != "重试" {
		t.Errorf("got %q, want 重试", got)
	}
}

func TestOfPlainWrapper(t *testing.T) {
	e := fmt.Errorf("open x: %w", Errorf("坏", "bad"))
	if got := Of(e); got.Zh != "坏" || got.En != "open x: bad" {
		t.Errorf("got %+v, want the Chinese of the *Error and the whole English", got)
	}
}

func TestOfPathError(t *testing.T) {
	err := &fs.PathError{Op: "open", Path: "a.xlsx", Err: fs.ErrNotExist}
	if got := Of(Wrap(err, "读取 %s", "read %s", "a")); got.Zh != "读取 a：找不到文件 a.xlsx" || got.En != "read a: open a.xlsx: file does not exist" {
		t.Errorf("got %+v", got)
	}
}
