package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"ezz/internal/agency"
)

// Off a terminal, progress is plain lines of counts: no bar and no total,
// which is only the register's estimate until the end.
func TestProgressOffTerminal(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		var b bytes.Buffer
		show := progressPrinter(&b, lang)
		show(agency.Progress{Rows: 3000, Total: 3136, Issued: 2990, Rejected: 10, Elapsed: 11 * time.Second})
		show(agency.Progress{Rows: 3140, Total: 3136, Issued: 3129, Rejected: 11, Elapsed: 12 * time.Second, Done: true})
		out := b.String()
		if n := strings.Count(out, "\n"); n != 2 {
			t.Errorf("%s: %d lines, want 2:\n%s", lang, n, out)
		}
		for _, bad := range []string{"[", "#", "3136", "ETA", "剩余"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: log line has %q:\n%s", lang, bad, out)
			}
		}
		if !strings.Contains(out, "3000 ") || !strings.Contains(out, "3140 ") {
			t.Errorf("%s: log lines lack the rows done:\n%s", lang, out)
		}
	}
}
