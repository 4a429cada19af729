package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"syscall"

	"ezz/internal/text"
)

// An error that a clerk may read in Chinese implements Chinese, and one with
// a hint may implement ChineseHint too; report uses them when the language is
// zh. Their English Error and Hint stay as they are.
type (
	chineser      interface{ Chinese() string }
	chineseHinter interface{ ChineseHint() string }
)

// Localized gives err a Chinese text, shown instead of err's English one
// under --lang zh. The exit code and hint of err are kept.
func Localized(err error, zh string) error { return &localized{err: err, zh: zh} }

// Localizedf is Localized with the Chinese text formatted as fmt.Sprintf does.
func Localizedf(err error, format string, args ...any) error {
	return Localized(err, fmt.Sprintf(format, args...))
}

type localized struct {
	err error
	zh  string
}

func (l *localized) Error() string   { return l.err.Error() }
func (l *localized) Unwrap() error   { return l.err }
func (l *localized) Chinese() string { return l.zh }

// HintedZh wraps err with a hint in English and in Chinese.
func HintedZh(err error, hint, zh string) error { return &hinted{err: err, hint: hint, zh: zh} }

// zhText is err in Chinese: the text of the outermost error with a Chinese
// method, with the English context that plain wrappers put around it kept.
// An error without any Chinese in its chain gets its English text.
func zhText(err error) string {
	if s, ok := chineseOf(err); ok {
		return s
	}
	if s, ok := cobraChinese(err.Error()); ok {
		return s
	}
	return err.Error()
}

func chineseOf(err error) (string, bool) {
	if e, ok := err.(*text.Error); ok && e.Msg.Zh != "" {
		return e.Msg.Zh, true
	}
	if c, ok := err.(chineser); ok && c.Chinese() != "" {
		return c.Chinese(), true
	}
	inner := errors.Unwrap(err)
	if inner == nil {
		return "", false
	}
	zh, ok := chineseOf(inner)
	if !ok {
		return "", false
	}
	outer, in := err.Error(), inner.Error()
	if in == "" || !strings.Contains(outer, in) {
		return "", false
	}
	return strings.Replace(outer, in, zh, 1), true
}

// pathChinese translates the commonest file-system errors.
func pathChinese(err error) (string, bool) {
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe != err {
		return "", false
	}
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		return fmt.Sprintf("找不到文件 %s", pe.Path), true
	case errors.Is(pe.Err, fs.ErrPermission):
		return fmt.Sprintf("无权访问 %s", pe.Path), true
	case errors.Is(pe.Err, syscall.EISDIR):
		return fmt.Sprintf("%s 是目录，不是文件", pe.Path), true
	}
	return "", false
}

// zhHint is the hint of err in Chinese, falling back to the English hint.
func zhHint(err error) string {
	var h interface{ Hint() string }
	if !errors.As(err, &h) {
		return text.HintOf(err).Zh
	}
	if c, ok := h.(chineseHinter); ok && c.ChineseHint() != "" {
		return c.ChineseHint()
	}
	return h.Hint()
}

// zhOr is err's Chinese text if it has one, else its English text: for
// putting an error of unknown origin inside a Chinese frame.
func zhOr(err error) string {
	if s, ok := chineseOf(err); ok {
		return s
	}
	if s, ok := pathChinese(err); ok {
		return s
	}
	return err.Error()
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

// reframe gives err, which a domain package wrapped as enPrefix followed by
// an inner error, the Chinese text zhPrefix followed by the inner error's
// Chinese (or English) text. Other errors are returned as they are.
func reframe(err error, enPrefix, zhPrefix string) error {
	inner := errors.Unwrap(err)
	if inner == nil || err.Error() != enPrefix+inner.Error() {
		return err
	}
	return Localized(err, zhPrefix+zhOr(inner))
}

// textHint is the English hint of a *text.Error in err's chain.
func textHint(err error) string { return text.HintOf(err).En }
