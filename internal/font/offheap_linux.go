//go:build linux

package font

import (
	"io"
	"syscall"

	"ezz/internal/asset"
)

// readFont returns the bytes of the font file at path, at most limit. A file
// of offHeapBytes or more is read into an anonymous private mapping, which
// is then made read-only: the font never changes after loading, and the
// mapping of a font parsed stays for the life of the process, since any
// renderer may still hold it (release frees it when a parse does not keep
// it: a file read again with the same bytes, a collection, a bad font). A
// long-lived process keeps one mapping per version of a font file it drew
// from: changing a 50 MB font ten times costs 500 MB of mappings. Any surprise — a file
// that shrank or grew while it was read — is left to asset.Read.
func readFont(path string, limit int64) (data []byte, release func(), err error) {
	f, size, err := asset.Open(path, limit)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if size < offHeapBytes {
		data, err := asset.Read(path, limit)
		return data, func() {}, err
	}
	b, err := syscall.Mmap(-1, 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		data, err := asset.Read(path, limit)
		return data, func() {}, err
	}
	var one [1]byte
	if _, err := io.ReadFull(f, b); err != nil || !atEOF(f, one[:]) || syscall.Mprotect(b, syscall.PROT_READ) != nil {
		syscall.Munmap(b)
		data, err := asset.Read(path, limit)
		return data, func() {}, err
	}
	return b, func() { syscall.Munmap(b) }, nil
}

// atEOF reports whether r has nothing more to read.
func atEOF(r io.Reader, one []byte) bool {
	n, err := r.Read(one)
	return n == 0 && err == io.EOF
}
