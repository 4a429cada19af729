package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ezz/internal/text"
)

func TestReport(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		lang       string
		wantStderr string
		wantCode   int
	}{
		{"en with hint", text.Errorf("坏了", "broken").WithHint("修", "fix it"), "en", "ezz: error: broken\nezz: hint: fix it\n", ExitUsage},
		{"zh with hint", text.Errorf("坏了", "broken").WithHint("修", "fix it"), "zh", "ezz: error: 坏了\nezz: hint: 修\n", ExitUsage},
		{"bad is exit 1", text.Badf("坏了", "bad"), "zh", "ezz: error: 坏了\n", ExitFindings},
		{"wrapped keeps its frame in each language", text.Wrap(text.Badf("坏了", "bad"), "批次 %d", "batch %d", 7).WithClass(text.Bad), "zh", "ezz: error: 批次 7：坏了\n", ExitFindings},
		{"class of a wrapped cause", fmt.Errorf("x: %w", text.Badf("坏了", "bad")), "en", "ezz: error: x: bad\n", ExitFindings},
		{"unknown error", errors.New("disk full"), "zh", "ezz: error: disk full\n", ExitUsage},
		{"status only", exitStatus{code: ExitFindings}, "zh", "", ExitFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := report(&out, &errb, tt.err, tt.lang, false); got != tt.wantCode {
				t.Errorf("exit code: got %d, want %d", got, tt.wantCode)
			}
			if !strings.HasPrefix(errb.String(), tt.wantStderr) {
				t.Errorf("got %q, want it to start with %q", errb.String(), tt.wantStderr)
			}
			if n := strings.Count(errb.String(), "ezz: error:"); tt.wantStderr != "" && n != 1 {
				t.Errorf("got %d error lines, want 1", n)
			}
			if out.Len() != 0 {
				t.Errorf("stdout without --json: got %q, want nothing", out.String())
			}
		})
	}
}

// TestReportJSON checks the --json error object: both languages, the hint
// and the exit code, the same whatever --lang is.
func TestReportJSON(t *testing.T) {
	err := text.Badf("坏了", "bad").WithHint("修", "fix it")
	var got [2]string
	for i, lang := range []string{"zh", "en"} {
		var out, errb bytes.Buffer
		if code := report(&out, &errb, err, lang, true); code != ExitFindings {
			t.Errorf("exit code: got %d, want 1", code)
		}
		var j struct {
			Error struct {
				Message, Hint struct{ Zh, En string }
				Exit          int
			}
		}
		if e := json.Unmarshal(out.Bytes(), &j); e != nil {
			t.Fatalf("stdout %q: %v", out.String(), e)
		}
		if j.Error.Message.Zh != "坏了" || j.Error.Message.En != "bad" || j.Error.Hint.En != "fix it" || j.Error.Exit != 1 {
			t.Errorf("got %+v", j.Error)
		}
		if !strings.Contains(errb.String(), "ezz: error:") {
			t.Errorf("stderr %q: want the human line too", errb.String())
		}
		got[i] = out.String()
	}
	if got[0] != got[1] {
		t.Errorf("JSON differs by --lang:\n%s\n%s", got[0], got[1])
	}
}

func TestReportLang(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	tests := []struct {
		parsed string
		args   []string
		want   string
	}{
		{"en", []string{"convrt", "--lang", "zh"}, "zh"},
		{"en", []string{"--lang=zh", "x"}, "zh"},
		{"fr", []string{"--lang", "fr"}, "en"},
		{"zh", nil, "zh"},
		{"en", []string{"issue", "--", "--lang", "zh"}, "en"},
	}
	for _, tt := range tests {
		if got := reportLang(tt.parsed, tt.args); got != tt.want {
			t.Errorf("reportLang(%q, %q) = %q, want %q", tt.parsed, tt.args, got, tt.want)
		}
	}
}
