package catalogue

import (
	"strconv"
	"strings"

	"ezz/internal/dataitem"
)

// FormatValue renders a normalised value of item it as the face shows it,
// per the element's format: dates "iso" (2019-03-01, the default), "zh"
// (2019年3月1日) or "dots" (2019.03.01); enums "label" (the default, with
// the qualifier as registered for an item that allows one) or "code".
// Other values are shown as they are. Lint measures and the renderer draws
// exactly this text.
func FormatValue(it dataitem.Item, format, value string) string {
	switch it.Type {
	case dataitem.Date:
		return formatDate(format, value)
	case dataitem.Enum:
		code, qual := value, ""
		if it.AllowQualifier {
			code, qual = dataitem.SplitQualifier(value)
		}
		if format == "code" {
			return code
		}
		for _, c := range it.Codes {
			if c.Code == code {
				return c.Label + qual
			}
		}
	}
	return value
}

func formatDate(format, value string) string {
	parts := strings.Split(value, "-")
	if len(parts) != 3 {
		return value
	}
	switch format {
	case "zh":
	case "dots":
		return strings.Join(parts, ".")
	default:
		return value
	}
	y, e1 := strconv.Atoi(parts[0])
	m, e2 := strconv.Atoi(parts[1])
	d, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil {
		return value
	}
	return strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月" + strconv.Itoa(d) + "日"
}
