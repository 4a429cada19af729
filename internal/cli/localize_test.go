package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode"

	"ezz/internal/conversion"
	"ezz/internal/sign"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestReportLanguages(t *testing.T) {
	base := fmt.Errorf("%w in /k", sign.ErrNoKeys)
	tests := []struct {
		name       string
		err        error
		lang       string
		wantStderr string
		wantCode   int
	}{
		{"en", keysError(base), "en", "ezz: error: the workspace has no issuing key in /k\nezz: hint: run ezz keys init", ExitUsage},
		{"zh sentinel", keysError(fmt.Errorf("%w in /k", sign.ErrNoKeys)), "zh", "ezz: error: 工作区还没有签发密钥\nezz: hint: 试用请运行", ExitUsage},
		{"zh findings", findings(Localized(errors.New("bad"), "坏了")), "zh", "ezz: error: 坏了\n", ExitFindings},
		{"zh wrapped context", usageError(fmt.Errorf("batch 7: %w", Localized(errors.New("bad"), "坏了"))), "zh", "ezz: error: batch 7: 坏了\n", ExitUsage},
		{"zh unknown error", usageError(errors.New("disk full")), "zh", "ezz: error: disk full\n", ExitUsage},
		{"zh English hint only", Hinted(errors.New("x"), "do y"), "zh", "ezz: error: x\nezz: hint: do y\n", ExitUsage},
		{"zh cobra", errors.New(`unknown flag: --bogus`), "zh", "ezz: error: 未知选项：--bogus", ExitUsage},
		{"silent", errSilent{code: ExitFindings}, "zh", "", ExitFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if got := report(&b, tt.err, tt.lang); got != tt.wantCode {
				t.Errorf("exit code: got %d, want %d", got, tt.wantCode)
			}
			if !strings.HasPrefix(b.String(), tt.wantStderr) {
				t.Errorf("got %q, want it to start with %q", b.String(), tt.wantStderr)
			}
			if n := strings.Count(b.String(), "ezz: error:"); tt.wantStderr != "" && n != 1 {
				t.Errorf("got %d error lines, want 1", n)
			}
		})
	}
}

// TestCLIErrorsChinese checks that the errors the CLI gives Chinese texts to
// have them, with Chinese characters, and keep their English text.
func TestCLIErrorsChinese(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	expired := &sign.ValidityError{Subject: "CN=x", NotAfter: now.AddDate(-1, 0, 0), At: now}
	pathErr := &fs.PathError{Op: "open", Path: "r.xlsx", Err: fs.ErrNotExist}
	errs := []error{
		keysError(fmt.Errorf("%w in /k", sign.ErrNoKeys)),
		keysError(fmt.Errorf("%w in /k", sign.ErrKeysExist)),
		keysError(fmt.Errorf("unlock k: %w", sign.ErrWrongPassphrase)),
		keysError(fmt.Errorf("import a: %w", sign.ErrSourcePassphrase)),
		keysError(fmt.Errorf("%w %q", sign.ErrKeyMismatch, "CN=x")),
		keysError(fmt.Errorf("issuing certificate: %w", expired)),
		passphraseError(fmt.Errorf("%w: use a file", sign.ErrNoPassphrase), "EZZ_KEY_PASSPHRASE"),
		lintErrors("t.yaml", []string{"a", "b", "c", "d", "e", "f"}),
		&conversion.StepError{Step: `read register "r.xlsx"`, StepZh: `读取登记表 "r.xlsx" 失败`, Err: pathErr},
		&conversion.StepError{Step: "record in the ledger", StepZh: "写入台账失败", Err: errors.New("disk full")},
		reframe(fmt.Errorf("read map file: %w", pathErr), "read map file: ", "读取映射文件失败："),
	}
	for _, err := range errs {
		zh := zhText(err)
		if !hasHan(zh) || zh == err.Error() {
			t.Errorf("%q: got Chinese %q, want Chinese characters", err.Error(), zh)
		}
		if hasHan(err.Error()) {
			t.Errorf("English text %q has Chinese characters", err.Error())
		}
	}
}

func TestCobraChinese(t *testing.T) {
	tests := []struct{ in, want string }{
		{`required flag(s) "template", "data" not set`, "缺少必填选项 --template, --data"},
		{"unknown command \"convrt\" for \"ezz\"\n\nDid you mean this?\n\tconvert\n", "“ezz”没有子命令“convrt”（运行 ezz --help 查看可用命令）；您要找的是否是：convert"},
		{"unknown shorthand flag: 'x' in -x", "未知短选项：-x（见 -x；运行命令加 --help 查看可用选项）"},
		{"flag needs an argument: --workers", "选项 --workers 需要一个值"},
		{"accepts 1 arg(s), received 2", "需要 1 个参数，实际给了 2 个（运行命令加 --help 查看用法）"},
	}
	for _, tt := range tests {
		got, ok := cobraChinese(tt.in)
		if !ok || got != tt.want {
			t.Errorf("cobraChinese(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, ok := cobraChinese("disk full"); ok {
		t.Errorf("cobraChinese(disk full) = %q, want no translation", got)
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
