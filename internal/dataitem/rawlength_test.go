package dataitem

import (
	"strings"
	"testing"
)

// TestRawLength: a cell far longer than its item allows is refused before the
// cleaning passes, so a workbook whose cells all point at one huge shared string
// costs a rune count per cell, not a normalisation.
func TestRawLength(t *testing.T) {
	short := Item{ID: "name", Type: Text, MaxLength: 60}
	open := Item{ID: "scope", Type: Text}
	date := Item{ID: "from", Type: Date}
	tests := []struct {
		name string
		it   Item
		raw  string
		code string // "" for accepted
	}{
		{"at max_length", short, strings.Repeat("餐", 60), ""},
		{"padded with spaces within the bound", short, strings.Repeat(" ", 300) + "餐馆", ""},
		{"far over max_length", short, strings.Repeat("餐", 30000), CodeTooLong},
		{"just over max_length", short, strings.Repeat("餐", 61), CodeTooLong},
		{"no max_length, long but under the cell bound", open, strings.Repeat("经营", MaxCellChars/2), ""},
		{"no max_length, over the cell bound", open, strings.Repeat("经", MaxCellChars+1), CodeTooLong},
		{"a huge date cell", date, strings.Repeat("2", 30000), CodeTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.it.Normalize(tt.raw)
			code := ""
			if err != nil {
				code = err.(*Error).Code
			}
			if code != tt.code {
				t.Fatalf("code %q, want %q (err %v)", code, tt.code, err)
			}
		})
	}
}
