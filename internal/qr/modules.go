package qr

import (
	"errors"
	"fmt"

	"github.com/makiuchi-d/gozxing"
	zxdec "github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// ReadModules decodes a QR code given as its modules, m[row][col] true for
// a dark module (what Modules returns, or a drawing read back): the text a
// scanner of the printed code would read. A panic in the decoder on a
// hostile matrix is an error too.
func ReadModules(m [][]bool) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("the QR decoder failed: %v", r)
		}
	}()
	n := len(m)
	if n < 21 || n > 177 || (n-17)%4 != 0 {
		return "", fmt.Errorf("%d modules a side is no QR code's size", n)
	}
	for _, row := range m {
		if len(row) != n {
			return "", errors.New("its modules are not a square")
		}
	}
	res, err := zxdec.NewDecoder().DecodeBoolMapWithoutHint(m)
	var sum gozxing.ChecksumException
	switch {
	case errors.As(err, &sum):
		return "", errors.New("more of its modules are wrong than error correction repairs")
	case err != nil:
		return "", fmt.Errorf("its modules do not decode: %v", err)
	}
	return res.GetText(), nil
}
