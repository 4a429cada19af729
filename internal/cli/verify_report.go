package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// verifyManyJSON is the --json report of ezz verify for several files
// (docs/verify.md); one file or a QR code prints its report alone.
type verifyManyJSON struct {
	Valid   bool             `json:"valid"`
	Verdict string           `json:"verdict"`
	Files   []*agency.Report `json:"files"`
}

// verdictRank orders verdicts for the exit code: could not check, then invalid.
var verdictRank = map[string]int{agency.Valid: ExitOK, agency.Invalid: ExitFindings, agency.CannotCheck: ExitUsage}

// verified is verify's report: one file's or the QR code's report alone in
// --json, several files' as verifyManyJSON. The worst verdict is the exit
// status; with --require-status a status not checked is too.
type verified struct {
	reports       []*agency.Report
	json          bool
	streamed      bool            // the reports were printed as they came
	encoded       *encodedReports // with --json, the reports encoded as they came
	requireStatus bool
}

func (v *verified) worst() string {
	worst := agency.Valid
	for _, r := range v.reports {
		if verdictRank[r.Verdict] > verdictRank[worst] {
			worst = r.Verdict
		}
	}
	return worst
}

func (v *verified) MarshalJSON() ([]byte, error) {
	if len(v.reports) == 1 {
		return marshal(v.reports[0])
	}
	worst := v.worst()
	return marshal(verifyManyJSON{Valid: worst == agency.Valid, Verdict: worst, Files: v.reports})
}

func (v *verified) Err() error {
	if code := verdictRank[v.worst()]; code != ExitOK {
		return exitStatus{code}
	}
	if v.requireStatus {
		return statusRequired(v.json, v.reports)
	}
	return nil
}

// printVerified prints the reports not printed yet, then what to do when
// no issuer was trusted.
func printVerified(cmd *cobra.Command, g *globals, v *verified) {
	if !v.streamed {
		for _, r := range v.reports {
			writeVerifyText(cmd.OutOrStdout(), g.lang, r)
		}
	}
	if noTrust(v.reports) {
		fmt.Fprintln(cmd.ErrOrStderr(), "ezz: hint: "+msg(g.lang,
			"用 --trust 指定签发机构的证书，或用 --home 指定签发工作区",
			"pass the issuer's certificate with --trust ISSUER.pem, or --home of the issuing workspace"))
	}
}

var verdictText = map[string][2]string{
	agency.Valid:       {"有效", "valid"},
	agency.Invalid:     {"无效", "INVALID"},
	agency.CannotCheck: {"无法核验", "could not check"},
}

var resultText = map[string][2]string{
	agency.Pass:       {"通过", "pass"},
	agency.Fail:       {"不通过", "FAIL"},
	agency.NotChecked: {"未检查", "not checked"},
	agency.Warn:       {"警告", "warn"},
}

var checkText = map[string]string{
	agency.CheckPDFSignature: "PDF 签名",
	agency.CheckSignerTrust:  "签名者信任",
	agency.CheckRecord:       "证照数据",
	agency.CheckQR:           "二维码",
	agency.CheckValidity:     "有效期",
	agency.CheckStatus:       "证照状态",
}

// writeVerifyText prints one report for people: the verdict, then each check.
func writeVerifyText(w io.Writer, lang string, r *agency.Report) {
	pick := func(t [2]string) string { return msg(lang, t[0], t[1]) }
	what := r.File
	if what == "" {
		what = msg(lang, "二维码", "QR code")
	}
	id := r.Identifier
	if id == "" {
		id = msg(lang, "（无标识）", "(no identifier)")
	}
	fmt.Fprintf(w, "%s: %s  %s\n", what, pick(verdictText[r.Verdict]), id)
	for _, c := range r.Checks {
		name, reason := c.Name, c.Reason.In(lang)
		if lang == "zh" {
			name = checkText[c.Name]
		}
		if lang == "zh" {
			fmt.Fprintf(w, "  [%s] %s：%s\n", pick(resultText[c.Result]), name, reason)
			continue
		}
		fmt.Fprintf(w, "  %-11s %-15s %s\n", pick(resultText[c.Result]), name, reason)
	}
}

// noTrust reports whether a verification lacked trust anchors.
func noTrust(reports []*agency.Report) bool {
	for _, r := range reports {
		if r.Check(agency.CheckSignerTrust).Reason.En == agency.NoTrust {
			return true
		}
	}
	return false
}
