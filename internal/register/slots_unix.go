//go:build unix

package register

import (
	"fmt"
	"syscall"
	"unsafe"
)

// newSlots returns a zeroed table of n slots in an anonymous mapping, outside
// the Go heap: the table is the one thing a conversion holds that grows with
// the rows, and in the heap the collector's headroom (GOGC) doubled it, and a
// grown table kept the old one until the next collection.
func newSlots(n int) ([]uint64, error) {
	b, err := syscall.Mmap(-1, 0, n*8, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, fmt.Errorf("memory for %d duplicate-check slots: %w", n, err)
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), n), nil
}

// freeSlots returns a table made by newSlots to the system.
func freeSlots(s []uint64) {
	if len(s) > 0 {
		syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*8))
	}
}
