package dataitem

import (
	"fmt"
	"strings"
)

// usccAlphabet is the GB 32100 character set: digits and capitals without I, O, S, V, Z.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var usccValue = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(usccAlphabet); i++ {
		v[usccAlphabet[i]] = int8(i)
	}
	return v
}()

// USCCCheckChar returns the GB 32100 check character for the first 17 characters of
// a unified social credit code, or 0 if they are not 17 characters of its alphabet.
func USCCCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := usccValue[first17[i]]
		if v < 0 {
			return 0
		}
		sum += int(v) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// CheckUSCC verifies a unified social credit code (GB 32100): 18 characters of
// its alphabet with a correct check character. s must already be normalised
// (half-width, upper case, no spaces); Item.Normalize does that. The error is an *Error.
func CheckUSCC(s string) error {
	if e := checkUSCC(s); e != nil {
		return e
	}
	return nil
}

func checkUSCC(s string) *Error {
	if n := len([]rune(s)); n != 18 {
		return newError(CodeUSCCLength,
			fmt.Sprintf("统一社会信用代码应为 18 位，实际为 %d 位：请核对后重新录入", n),
			fmt.Sprintf("a unified social credit code has 18 characters, got %d: check it and re-enter it", n))
	}
	for i, r := range []rune(s) {
		if r >= 0x80 || usccValue[r] < 0 {
			return newError(CodeUSCCChar,
				fmt.Sprintf("统一社会信用代码第 %d 位 %q 不是有效字符（只用数字和除 I、O、S、V、Z 以外的大写字母）", i+1, r),
				fmt.Sprintf("character %d of the unified social credit code, %q, is not allowed (digits and capitals except I, O, S, V, Z)", i+1, r))
		}
	}
	if want := USCCCheckChar(s[:17]); want != s[17] {
		return newError(CodeUSCCCheck,
			fmt.Sprintf("统一社会信用代码校验位错误：应为 %c，实际为 %c；请核对前 17 位是否录入有误", want, s[17]),
			fmt.Sprintf("wrong check character in the unified social credit code: want %c, got %c; check the first 17 characters for typos", want, s[17]))
	}
	return nil
}

var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ResidentIDCheckDigit returns the GB 11643 check character (0–9 or X) for the
// first 17 digits of a resident ID, or 0 if they are not 17 digits.
func ResidentIDCheckDigit(first17 string) byte {
	if len(first17) != 17 || !allDigits(first17) {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	return "10X98765432"[sum%11]
}

// checkResidentID verifies an 18-digit resident identity number (GB 11643): 17 digits
// and a check character 0–9 or X (normalised to upper case by Item.Normalize), a real
// birth date in positions 7–14 and a correct check character.
func checkResidentID(s string) *Error {
	if n := len([]rune(s)); n != 18 {
		return newError(CodeIDLength,
			fmt.Sprintf("居民身份证号码应为 18 位，实际为 %d 位：15 位旧号码请换成 18 位号码后录入", n),
			fmt.Sprintf("a resident ID has 18 characters, got %d: replace old 15-digit numbers with the 18-digit one", n))
	}
	for i, c := range []rune(s) {
		if (c < '0' || c > '9') && !(i == 17 && c == 'X') {
			return newError(CodeIDChar,
				fmt.Sprintf("居民身份证号码第 %d 位 %q 无效：前 17 位只能是数字，末位是数字或 X", i+1, c),
				fmt.Sprintf("character %d of the resident ID, %q, is not allowed: 17 digits then a digit or X", i+1, c))
		}
	}
	y, m, d := atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
	if y < 1850 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return newError(CodeIDBirthDate,
			fmt.Sprintf("居民身份证号码中的出生日期 %s 不是有效日期：请核对第 7–14 位", s[6:14]),
			fmt.Sprintf("the birth date %s inside the resident ID is not a real date: check characters 7–14", s[6:14]))
	}
	if want := ResidentIDCheckDigit(s[:17]); want != s[17] {
		if strings.HasSuffix(s, "000") { // Excel keeps 15 significant digits of a number
			return mangledError()
		}
		return newError(CodeIDCheck,
			fmt.Sprintf("居民身份证号码校验位错误：应为 %c，实际为 %c；请核对号码是否录入有误", want, s[17]),
			fmt.Sprintf("wrong check digit in the resident ID: want %c, got %c; check the number for typos", want, s[17]))
	}
	return nil
}

// normalizeCode prepares a code for checking: half-width, no spaces, upper case.
func normalizeCode(s string) string {
	return strings.ToUpper(removeSpace(CleanSpace(ToHalfWidth(s))))
}
