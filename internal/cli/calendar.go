package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newCalendarCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "The working-day calendar: show a year, count working days, import a newly announced year",
	}
	cmd.AddCommand(newCalendarShowCmd(g), newCalendarWorkdaysCmd(g), newCalendarImportCmd(g))
	return cmd
}

func newCalendarShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show YEAR",
		Short: "List a year's public holidays and adjusted working days, and its number of working days",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			year, err := strconv.Atoi(args[0])
			if err != nil {
				return usagef("年份 %q 不是数字", "year %q is not a number", args[0])
			}
			return agencyCmd(cmd, g, optionalWorkspace(), func(a *agency.Agency) (*agency.CalendarYear, error) {
				return a.CalendarShow(year)
			}, func(y *agency.CalendarYear) error {
				out := cmd.OutOrStdout()
				for _, d := range y.Days {
					kind := msg(g.lang, "调休上班", "work")
					if d.Off {
						kind = msg(g.lang, "放假", "off")
					}
					fmt.Fprintf(out, "%s  %-4s  %s\n", d.Date, kind, d.Name)
				}
				if y.Known {
					fmt.Fprintf(out, "%s: %s\n", msg(g.lang, "来源", "source"), y.Source)
				}
				printProvisional(cmd, g, y.Provisional)
				fmt.Fprintf(out, "%s %d\n", msg(g.lang, "工作日", "working days"), y.Workdays)
				return nil
			})
		},
	}
}

func newCalendarWorkdaysCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "workdays FROM TO",
		Short: "Count the working days from FROM to TO (YYYY-MM-DD, both included)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, optionalWorkspace(), func(a *agency.Agency) (*agency.Workdays, error) {
				return a.CalendarWorkdays(args[0], args[1])
			}, func(w *agency.Workdays) error {
				printProvisional(cmd, g, w.Provisional)
				fmt.Fprintln(cmd.OutOrStdout(), w.Workdays)
				return nil
			})
		},
	}
}

func newCalendarImportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import a year's holiday notice (holiday-cn JSON or the small YAML) into the workspace",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.CalendarImported, error) {
				return a.CalendarImport(cmd.Context(), args[0])
			}, func(r *agency.CalendarImported) error {
				fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已导入 %d 年（%d 天）：%s\n", "imported %d (%d days): %s\n"), r.Year, r.Days, r.File)
				return nil
			})
		},
	}
}

// printProvisional prints the warnings of outputs that rely on a year with
// no announced calendar.
func printProvisional(cmd *cobra.Command, g *globals, warnings []text.T) {
	for _, w := range warnings {
		fmt.Fprintln(cmd.OutOrStdout(), w.In(g.lang))
	}
}
