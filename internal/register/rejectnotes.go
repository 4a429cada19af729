package register

import (
	"github.com/xuri/excelize/v2"
)

// NotesSheet is the rejects workbook's sheet of instructions; the mapper
// leaves it out without a warning when the workbook is fed back.
const NotesSheet = "修改说明"

// notesText tells the clerk how to fix the rows and feed the file back.
var notesText = []string{
	"如何修改本文件（ezz 退回行）",
	"",
	"1. 每个工作表中是登记表里未能签发的行，列和原登记表相同；红色单元格有误，鼠标停在其上可看批注。",
	"2. 按“错误原因”列的说明逐行修改红色单元格。不要修改“原行号”列，也不要删除“错误原因”列（ezz 会忽略这两列）。",
	"3. 证件号码、信用代码、证书编号等列已设为文本格式：请直接输入，不要改成数字或常规格式，否则长号码会变成 4.2E+17。",
	"4. 日期写成 2024-01-31 或 2024年1月31日。",
	"5. 改好后保存为 .xlsx（不要改名也可以），然后重新转换本文件：",
	"   ezz convert 本文件.xlsx --template 模板.yaml",
	"   已签发的行不会重复签发；仍有错误的行会再次写入新的退回文件。",
	"",
	"How to fix this file: the rejected rows keep the register's columns; fix the red cells as the 错误原因 column says,",
	"keep the 原行号 and 错误原因 columns, save as .xlsx and convert this file again with ezz convert.",
}

// notes writes the instructions sheet.
func (w *Rejects) notes() error {
	name := NotesSheet
	if _, taken := w.sheets[name]; taken {
		name = "ezz修改说明"
	}
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	style, err := w.styles.cell("", false)
	if err != nil {
		return err
	}
	for i, line := range notesText {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := w.f.SetCellStr(name, cell, line); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(name, cell, cell, style); err != nil {
			return err
		}
	}
	if err := w.f.SetCellStyle(name, "A1", "A1", w.styles.header); err != nil {
		return err
	}
	return w.f.SetColWidth(name, "A", "A", 120)
}
