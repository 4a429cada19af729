package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

type qrVerifyFlags struct {
	image, record string
	at            atOptions
	trust         trustOptions
}

func newQRVerifyCmd(g *globals) *cobra.Command {
	f := &qrVerifyFlags{}
	cmd := &cobra.Command{
		Use:   "verify [PAYLOAD | -]",
		Short: "Check a QR token: valid, expired, not yet valid, bad signature, unknown key, not bound (exit 0 valid, 1 invalid)",
		Long: `Check a QR token given as text (- reads it from standard input) or, with
--image, read from a PNG or JPEG picture of the code. Keys are looked up by key id
in the certificates of --trust, else in the workspace's keys directory. --at checks
as of another time (RFC 3339, or YYYY-MM-DD for midnight in Asia/Shanghai).
A clock skew of 5 minutes is tolerated on both ends of the validity window.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQRVerify(cmd, g, f, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.image, "image", "", "read the QR code from a PNG or JPEG `FILE`")
	f.at.add(fs)
	f.trust.add(fs)
	fs.StringVar(&f.record, "record", "", "also check the token belongs to this signed record (`FILE`: record JSON or signed PDF)")
	return cmd
}

func runQRVerify(cmd *cobra.Command, g *globals, f *qrVerifyFlags, args []string) error {
	return agencyCmd(cmd, g, with(ifWorkspace(), &f.trust), func(a *agency.Agency) (qrVerdict, error) {
		payload, err := qrPayload(cmd.InOrStdin(), f.image, args)
		if err != nil && agency.QRResult(err) == "error" {
			return qrVerdict{}, err
		}
		var c agency.Claims
		if err == nil { // else a picture without a code: a malformed token
			c, err = a.CheckQR(payload, f.at.or(a.Now()), f.record)
		}
		if agency.QRResult(err) == "error" {
			return qrVerdict{}, err
		}
		return newQRVerdict(c, err), nil
	}, func(v qrVerdict) error { return printQRVerdict(cmd.OutOrStdout(), g.lang, v) })
}

// qrPayload reads the token from the argument, standard input or --image.
func qrPayload(stdin io.Reader, image string, args []string) (string, error) {
	switch {
	case image != "" && len(args) > 0:
		return "", usagef("二维码内容和 --image 只能给出其一", "give a PAYLOAD or --image, not both")
	case image != "":
		return agency.ReadQRImage(image)
	case len(args) == 0:
		return "", usagef("请给出二维码内容，或用 - 从标准输入读取，或用 --image 图片文件",
			"give a PAYLOAD, - to read it from standard input, or --image FILE")
	case args[0] == "-":
		return agency.ReadQRPayload(stdin)
	}
	return args[0], nil
}

// qrVerifyJSON is the --json report of ezz qr verify (stable names, docs/qr.md).
// Claims of a token whose signature did not verify are what it says, unchecked.
type qrVerifyJSON struct {
	Valid      bool   `json:"valid"`
	Result     string `json:"result"`
	Identifier string `json:"identifier"`
	KeyID      string `json:"key_id"`
	IssuedAt   string `json:"issued_at"`
	ExpiresAt  string `json:"expires_at"`
	Reason     string `json:"reason"`
}

// qrResults are the labels and hints of each result.
var qrResults = map[string]struct{ label, hint text.T }{
	"valid":         {text.New("有效", "valid"), text.T{}},
	"expired":       {text.New("二维码已过期", "QR code expired"), text.New("请向发证单位索取带新二维码的证照", "ask the issuing agency for a certificate with a fresh QR code")},
	"not-yet-valid": {text.New("二维码尚未生效", "QR code not yet valid"), text.New("请检查本机时钟，或 --at 给出的时间", "check this computer's clock, or --at")},
	"bad-signature": {text.New("签名无效（内容被改动或密钥不符）", "bad signature"), text.New("二维码内容在签名后被改动，或由其他密钥签名：应视为非真实证照", "the token was changed after it was signed, or signed by another key: treat the certificate as not genuine")},
	"unknown-key":   {text.New("签名密钥不在信任的证书中", "signed by a key none of the trusted certificates carries"), text.New("请用 --trust 签发者证书.pem 给出发证单位的证书", "pass the issuing agency's certificate with --trust ISSUER.pem")},
	"malformed":     {text.New("不是有效的 ezz 二维码", "not an ezz QR token"), text.New("请重新扫描二维码，或完整复制其文字", "scan the QR code again, or copy the whole text")},
	"not-bound":     {text.New("二维码不属于该证照", "not bound"), text.New("该二维码是为另一份证照（或本证照的另一版本）生成的，或由不为其签发机构代码签名的密钥签名（见原因）", "the QR code was made for another certificate, or another version of this one, or signed by a key that does not sign for its issuer code (see the reason)")},
}

// qrVerdict is qr verify's report: its --json form, the claims and why the
// token is not valid (nil when it is). An invalid token exits 1.
type qrVerdict struct {
	qrVerifyJSON
	claims agency.Claims
	err    error
}

func newQRVerdict(c agency.Claims, err error) qrVerdict {
	j := qrVerifyJSON{Valid: err == nil, Result: agency.QRResult(err), Identifier: c.Identifier, KeyID: c.KeyID,
		IssuedAt: stamp(c.IssuedAt), ExpiresAt: stamp(c.ExpiresAt)}
	if err != nil {
		j.Reason = err.Error()
	}
	return qrVerdict{j, c, err}
}

func (v qrVerdict) Err() error {
	if v.err != nil {
		return exitStatus{ExitFindings}
	}
	return nil
}

// printQRVerdict prints a valid token's claims; an invalid one is the error
// the command exits with (1), with what to do next.
func printQRVerdict(w io.Writer, lang string, v qrVerdict) error {
	r, c := qrResults[v.Result], v.claims
	if v.err != nil {
		en := v.err.Error()
		if c.Identifier != "" {
			en = c.Identifier + ": " + en
		}
		return &text.Error{Msg: text.New(r.label.Zh+"："+en, en), Class: text.Bad, Hint: r.hint, Err: v.err}
	}
	fmt.Fprintf(w, "%s: %s\n", r.label.In(lang), c.Identifier)
	fmt.Fprintf(w, "  %s %s\n", msg(lang, "密钥标识", "key id    "), c.KeyID)
	fmt.Fprintf(w, "  %s %s\n", msg(lang, "签发时间", "issued at "), c.IssuedAt.In(agency.Shanghai).Format("2006-01-02 15:04:05 -07:00"))
	fmt.Fprintf(w, "  %s %s\n", msg(lang, "有效期至", "expires at"), c.ExpiresAt.In(agency.Shanghai).Format("2006-01-02 15:04:05 -07:00"))
	return nil
}

// stamp is t in UTC RFC 3339, "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
