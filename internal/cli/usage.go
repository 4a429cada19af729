package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"ezz/internal/text"
)

// Usage errors — an unknown command or flag, a flag without its value or with
// a bad one, the wrong number of arguments, a required flag left out, two
// flags that exclude each other — are built here, once each, in both
// languages, with a hint naming the command's --help (exit 2). cobra and
// pflag only check; they never word what the user reads.

// usageError is a usage error about cmd, with the hint to read its --help.
func usageError(cmd *cobra.Command, msg text.T) *text.Error {
	p := cmd.CommandPath()
	return &text.Error{Msg: msg, Hint: text.F("运行 %s --help 查看用法", "run %s --help for its usage", p)}
}

// flagError is the FlagErrorFunc of every command: pflag's typed errors in
// ezz's words.
func flagError(cmd *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		return usageError(cmd, unknownFlag(notExist))
	case errors.As(err, &noValue):
		return usageError(cmd, text.F("选项 %s 需要一个值", "flag %s needs a value", flagName(noValue.GetFlag())))
	case errors.As(err, &invalid):
		return usageError(cmd, text.F("选项 %s 的值“%s”无效：%s", "invalid value %[2]q for %[1]s: %[3]s",
			flagName(invalid.GetFlag()), invalid.GetValue(), valueProblem(invalid)))
	case errors.As(err, &syntax):
		return usageError(cmd, text.F("选项写法有误：%s", "bad flag syntax: %s", syntax.GetSpecifiedFlag()))
	case errors.As(err, new(*text.Error)):
		return err
	}
	return usageError(cmd, text.Of(err))
}

func unknownFlag(e *pflag.NotExistError) text.T {
	name, group := e.GetSpecifiedName(), e.GetSpecifiedShortnames()
	switch {
	case group == "":
		return text.F("未知选项：--%s", "unknown flag: --%s", name)
	case group == name:
		return text.F("未知短选项：-%s", "unknown shorthand flag: -%s", name)
	}
	return text.F("未知短选项：-%s（在 -%s 中）", "unknown shorthand flag: -%s in -%s", name, group)
}

func flagName(f *pflag.Flag) string { return "--" + f.Name }

// valueProblem says what is wrong with a flag's value: the flag's own
// bilingual error, else what its type wants.
func valueProblem(e *pflag.InvalidValueError) text.T {
	cause := errors.Unwrap(e)
	if cause != nil && errors.As(cause, new(*text.Error)) {
		return text.Of(cause)
	}
	switch e.GetFlag().Value.Type() {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return text.New("应为整数", "want a whole number")
	case "float32", "float64":
		return text.New("应为数字", "want a number")
	case "bool":
		return text.New("应为 true 或 false", "want true or false")
	case "duration":
		return text.New("应为时长，如 30s、5m 或 1h", "want a duration such as 30s, 5m or 1h")
	}
	if cause == nil {
		return text.T{}
	}
	return text.Of(cause)
}

// Argument validators: cobra.Command.Args for every ezz command.

// noArgs takes no arguments; on a command with subcommands an argument is an
// unknown command.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return unknownCommand(cmd, args[0])
	}
	return usageError(cmd, text.F("%s 不接受参数，却给了“%s”", "%s takes no arguments, got %q", cmd.CommandPath(), args[0]))
}

// exactArgs takes n arguments.
func exactArgs(n int) cobra.PositionalArgs { return rangeArgs(n, n) }

// maxArgs takes at most n arguments.
func maxArgs(n int) cobra.PositionalArgs { return rangeArgs(0, n) }

// minArgs takes at least n arguments.
func minArgs(n int) cobra.PositionalArgs { return rangeArgs(n, -1) }

// rangeArgs takes min to max arguments (max < 0: no limit).
func rangeArgs(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		n := len(args)
		if n >= min && (max < 0 || n <= max) {
			return nil
		}
		p := cmd.CommandPath()
		switch {
		case min == max:
			return usageError(cmd, text.F("%s 需要 %s，实际给了 %d 个", "%s needs %s, got %d", p, argCount(min), n))
		case max < 0:
			return usageError(cmd, text.F("%s 至少需要 %s，实际只给了 %d 个", "%s needs at least %s, got %d", p, argCount(min), n))
		case min == 0:
			return usageError(cmd, text.F("%s 最多接受 %s，实际给了 %d 个", "%s takes at most %s, got %d", p, argCount(max), n))
		}
		return usageError(cmd, text.F("%s 需要 %d 到 %d 个参数，实际给了 %d 个", "%s needs %d to %d arguments, got %d", p, min, max, n))
	}
}

// argCount is "n arguments" in both languages.
func argCount(n int) text.T {
	if n == 1 {
		return text.New("1 个参数", "1 argument")
	}
	return text.F("%d 个参数", "%d arguments", n)
}

// unknownCommand is name given to cmd, which has no such subcommand.
func unknownCommand(cmd *cobra.Command, name string) *text.Error {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	p := cmd.CommandPath()
	msg := text.F("“%s”没有子命令“%s”", "unknown command %[2]q for %[1]q", p, name)
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg = text.F("%s；您要找的是否是：%s", "%s; did you mean %s?", msg, text.New(strings.Join(s, "、"), strings.Join(s, " or ")))
	}
	return &text.Error{Msg: msg, Hint: text.F("运行 %s --help 查看可用命令", "run %s --help to see its commands", p)}
}

// groupCommands makes every command that only groups others (audit, keys …)
// show its help when run alone and refuse an unknown subcommand, as the root does.
func groupCommands(cmd *cobra.Command) {
	if cmd.HasSubCommands() && cmd.Run == nil && cmd.RunE == nil {
		cmd.Args = noArgs
		cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	for _, c := range cmd.Commands() {
		groupCommands(c)
	}
}

// Required and exclusive flags, checked by checkFlags before a command runs.

const (
	requiredKey  = "ezz_required"
	exclusiveKey = "ezz_exclusive"
)

// requireFlags marks flags of cmd that must be given.
func requireFlags(cmd *cobra.Command, names ...string) {
	for _, n := range names {
		_ = cmd.Flags().SetAnnotation(n, requiredKey, []string{"true"})
	}
}

// exclusiveFlags marks flags of cmd of which at most one may be given.
func exclusiveFlags(cmd *cobra.Command, names ...string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	groups := cmd.Annotations[exclusiveKey]
	if groups != "" {
		groups += ";"
	}
	cmd.Annotations[exclusiveKey] = groups + strings.Join(names, ",")
}

// checkFlags refuses a run without a required flag, or with two flags that
// exclude each other.
func checkFlags(cmd *cobra.Command) error {
	var missing []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if len(f.Annotations[requiredKey]) > 0 && !f.Changed {
			missing = append(missing, flagName(f))
		}
	})
	if len(missing) == 1 {
		return usageError(cmd, text.F("缺少必填选项 %s", "missing required flag %s", missing[0]))
	}
	if len(missing) > 1 {
		return usageError(cmd, text.F("缺少必填选项 %[1]s", "missing required flags %[2]s",
			strings.Join(missing, "、"), strings.Join(missing, ", ")))
	}
	for _, group := range strings.Split(cmd.Annotations[exclusiveKey], ";") {
		if err := checkExclusive(cmd, group); err != nil {
			return err
		}
	}
	return nil
}

func checkExclusive(cmd *cobra.Command, group string) error {
	var set []string
	for _, n := range strings.Split(group, ",") {
		if f := cmd.Flags().Lookup(n); f != nil && f.Changed {
			set = append(set, "--"+n)
		}
	}
	if len(set) < 2 {
		return nil
	}
	return usageError(cmd, text.F("%[1]s 只能选其一，不能同时使用", "%[2]s do not go together: give one of them",
		strings.Join(set, " 与 "), strings.Join(set, " and ")))
}
