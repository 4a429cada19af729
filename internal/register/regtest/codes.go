// Package regtest generates Excel registers for tests, benchmarks and the
// bundled samples: plausible holders with valid credit codes and resident
// IDs, computed here independently of package dataitem so that each checks
// the other. Every generator is deterministic for a given seed.
package regtest

import (
	"fmt"
	"math/rand/v2"
	"time"
)

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheck returns the GB 32100 check character of the first 17 characters.
func USCCCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		for v := 0; v < len(usccAlphabet); v++ {
			if usccAlphabet[v] == first17[i] {
				sum += v * usccWeights[i]
			}
		}
	}
	return usccAlphabet[(31-sum%31)%31]
}

// orgCodeCheck returns the GB 11714 check character of an 8-character organisation code.
func orgCodeCheck(first8 string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := first8[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// USCC returns a valid unified social credit code of an enterprise (91…)
// registered in region (a 6-digit division code).
func USCC(rng *rand.Rand, region string) string {
	org := fmt.Sprintf("MA%01d%05d", rng.IntN(10), rng.IntN(100000))
	if rng.IntN(3) == 0 { // older codes carry a digit-only organisation code
		org = fmt.Sprintf("%08d", 30000000+rng.IntN(60000000))
	}
	s := "91" + region + org + string(orgCodeCheck(org))
	return s + string(USCCCheck(s))
}

// ResidentIDCheck returns the GB 11643 check character of the first 17 digits.
func ResidentIDCheck(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// ResidentID returns a valid resident ID of someone born on birth in region;
// male selects an odd sequence digit.
func ResidentID(rng *rand.Rand, region string, birth time.Time, male bool) string {
	seq := rng.IntN(500) * 2
	if male {
		seq++
	}
	s := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq)
	return s + string(ResidentIDCheck(s))
}

// BreakCheck returns code with its last character replaced by a wrong one.
func BreakCheck(code string) string {
	last := code[len(code)-1]
	for _, c := range []byte("0123456789") {
		if c != last {
			return code[:len(code)-1] + string(c)
		}
	}
	return code
}

// Mangled renders a code the way Excel stores it once typed into a number
// cell: 15 significant digits in scientific notation, 1.10105199001011E+17.
func Mangled(code string) string {
	digits := code
	if len(digits) > 15 {
		digits = digits[:15]
	}
	mant := digits[:1] + "." + trimZeros(digits[1:])
	if mant[len(mant)-1] == '.' {
		mant = mant[:len(mant)-1]
	}
	return fmt.Sprintf("%sE+%d", mant, len(code)-1)
}

func trimZeros(s string) string {
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}

// ExcelSerial returns the Excel (1900 system) serial number of a date.
func ExcelSerial(t time.Time) int {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return int(t.Sub(base).Hours() / 24)
}

// DateTime is a UTC midnight date.
func DateTime(y, m, d int) time.Time { return day(y, m, d) }
