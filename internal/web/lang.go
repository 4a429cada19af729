package web

import (
	"net/http"
	"strconv"
	"strings"
)

// pickLang chooses the page's language: ?lang=zh or ?lang=en, else the
// preferred of Chinese and English in Accept-Language, else Chinese.
func pickLang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "zh":
		return "zh"
	case "en":
		return "en"
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

// acceptLang reads an Accept-Language header (RFC 9110 §12.5.4): the
// highest-weighted of zh and en, the earlier on a tie; zh when neither.
func acceptLang(h string) string {
	if len(h) > 512 {
		h = h[:512]
	}
	best, bestQ := "zh", -1.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if (primary == "zh" || primary == "en") && q > 0 && q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}
