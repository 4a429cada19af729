package dataitem

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// checkShapeOracle is checkShape as it was before it counted characters
// only when the bytes could break a limit: the limits always counted, then
// the pattern.
func (it *compiledItem) checkShapeOracle(v string) *Error {
	if e := it.checkLength(v); e != nil {
		return e
	}
	return it.checkPattern(v)
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
