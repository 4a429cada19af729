//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpu is the process's user and system CPU time so far.
type cpu struct{ user, sys time.Duration }

func cpuTime() cpu {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return cpu{}
	}
	return cpu{time.Duration(u.Utime.Nano()), time.Duration(u.Stime.Nano())}
}

// since is the user and system CPU time from c0 to c.
func (c cpu) since(c0 cpu) (user, sys time.Duration) { return c.user - c0.user, c.sys - c0.sys }
