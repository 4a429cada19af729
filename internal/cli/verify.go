package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

type verifyFlags struct {
	qr, qrImage, templates string
	at                     atOptions
	trust                  trustOptions
	status                 agency.StatusFrom
	requireStatus          bool
}

func newVerifyCmd(g *globals) *cobra.Command {
	f := &verifyFlags{}
	cmd := &cobra.Command{
		Use:   "verify FILE... | --qr PAYLOAD | --qr-image IMAGE",
		Short: "Verify certificate files or a QR code: the verdict and the reason (exit 0 valid, 1 invalid, 2 could not check)",
		Long: `Verify certificate files (signed PDFs) or a QR code, and say why. Six checks,
each pass, fail, warn or not-checked with a reason: pdf-signature, signer-trust,
record, qr, validity-period and status (docs/verify.md).

Issuers are trusted from --trust (PEM certificates, comma-separated or repeated),
else from the workspace (--home, $EZZ_HOME or ./ezz-home). A signer signs only for
the issuer code its certificate names, or that the trust binds it to: --trust
CODE=CERT.pem, or the workspace's agency and offices (config.yaml). The status comes from
the workspace's ledger when the certificate was issued there; every verification
against a workspace is written to its access log. --at checks as of another time
(RFC 3339, or YYYY-MM-DD for midnight in Asia/Shanghai).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd, g, f, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.qr, "qr", "", "verify the QR code `PAYLOAD` (- reads it from standard input)")
	fs.StringVar(&f.qrImage, "qr-image", "", "verify the QR code in a PNG or JPEG `IMAGE`")
	f.trust.add(fs)
	f.at.add(fs)
	fs.StringVar(&f.templates, "templates", "", "check each record's catalogue against the face templates under `DIR`")
	addStatusFlags(cmd, &f.status)
	fs.BoolVar(&f.requireStatus, "require-status", false, "exit 2 when the status could not be checked (repository unreachable, stale status list) instead of only warning")
	return cmd
}

func runVerify(cmd *cobra.Command, g *globals, f *verifyFlags, args []string) error {
	modes := 0
	for _, on := range []bool{len(args) > 0, f.qr != "", f.qrImage != ""} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		return usagef("请给出证照文件、--qr 二维码内容或 --qr-image 二维码图片（三者选一）",
			"give certificate FILEs, --qr PAYLOAD or --qr-image IMAGE (one of them)")
	}
	return agencyCmd(cmd, g, with(ifWorkspace(), &f.trust), func(a *agency.Agency) (*verified, error) {
		v := &verified{json: g.json, requireStatus: f.requireStatus}
		o := agency.VerifyOptions{At: f.at.or(a.Now()), Templates: f.templates, Status: f.status}
		var err error
		if len(args) > 0 {
			switch {
			case !g.json: // people see each verdict as soon as it is known
				v.streamed = true
				o.Each = func(r *agency.Report) { writeVerifyText(cmd.OutOrStdout(), g.lang, r) }
			case len(args) > 1:
				v.encoded = &encodedReports{}
				o.Each = v.encoded.add
			}
			v.reports, err = a.VerifyFiles(cmd.Context(), args, o)
		} else {
			payload, perr := verifyPayload(cmd, f)
			if perr != nil {
				return nil, perr
			}
			var r *agency.Report
			r, err = a.VerifyQR(cmd.Context(), payload, o)
			v.reports = []*agency.Report{r}
		}
		if v.reports == nil || v.reports[0] == nil {
			return nil, err
		}
		return v, err
	}, func(v *verified) error {
		printVerified(cmd, g, v)
		return nil
	})
}

// statusRequired is the outcome of --require-status for reports that are
// otherwise valid: exit 2 when the status of one was not checked, since its
// certificate is not known to be bad, only not known to be current
// (docs/verify.md, "When the status is not checked").
func statusRequired(asJSON bool, reports []*agency.Report) error {
	for _, r := range reports {
		c := r.Check(agency.CheckStatus)
		if c.Result != agency.NotChecked {
			continue
		}
		if asJSON {
			return exitStatus{code: ExitUsage}
		}
		return text.Errorf("证照状态未能核验：%s", "the status could not be checked: %s", c.Reason).WithHint(
			"省级库恢复可达后重试，或用 ezz status-list make 取得未过期的状态列表；在此之前不要据此认定证照现行有效",
			"try again when the repository is reachable, or get a status list that is not stale; until then do not rely on the certificate being current")
	}
	return nil
}

// verifyPayload reads the QR payload from --qr (- for standard input) or --qr-image.
func verifyPayload(cmd *cobra.Command, f *verifyFlags) (string, error) {
	switch {
	case f.qrImage != "":
		return agency.ReadQRImage(f.qrImage)
	case f.qr == "-":
		return agency.ReadQRPayload(cmd.InOrStdin())
	}
	return f.qr, nil
}
