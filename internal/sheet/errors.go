package sheet

import (
	"errors"

	"ezz/internal/text"
)

// errEncrypted is a workbook protected by a password to open: Excel and WPS
// then store it as an OLE compound file holding an EncryptedPackage.
var errEncrypted = errors.New("the workbook is encrypted")

// encryptedError names the register and says how to remove the password.
func encryptedError(path string) error {
	return (&text.Error{
		Msg: text.F("登记表 %q 设有打开密码（已加密），ezz 无法读取", "register %q is protected by a password (encrypted), which ezz cannot read", path),
		Err: errEncrypted,
	}).WithHint("请在 Excel 或 WPS 中打开它，在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码并保存，然后重试",
		"open it in Excel or WPS, clear the password under File → Info → Protect Workbook → Encrypt with Password, save it and try again")
}

// IsEncrypted reports whether err is about an encrypted workbook.
func IsEncrypted(err error) bool { return errors.Is(err, errEncrypted) }

// formatErr is something in a worksheet the reader does not understand.
func formatErr(err error) error {
	return (&text.Error{Msg: text.F("登记表中有 ezz 无法读取的内容：%v", "%v", err), Err: err}).
		WithHint("该工作表不是按 Excel 的方式写成的：请用 Excel 或 WPS 打开登记表，另存为 .xlsx 后重新运行命令",
			"the worksheet is not written the way Excel writes it: open the register in Excel or WPS, save it again as .xlsx and run the command again")
}
