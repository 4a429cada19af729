//go:build !windows

package register

import "os"

// tempLog creates the unique values' temporary file in TMPDIR and removes
// its name at once: the values go with the last descriptor, even when the
// process is killed. Where the name cannot be removed, remove is it, for
// close.
func tempLog() (f *os.File, remove string, err error) {
	f, err = os.CreateTemp("", "ezz-unique-*")
	if err != nil {
		return nil, "", err
	}
	if os.Remove(f.Name()) != nil {
		remove = f.Name()
	}
	return f, remove, nil
}
