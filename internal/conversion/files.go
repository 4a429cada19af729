package conversion

import (
	"encoding/hex"
	"io"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/sheet"
)

// fileSM3 is the hex SM3 of a file's bytes.
func fileSM3(path string) (string, error) {
	f, err := sheet.OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sm3.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hexSM3 is the hex SM3 of data.
func hexSM3(data []byte) string {
	sum := sm3.Sum(data)
	return hex.EncodeToString(sum[:])
}
