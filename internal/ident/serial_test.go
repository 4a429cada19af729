package ident

import (
	"errors"
	"fmt"
	"testing"
)

func TestSerial(t *testing.T) {
	tests := []struct {
		station string
		n       uint64
		want    string
		wantErr error
	}{
		{"HQ", 1, "HQ00001", nil},
		{"WH01A", 42, "WH01A00042", nil},
		{"ABCDEF", 7, "ABCDEF00007", nil},
		{"HQ", 1234567, "HQ1234567", nil},
		{"HQ", 18446744073709551615, "HQ18446744073709551615", nil},
		{"H", 1, "", ErrStation},
		{"HQ1", 1, "", ErrStation},
		{"hq", 1, "", ErrStation},
		{"ABCDEFG", 1, "", ErrStation},
		{"H-Q", 1, "", ErrStation},
	}
	for _, tt := range tests {
		t.Run(tt.want+tt.station, func(t *testing.T) {
			got, err := Serial(tt.station, tt.n)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("Serial(%q, %d): got %q, %v, want %q, %v", tt.station, tt.n, got, err, tt.want, tt.wantErr)
			}
			if err != nil {
				return
			}
			if _, err := New("11100000000013338W032", "11220000013544541J", got, 1); err != nil {
				t.Errorf("serial %q is not valid in an identifier: %v", got, err)
			}
			st, n, err := SplitSerial(got)
			if err != nil || st != tt.station || n != tt.n {
				t.Errorf("SplitSerial(%q): got %q, %d, %v, want %q, %d", got, st, n, err, tt.station, tt.n)
			}
		})
	}
	if _, err := Serial("HQ", 0); err == nil {
		t.Error("Serial with counter 0: got no error")
	}
}

// TestSerialsNeverCollide checks that stations whose codes share prefixes and digits
// never produce the same serial.
func TestSerialsNeverCollide(t *testing.T) {
	seen := map[string]string{}
	for _, st := range []string{"AB", "A0B", "AB0B", "A00B", "AB00B", "B0AB", "AA", "AAA", "AAAA"} {
		for n := uint64(1); n <= 2000; n++ {
			s, err := Serial(st, n)
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("%s#%d", st, n)
			if prev, ok := seen[s]; ok {
				t.Fatalf("serial %s made twice: %s and %s", s, prev, key)
			}
			seen[s] = key
		}
	}
}

func TestSplitSerialForeign(t *testing.T) {
	for _, s := range []string{"2430599", "2025052201", "HQ0001", "HQ000001", "", "HQ"} {
		if _, _, err := SplitSerial(s); err == nil {
			t.Errorf("SplitSerial(%q): got no error, want one", s)
		}
	}
}

// TestSerialMatchesSprintf checks the serial against the zero-padded
// formatting it replaced, for every station length and counter width.
func TestSerialMatchesSprintf(t *testing.T) {
	for _, station := range []string{"HQ", "W1A", "WH0A", "WH01A", "ABCDEF"} {
		width := max(minCounterDigits, 7-len(station))
		for _, n := range []uint64{1, 9, 10, 99, 1000, 99999, 100000, 999999, 1000000, 1234567, 1<<63 - 1, 1<<64 - 1} {
			got, err := Serial(station, n)
			if want := fmt.Sprintf("%s%0*d", station, width, n); err != nil || got != want {
				t.Errorf("Serial(%q, %d) = %q, %v; want %q", station, n, got, err, want)
			}
		}
	}
}
