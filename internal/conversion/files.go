package conversion

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/issuance"
)

// writePDF writes a certificate's PDF as <serial>.pdf in the batch directory,
// through a temporary file so a killed run never leaves half a PDF under the
// final name. It returns the path and the hex SM3 of the bytes.
func (c *conv) writePDF(cert *issuance.Certificate) (string, string, error) {
	path := filepath.Join(c.outDir, cert.ID.Serial+".pdf")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, cert.PDF, 0o644); err != nil {
		return "", "", fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", "", err
	}
	return path, cert.PDFSM3, nil
}

// fileSM3 is the hex SM3 of a file's bytes.
func fileSM3(path string) (string, error) {
	f, err := os.Open(path)
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
