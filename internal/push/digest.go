package push

import (
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/record"
)

// streamDigest is Digest without building the item's canonical encoding:
// it writes the fields straight into SM3, in the canonical key order, the
// PDF as base64 (ASCII, which needs no escaping and is NFC). It gives the
// very bytes record.Marshal would (TestStreamDigestIsCanonical), at a
// fraction of the cost: the canonical encoder decodes and re-encodes the
// ~200 kB base64 string of every PDF, on the client and on the receiver.
// ok is false for an item with a string that is not UTF-8 (record.Marshal
// decides those).
func (it *Item) streamDigest() (sum string, ok bool) {
	strs := []string{it.Action, it.At, it.Deadline, it.Identifier, it.Key, it.Kind, it.PDFSM3, it.Reason, it.Record, it.Station, it.Status}
	for _, s := range strs {
		if !utf8.ValidString(s) {
			return "", false
		}
	}
	h := sm3.New()
	sep := "{"
	str := func(key, v string, omitEmpty bool) {
		if v == "" && omitEmpty {
			return
		}
		io.WriteString(h, sep+`"`+key+`":`+record.QuoteString(v))
		sep = ","
	}
	num := func(key string, n int64) {
		io.WriteString(h, sep+`"`+key+`":`+strconv.FormatInt(n, 10))
		sep = ","
	}
	// Keys in byte order: action at deadline identifier key kind pdf pdf_sm3
	// reason record seq station status version.
	str("action", it.Action, true)
	str("at", it.At, false)
	str("deadline", it.Deadline, true)
	str("identifier", it.Identifier, false)
	str("key", it.Key, false)
	str("kind", it.Kind, false)
	if len(it.PDF) > 0 {
		io.WriteString(h, sep+`"pdf":"`)
		enc := base64.NewEncoder(base64.StdEncoding, h)
		enc.Write(it.PDF)
		enc.Close()
		io.WriteString(h, `"`)
		sep = ","
	}
	str("pdf_sm3", it.PDFSM3, true)
	str("reason", it.Reason, true)
	str("record", it.Record, true)
	num("seq", it.Seq)
	str("station", it.Station, false)
	str("status", it.Status, true)
	num("version", int64(it.Version))
	io.WriteString(h, "}")
	return fmt.Sprintf("%x", h.Sum(nil)), true
}
