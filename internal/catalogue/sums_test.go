package catalogue

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ezz/internal/font"
)

// sumsTemplate is a copy of food-business whose one font is a copy of
// DejaVuSans.ttf beside it (found before the system's; the CJK fonts would
// make each uncached hash cost a second): the template and its two files.
func sumsTemplate(t *testing.T) (tpl *Template, fontPath, sealPath string) {
	t.Helper()
	path := mutated(t, "fonts: [wqy-microhei.ttc, DejaVuSans.ttf, HanaMinA.ttf, HanaMinB.ttf]", "fonts: [DejaVuSans.ttf]")
	c, err := font.Resolve([]string{"DejaVuSans.ttf"}, font.SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(c.Font(0).Path)
	if err != nil {
		t.Fatal(err)
	}
	fontPath = filepath.Join(filepath.Dir(path), "DejaVuSans.ttf")
	if err := os.WriteFile(fontPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if tpl, err = Load(path); err != nil {
		t.Fatal(err)
	}
	return tpl, fontPath, filepath.Join(filepath.Dir(path), "assets", "seal.png")
}

// uncached is the hash with nothing remembered: every file read with SM3.
func uncached(t *testing.T, tpl *Template) string {
	t.Helper()
	h, err := HashWith(tpl, NewSums(""))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// rewrite changes the file at path with edit and gives it back its old
// modification time, so that only its bytes (and ctime) tell the change.
func rewrite(t *testing.T, path string, edit func([]byte) []byte) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, edit(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestSumsSeeEveryChange: with a warm cache kept in a file, every change to
// a font or image gives the hash that reading everything with SM3 gives,
// however the change hides its size and time.
func TestSumsSeeEveryChange(t *testing.T) {
	flip := func(at int) func([]byte) []byte {
		return func(b []byte) []byte { b[at%len(b)] ^= 1; return b }
	}
	swap := func(b []byte) []byte {
		i := len(b) / 3
		for b[i] == b[i+1] {
			i++
		}
		b[i], b[i+1] = b[i+1], b[i]
		return b
	}
	tests := []struct {
		name string
		seal bool // edit the seal image, not the font
		edit func([]byte) []byte
	}{
		{"font: one bit in the middle, same size and mtime", false, func(b []byte) []byte { return flip(len(b) / 2)(b) }},
		{"font: last byte, same size and mtime", false, func(b []byte) []byte { return flip(len(b) - 1)(b) }},
		{"font: first byte", false, flip(0)},
		{"font: one byte appended", false, func(b []byte) []byte { return append(b, 0) }},
		{"font: last byte cut", false, func(b []byte) []byte { return b[:len(b)-1] }},
		{"font: two different bytes swapped", false, swap},
		{"seal: one bit, same size and mtime", true, flip(40)},
		{"seal: emptied", true, func([]byte) []byte { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, fontPath, sealPath := sumsTemplate(t)
			file := filepath.Join(t.TempDir(), "asset-sums")
			before := uncached(t, tpl)
			warm := OpenSums(file)
			if h, err := HashWith(tpl, warm); err != nil || h != before {
				t.Fatalf("first run: got %q, %v, want %q", h, err, before)
			}
			if err := warm.Save(); err != nil {
				t.Fatal(err)
			}
			target := fontPath
			if tt.seal {
				target = sealPath
			}
			rewrite(t, target, tt.edit)
			want := uncached(t, tpl)
			if want == before {
				t.Fatal("the edit did not change the uncached hash")
			}
			for _, s := range []*Sums{OpenSums(file), warm} {
				if got, err := HashWith(tpl, s); err != nil || got != want {
					t.Errorf("after the edit: got %q, %v, want %q (before: %q)", got, err, want, before)
				}
			}
		})
	}
}

// TestSumsFileHitsAndStaysStill: a second run takes every SM3 from the file
// and does not rewrite it; a run with a new file adds it.
func TestSumsFileHitsAndStaysStill(t *testing.T) {
	tpl, fontPath, _ := sumsTemplate(t)
	file := filepath.Join(t.TempDir(), "cache", "asset-sums")
	want := uncached(t, tpl)
	first := OpenSums(file)
	if h, err := HashWith(tpl, first); err != nil || h != want {
		t.Fatalf("got %q, %v, want %q", h, err, want)
	}
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600", st.Mode().Perm())
	}
	second := OpenSums(file)
	n := len(second.m)
	if n != len(first.m) || n < 3 {
		t.Fatalf("got %d sums back, want the %d saved (fonts and seal)", n, len(first.m))
	}
	if h, err := HashWith(tpl, second); err != nil || h != want || second.added {
		t.Fatalf("warm run: got %q, %v, added %v; want %q and nothing added", h, err, second.added, want)
	}
	if err := second.Save(); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Stat(file); !os.SameFile(st, again) {
		t.Error("a run that added nothing rewrote the file")
	}
	rewrite(t, fontPath, func(b []byte) []byte { return append(b, 1) })
	third := OpenSums(file)
	if _, err := HashWith(tpl, third); err != nil || !third.added {
		t.Fatalf("changed font: %v, added %v; want the new font's sum added", err, third.added)
	}
	if err := third.Save(); err != nil {
		t.Fatal(err)
	}
	if got := len(OpenSums(file).m); got != n+1 {
		t.Errorf("got %d sums, want %d", got, n+1)
	}
}

// TestSumsFileDamaged: a damaged, foreign or hostile file is ignored (the
// hash is the uncached one) and the next save replaces it.
func TestSumsFileDamaged(t *testing.T) {
	tpl, _, _ := sumsTemplate(t)
	want := uncached(t, tpl)
	good := filepath.Join(t.TempDir(), "asset-sums")
	s := OpenSums(good)
	if _, err := HashWith(tpl, s); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(saved), "\n")
	// A value changed to another SM3 (the first line's by the second's): the check line catches it.
	swapped := strings.Replace(string(saved), lines[1][65:], lines[2][65:], 1)
	tests := []struct {
		name  string
		bytes []byte
	}{
		{"empty", nil},
		{"truncated", saved[:len(saved)/2]},
		{"no check line", []byte(strings.Join(lines[:len(lines)-2], ""))},
		{"a value swapped", []byte(swapped)},
		{"one hex digit changed", flipped(saved, len(sumsHeader)+10)},
		{"zeros", make([]byte, len(saved))},
		{"foreign header", bytes.Replace(saved, []byte("v1"), []byte("v9"), 1)},
		{"over the size bound", bytes.Repeat(saved, maxSumsFile/len(saved)+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "asset-sums")
			if err := os.WriteFile(file, tt.bytes, 0o600); err != nil {
				t.Fatal(err)
			}
			s := OpenSums(file)
			if len(s.m) != 0 {
				t.Fatalf("got %d sums from a damaged file, want none", len(s.m))
			}
			if h, err := HashWith(tpl, s); err != nil || h != want {
				t.Fatalf("got %q, %v, want %q", h, err, want)
			}
			if err := s.Save(); err != nil {
				t.Fatal(err)
			}
			if got := len(OpenSums(file).m); got != len(s.m) {
				t.Errorf("after saving: got %d sums, want %d", got, len(s.m))
			}
		})
	}
	t.Run("a directory in its place", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "asset-sums")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if h, err := HashWith(tpl, OpenSums(dir)); err != nil || h != want {
			t.Fatalf("got %q, %v, want %q", h, err, want)
		}
	})
}

// flipped is a copy of b with one bit of b[at] changed.
func flipped(b []byte, at int) []byte {
	c := bytes.Clone(b)
	c[at] ^= 1
	return c
}

// TestSumsSavedAtOnce: runs saving the same file at once leave one whole
// file, which another run reads without error.
func TestSumsSavedAtOnce(t *testing.T) {
	tpl, _, _ := sumsTemplate(t)
	want := uncached(t, tpl)
	file := filepath.Join(t.TempDir(), "asset-sums")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			s := OpenSums(file)
			if _, err := HashWith(tpl, s); err != nil {
				errs <- err
				return
			}
			errs <- s.Save()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := OpenSums(file)
	if h, err := HashWith(tpl, s); err != nil || h != want || s.added {
		t.Fatalf("got %q, %v, added %v; want %q from the file", h, err, s.added, want)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".asset-sums-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestSumsKeepsTheBound: a file never holds more than maxSums entries, and
// those this run used are kept first.
func TestSumsKeepsTheBound(t *testing.T) {
	file := filepath.Join(t.TempDir(), "asset-sums")
	s := NewSums(file)
	for i := range maxSums + 10 {
		var k [32]byte
		k[0], k[1] = byte(i), byte(i>>8)
		s.m[k] = [32]byte{1}
	}
	var mine [32]byte
	mine[31] = 9
	s.put(mine, [32]byte{2})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	back := OpenSums(file)
	if len(back.m) != maxSums || back.m[mine] != [32]byte{2} {
		t.Errorf("got %d sums (this run's kept: %v), want %d with it", len(back.m), back.m[mine] == [32]byte{2}, maxSums)
	}
}

func FuzzParseSums(f *testing.F) {
	s := NewSums("")
	s.put([32]byte{1}, [32]byte{2})
	f.Add(s.encode())
	f.Add([]byte(sumsHeader + "end 00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseSums(data)
		if err != nil {
			return
		}
		if len(m) > maxSums {
			t.Fatalf("got %d sums, over the bound %d", len(m), maxSums)
		}
		again := NewSums("")
		again.m = m
		if back, err := parseSums(again.encode()); err != nil || len(back) != len(m) {
			t.Fatalf("re-encoded: %d sums, %v; want %d", len(back), err, len(m))
		}
	})
}

// TestSumsForgedFile: a well-formed file that maps a changed font's SHA-256
// to the SM3 of the font before the change (its check line made to match)
// is what a forger would write. Owned by this user and writable by no one
// else it is trusted, as a file ezz itself wrote would be; written by
// another user, or where others may write it, it is ignored.
func TestSumsForgedFile(t *testing.T) {
	tpl, fontPath, _ := sumsTemplate(t)
	before := uncached(t, tpl)
	oldFont, err := fileSM3(fontPath, NewSums(""))
	if err != nil {
		t.Fatal(err)
	}
	rewrite(t, fontPath, func(b []byte) []byte { b[len(b)/2] ^= 1; return b })
	want := uncached(t, tpl)
	forged := NewSums("")
	if _, err := HashWith(tpl, forged); err != nil {
		t.Fatal(err)
	}
	newFont, _ := fileSM3(fontPath, NewSums(""))
	for k, v := range forged.m {
		if fmt.Sprintf("%x", v) == newFont {
			forged.m[k] = [32]byte(must(hex.DecodeString(oldFont)))
		}
	}
	data := forged.encode()
	tests := []struct {
		name    string
		mode    os.FileMode
		uid     int
		trusted bool
	}{
		{"this user's, 0600", 0o600, os.Geteuid(), true},
		{"this user's, 0644", 0o644, os.Geteuid(), true},
		{"this user's, group-writable", 0o664, os.Geteuid(), false},
		{"this user's, world-writable", 0o606, os.Geteuid(), false},
		{"another user's, 0600", 0o600, os.Geteuid() + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "asset-sums")
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(file, tt.mode); err != nil {
				t.Fatal(err)
			}
			if tt.uid != os.Geteuid() {
				if err := os.Chown(file, tt.uid, -1); err != nil {
					t.Skipf("cannot give the file to another user: %v", err)
				}
			}
			got, err := HashWith(tpl, OpenSums(file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.trusted && got != before {
				t.Fatalf("got %q, want the forged file's %q: the forgery is not what it should be", got, before)
			}
			if !tt.trusted && got != want {
				t.Errorf("got %q, want %q (the forged file gives %q)", got, want, before)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSumsSweepsKilledSaves: the temporary files of Saves killed before
// their rename are removed by the next Save once they are stale; a fresh one
// (another process's Save under way) and anything else in the folder stay.
func TestSumsSweepsKilledSaves(t *testing.T) {
	tpl, _, _ := sumsTemplate(t)
	dir := filepath.Join(t.TempDir(), "certs [2026]") // a name that is also a pattern
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "asset-sums")
	old := time.Now().Add(-2 * staleTemp)
	write := func(name string, at time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a save"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := []string{write(".asset-sums-111", old), write(".asset-sums-222", old)}
	kept := []string{write(".asset-sums-333", time.Now()), write("other-file", old)}
	staleDir := filepath.Join(dir, ".asset-sums-444")
	if err := os.Mkdir(staleDir, 0o700); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, staleDir)
	s := OpenSums(file)
	if _, err := HashWith(tpl, s); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a stale temporary file is still there (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s: removed, want it kept: %v", p, err)
		}
	}
}
