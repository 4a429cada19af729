package dataitem

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxNumberLen bounds the length of integers and decimals.
const maxNumberLen = 64

// parseInteger accepts an optional sign, digits with optional thousands separators
// (1,000) and a zero fraction as raw Excel reads give it (12.0). It returns the
// digits without leading zeros.
func parseInteger(raw string) (string, *Error) {
	s := removeSpace(ToHalfWidth(raw))
	sign, s := cutSign(s)
	s = stripGrouping(s)
	if i, frac, ok := strings.Cut(s, "."); ok && allDigits(frac) && strings.Trim(frac, "0") == "" {
		s = i
	}
	if !allDigits(s) || len(s) > maxNumberLen {
		return "", newError(CodeInteger,
			fmt.Sprintf("%q 不是整数：请只填写数字", raw),
			fmt.Sprintf("%q is not a whole number: enter digits only", raw))
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0", nil
	}
	return sign + s, nil
}

// parseDecimal accepts an optional sign, digits with optional thousands separators,
// a fraction, and an exponent (1.5E+3). It returns the number in plain notation
// without superfluous zeros (1500, 0.25).
func parseDecimal(raw string) (string, *Error) {
	s := removeSpace(ToHalfWidth(raw))
	bad := newError(CodeDecimal,
		fmt.Sprintf("%q 不是数字：请填写如 12.5 的数字", raw),
		fmt.Sprintf("%q is not a number: enter a number such as 12.5", raw))
	if len(s) > maxNumberLen {
		return "", bad
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 1e21 {
			return "", bad
		}
		if f == 0 {
			return "0", nil // not "-0"
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
	sign, s := cutSign(s)
	i, frac, _ := strings.Cut(stripGrouping(s), ".")
	if (i == "" && frac == "") || (i != "" && !allDigits(i)) || (frac != "" && !allDigits(frac)) {
		return "", bad
	}
	i, frac = strings.TrimLeft(i, "0"), strings.TrimRight(frac, "0")
	if i == "" {
		i = "0"
	}
	if i == "0" && frac == "" {
		return "0", nil
	}
	if frac != "" {
		return sign + i + "." + frac, nil
	}
	return sign + i, nil
}

func cutSign(s string) (sign, rest string) {
	if strings.HasPrefix(s, "-") {
		return "-", s[1:]
	}
	return "", strings.TrimPrefix(s, "+")
}

// stripGrouping removes thousands separators when they group the integer part
// correctly (1,234,567.5); otherwise s is returned unchanged and fails later.
func stripGrouping(s string) string {
	if !strings.Contains(s, ",") {
		return s
	}
	i, rest, hasFrac := strings.Cut(s, ".")
	groups := strings.Split(i, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return s
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return s
		}
	}
	i = strings.Join(groups, "")
	if hasFrac {
		return i + "." + rest
	}
	return i
}
