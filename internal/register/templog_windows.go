//go:build windows

package register

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// tempLog creates the unique values' temporary file in TMPDIR. Windows
// cannot remove the name of an open file, so the file is made to be deleted
// when its handle closes (FILE_FLAG_DELETE_ON_CLOSE), which the system does
// when the process is killed too, and no other process may open it meanwhile.
func tempLog() (f *os.File, remove string, err error) {
	dir := os.TempDir()
	for range 100 {
		var b [8]byte
		rand.Read(b[:])
		name := filepath.Join(dir, "ezz-unique-"+hex.EncodeToString(b[:]))
		p, err := windows.UTF16PtrFromString(name)
		if err != nil {
			return nil, "", err
		}
		h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE|windows.DELETE, 0, nil,
			windows.CREATE_NEW, windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
		if errors.Is(err, windows.ERROR_FILE_EXISTS) {
			continue
		}
		if err != nil {
			return nil, "", &fs.PathError{Op: "create", Path: name, Err: err}
		}
		return os.NewFile(uintptr(h), name), "", nil
	}
	return nil, "", errors.New("create the unique values' temporary file: no free name in " + dir)
}
