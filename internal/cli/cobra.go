package cli

import (
	"errors"
	"regexp"
	"strings"

	"ezz/internal/text"
)

// cobraError gives a usage error that cobra or pflag raised (unknown
// command or flag, a missing value, a wrong number of arguments) its Chinese
// text. Those libraries only speak English, so their messages are matched;
// any other error is returned as it is.
func cobraError(err error) error {
	if errors.As(err, new(*text.Error)) || errors.As(err, new(exitStatus)) {
		return err
	}
	if zh, ok := cobraChinese(err.Error()); ok {
		return &text.Error{Msg: text.New(zh, err.Error()), Err: err}
	}
	return err
}

// cobraPatterns translate the usage errors cobra and pflag raise.
var cobraPatterns = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`), `“$2”没有子命令“$1”（运行 $2 --help 查看可用命令）`},
	{regexp.MustCompile(`^unknown flag: (\S+)`), `未知选项：$1（运行命令加 --help 查看可用选项）`},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)`), `未知短选项：-$1（见 $2；运行命令加 --help 查看可用选项）`},
	{regexp.MustCompile(`^flag needs an argument: (?:'(.)' in )?(\S+)`), `选项 $2 需要一个值`},
	{regexp.MustCompile(`^invalid argument "([^"]*)" for "([^"]*)" flag: (.*)`), `选项 $2 的值“$1”无效：$3`},
	{regexp.MustCompile(`^required flag\(s\) (.*) not set$`), `缺少必填选项 $1`},
	{regexp.MustCompile(`^if any flags in the group \[(.*)\] are set none of the others can be; (.*) were all set$`), `选项 $1 只能选其一，却同时给了 $2`},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), `需要 $1 个参数，实际给了 $2 个（运行命令加 --help 查看用法）`},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), `最多接受 $1 个参数，实际给了 $2 个`},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), `至少需要 $1 个参数，实际只给了 $2 个`},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), `需要 $1 到 $2 个参数，实际给了 $3 个`},
}

// cobraChinese translates a cobra or pflag usage error, reporting whether it knew it.
func cobraChinese(s string) (string, bool) {
	first, rest, _ := strings.Cut(s, "\n")
	for _, p := range cobraPatterns {
		if !p.re.MatchString(first) {
			continue
		}
		zh := p.re.ReplaceAllString(first, p.zh)
		if strings.HasPrefix(first, "required flag") {
			zh = flagNames.ReplaceAllString(zh, "--$1")
		}
		if _, sugg, ok := strings.Cut(rest, "Did you mean this?"); ok {
			zh += "；您要找的是否是：" + strings.Join(strings.Fields(sugg), "、")
		}
		return zh, true
	}
	return "", false
}

// flagNames are the quoted flag names of "required flag(s) "a", "b" not set".
var flagNames = regexp.MustCompile(`"([a-z][a-z0-9-]*)"`)
