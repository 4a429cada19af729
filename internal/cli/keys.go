package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ezz/internal/env"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/workspace"

	"github.com/emmansun/gmsm/smx509"
	"github.com/spf13/cobra"
)

func newKeysCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Make, import and show the agency's signing key and certificates",
	}
	cmd.AddCommand(newKeysInitCmd(g), newKeysImportCmd(g), newKeysShowCmd(g))
	return cmd
}

func newKeysInitCmd(g *globals) *cobra.Command {
	var pilot, force bool
	var passFile string
	cmd := &cobra.Command{
		Use:   "init --pilot",
		Short: "Make a pilot SM2 root and issuing certificate (for trials, never for legal use)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !pilot {
				return usageError(HintedZh(Localized(errors.New("keys init makes pilot keys only: pass --pilot"),
					"keys init 只生成试点密钥：请加 --pilot"),
					"to use certificates from a lawful CA, run ezz keys import",
					"使用依法设立的 CA 签发的证书，请运行 ezz keys import"))
			}
			ws, err := workspace.Open(workspace.Home(g.home))
			if err != nil {
				return workspaceError(err)
			}
			pass, err := newPassphrase(cmd, passFile)
			if err != nil {
				return err
			}
			a := sign.Agency{Name: ws.Config.Agency.Name, Code: ws.Config.Agency.Code}
			is, err := sign.InitPilot(ws.KeysDir(), a, pass, now(), force)
			if err != nil {
				return keysError(err)
			}
			if err := recordKeyEvent(cmd, ws, is, "pilot"); err != nil {
				return err
			}
			return printIssuer(cmd, g, ws.KeysDir(), is.Chain, keysMsg(g, "made pilot keys", "已生成试点密钥"))
		},
	}
	cmd.Flags().BoolVar(&pilot, "pilot", false, "make pilot certificates, clearly marked as not for legal use")
	cmd.Flags().BoolVar(&force, "force", false, "replace existing keys (the old chain stays in keys/retired for verification)")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "read the new key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	return cmd
}

func newKeysImportCmd(g *globals) *cobra.Command {
	var force bool
	var passFile, srcPassFile string
	cmd := &cobra.Command{
		Use:   "import CERT.pem KEY.pem | FILE.p12",
		Short: "Import an issuing certificate and key from a lawful CA (PEM or PKCS #12)",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := workspace.Open(workspace.Home(g.home))
			if err != nil {
				return workspaceError(err)
			}
			src, err := readSource(cmd, args, srcPassFile)
			if err != nil {
				return err
			}
			pass, err := newPassphrase(cmd, passFile)
			if err != nil {
				return err
			}
			is, err := sign.Import(ws.KeysDir(), src, pass, now(), force)
			if err != nil {
				return keysError(fmt.Errorf("import %s: %w", filepath.Base(args[0]), err))
			}
			if err := recordKeyEvent(cmd, ws, is, "import"); err != nil {
				return err
			}
			return printIssuer(cmd, g, ws.KeysDir(), is.Chain, keysMsg(g, "imported keys", "已导入密钥"))
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace existing keys (the old chain stays in keys/retired for verification)")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "read the passphrase to keep the key under from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	cmd.Flags().StringVar(&srcPassFile, "source-passphrase-file", "", "read the passphrase of the imported key or PKCS #12 from `FILE` (else $"+env.SourcePassphrase.Name+", else a prompt)")
	return cmd
}

func newKeysShowCmd(g *globals) *cobra.Command {
	var check bool
	var passFile string
	cmd := &cobra.Command{
		Use:   "show [--check]",
		Short: "Show the issuing certificate: subject, algorithm, validity, SM3 fingerprint, key id",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := filepath.Join(workspace.Home(g.home), workspace.KeysDir)
			if ws, err := workspace.Open(workspace.Home(g.home)); err == nil {
				dir = ws.KeysDir()
			}
			chain, err := sign.Chain(dir)
			if err != nil {
				return keysError(err)
			}
			done := ""
			if check {
				if err := checkIssuer(cmd, dir, passFile); err != nil {
					return err
				}
				done = keysMsg(g, "key unlocked and matches its certificate", "密钥已解锁，与证书匹配")
			}
			return printIssuer(cmd, g, dir, chain, done)
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "unlock the key and check it against its certificate, as signing would")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "with --check: read the key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	return cmd
}

// checkIssuer unlocks the issuing key as a signing command would.
func checkIssuer(cmd *cobra.Command, dir, passFile string) error {
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: passFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return passphraseError(err, env.KeyPassphrase.Name)
	}
	if _, err := sign.LoadIssuer(dir, pass, now()); err != nil {
		return keysError(err)
	}
	return nil
}

// readSource reads the files named on the command line: CERT.pem KEY.pem, or
// one PKCS #12 file. The source passphrase is asked for only when needed.
func readSource(cmd *cobra.Command, args []string, passFile string) (sign.Source, error) {
	var src sign.Source
	data := make([][]byte, len(args))
	for i, a := range args {
		b, err := readInput(a)
		if err != nil {
			return src, usageError(err)
		}
		data[i] = b
	}
	if len(args) == 1 {
		if bytes.Contains(data[0], []byte("-----BEGIN")) {
			return src, usageError(Localized(errors.New("a PEM file needs its key: ezz keys import CERT.pem KEY.pem"),
				"PEM 文件需要同时给出私钥：ezz keys import 证书.pem 私钥.pem"))
		}
		src.PKCS12 = data[0]
	} else {
		src.CertPEM, src.KeyPEM = data[0], data[1]
	}
	if src.PKCS12 == nil && !bytes.Contains(src.KeyPEM, []byte("ENCRYPTED")) {
		return src, nil
	}
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: passFile, Env: env.SourcePassphrase,
		Prompt: "passphrase of the imported key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil && !(src.PKCS12 != nil && errors.Is(err, sign.ErrNoPassphrase)) {
		return src, passphraseError(err, env.SourcePassphrase.Name)
	}
	src.Pass = pass
	return src, nil
}

// readInput reads a key or certificate file of bounded size.
func readInput(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > 1<<20 {
		return nil, fmt.Errorf("%s: larger than 1 MiB: not a key or certificate file", path)
	}
	return os.ReadFile(path)
}

// newPassphrase reads the passphrase a key is kept under, asking twice on a terminal.
func newPassphrase(cmd *cobra.Command, file string) ([]byte, error) {
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: file, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", Confirm: true, In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return nil, passphraseError(err, env.KeyPassphrase.Name)
	}
	if len(pass) < sign.MinPassphrase {
		return nil, usageError(Localizedf(fmt.Errorf("passphrase too short: use at least %d characters", sign.MinPassphrase),
			"口令太短：至少需要 %d 个字符", sign.MinPassphrase))
	}
	return pass, nil
}

// keysError adds exit codes, hints and Chinese texts to the sign package's errors.
func keysError(err error) error {
	var ve *sign.ValidityError
	switch {
	case errors.Is(err, sign.ErrNoKeys):
		return usageError(HintedZh(Localized(err, "工作区还没有签发密钥"),
			"run ezz keys init --pilot for trials, or ezz keys import with your CA's certificate and key",
			"试用请运行 ezz keys init --pilot；正式签发请用 ezz keys import 导入 CA 签发的证书和密钥"))
	case errors.Is(err, sign.ErrKeysExist):
		return usageError(HintedZh(Localized(err, "工作区已有签发密钥"),
			"pass --force to replace them; the old chain is kept in keys/retired so earlier certificates still verify",
			"如要替换请加 --force；旧证书链保存在 keys/retired 中，此前签发的证照仍可验证"))
	case errors.Is(err, sign.ErrWrongPassphrase):
		return usageError(HintedZh(Localized(err, "签发密钥的口令不正确"),
			"check --passphrase-file or "+env.KeyPassphrase.Name,
			"请检查 --passphrase-file 指定的文件或环境变量 "+env.KeyPassphrase.Name))
	case errors.Is(err, sign.ErrSourcePassphrase):
		return usageError(HintedZh(Localized(err, "导入的密钥口令不正确或未提供"),
			"give the passphrase your CA issued with --source-passphrase-file or "+env.SourcePassphrase.Name,
			"请用 --source-passphrase-file 或环境变量 "+env.SourcePassphrase.Name+" 提供 CA 给出的口令"))
	case errors.Is(err, sign.ErrKeyMismatch):
		return usageError(Localized(err, "私钥与证书不匹配："+err.Error()))
	case errors.As(err, &ve):
		zh := "签发证书无效：" + ve.Chinese()
		if ve.Expired() {
			zh = "签发证书已过期：" + ve.Chinese()
		}
		return usageError(HintedZh(Localized(err, zh),
			"import a certificate that is valid now (ask your CA to renew it)",
			"请导入当前有效的证书（请 CA 为证书续期）"))
	}
	return usageError(err)
}

// passphraseError gives the errors of reading a passphrase (from the
// variable envName) their Chinese text.
func passphraseError(err error, envName string) error {
	if errors.Is(err, sign.ErrNoPassphrase) {
		return usageError(Localized(err, "没有提供口令：请用 --passphrase-file 文件 或环境变量 "+envName+" 提供，或在终端中运行以输入口令"))
	}
	return usageError(Localized(err, "读取口令失败："+zhOr(err)))
}

// certJSON describes one certificate in `ezz keys … --json` (stable names).
type certJSON struct {
	Subject        string `json:"subject"`
	Issuer         string `json:"issuer"`
	Algorithm      string `json:"algorithm"`
	NotBefore      string `json:"not_before"`
	NotAfter       string `json:"not_after"`
	FingerprintSM3 string `json:"fingerprint_sm3"`
	KeyID          string `json:"key_id"`
	Pilot          bool   `json:"pilot"`
}

// keysJSON is the report of keys init, import and show.
type keysJSON struct {
	KeysDir  string     `json:"keys_dir"`
	Issuing  certJSON   `json:"issuing"`
	Chain    []certJSON `json:"chain"` // the issuing certificate's CAs
	ValidNow bool       `json:"valid_now"`
}

func describe(c *smx509.Certificate) certJSON {
	alg, err := sign.AlgorithmOf(c.PublicKey)
	if err != nil {
		alg = c.PublicKeyAlgorithm.String()
	}
	return certJSON{
		Subject:        c.Subject.String(),
		Issuer:         c.Issuer.String(),
		Algorithm:      alg,
		NotBefore:      c.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:       c.NotAfter.UTC().Format(time.RFC3339),
		FingerprintSM3: sign.Fingerprint(c),
		KeyID:          sign.KeyID(c.PublicKey),
		Pilot:          sign.IsPilot(c),
	}
}

func printIssuer(cmd *cobra.Command, g *globals, dir string, chain []*smx509.Certificate, done string) error {
	r := keysJSON{KeysDir: dir, Issuing: describe(chain[0]), Chain: []certJSON{},
		ValidNow: sign.CheckValid(chain[0], now()) == nil}
	for _, c := range chain[1:] {
		r.Chain = append(r.Chain, describe(c))
	}
	w := cmd.OutOrStdout()
	if g.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	if done != "" {
		fmt.Fprintf(w, "%s: %s\n", done, dir)
	}
	c := r.Issuing
	if c.Pilot {
		fmt.Fprintln(w, keysMsg(g, "PILOT certificate — for trials and tests, not for legal use", "试点证书（PILOT）— 仅供试用和测试，不具法律效力"))
	}
	rows := [][2]string{
		{keysMsg(g, "subject", "主体"), c.Subject},
		{keysMsg(g, "issuer", "签发者"), c.Issuer},
		{keysMsg(g, "algorithm", "算法"), c.Algorithm},
		{keysMsg(g, "valid", "有效期"), c.NotBefore + " — " + c.NotAfter + validNote(g, r.ValidNow)},
		{keysMsg(g, "SM3 fingerprint", "SM3 指纹"), c.FingerprintSM3},
		{keysMsg(g, "key id", "密钥标识"), c.KeyID},
		{keysMsg(g, "CA certificates", "CA 证书"), fmt.Sprint(len(r.Chain))},
	}
	for _, row := range rows {
		fmt.Fprintf(w, "  %-16s %s\n", row[0], row[1])
	}
	return nil
}

func validNote(g *globals, ok bool) string {
	if ok {
		return ""
	}
	return keysMsg(g, " (NOT VALID NOW)", "（当前无效）")
}

// keysMsg picks the English or Chinese text for g.lang.
func keysMsg(g *globals, en, zh string) string {
	if g.lang == "en" {
		return en
	}
	return zh
}

// recordKeyEvent appends a key-import event to the workspace's ledger: which
// certificate now signs, from where, by whom (DESIGN: every change is an event).
func recordKeyEvent(cmd *cobra.Command, ws *workspace.Workspace, is *sign.Issuer, source string) error {
	led, err := ws.OpenLedger()
	if err != nil {
		return usageError(err)
	}
	defer led.Close()
	c := is.Cert()
	detail, _ := json.Marshal(map[string]string{
		"source": source, "subject": c.Subject.String(), "key_id": is.KeyID, "algorithm": is.Alg,
		"fingerprint_sm3": sign.Fingerprint(c), "not_after": c.NotAfter.UTC().Format(time.RFC3339),
	})
	_, err = led.Append(cmd.Context(), ledger.Event{At: now(), Actor: workspace.Actor(), Station: ws.Config.Station,
		Kind: ledger.KindKeyImport, Detail: string(detail)})
	if err != nil {
		return usageError(fmt.Errorf("record the new key in the ledger: %w", err))
	}
	return nil
}
