package cli

import (
	"encoding/json"
	"fmt"
	"io"
)

// msg picks the Chinese or the English text.
func msg(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// writeJSON writes v indented, for --json.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// report writes v as the command's --json report and remembers it did.
func (g *globals) report(w io.Writer, v any) error {
	g.wroteJSON = true
	if jw, ok := v.(jsonWriter); ok {
		return jw.writeJSON(w)
	}
	return writeJSON(w, v)
}

// deadlineLine tells the clerk when pushing is due (deadline is RFC 3339).
func deadlineLine(lang, deadline string, provisional bool) string {
	day := deadlineDay(deadline)
	line := fmt.Sprintf(msg(lang, "请于 %s（含）前推送至证照库", "push to the repository by the end of %s"), day)
	if provisional {
		line += msg(lang, "（该年度节假日安排尚未公布，按周末推算，请届时核对）", " (that year's holiday calendar is not announced yet: counted with weekends only, check it then)")
	}
	return line
}
