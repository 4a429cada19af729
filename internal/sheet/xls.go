package sheet

import (
	"os"

	"ezz/internal/text"
)

// openXLS opens an Excel 97–2003 workbook.
func openXLS(f *os.File, path string) (Book, error) {
	return nil, text.Errorf("登记表 %q 是 Excel 97–2003 工作簿（.xls），ezz 暂不能读取", "register %q is an Excel 97–2003 workbook (.xls), which ezz cannot read yet", path).
		WithHint("请在 Excel、WPS 或 LibreOffice 中另存为 Excel 工作簿（.xlsx）后重试", "save it as an Excel workbook (.xlsx) in Excel, WPS or LibreOffice and try again")
}
