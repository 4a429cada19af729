package dataitem

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkShapeOracle is checkShape as it was before it counted characters
// only when the bytes could break a limit.
func (it *compiledItem) checkShapeOracle(v string) *Error {
	n := utf8.RuneCountInString(v)
	if it.MaxLength > 0 && n > it.MaxLength {
		return newError(CodeTooLong,
			fmt.Sprintf("内容过长：最多 %d 个字，实际 %d 个字", it.MaxLength, n),
			fmt.Sprintf("too long: at most %d characters, got %d", it.MaxLength, n))
	}
	if it.MinLength > 0 && n < it.MinLength {
		return newError(CodeTooShort,
			fmt.Sprintf("内容过短：至少 %d 个字，实际 %d 个字", it.MinLength, n),
			fmt.Sprintf("too short: at least %d characters, got %d", it.MinLength, n))
	}
	if it.re != nil && !it.re.MatchString(v) {
		return newError(CodePattern,
			fmt.Sprintf("格式不符合要求 %s：请核对 %q", it.Pattern, v),
			fmt.Sprintf("%q does not match the required format %s", v, it.Pattern))
	}
	return nil
}

// TestCheckShape compares checkShape with its oracle for values of one to
// four bytes a character, invalid UTF-8 too, around every limit.
func TestCheckShape(t *testing.T) {
	var values []string
	for _, unit := range []string{"a", "é", "中", "😀", "\xff", "中a"} {
		for n := range 14 {
			values = append(values, strings.Repeat(unit, n))
		}
	}
	for max := range 13 {
		for _, min := range []int{0, 1, 3, 5, 12} {
			for _, pattern := range []string{"", "^.{2,6}$"} {
				it := &compiledItem{Item: Item{ID: "x", MaxLength: max, MinLength: min, Pattern: pattern}}
				if pattern != "" {
					it.re = regexp.MustCompile(pattern)
				}
				for _, v := range values {
					if got, want := it.checkShape(v), it.checkShapeOracle(v); !reflect.DeepEqual(got, want) {
						t.Fatalf("max %d min %d pattern %q: checkShape(%q) = %v, want %v", max, min, pattern, v, got, want)
					}
				}
			}
		}
	}
}
