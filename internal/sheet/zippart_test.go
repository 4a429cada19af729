package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/register/regtest"
)

// TestPartPastDeclaredSize: a worksheet part that inflates past the size
// its directory entry declares, or whose CRC-32 is not its bytes', is
// refused, not read up to its declared size, whether the declared bytes are
// a whole worksheet or not.
func TestPartPastDeclaredSize(t *testing.T) {
	good := worksheet("", `<row r="1"><c t="inlineStr"><is><t>甲</t></is></c></row>`+strings.Repeat("<!-- pad -->", 30000))
	long := good + "<!-- tail -->"
	tests := []struct {
		name string
		data string
		crc  uint32
		want error
	}{
		{"longer, CRC of the declared bytes", long, crc32.ChecksumIEEE([]byte(good)), zip.ErrFormat},
		{"longer, CRC of all", long, crc32.ChecksumIEEE([]byte(long)), zip.ErrFormat},
		{"bad CRC", good, crc32.ChecksumIEEE([]byte(good)) ^ 1, zip.ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := withSheetPart(t, tt.data, tt.crc, len(good))
			if err := readAllRows(path); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if err := readAllRows(withSheetPart(t, good, crc32.ChecksumIEEE([]byte(good)), len(good))); err != nil {
		t.Errorf("the part as declared: %v", err)
	}
}

// withSheetPart writes a one-sheet workbook whose worksheet part is data,
// deflated, under a directory entry declaring crc and size.
func withSheetPart(t *testing.T, data string, crc uint32, size int) string {
	t.Helper()
	zr, err := zip.OpenReader(regtest.ZipBook(t, []string{"S"}, map[string]string{"xl/worksheets/sheet1.xml": worksheet("", "")}))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var c bytes.Buffer
		fw, _ := flate.NewWriter(&c, flate.BestCompression)
		fw.Write([]byte(data))
		fw.Close()
		h := zf.FileHeader
		h.Flags &^= 0x8 // sizes and CRC in the headers, no data descriptor
		h.CRC32, h.UncompressedSize64, h.CompressedSize64 = crc, uint64(size), uint64(c.Len())
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "part.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAllRows reads every row of a workbook's sheet S, and the error that
// stops it.
func readAllRows(path string) error {
	b, err := Open(path)
	if err != nil {
		return err
	}
	defer b.Close()
	rows, err := b.Rows("S")
	if err != nil {
		return err
	}
	defer rows.Close()
	for {
		num, _, err := rows.Next()
		if err != nil || num == 0 {
			return err
		}
	}
}
