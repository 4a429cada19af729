package cli

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/issuance"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

func newQRCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qr",
		Short: "Make and check time-limited QR codes (二维码有效时限); see docs/qr.md",
	}
	cmd.AddCommand(newQRVerifyCmd(g), newQRMakeCmd(g))
	return cmd
}

type qrVerifyFlags struct {
	image, at, record string
	trust             []string
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
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQRVerify(cmd, g, f, args, now())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.image, "image", "", "read the QR code from a PNG or JPEG `FILE`")
	fl.StringVar(&f.at, "at", "", "check as of `TIME` (RFC 3339 or YYYY-MM-DD) instead of now")
	fl.StringSliceVar(&f.trust, "trust", nil, "issuer certificate(s) `CERT.pem` to look keys up in (repeatable)")
	fl.StringVar(&f.record, "record", "", "also check the token belongs to this signed record (`FILE`: record JSON or signed PDF)")
	return cmd
}

func runQRVerify(cmd *cobra.Command, g *globals, f *qrVerifyFlags, args []string, now time.Time) error {
	at, err := parseAt(f.at, now)
	if err != nil {
		return usageError(err)
	}
	trust, err := qrTrust(g, f.trust)
	if err != nil {
		return err
	}
	payload, err := qrPayload(cmd.InOrStdin(), f.image, args)
	var c qr.Claims
	if err == nil {
		c, err = qr.Verify(payload, trust.Lookup, at)
	}
	var eu *exitError
	if errors.As(err, &eu) {
		return err
	}
	if err == nil && f.record != "" {
		err = qrBind(c, f.record, trust.Lookup)
	}
	return qrReport(cmd.OutOrStdout(), g, c, err)
}

// parseAt reads --at: RFC 3339, or a date meaning midnight in Asia/Shanghai.
func parseAt(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, shanghai()); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--at %q: use RFC 3339 (2025-06-01T08:00:00+08:00) or YYYY-MM-DD", s)
}

// qrTrust loads --trust, else the workspace's keys directory.
func qrTrust(g *globals, files []string) (*sign.Trust, error) {
	if len(files) > 0 {
		t, err := sign.LoadTrust(files...)
		if err != nil {
			return nil, usageError(err)
		}
		return t, nil
	}
	ws, err := workspace.Open(workspace.Home(g.home))
	if err != nil {
		return nil, workspaceError(HintedZh(err, "pass the issuer's certificate with --trust ISSUER.pem, or --home for a workspace",
			"用 --trust 签发者证书.pem 给出签发单位的证书，或用 --home 指定工作区"))
	}
	t, err := sign.LoadWorkspaceTrust(ws.KeysDir())
	if err != nil {
		return nil, usageError(HintedZh(err, "pass the issuer's certificate with --trust ISSUER.pem", "请用 --trust 签发者证书.pem 给出签发单位的证书"))
	}
	return t, nil
}

// qrPayload reads the token from the argument, standard input or --image.
// An unreadable file is a usage error; an image without a code is malformed.
func qrPayload(stdin io.Reader, image string, args []string) (string, error) {
	switch {
	case image != "" && len(args) > 0:
		return "", usageError(Localized(errors.New("give a PAYLOAD or --image, not both"), "二维码内容和 --image 只能给出其一"))
	case image != "":
		fh, err := os.Open(image)
		if err != nil {
			return "", usageError(err)
		}
		defer fh.Close()
		s, err := qr.DecodeImage(fh)
		if errors.Is(err, qr.ErrNoCode) {
			return "", fmt.Errorf("%w: %s: %v", qr.ErrMalformed, image, err)
		}
		if err != nil {
			return "", usageError(fmt.Errorf("%s: %w", image, err))
		}
		return s, nil
	case len(args) == 0:
		return "", usageError(Localized(errors.New("give a PAYLOAD, - to read it from standard input, or --image FILE"),
			"请给出二维码内容，或用 - 从标准输入读取，或用 --image 图片文件"))
	case args[0] == "-":
		data, err := io.ReadAll(io.LimitReader(stdin, qr.MaxPayload+1))
		if err != nil {
			return "", usageError(fmt.Errorf("read standard input: %w", err))
		}
		return strings.TrimSpace(string(data)), nil
	}
	return args[0], nil
}

// qrBind opens the signed record in file (JSON envelope or signed PDF) and binds c to it.
func qrBind(c qr.Claims, file string, lookup func(string) (crypto.PublicKey, error)) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return usageError(err)
	}
	if bytes.HasPrefix(data, []byte("%PDF")) {
		att, err := pdfsig.Attachments(data)
		if err != nil || att[issuance.RecordAttachment] == nil {
			return usageError(fmt.Errorf("%s: no signed record (%s) attached: %v", file, issuance.RecordAttachment, err))
		}
		data = att[issuance.RecordAttachment]
	}
	r, err := record.Open(data, lookup)
	if err != nil {
		return usageError(fmt.Errorf("signed record %s: %w", file, err))
	}
	d, err := r.Digest()
	if err != nil {
		return usageError(err)
	}
	return qr.Bind(c, d, r.Identifier)
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

// qrResults are the human labels and hints of each result.
var qrResults = map[string]struct{ zh, en, hint, hintZh string }{
	"valid":         {"有效", "valid", "", ""},
	"expired":       {"二维码已过期", "QR code expired", "ask the issuing agency for a certificate with a fresh QR code", "请向发证单位索取带新二维码的证照"},
	"not-yet-valid": {"二维码尚未生效", "QR code not yet valid", "check this computer's clock, or --at", "请检查本机时钟，或 --at 给出的时间"},
	"bad-signature": {"签名无效（内容被改动或密钥不符）", "bad signature", "the token was changed after it was signed, or signed by another key: treat the certificate as not genuine", "二维码内容在签名后被改动，或由其他密钥签名：应视为非真实证照"},
	"unknown-key":   {"签名密钥不在信任的证书中", "signed by a key none of the trusted certificates carries", "pass the issuing agency's certificate with --trust ISSUER.pem", "请用 --trust 签发者证书.pem 给出发证单位的证书"},
	"malformed":     {"不是有效的 ezz 二维码", "not an ezz QR token", "scan the QR code again, or copy the whole text", "请重新扫描二维码，或完整复制其文字"},
	"not-bound":     {"二维码不属于该证照", "not bound", "the QR code was made for another certificate, or another version of this one", "该二维码是为另一份证照（或本证照的另一版本）生成的"},
}

func qrReport(w io.Writer, g *globals, c qr.Claims, err error) error {
	res := qr.Result(err)
	if res == "error" {
		return usageError(err)
	}
	if g.json {
		j := qrVerifyJSON{Valid: err == nil, Result: res, Identifier: c.Identifier, KeyID: c.KeyID,
			IssuedAt: qrStamp(c.IssuedAt), ExpiresAt: qrStamp(c.ExpiresAt)}
		if err != nil {
			j.Reason = err.Error()
		}
		if e := writeJSON(w, j); e != nil {
			return e
		}
		if err != nil {
			return errSilent{ExitFindings}
		}
		return nil
	}
	r := qrResults[res]
	label := msg(g.lang, r.zh, r.en)
	if err != nil {
		if c.Identifier != "" {
			err = fmt.Errorf("%s: %w", c.Identifier, err)
		}
		if g.lang == "zh" {
			err = fmt.Errorf("%s：%w", label, err)
		}
		return findings(HintedZh(err, r.hint, r.hintZh))
	}
	cst := shanghai()
	fmt.Fprintf(w, "%s: %s\n", label, c.Identifier)
	fmt.Fprintf(w, "  %s %s\n", msg(g.lang, "密钥标识", "key id    "), c.KeyID)
	fmt.Fprintf(w, "  %s %s\n", msg(g.lang, "签发时间", "issued at "), c.IssuedAt.In(cst).Format("2006-01-02 15:04:05 -07:00"))
	fmt.Fprintf(w, "  %s %s\n", msg(g.lang, "有效期至", "expires at"), c.ExpiresAt.In(cst).Format("2006-01-02 15:04:05 -07:00"))
	return nil
}

func qrStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
