package dataitem

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// HolderIDTypes are the GB/T 36903 Appendix A holder ID type codes ezz knows, with
// their Chinese names.
var HolderIDTypes = map[string]string{
	"001": "统一社会信用代码",
	"099": "其他法人或其他组织证件代码",
	"111": "居民身份证",
	"114": "中国人民解放军军官证",
	"115": "中国人民武装警察部队警官证",
	"118": "中国人民解放军士兵证",
	"119": "中国人民武装警察部队士兵证",
	"120": "中国人民解放军文职人员证",
	"122": "中国人民武装警察部队文职人员证",
	"411": "外交护照",
	"412": "公务护照",
	"413": "公务普通护照",
	"414": "普通护照",
	"511": "台湾居民证件",
	"516": "港澳居民证件",
	"999": "其他自然人证件",
}

var (
	rePassport = regexp.MustCompile(`^[A-Z0-9]{5,17}$`)
	rePermit   = regexp.MustCompile(`^[A-Z0-9]{8,18}$`)
	reOrgCode  = regexp.MustCompile(`^[A-Z0-9-]{8,32}$`)
)

// checkHolderID normalises and checks a holder ID given its GB/T 36903 type code:
// 001 is a unified social credit code, 111 a resident ID, passports are 5–17
// capitals and digits, Taiwan/Hong Kong/Macao documents 8–18 (an 18-character
// resident permit number must pass the GB 11643 check), military and other
// documents any printable text of up to 64 characters.
// It returns the normalised ID.
func checkHolderID(typeCode, raw string) (string, *Error) {
	if _, ok := HolderIDTypes[typeCode]; !ok {
		return "", newError(CodeHolderIDType,
			fmt.Sprintf("证件类型代码 %q 未知：请填写 GB/T 36903 附录 A 的代码，如 001 统一社会信用代码、111 居民身份证、414 普通护照", typeCode),
			fmt.Sprintf("unknown ID type code %q: use a GB/T 36903 Appendix A code such as 001 (credit code), 111 (resident ID), 414 (passport)", typeCode))
	}
	if IsMangledNumber(raw) {
		return "", mangledError()
	}
	switch typeCode {
	case "001":
		v := normalizeCode(raw)
		return v, checkUSCC(v)
	case "111":
		v := normalizeCode(raw)
		return v, checkResidentID(v)
	case "411", "412", "413", "414":
		return matchHolderID(typeCode, normalizeCode(raw), rePassport, "5–17 位大写字母或数字", "5–17 capitals or digits")
	case "511", "516":
		v := normalizeCode(raw)
		if len(v) == 18 && allDigits(v[:17]) {
			return v, checkResidentID(v)
		}
		return matchHolderID(typeCode, v, rePermit, "8–18 位大写字母或数字", "8–18 capitals or digits")
	case "099":
		return matchHolderID(typeCode, normalizeCode(raw), reOrgCode, "8–32 位大写字母、数字或连字符", "8–32 capitals, digits or hyphens")
	}
	v := CleanSpace(halfWidthAlnum(raw))
	if hasControl(v) || utf8.RuneCountInString(v) > 64 {
		return "", holderFormatError(typeCode, v, "不超过 64 个字符的可打印文字", "printable text of at most 64 characters")
	}
	return v, nil
}

func matchHolderID(typeCode, v string, re *regexp.Regexp, zh, en string) (string, *Error) {
	if !re.MatchString(v) {
		return "", holderFormatError(typeCode, v, zh, en)
	}
	return v, nil
}

func holderFormatError(typeCode, v, zh, en string) *Error {
	return newError(CodeHolderIDFormat,
		fmt.Sprintf("%s号码 %q 格式不对：应为%s", HolderIDTypes[typeCode], v, zh),
		fmt.Sprintf("%q is not a valid number for ID type %s: use %s", v, typeCode, en))
}
