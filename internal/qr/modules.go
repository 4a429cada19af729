package qr

import (
	"errors"
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	zxdec "github.com/makiuchi-d/gozxing/qrcode/decoder"
	"rsc.io/qr/coding"
)

// ReadModules decodes a QR code given as its modules, m[row][col] true for
// a dark module (what Modules returns, or a drawing read back): the text
// every scanner of the printed code reads. A code that scanners may read
// differently is an error, however one decoder reads it: one that uses
// ECI, FNC1, structured append, Kanji or Hanzi segments (which scanners
// apply, show or skip each their own way), bytes other than printable
// ASCII (read in whatever character set a scanner guesses), or modules that
// are not exactly the standard encoding of its segments (errors repaired,
// format or version information that reads two ways, a mirror image, bits
// past the end but the standard padding): ErrNotPlain. A panic in the
// decoder on a hostile matrix is an error too.
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
	return plainReading(m, res)
}

// levels are the error correction levels by the decoder's names.
var levels = map[string]coding.Level{"L": coding.L, "M": coding.M, "Q": coding.Q, "H": coding.H}

// plainReading is the text of the decoded code m when every scanner reads
// it alike (ReadModules), else why not.
func plainReading(m [][]bool, res *common.DecoderResult) (string, error) {
	v := coding.Version((len(m) - 17) / 4)
	level, ok := levels[res.GetECLevel()]
	if !ok {
		return "", fmt.Errorf("its modules do not decode: error correction level %q", res.GetECLevel())
	}
	segs, text, err := plainSegments(res.GetRawBytes(), v)
	if err != nil {
		return "", err
	}
	if text != res.GetText() {
		return "", notPlain(fmt.Sprintf("its bytes read %q or %q, by the character set a scanner guesses", text, res.GetText()))
	}
	if mask, ok := formatMask(m); ok {
		p, err := coding.NewPlan(v, level, mask)
		if err != nil {
			return "", err
		}
		if code, err := p.Encode(segs...); err == nil && drawnAs(code, m) {
			return text, nil
		}
	}
	return "", notPlain("its modules are not exactly the QR encoding of what it reads (errors repaired, format or version information that reads two ways, a mirror image, or bits past its end)")
}

// formatMask is the mask m's format information names, read as the decoder
// reads it (it repairs a few wrong bits there: drawnAs then finds them).
func formatMask(m [][]bool) (coding.Mask, bool) {
	bm, err := gozxing.ParseBoolMapToBitMatrix(m)
	if err != nil {
		return 0, false
	}
	p, err := zxdec.NewBitMatrixParser(bm)
	if err != nil {
		return 0, false
	}
	f, err := p.ReadFormatInformation()
	if err != nil {
		return 0, false
	}
	return coding.Mask(f.GetDataMask()), true
}

// drawnAs reports whether m is code, module for module.
func drawnAs(code *coding.Code, m [][]bool) bool {
	for y, row := range m {
		for x, dark := range row {
			if code.Black(x, y) != dark {
				return false
			}
		}
	}
	return true
}
