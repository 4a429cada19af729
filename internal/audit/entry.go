package audit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Sources of entries: a ledger event or an access-log entry.
const (
	SourceEvent  = "event"
	SourceAccess = "access"
)

// Retention classes (docs/audit.md, Retention).
const (
	RetainAccess    = "access"    // verifications and look-ups: at least 3 years
	RetainLifecycle = "lifecycle" // about a certificate: as long as the certificate's retention period
	RetainSystem    = "system"    // workspace, keys, batches: kept for good
)

// Entry is one leaf of the log: what happened, when, by whom, at which
// station, about what, with which outcome, and how long it is kept.
type Entry struct {
	Index     uint64 `json:"index"`      // leaf index, from 0
	Source    string `json:"source"`     // SourceEvent or SourceAccess
	SourceSeq int64  `json:"source_seq"` // the event's or access entry's seq in the ledger
	At        string `json:"at"`         // UTC RFC 3339, as stored
	Retention string `json:"retention"`
	Operator  string `json:"operator"`
	Station   string `json:"station"`
	Action    string `json:"action"`  // the event kind, or the access action (verify, lookup…)
	Subject   string `json:"subject"` // the certificate identifier, file or number concerned
	Batch     string `json:"batch"`
	Outcome   string `json:"outcome"`
	Detail    string `json:"detail"` // the event's detail, a JSON object as text
}

// Encode appends the entry's canonical encoding to buf: compact JSON with
// the keys in byte order, integers as decimal, strings with only the escapes
// JSON requires (the stored bytes, not normalised). The leaf hash is over it.
func (e *Entry) Encode(buf []byte) []byte {
	buf = appendKey(buf, '{', "action")
	buf = appendString(buf, e.Action)
	buf = appendKey(buf, ',', "at")
	buf = appendString(buf, e.At)
	buf = appendKey(buf, ',', "batch")
	buf = appendString(buf, e.Batch)
	buf = appendKey(buf, ',', "detail")
	buf = appendString(buf, e.Detail)
	buf = appendKey(buf, ',', "index")
	buf = strconv.AppendUint(buf, e.Index, 10)
	for _, f := range [...]struct{ k, v string }{
		{"operator", e.Operator}, {"outcome", e.Outcome}, {"retention", e.Retention}, {"source", e.Source},
	} {
		buf = appendKey(buf, ',', f.k)
		buf = appendString(buf, f.v)
	}
	buf = appendKey(buf, ',', "source_seq")
	buf = strconv.AppendInt(buf, e.SourceSeq, 10)
	buf = appendKey(buf, ',', "station")
	buf = appendString(buf, e.Station)
	buf = appendKey(buf, ',', "subject")
	buf = appendString(buf, e.Subject)
	return append(buf, '}')
}

// Leaf is the entry's leaf hash.
func (e *Entry) Leaf() Hash { return LeafHash(e.Encode(nil)) }

// DecodeEntry reads an entry written by Encode and refuses one whose bytes
// are not its canonical encoding, so that what a proof carries is what was hashed.
func DecodeEntry(b []byte) (Entry, error) {
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("audit entry: %w", err)
	}
	if string(e.Encode(nil)) != string(b) {
		return e, fmt.Errorf("audit entry is not in canonical form")
	}
	return e, nil
}

func appendKey(buf []byte, sep byte, k string) []byte {
	buf = append(buf, sep, '"')
	buf = append(buf, k...)
	return append(buf, '"', ':')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Bytes that are not UTF-8 are
// escaped as \u00XX of the byte, so that any stored text encodes, and
// differently from any valid text. Runs of bytes that need no escape are
// copied at once.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, n := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || n != 1 {
				i += n
				continue
			}
		}
		buf = appendEscape(append(buf, s[start:i]...), c)
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// appendEscape writes the escape of byte c: a quote, a backslash, a
// control byte, or a byte that is not UTF-8.
func appendEscape(buf []byte, c byte) []byte {
	switch {
	case c == '"' || c == '\\':
		return append(buf, '\\', c)
	case c >= utf8.RuneSelf:
		buf = append(buf, '\\', 'u', 'f', 'f', 'f', 'd') // never valid text's escape
	case c == '\n':
		return append(buf, '\\', 'n')
	case c == '\r':
		return append(buf, '\\', 'r')
	case c == '\t':
		return append(buf, '\\', 't')
	}
	return append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
