package sheet

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"unicode/utf16"

	"ezz/internal/text"
)

// oleMagic starts an OLE compound file: an Excel 97–2003 workbook (.xls), a
// WPS workbook (.et), or an encrypted .xlsx (an EncryptedPackage inside).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// openOLE opens an OLE compound file as the workbook it is.
func openOLE(f *os.File, path, ext string) (Book, error) {
	enc, err := hasStream(f, "EncryptedPackage")
	if err != nil {
		return nil, text.Wrap(err, "读取登记表失败", "read register")
	}
	switch {
	case enc:
		return nil, encryptedError(path)
	case ext == ".et" || ext == ".ett":
		return nil, wpsError(path)
	}
	return openXLS(f, path)
}

// hasStream reports whether the compound file names a stream: it looks for
// the name as the UTF-16 of a directory entry, anywhere in the file (the
// file's size is bounded already).
func hasStream(f *os.File, name string) (bool, error) {
	var want []byte
	for _, u := range utf16.Encode([]rune(name)) {
		want = append(want, byte(u), byte(u>>8))
	}
	want = append(want, 0, 0)
	br := bufio.NewReaderSize(io.NewSectionReader(f, 0, MaxFileBytes), 1<<16)
	buf := make([]byte, 0, 2<<16)
	for {
		chunk := make([]byte, 1<<16)
		n, err := io.ReadFull(br, chunk)
		buf = append(buf, chunk[:n]...)
		if bytes.Contains(buf, want) {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		buf = append(buf[:0], buf[len(buf)-len(want):]...)
	}
}
