package qr

import "strings"

// MinModuleMM is the smallest module, in millimetres, that a phone camera
// reads from a printed or photographed page: 0.5 mm modules (a version-9
// code 26–28 mm wide) fail at 150 dpi with blur, 0.7 mm ones scan.
const MinModuleMM = 0.7

// QuietModules is the light margin drawn on each side of a code, in modules.
const QuietModules = 4

// Side is the number of modules across a code of version v, without the quiet zone.
func Side(v int) int { return 17 + 4*v }

// ModuleMM is the module size of a code of version v drawn in a square w mm
// wide that includes the quiet zone, as the renderer draws it.
func ModuleMM(w float64, v int) float64 { return w / float64(Side(v)+2*QuietModules) }

// LongestPayload is the longest bare payload a token for identifier can be:
// its Base45 part as costly to encode as Base45 gets (no digit runs, no
// escapes: a bare token has none).
func LongestPayload(identifier string) string {
	return Prefix + identifier + ":" + strings.Repeat("A", Base45EncodedLen(headerLen+rawSigLen))
}

// urlEscapeShare is the share of a URL token's Base45 characters allowed for
// as escaped (space and % each become three characters): one in eight, where
// a Base45 text has one in 22.5 on average and Make keeps the shortest of
// its signatures.
const urlEscapeShare = 8

// LongestPayloadWith is LongestPayload behind the workspace's URL prefix
// (qr_url_prefix): the prefix, then the token with its Base45 part as long
// as its escapes make it.
func LongestPayloadWith(urlPrefix, identifier string) string {
	if urlPrefix == "" {
		return LongestPayload(identifier)
	}
	n := Base45EncodedLen(headerLen + rawSigLen)
	k := (n + urlEscapeShare - 1) / urlEscapeShare
	return urlPrefix + Prefix + identifier + ":" + strings.Repeat("A", n-k) + strings.Repeat("%20", k)
}

// surelyFits reports whether payload, as one alphanumeric segment, fits a code
// of version MaxQRVersion at level M (the segmenter finds no worse), so that
// Make need not segment it: a bare token always does (at most 280 characters).
func surelyFits(payload string) bool {
	n := len(payload)
	bits := 4 + countBits[modeAlpha][1] + n/2*11 + n%2*6
	if payload == "" || bits > capacity(MaxQRVersion) {
		return false
	}
	for i := 0; i < n; i++ {
		if narrowest[payload[i]] > modeAlpha {
			return false
		}
	}
	return true
}
