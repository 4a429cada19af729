package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/flate"

	"ezz/internal/text"
)

// Limits on a zip package (.xlsx, .ods), checked from its central directory
// before any part is decompressed; archive/zip then refuses a part that
// inflates past the size its directory entry declares.
const (
	maxEntries   = 10000   // parts in the package
	maxPartBytes = 1 << 30 // uncompressed bytes of one part
	maxRatio     = 500     // uncompressed : compressed, for a part past ratioFree (deflate's most is ≈ 1032)
	ratioFree    = 4 << 20 // a small part may compress as well as it likes
)

// openZip reads the directory of a zip package, checks its limits and opens
// it as the workbook it holds.
func openZip(f *os.File, path string) (Book, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, text.Wrap(err, "读取登记表失败", "read register")
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, packageError(path, err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflate)
	if err := checkZip(zr); err != nil {
		return nil, packageError(path, err)
	}
	if isODS(zr) {
		return openODS(zr, f, path)
	}
	b, err := openXLSX(zr)
	if errors.Is(err, errEncrypted) {
		return nil, encryptedError(path)
	}
	if err != nil {
		return nil, packageError(path, err)
	}
	b.closer = f
	return b, nil
}

// checkZip refuses packages that could cost more than the limits, or whose
// part names readers would take differently (a backslash, or two names
// differing only in case).
func checkZip(zr *zip.Reader) error {
	if len(zr.File) > maxEntries {
		return fmt.Errorf("%d parts in the package, more than %d", len(zr.File), maxEntries)
	}
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		if err := checkEntry(f); err != nil {
			return err
		}
		low := strings.ToLower(f.Name)
		if seen[low] {
			return fmt.Errorf("two parts named %q", clip([]byte(f.Name)))
		}
		seen[low] = true
	}
	return nil
}

func checkEntry(f *zip.File) error {
	name := clip([]byte(f.Name))
	switch {
	case strings.ContainsRune(f.Name, '\\'):
		return fmt.Errorf("part %q has a backslash in its name", name)
	case f.UncompressedSize64 > maxPartBytes:
		return fmt.Errorf("part %q would inflate to %d bytes, more than %d", name, f.UncompressedSize64, maxPartBytes)
	case f.UncompressedSize64 > ratioFree && f.UncompressedSize64 > maxRatio*f.CompressedSize64:
		return fmt.Errorf("part %q would inflate %d times (%d bytes from %d): a zip bomb", name,
			f.UncompressedSize64/max(f.CompressedSize64, 1), f.UncompressedSize64, f.CompressedSize64)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return fmt.Errorf("part %q is compressed with method %d", name, f.Method)
	}
	return nil
}

// packageError is a zip package ezz does not read: malformed, over a limit,
// or packaged otherwise than Excel, WPS and LibreOffice package a workbook.
func packageError(path string, err error) error {
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return text.Wrap(err, fmt.Sprintf("登记表 %q 不是完整的 Excel 工作簿", path), fmt.Sprintf("register %q is not a whole Excel workbook", path)).
			WithHint("文件可能已损坏或未下载完整：请重新导出或另存为 .xlsx 后重试", "the file may be damaged or cut short: export it again or save it as .xlsx and try again")
	}
	return text.Wrap(err, fmt.Sprintf("登记表 %q 的打包方式 ezz 不予读取", path), fmt.Sprintf("register %q is packaged in a way ezz refuses to read", path)).
		WithHint("请用 Excel、WPS 或 LibreOffice 打开登记表，另存为 .xlsx 后重试", "open the register in Excel, WPS or LibreOffice, save it again as .xlsx and try again")
}

// inflate decompresses a part with klauspost/compress's flate, faster than
// the standard library's over a worksheet (docs/BENCHMARKS.md, round 7).
func inflate(r io.Reader) io.ReadCloser { return flate.NewReader(r) }
