package ident

import (
	"errors"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{realF, real0, "", Prefix, Prefix + "....", realF + ".", "1.2.156.3005.2.\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s)
		if err != nil && !errors.Is(err, ErrCheckChar) {
			return
		}
		if id.String() != s {
			t.Fatalf("round trip: got %q, want %q", id.String(), s)
		}
		if (err == nil) != id.CheckOK() {
			t.Fatalf("CheckOK %v disagrees with error %v", id.CheckOK(), err)
		}
		if _, err := New(id.TypeCode, id.Issuer, id.Serial, id.VersionNumber()); err != nil {
			t.Fatalf("New rejects parsed parts of %q: %v", s, err)
		}
	})
}

func FuzzSplitSerial(f *testing.F) {
	f.Add("HQ00001")
	f.Add("WH01A00042")
	f.Fuzz(func(t *testing.T, s string) {
		st, n, err := SplitSerial(s)
		if err != nil {
			return
		}
		if got, _ := Serial(st, n); got != s {
			t.Fatalf("Serial(SplitSerial(%q)) = %q", s, got)
		}
	})
}
