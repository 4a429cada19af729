package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
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

// shanghai is the zone times are shown in.
func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// writeFileAtomic writes data to path through a temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// deadlineLine tells the clerk when pushing is due (deadline is RFC 3339).
func deadlineLine(lang, deadline string, provisional bool) string {
	t, err := time.Parse(time.RFC3339, deadline)
	if err != nil {
		return deadline
	}
	// The deadline is the midnight that ends the last working day: show that day.
	day := t.In(shanghai()).Add(-time.Minute).Format("2006-01-02")
	line := fmt.Sprintf(msg(lang, "请于 %s（含）前推送至证照库", "push to the repository by the end of %s"), day)
	if provisional {
		line += msg(lang, "（该年度节假日安排尚未公布，按周末推算，请届时核对）", " (that year's holiday calendar is not announced yet: counted with weekends only, check it then)")
	}
	return line
}
