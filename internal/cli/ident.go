package cli

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"ezz/internal/ident"

	"github.com/spf13/cobra"
)

func newIdentCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ident",
		Short: "Check and take apart GB/T 36904 licence identifiers (证照标识)",
	}
	cmd.AddCommand(newIdentCheckCmd(g), newIdentParseCmd(g))
	return cmd
}

func newIdentCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check ID",
		Short: "Check an identifier's form and check character (exit 0 valid, 1 invalid)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := ident.Parse(args[0])
			if g.json {
				if err := writeJSON(cmd.OutOrStdout(), identCheckJSON{args[0], err == nil, identReason(err, "en")}); err != nil {
					return err
				}
				if err != nil {
					return errSilent{ExitFindings}
				}
				return nil
			}
			if err != nil {
				return identFinding(args[0], err, g.lang)
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg(g.lang, "有效", "valid"))
			return nil
		},
	}
}

// identCheckJSON is the --json report of ezz ident check.
type identCheckJSON struct {
	Identifier string `json:"identifier"`
	Valid      bool   `json:"valid"`
	Reason     string `json:"reason,omitempty"`
}

func newIdentParseCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "parse ID",
		Short: "Print an identifier's parts (a wrong check character is a warning)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := ident.Parse(args[0])
			if err != nil && !errors.Is(err, ident.ErrCheckChar) {
				return identFinding(args[0], err, g.lang)
			}
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "ezz: warning: %s\n", identReason(err, g.lang))
			}
			p := newIdentParts(id)
			if g.json {
				return writeJSON(cmd.OutOrStdout(), p)
			}
			p.print(cmd.OutOrStdout(), g.lang)
			return nil
		},
	}
}

// identParts is the --json report of ezz ident parse. Station and Counter are
// present when the serial was allocated by ezz (station code + counter).
type identParts struct {
	TypeCode string `json:"type_code"`
	Issuer   string `json:"issuer"`
	Serial   string `json:"serial"`
	Version  string `json:"version"`
	Check    string `json:"check"`
	CheckOK  bool   `json:"check_ok"`
	Station  string `json:"station,omitempty"`
	Counter  uint64 `json:"counter,omitempty"`
}

func newIdentParts(id ident.ID) identParts {
	p := identParts{TypeCode: id.TypeCode, Issuer: id.Issuer, Serial: id.Serial, Version: id.Version,
		Check: string(id.Check), CheckOK: id.CheckOK()}
	if st, n, err := ident.SplitSerial(id.Serial); err == nil {
		p.Station, p.Counter = st, n
	}
	return p
}

func (p identParts) print(out io.Writer, lang string) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	defer w.Flush()
	ok := msg(lang, "正确", "ok")
	if !p.CheckOK {
		ok = msg(lang, "错误", "wrong")
	}
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "类型代码", "type code"), p.TypeCode)
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "颁发机构代码", "issuer"), p.Issuer)
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "流水号", "serial"), p.Serial)
	if p.Station != "" {
		fmt.Fprintf(w, "%s\t%s / %d\n", msg(lang, "工作站 / 计数", "station / counter"), p.Station, p.Counter)
	}
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "版本号", "version"), p.Version)
	fmt.Fprintf(w, "%s\t%s (%s)\n", msg(lang, "校验位", "check"), p.Check, ok)
}

// identFinding is an invalid identifier: exit 1 with the reason.
func identFinding(s string, err error, lang string) error {
	e := fmt.Errorf("%s %q: %s", msg(lang, "证照标识", "identifier"), s, identReason(err, lang))
	if errors.Is(err, ident.ErrCheckChar) {
		return findings(Hinted(e, msg(lang, "核对标识是否抄错；若原样来自签发单位，请联系其更正",
			"check the identifier for typos; if it came like this from the issuer, ask them to correct it")))
	}
	return findings(e)
}

// identReason explains err in lang; "" for nil.
func identReason(err error, lang string) string {
	if err == nil {
		return ""
	}
	var ce *ident.CheckError
	if errors.As(err, &ce) {
		return fmt.Sprintf(msg(lang, "校验位错误：实际为 %c，应为 %c", "wrong check character: got %c, want %c"), ce.Got, ce.Want)
	}
	if lang == "en" {
		return err.Error()
	}
	for _, r := range []struct {
		err error
		zh  string
	}{
		{ident.ErrPrefix, "标识应以 " + ident.Prefix + " 开头"},
		{ident.ErrParts, "前缀之后应依次为类型代码、颁发机构代码、流水号、版本号和一位校验位，以点分隔"},
		{ident.ErrTypeCode, "类型代码应为 21 位：18 位统一社会信用代码加 3 位数字"},
		{ident.ErrIssuer, "颁发机构代码应为 6–32 位大写字母或数字"},
		{ident.ErrSerial, "流水号应为 7–32 位大写字母或数字"},
		{ident.ErrVersion, "版本号应为 001 起的 3 位数字"},
	} {
		if errors.Is(err, r.err) {
			return r.zh + "（" + err.Error() + "）"
		}
	}
	return err.Error()
}
