//go:build unix

package register

import (
	"runtime"
	"syscall"
)

// peakRSS returns the peak resident set size of the process in bytes.
// getrusage gives it in kilobytes, except on macOS, where it is in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
