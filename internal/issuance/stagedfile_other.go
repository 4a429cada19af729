//go:build !unix

package issuance

import "os"

// openFile is os.OpenFile (stagedfile_unix.go says why unix differs).
func openFile(path string, flag int, perm uint32) (*os.File, error) {
	return os.OpenFile(path, flag, os.FileMode(perm))
}

// rename is os.Rename.
func rename(oldname, newname string) error { return os.Rename(oldname, newname) }
