package sheet

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
	"ezz/internal/register/regtest"
	"ezz/internal/text"
)

// TestNotRegularFile: a FIFO, a device or a directory given as a register is
// refused at once (a FIFO nobody writes would block a plain open forever).
func TestNotRegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo.xlsx")
	if err := inputtest.Mkfifo(fifo); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero", "/dev/urandom", t.TempDir()} {
		done := make(chan error, 1)
		go func() { _, err := Open(path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s: got %v, want not a regular file", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Open blocks", path)
		}
	}
}

// bomb writes a workbook whose sheet part is n bytes of white space between
// the header row and the end of sheetData.
func bomb(t *testing.T, n int) string {
	t.Helper()
	path := regtest.ZipBook(t, []string{"S"}, map[string]string{
		"xl/worksheets/sheet1.xml": worksheet("", safeHeader+"@PAD@"),
	})
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := filepath.Join(t.TempDir(), "bomb.xlsx")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := zf.Open()
		var b strings.Builder
		buf := make([]byte, 1<<16)
		for {
			k, err := rc.Read(buf)
			b.Write(buf[:k])
			if err != nil {
				break
			}
		}
		rc.Close()
		before, after, found := strings.Cut(b.String(), "@PAD@")
		w.Write([]byte(before))
		if found {
			pad := []byte(strings.Repeat(" \n", 1<<15))
			for i := 0; i < n; i += len(pad) {
				w.Write(pad)
			}
			w.Write([]byte(after))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestZipBomb: a sheet padded with white space that inflates a thousand
// times is refused from the zip directory, before any of it is inflated.
func TestZipBomb(t *testing.T) {
	path := bomb(t, 64<<20)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "a zip bomb") || text.HintOf(err).IsZero() {
		t.Errorf("got %v, want a zip bomb refused with a hint", err)
	}
}

// TestPackageRefused: part names readers take differently, too many parts,
// and parts over the size limit are refused before the work.
func TestPackageRefused(t *testing.T) {
	many := map[string]string{"xl/worksheets/sheet1.xml": worksheet("", safeHeader)}
	for i := range maxEntries {
		many["x/"+strconv.Itoa(i)+".xml"] = ""
	}
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"backslash", map[string]string{"xl\\worksheets\\sheet1.xml": worksheet("", safeHeader)}, "has a backslash in its name"},
		{"case", map[string]string{"xl/worksheets/sheet1.xml": worksheet("", safeHeader), "XL/worksheets/sheet1.xml": ""}, "two parts named"},
		{"entries", many, "parts in the package, more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(zipBook(t, []string{"S"}, tt.parts))
			if err == nil || !strings.Contains(err.Error(), tt.want) || text.HintOf(err).IsZero() {
				t.Errorf("got %v, want %q with a hint", err, tt.want)
			}
		})
	}
}

// TestEncrypted: a workbook protected by a password to open (an OLE
// compound file with an EncryptedPackage stream) is named as encrypted.
func TestEncrypted(t *testing.T) {
	data := make([]byte, 4096)
	copy(data, oleMagic)
	name := "EncryptedPackage"
	for i, r := range name {
		data[1024+2*i] = byte(r)
	}
	path := filepath.Join(t.TempDir(), "locked.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if !IsEncrypted(err) || !strings.Contains(err.Error(), "protected by a password") || !strings.Contains(text.HintOf(err).En, "Encrypt with Password") {
		t.Errorf("got %v, want it named encrypted with a hint", err)
	}
}

// TestWPS: a WPS .et workbook is named as such, with how to re-save it.
func TestWPS(t *testing.T) {
	data := make([]byte, 4096)
	copy(data, oleMagic)
	path := filepath.Join(t.TempDir(), "台账.et")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "WPS Spreadsheets format (.et)") || !strings.Contains(text.HintOf(err).En, "Save As") {
		t.Errorf("got %v, want the WPS format named with a hint", err)
	}
}
