package catalogue

import "fmt"

// text is a message in Chinese and English with its arguments. Every check
// writes both format strings side by side with tr, so that a message cannot
// exist in one language only; the Linter's Lang picks one when the finding
// is made. A text is also an error, in English, for the exported functions
// (ParseDuration, Page.Dimensions) whose errors lint quotes.
type text struct {
	zh, en string
	args   []any
	both   bool // zh and en are args[0] and args[1], already translated
}

// tr pairs the Chinese and English format strings of one message with its
// arguments. Arguments that are texts are rendered in the same language.
func tr(zh, en string, args ...any) text { return text{zh: zh, en: en, args: args} }

// same is a text that reads the same in both languages (a path, a code).
func same(s string) text { return text{zh: "%s", en: "%s", args: []any{s}} }

// both is a text translated elsewhere (the data-item standard's messages):
// zh and en are final strings, not formats.
func both(zh, en string) text { return text{zh: "%s", en: "%s", args: []any{zh, en}, both: true} }

// In renders t in lang: Chinese for "zh", English for anything else.
func (t text) In(lang string) string {
	if t.zh == "" && t.en == "" {
		return ""
	}
	if t.both {
		if lang == "zh" && t.args[0].(string) != "" {
			return t.args[0].(string)
		}
		return t.args[1].(string)
	}
	format := t.en
	if lang == "zh" {
		format = t.zh
	}
	args := make([]any, len(t.args))
	for i, a := range t.args {
		if nested, ok := a.(text); ok {
			a = nested.In(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(format, args...)
}

// Error renders t in English.
func (t text) Error() string { return t.In("en") }

// isZero reports whether t is the empty text (no problem found).
func (t text) isZero() bool { return t.zh == "" && t.en == "" }

// langOf normalises a language: "zh" or "en".
func langOf(lang string) string {
	if lang == "zh" {
		return "zh"
	}
	return "en"
}
