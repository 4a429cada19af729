package sheet

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/register/regtest"
)

// TestCSVEncodingAcrossBuffers: a UTF-8 CSV longer than the detection buffer
// (64 KiB) is read as UTF-8 wherever a multi-byte character falls on the
// buffer's edge — it was taken for GB18030 when a complete character ended
// the buffer, and every row came out as "text that is not in the file's
// encoding".
func TestCSVEncodingAcrossBuffers(t *testing.T) {
	for shift := range 4 { // puts each byte of a 3-byte character (and the one after) at the edge
		var b bytes.Buffer
		b.WriteString("企业名称,许可证号\n")
		b.WriteString(strings.Repeat("a", shift))
		for b.Len() < 200<<10 {
			b.WriteString("武汉市江汉区味之源餐饮管理有限公司,JY24201030012345\n")
		}
		path := filepath.Join(t.TempDir(), "reg.csv")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		book, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := book.(*csvBook).Encoding; got != "utf-8" {
			t.Errorf("shift %d: encoding %q, want utf-8", shift, got)
		}
		book.Close()
	}
}

func TestCompleteRunes(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a", 1},
		{"a中", 4},
		{"a\xe4\xb8", 1},
		{"a\xe4", 1},
		{"\xe4\xb8", 0},
		{"a\xb8\xb8\xb8\xb8", 5}, // not UTF-8 at all: left for utf8.Valid to refuse
		{"a\xf0\x9f\x98", 1},
		{"a\xf0\x9f\x98\x80", 5},
	}
	for _, tt := range tests {
		if got := completeRunes([]byte(tt.in)); got != tt.want {
			t.Errorf("completeRunes(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestSyntheticCSV reads the CSV register that gen -synthetic writes for the
// 1M-row runs: UTF-8, the title row, the header and every row, dates as text.
func TestSyntheticCSV(t *testing.T) {
	const n = 3000 // ≈1.2 MB: many detection buffers
	path := filepath.Join(t.TempDir(), "reg.csv")
	if err := regtest.SyntheticCSV(path, n); err != nil {
		t.Fatal(err)
	}
	book, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.Rows(book.Sheets()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var last int
	var cells []string
	for {
		num, c, err := rows.Next()
		if err != nil {
			t.Fatalf("row %d: %v", last+1, err)
		}
		if num == 0 {
			break
		}
		last, cells = num, c
	}
	if last != n+2 || len(cells) != 17 || cells[9] != fmt.Sprintf("JY2420103%07d", n-1) {
		t.Errorf("last row %d with %d cells (%q…), want row %d of 17 cells", last, len(cells), cells[:min(len(cells), 10)], n+2)
	}
	if got := book.(*csvBook).Encoding; got != "utf-8" {
		t.Errorf("encoding %q, want utf-8", got)
	}
}
