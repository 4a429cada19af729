package conversion

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRegisterSumAhead: the SM3 taken ahead (HashRegister) is the one Run
// would take itself, and Run takes its own when the one ahead was abandoned,
// or is of another path; a register that cannot be read fails the same way.
func TestRegisterSumAhead(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	big := make([]byte, 3<<20) // several reads
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := os.WriteFile(a, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("编号,名称\n1,甲\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, p := range []string{a, b} {
		s, err := fileSM3(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[p] = s
	}
	abandoned := HashRegister(a)
	abandoned.Abandon()
	for name, o := range map[string]Options{
		"ahead":      {Register: a, Sum: HashRegister(a)},
		"none":       {Register: a},
		"abandoned":  {Register: a, Sum: abandoned},
		"other path": {Register: b, Sum: HashRegister(a)},
	} {
		got, err := o.registerSM3()
		if err != nil || got != want[o.Register] {
			t.Errorf("%s: got %s, %v; want %s", name, got, err, want[o.Register])
		}
	}
	missing := filepath.Join(dir, "missing.xlsx")
	_, want1 := fileSM3(missing, nil)
	_, got1 := (&Options{Register: missing, Sum: HashRegister(missing)}).registerSM3()
	if want1 == nil || got1 == nil || got1.Error() != want1.Error() {
		t.Errorf("missing register: got %v, want %v", got1, want1)
	}
}
