package input

import (
	"io/fs"
	"os"
)

// statThenOpen opens path with flags if what stat says of it passes check.
func statThenOpen(path string, check func(fs.FileInfo) error) (*os.File, error) {
	if st, err := os.Stat(path); err == nil { // else the open says why
		if err := check(st); err != nil {
			return nil, err
		}
	}
	return os.OpenFile(path, flags, 0)
}
