package catalogue

import (
	"strings"

	"ezz/internal/qr"

	"ezz/internal/text"
)

// worstSerial is the longest serial ezz gives: a 6-character station and a
// 7-digit counter (ten million certificates from one workstation).
const worstSerial = "ZZZZZZ9999999"

// qrShortfall is a QR box whose modules would be under qr.MinModuleMM.
type qrShortfall struct {
	index      int     // in Face.Elements
	w          float64 // the box's width, mm
	version    int     // the longest token's QR version
	module     float64 // its module size in the box, mm
	need       float64 // the width that gives qr.MinModuleMM
	payloadLen int
	impossible bool // no QR version holds the payload
}

// qrShortfalls returns the QR boxes too small for the longest token the
// template can get behind urlPrefix: its type code, an 18-character issuer
// code and the longest serial. ok is false when no token can be made (the
// type code is reported elsewhere).
func qrShortfalls(t *Template, urlPrefix string) (out []qrShortfall, ok bool) {
	id := "1.2.156.3005.2." + cmpOr(t.Catalogue.TypeCode, strings.Repeat("Z", 21)) + "." +
		strings.Repeat("Z", 18) + "." + worstSerial + ".001.Z"
	payload := qr.LongestPayloadWith(urlPrefix, id)
	v, err := qr.Version(payload)
	if len(id) > qr.MaxIDLen || err != nil && urlPrefix == "" {
		return nil, false
	}
	for i, e := range t.Face.Elements {
		if e.Kind != KindQR || e.W <= 0 {
			continue
		}
		if err != nil { // no QR version holds it at all
			out = append(out, qrShortfall{index: i, w: e.W, payloadLen: len(payload), impossible: true})
			continue
		}
		if m := qr.ModuleMM(e.W, v); m < qr.MinModuleMM-1e-9 {
			out = append(out, qrShortfall{index: i, w: e.W, version: v, module: m,
				need: qr.MinModuleMM * float64(qr.Side(v)+2*qr.QuietModules), payloadLen: len(payload)})
		}
	}
	return out, true
}

// message says what is wrong with the box, naming the URL prefix if any.
func (s qrShortfall) message(urlPrefix string) text.T {
	if s.impossible {
		return text.F("二维码内容最长 %d 个字符（含网址前缀 %q），任何二维码版本都容纳不下；请缩短 qr_url_prefix",
			"the longest QR payload is %d characters (with the URL prefix %q): no QR version holds it; shorten qr_url_prefix",
			s.payloadLen, urlPrefix)
	}
	msg := text.F("二维码宽 %.1f mm：最长的令牌需要版本 %d（%d×%d 模块，含静区 %d），每个模块仅 %.2f mm，手机难以识读；请把 w 设为至少 %.1f mm（模块 ≥ %.1f mm）",
		"the QR code is %.1f mm wide: the longest token needs version %d (%d×%d modules, %d more with the quiet zone), so a module is only %.2f mm and phones fail to read it; make w at least %.1f mm (modules ≥ %.1f mm)",
		s.w, s.version, qr.Side(s.version), qr.Side(s.version), 2*qr.QuietModules, s.module, s.need, qr.MinModuleMM)
	if urlPrefix == "" {
		return msg
	}
	return text.F("%s，或缩短工作区的网址前缀 qr_url_prefix（%q，%d 个字符）", "%s, or shorten the workspace's qr_url_prefix (%q, %d characters)",
		msg, urlPrefix, len(urlPrefix))
}

// checkQRSize reports each QR box too small for the longest token.
func (d *doc) checkQRSize(t *Template, urlPrefix string) {
	short, _ := qrShortfalls(t, urlPrefix)
	for _, s := range short {
		d.atPath(p("face", "elements", s.index, "w"), RuleQRModule, s.message(urlPrefix))
	}
}

// CheckQRBox refuses a template whose QR box is too small for the longest
// token it can get behind the workspace's URL prefix — a configuration
// error (exit 2), not a bad register: issuance asks before a serial number is
// spent, lint reports the same finding.
func CheckQRBox(t *Template, urlPrefix string) error {
	short, _ := qrShortfalls(t, urlPrefix)
	if len(short) == 0 {
		return nil
	}
	return text.Errorf("模板 %s 的二维码过密：%v", "template %s: the QR code would be too dense: %v", t.Path, short[0].message(urlPrefix)).
		WithHint("在工作区 config.yaml 中缩短 qr_url_prefix（或去掉它，只印令牌），或在模板中加宽二维码框；然后运行 ezz catalogue lint 检查",
			"shorten qr_url_prefix in the workspace's config.yaml (or remove it and print the bare token), or widen the template's QR box; then check with ezz catalogue lint")
}

func cmpOr(s, def string) string {
	if len(s) == 21 {
		return s
	}
	return def
}
