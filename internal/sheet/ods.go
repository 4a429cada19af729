package sheet

import (
	"archive/zip"
	"io"

	"ezz/internal/text"
)

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

// isODS reports whether the package is an OpenDocument spreadsheet: its
// first part is the mimetype naming one.
func isODS(zr *zip.Reader) bool {
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].UncompressedSize64 > 256 {
		return false
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 256))
	return string(b) == odsMime
}

func openODS(zr *zip.Reader, f io.Closer, path string) (Book, error) {
	return nil, text.Errorf("登记表 %q 是 OpenDocument 表格（.ods），ezz 暂不能读取", "register %q is an OpenDocument spreadsheet (.ods), which ezz cannot read yet", path).
		WithHint("请在 LibreOffice 中另存为 Excel 工作簿（.xlsx）后重试", "save it as an Excel workbook (.xlsx) in LibreOffice and try again")
}
