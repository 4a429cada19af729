package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ezz/internal/input"
	"ezz/internal/text"
)

// MaxFileBytes is the largest register file read: far above the 100,000-row
// registers ezz is measured on (≈ 9 MB as .xlsx, ≈ 25 MB as .csv).
const MaxFileBytes = 512 << 20

// Open opens the register at path and reads its structure, telling the
// format from the file's first bytes (and, for text, from its name). Only a
// regular file is opened, without blocking, so that a FIFO or a device
// given as a register is refused rather than read forever.
func Open(path string) (Book, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	return OpenFile(f, path)
}

// OpenFile reads the structure of the register file f, which OpenRegular
// opened from path, as Open does: the book reads that file, so a register
// saved again under the same name meanwhile is not read in its place. It
// closes f if it fails.
func OpenFile(f *os.File, path string) (Book, error) {
	b, err := openBook(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// OpenRegular opens a register file for reading if it is a regular file of
// at most MaxFileBytes, without blocking on a FIFO (input.Open): every reader
// of a register (the hash of the batch too) opens it so.
func OpenRegular(path string) (*os.File, error) {
	f, _, err := input.Open(path, MaxFileBytes)
	var e *text.Error
	switch {
	case !errors.As(err, &e):
	case errors.Is(err, input.ErrNotRegular):
		e.WithHint("请给出一个 Excel 或 CSV 文件的路径", "give the path of an Excel or CSV file")
	case errors.Is(err, input.ErrTooLarge):
		e.WithHint("请把登记表拆成几个较小的文件分批转换", "split the register into smaller files and convert them one by one")
	}
	return f, err // an *fs.PathError as it is, for the caller to frame
}

// openBook tells the format and opens the book of that format.
func openBook(f *os.File, path string) (Book, error) {
	var head [8]byte
	n, err := f.ReadAt(head[:], 0)
	if err != nil && err != io.EOF {
		return nil, text.Wrap(err, "读取登记表失败", "read register")
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head[:n], []byte("PK\x03\x04")) || bytes.HasPrefix(head[:n], []byte("PK\x05\x06")):
		return openZip(f, path)
	case bytes.HasPrefix(head[:n], oleMagic):
		return openOLE(f, path, ext)
	case ext == ".et" || ext == ".ett":
		return nil, wpsError(path)
	case ext == ".csv" || ext == ".txt" || ext == ".tsv":
		return openCSV(f, path, ext == ".tsv")
	}
	return nil, unknownFormat(path)
}

func unknownFormat(path string) error {
	return text.Errorf("登记表 %q 不是 ezz 能读取的格式（.xlsx、.xls、.ods 或 .csv）", "register %q is not in a format ezz reads (.xlsx, .xls, .ods or .csv)", path).
		WithHint("请用 Excel、WPS 或 LibreOffice 打开它，另存为 Excel 工作簿（.xlsx）后重试", "open it in Excel, WPS or LibreOffice, save it as an Excel workbook (.xlsx) and try again")
}

func wpsError(path string) error {
	return text.Errorf("登记表 %q 是 WPS 表格专用格式（.et），ezz 无法读取", "register %q is in the WPS Spreadsheets format (.et), which ezz cannot read", path).
		WithHint("请在 WPS 表格中选择“文件 → 另存为”，保存为 Excel 工作簿（.xlsx）后重试", "in WPS Spreadsheets choose File → Save As, save it as an Excel workbook (.xlsx) and try again")
}
