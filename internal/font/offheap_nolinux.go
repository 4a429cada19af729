//go:build !linux

package font

import "ezz/internal/asset"

// readFont returns the bytes of the font file at path, at most limit, in the
// Go heap (offheap_linux.go keeps large ones outside it).
func readFont(path string, limit int64) ([]byte, func(), error) {
	data, err := asset.Read(path, limit)
	return data, func() {}, err
}
