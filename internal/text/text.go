// Package text is ezz's one bilingual message type: every message a clerk or
// auditor may read — errors, hints, findings, reasons — is a T carrying both
// languages, chosen once when it is rendered.
package text

import (
	"encoding/json"
	"fmt"
)

// T is one message in Chinese and English.
type T struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// New returns the message with its two texts.
func New(zh, en string) T { return T{Zh: zh, En: en} }

// F formats both texts with the same arguments, as fmt.Sprintf does. An
// argument that is itself a T (or an error carrying one) is rendered in each
// text's own language, so messages nest without string surgery.
func F(zh, en string, args ...any) T {
	return T{Zh: fmt.Sprintf(zh, in(args, "zh")...), En: fmt.Sprintf(en, in(args, "en")...)}
}

// In returns the text in lang ("zh" or "en"); a missing Chinese text falls
// back to the English one and the other way round.
func (t T) In(lang string) string {
	if lang == "en" && t.En != "" || t.Zh == "" {
		return t.En
	}
	return t.Zh
}

// IsZero reports whether t has no text at all.
func (t T) IsZero() bool { return t.Zh == "" && t.En == "" }

// String is the English text, for logs and tests.
func (t T) String() string { return t.In("en") }

// MarshalJSON writes {"zh":…,"en":…}: one JSON shape for both languages.
func (t T) MarshalJSON() ([]byte, error) {
	type plain T
	return json.Marshal(plain(t))
}

func in(args []any, lang string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case T:
			out[i] = v.In(lang)
		case error:
			out[i] = Of(v).In(lang)
		default:
			out[i] = a
		}
	}
	return out
}
