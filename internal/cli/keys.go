package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newKeysCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Make, import and show the agency's signing key and certificates",
	}
	cmd.AddCommand(newKeysInitCmd(g), newKeysImportCmd(g), newKeysShowCmd(g))
	return cmd
}

// printKeys prints the issuing certificate after done (what was just done, or "").
func printKeys(cmd *cobra.Command, g *globals, r *agency.Keys, done string) error {
	w := cmd.OutOrStdout()
	if done != "" {
		fmt.Fprintf(w, "%s: %s\n", done, r.KeysDir)
	}
	c := r.Issuing
	if c.Pilot {
		fmt.Fprintln(w, msg(g.lang, "试点证书（PILOT）— 仅供试用和测试，不具法律效力", "PILOT certificate — for trials and tests, not for legal use"))
	}
	valid := ""
	if !r.ValidNow {
		valid = msg(g.lang, "（当前无效）", " (NOT VALID NOW)")
	}
	rows := [][2]string{
		{msg(g.lang, "主体", "subject"), c.Subject},
		{msg(g.lang, "签发者", "issuer"), c.Issuer},
		{msg(g.lang, "算法", "algorithm"), c.Algorithm},
		{msg(g.lang, "有效期", "valid"), c.NotBefore + " — " + c.NotAfter + valid},
		{msg(g.lang, "SM3 指纹", "SM3 fingerprint"), c.FingerprintSM3},
		{msg(g.lang, "密钥标识", "key id"), c.KeyID},
		{msg(g.lang, "机构代码", "agency code"), agencyCodeText(g, c)},
		{msg(g.lang, "CA 证书", "CA certificates"), fmt.Sprint(len(r.Chain))},
	}
	for _, row := range rows {
		fmt.Fprintf(w, "  %-16s %s\n", row[0], row[1])
	}
	return nil
}

// agencyCodeText is the agency code a certificate names, and where, or
// what it means that it names none (docs/keys.md).
func agencyCodeText(g *globals, c agency.CertInfo) string {
	if c.AgencyCodes != nil {
		return msg(g.lang, c.AgencyCodes.Zh+"（核验时它不能为任何签发机构代码签名）", c.AgencyCodes.En+" (verify: it signs for no issuer code)")
	}
	if c.AgencyCode == "" {
		return msg(g.lang, "未载明（核验时签发机构代码不与该证书绑定，只给出警告）",
			"none named (verify cannot bind issuer codes to this certificate, and only warns)")
	}
	return c.AgencyCode + " (" + c.AgencyCodeIn + ")"
}
