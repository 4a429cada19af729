package catalogue

import (
	"strings"

	"ezz/internal/qr"

	"ezz/internal/text"
)

// worstSerial is the longest serial ezz gives: a 6-character station and a
// 7-digit counter (ten million certificates from one workstation).
const worstSerial = "ZZZZZZ9999999"

// checkQRSize reports a QR box whose modules would be smaller than
// qr.MinModuleMM for the longest token the template can get: its type code,
// an 18-character issuer code and the longest serial, without a URL prefix.
func (d *doc) checkQRSize(t *Template) {
	id := "1.2.156.3005.2." + cmpOr(t.Catalogue.TypeCode, strings.Repeat("Z", 21)) + "." +
		strings.Repeat("Z", 18) + "." + worstSerial + ".001.Z"
	v, err := qr.Version(qr.LongestPayload(id))
	if err != nil || len(id) > qr.MaxIDLen {
		return // the type code is reported elsewhere
	}
	need := qr.MinModuleMM * float64(qr.Side(v)+2*qr.QuietModules)
	for i, e := range t.Face.Elements {
		if e.Kind != KindQR || e.W <= 0 {
			continue
		}
		if m := qr.ModuleMM(e.W, v); m < qr.MinModuleMM-1e-9 {
			d.atPath(p("face", "elements", i, "w"), RuleQRModule, text.F(
				"二维码宽 %.1f mm：最长的令牌需要版本 %d（%d×%d 模块，含静区 %d），每个模块仅 %.2f mm，手机难以识读；请把 w 设为至少 %.1f mm（模块 ≥ %.1f mm）",
				"the QR code is %.1f mm wide: the longest token needs version %d (%d×%d modules, %d more with the quiet zone), so a module is only %.2f mm and phones fail to read it; make w at least %.1f mm (modules ≥ %.1f mm)",
				e.W, v, qr.Side(v), qr.Side(v), 2*qr.QuietModules, m, need, qr.MinModuleMM))
		}
	}
}

func cmpOr(s, def string) string {
	if len(s) == 21 {
		return s
	}
	return def
}
