package dataitem

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize cleans raw per the item's type and checks it. typeCode is the holder ID
// type code for HolderID items.
func (it *compiledItem) normalize(raw, typeCode string) (string, *Error) {
	plain := isPlain(raw) // valid UTF-8, and CleanSpace and normalizeText keep it
	if !plain && !utf8.ValidString(raw) {
		return "", invalidTextError()
	}
	if e := it.checkRawLength(raw); e != nil {
		return "", e
	}
	v := raw
	if !plain {
		v = CleanSpace(raw)
	}
	if v == "" && it.Default != "" {
		v = CleanSpace(it.Default)
	}
	if v == "" {
		if it.Required {
			return "", newError(CodeRequired, "必填项为空：请填写", "required item is empty: enter a value")
		}
		return "", nil
	}
	if it.Type != Decimal && IsMangledNumber(v) {
		return "", mangledError()
	}
	if plain && it.Type == Text && v == raw {
		return v, it.checkShape(v) // normalizeText keeps plain text
	}
	v, e := it.byType(v, typeCode)
	if e != nil {
		return "", e
	}
	return v, it.checkShape(v)
}

func (it *compiledItem) byType(v, typeCode string) (string, *Error) {
	switch it.Type {
	case Date:
		return parseDate(v)
	case Enum:
		return it.enumCode(v)
	case Integer:
		return parseInteger(v)
	case Decimal:
		return parseDecimal(v)
	case USCC:
		v = normalizeCode(v)
		return v, checkUSCC(v)
	case ResidentID:
		v = normalizeCode(v)
		return v, checkResidentID(v)
	case HolderID:
		return checkHolderID(typeCode, v)
	}
	return normalizeText(v)
}

// normalizeText applies NFC, half-width letters and digits, and rejects control
// characters.
func normalizeText(v string) (string, *Error) {
	if isPlain(v) {
		return v, nil
	}
	if hasControl(v) {
		return "", invalidTextError()
	}
	return norm.NFC.String(halfWidthAlnum(v)), nil
}

// MaxCellChars is the most characters a cell may hold before any cleaning when its
// item sets no max_length. No licence item is near it; a register whose cells are
// longer is refused cell by cell at once, so that a small workbook whose cells all
// point at one huge shared string cannot keep the run busy for hours.
const MaxCellChars = 10000

// checkRawLength refuses a raw value far longer than the item allows before the
// cleaning and type passes read it. White space collapses and full-width letters fold,
// so the bound is generous: four times max_length plus 256 characters.
func (it *compiledItem) checkRawLength(raw string) *Error {
	limit := MaxCellChars
	if it.MaxLength > 0 {
		limit = min(limit, 4*it.MaxLength+256)
	}
	if len(raw) <= limit { // a byte count bounds the rune count
		return nil
	}
	n := utf8.RuneCountInString(raw)
	if n <= limit {
		return nil
	}
	if it.MaxLength > 0 {
		return newError(CodeTooLong,
			fmt.Sprintf("内容过长：最多 %d 个字，实际 %d 个字", it.MaxLength, n),
			fmt.Sprintf("too long: at most %d characters, got %d", it.MaxLength, n))
	}
	return newError(CodeTooLong,
		fmt.Sprintf("内容过长：一个单元格最多 %d 个字，实际 %d 个字：请核对该单元格", MaxCellChars, n),
		fmt.Sprintf("too long: a cell holds at most %d characters, got %d: check the cell", MaxCellChars, n))
}

// checkShape applies the length limits (in characters) and the pattern.
func (it *compiledItem) checkShape(v string) *Error {
	if (it.MaxLength > 0 && len(v) > it.MaxLength) || it.MinLength > 0 { // bytes bound the characters
		if e := it.checkLength(v); e != nil {
			return e
		}
	}
	return it.checkPattern(v)
}

// checkPattern applies the pattern, if the item has one.
func (it *compiledItem) checkPattern(v string) *Error {
	if it.re != nil && !it.re.MatchString(v) {
		return newError(CodePattern,
			fmt.Sprintf("格式不符合要求 %s：请核对 %q", it.Pattern, v),
			fmt.Sprintf("%q does not match the required format %s", v, it.Pattern))
	}
	return nil
}

// checkLength applies the length limits, in characters.
func (it *compiledItem) checkLength(v string) *Error {
	n := utf8.RuneCountInString(v)
	if it.MaxLength > 0 && n > it.MaxLength {
		return newError(CodeTooLong,
			fmt.Sprintf("内容过长：最多 %d 个字，实际 %d 个字", it.MaxLength, n),
			fmt.Sprintf("too long: at most %d characters, got %d", it.MaxLength, n))
	}
	if it.MinLength > 0 && n < it.MinLength {
		return newError(CodeTooShort,
			fmt.Sprintf("内容过短：至少 %d 个字，实际 %d 个字", it.MinLength, n),
			fmt.Sprintf("too short: at least %d characters, got %d", it.MinLength, n))
	}
	return nil
}

func (it *compiledItem) enumCode(v string) (string, *Error) {
	if c, ok := it.enum[v]; ok {
		return c, nil
	}
	if c, ok := it.enum[normalizeCode(v)]; ok {
		return c, nil
	}
	if c, ok := it.enum[ToHalfWidth(v)]; ok {
		return c, nil
	}
	if it.AllowQualifier {
		if c, ok := it.qualified(v); ok {
			return c, nil
		}
	}
	var zh, en []string
	for i, c := range it.Codes {
		if i == 8 {
			zh, en = append(zh, "…"), append(en, "…")
			break
		}
		zh = append(zh, c.Code+" "+c.Label)
		en = append(en, c.Code+" "+c.Label)
	}
	if it.AllowQualifier {
		return "", newError(CodeEnumUnknown,
			fmt.Sprintf("%q 不在代码表中：请填写代码或名称之一，名称后可加括号注明（%s）", v, strings.Join(zh, "、")),
			fmt.Sprintf("%q is not in the code table: enter one of the codes or labels, a label optionally followed by a bracketed qualifier (%s)", v, strings.Join(en, ", ")))
	}
	return "", newError(CodeEnumUnknown,
		fmt.Sprintf("%q 不在代码表中：请填写代码或名称之一（%s）", v, strings.Join(zh, "、")),
		fmt.Sprintf("%q is not in the code table: enter one of the codes or labels (%s)", v, strings.Join(en, ", ")))
}

func invalidTextError() *Error {
	return newError(CodeText, "含有控制字符或无效编码：请删除不可见字符后重新录入",
		"contains control characters or invalid UTF-8: remove the invisible characters and re-enter it")
}
