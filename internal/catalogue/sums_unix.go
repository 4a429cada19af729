//go:build unix

package catalogue

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedAlone reports whether the file is this user's and no one else may write it.
func ownedAlone(st fs.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Geteuid() && st.Mode().Perm()&0o022 == 0
}
