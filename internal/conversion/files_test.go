package conversion

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fileSM3 is the hex SM3 of the file at path.
func fileSM3(path string) (string, error) {
	f, sum, err := openHashed(path, nil)
	if err == nil {
		f.Close()
	}
	return sum, err
}

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
		s, err := fileSM3(p)
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
		f, got, err := o.openRegister()
		if err == nil {
			f.Close()
		}
		if err != nil || got != want[o.Register] {
			t.Errorf("%s: got %s, %v; want %s", name, got, err, want[o.Register])
		}
	}
	missing := filepath.Join(dir, "missing.xlsx")
	_, want1 := fileSM3(missing)
	_, _, got1 := (&Options{Register: missing, Sum: HashRegister(missing)}).openRegister()
	if want1 == nil || got1 == nil || got1.Error() != want1.Error() {
		t.Errorf("missing register: got %v, want %v", got1, want1)
	}
}

// TestRegisterReadIsHashed: the rows are read from the file whose SM3 the
// batch records. A spreadsheet program that saves the register again while
// ezz starts (a new file renamed over the name) must not give ezz the new
// rows under the old file's SM3; and Abandon after Run took the file leaves
// it open for the rows.
func TestRegisterReadIsHashed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "register.csv")
	before, after := []byte("编号,名称\n1,甲\n"), []byte("编号,名称\n1,乙\n2,丙\n")
	if err := os.WriteFile(path, before, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := fileSM3(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := HashRegister(path)
	<-sum.done
	saved := filepath.Join(dir, "~register.csv")
	if err := os.WriteFile(saved, after, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(saved, path); err != nil {
		t.Fatal(err)
	}
	f, got, err := (&Options{Register: path, Sum: sum}).openRegister()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum.Abandon() // as agency.Convert's defer does, after Run has taken the file
	rows, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("the file taken, after Abandon: %v", err)
	}
	if got != want || string(rows) != string(before) {
		t.Errorf("SM3 %s of %q, want %s of %q", got, rows, want, before)
	}
}
