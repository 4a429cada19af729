package sheet

import (
	"archive/zip"
	"fmt"
	"strings"
)

// maxStyles bounds the cell styles of a workbook (Excel allows 64,000).
const maxStyles = 65536

// builtinFormats are the number formats Excel numbers without writing them
// (ECMA-376 Part 1, 18.8.30), with the date formats of the Chinese locale.
var builtinFormats = map[int]string{
	0: "", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
	12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm",
	27: `yyyy"年"m"月"`, 28: `m"月"d"日"`, 29: `m"月"d"日"`, 30: "m-d-yy", 31: `yyyy"年"m"月"d"日"`,
	32: `h"时"mm"分"`, 33: `h"时"mm"分"ss"秒"`, 34: `上午/下午h"时"mm"分"`, 35: `上午/下午h"时"mm"分"ss"秒"`,
	36: `yyyy"年"m"月"`, 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
	40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
	50: `yyyy"年"m"月"`, 51: `m"月"d"日"`, 52: `yyyy"年"m"月"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`,
	55: `上午/下午h"时"mm"分"`, 56: `上午/下午h"时"mm"分"ss"秒"`, 57: `yyyy"年"m"月"`, 58: `m"月"d"日"`,
}

// loadStyles reads the number format of each cell style (cellXfs) from
// xl/styles.xml; a workbook without one has General cells only.
func (b *xlsxBook) loadStyles(files map[string]*zip.File) error {
	f, ok := files["xl/styles.xml"]
	if !ok {
		return nil
	}
	var ss struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := readXML(b.zr, f.Name, &ss); err != nil {
		return err
	}
	if len(ss.Xfs) > maxStyles || len(ss.NumFmts) > maxStyles {
		return fmt.Errorf("%d cell styles, more than %d", len(ss.Xfs), maxStyles)
	}
	custom := make(map[int]string, len(ss.NumFmts))
	for _, n := range ss.NumFmts {
		custom[n.ID] = n.Code
	}
	b.styles = make([]string, len(ss.Xfs))
	for i, x := range ss.Xfs {
		if c, ok := custom[x.NumFmt]; ok {
			b.styles[i] = c
		} else {
			b.styles[i] = builtinFormats[x.NumFmt]
		}
	}
	return nil
}

// IsDateFormat reports whether a number format shows a date or time: it has
// a date or time code (y m d h s, 年 月 日) outside quotes, brackets and escapes.
func IsDateFormat(code string) bool {
	if code == "" || code == "@" || code == "General" {
		return false
	}
	quoted, bracket, esc := false, false, false
	for i, r := range code {
		switch {
		case esc:
			esc = false
		case quoted:
			quoted = r != '"'
		case bracket:
			bracket = r != ']'
		case r == '"':
			quoted = true
		case r == '[':
			bracket = true
			if strings.HasPrefix(code[i:], "[h]") || strings.HasPrefix(code[i:], "[mm]") || strings.HasPrefix(code[i:], "[ss]") {
				return true
			}
		case r == '\\' || r == '_' || r == '*':
			esc = true // the next character is literal, a padding or a fill
		case strings.ContainsRune("yYdDhHsS", r), r == 'm' || r == 'M':
			return true
		}
	}
	return false
}
