package record

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestNFCStableRanges checks every rune nfcAlready passes without norm: it
// is its own NFC, of combining class 0, and composes with neither neighbour,
// so that a string of such runes and ASCII is in NFC.
func TestNFCStableRanges(t *testing.T) {
	n := 0
	for _, rg := range nfcStableRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() || !p.BoundaryAfter() || len(p.Decomposition()) != 0 {
				t.Errorf("U+%04X is not NFC-stable: ccc %d, boundaries %v %v", r, p.CCC(), p.BoundaryBefore(), p.BoundaryAfter())
			}
			n++
		}
	}
	for _, s := range []string{"e\u0301", "\u3099", "\u302a", "\xff", "가", "Å"} {
		if nfcAlready("张" + s) {
			t.Errorf("nfcAlready(%q) = true, want norm to look", "张"+s)
		}
	}
	t.Logf("%d runes", n)
}

// TestEnvelopeUnchanged: an envelope of fixed parts is byte for byte what ezz
// has always written (the format verify reads from files already issued).
func TestEnvelopeUnchanged(t *testing.T) {
	c, err := sample().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	e := Envelope{Format: EnvelopeV1, Alg: "SM2-SM3", KeyID: "6e7754e1d2f105d2", Signature: "MEUCIQD+/w=="}
	want := `{"format":"ezz/signed-record/v1","alg":"SM2-SM3","key_id":"6e7754e1d2f105d2","signature":"MEUCIQD+/w==","record":` + string(c) + "}\n"
	if got := e.encode(c); string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzCanonicalMatchesGeneric: the direct encoder gives the generic
// canonical form of the record's JSON for any strings, and refuses exactly
// the records with a string that is not UTF-8 or two item keys one in NFC.
func FuzzCanonicalMatchesGeneric(f *testing.F) {
	f.Add("张喆 <&> \u2028", "e\u0301", "武汉市\n\"东湖\"\\", "𠮷", "\x01", 7)
	f.Add("（有限公司）", "é", "é", "a\xffb", "\u3000、。", -1)
	f.Add("", "", "x", "", "\u302a\u4e00", 0)
	f.Fuzz(func(t *testing.T, name, k1, k2, v1, v2 string, version int) {
		r := sample()
		r.Meta.CZZT, r.Meta.ZZBFJG, r.Station, r.Version = name, v2, k1, version
		r.Items = map[string]string{k1: v1, k2: v2, "z": name}
		direct, err := r.Canonical()
		bad := !utf8.ValidString(name) || !utf8.ValidString(v2) || !utf8.ValidString(k1)
		keys := map[string]bool{}
		for k, v := range r.Items {
			bad = bad || !utf8.ValidString(k) || !utf8.ValidString(v) || keys[norm.NFC.String(k)]
			keys[norm.NFC.String(k)] = true
		}
		if err != nil || bad {
			if err == nil || !bad {
				t.Fatalf("Canonical: %v, want an error only for invalid UTF-8 or a duplicate key (%v)", err, bad)
			}
			return
		}
		matchGeneric(t, r, direct)
	})
}

// TestCanonicalNamesInvalidField: a string that is not UTF-8 is refused with
// its field's path, wherever it is.
func TestCanonicalNamesInvalidField(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Record)
		want string
	}{
		{"metadata", func(r *Record) { r.Meta.ZZBH = "\xff" }, "record.Meta.ZZBH: invalid UTF-8"},
		{"station", func(r *Record) { r.Station = "S\xc3" }, "record.Station: invalid UTF-8"},
		{"item key", func(r *Record) { r.Items["k\xff"] = "v" }, `record.Items["k\xff"]: invalid UTF-8`},
		{"item value", func(r *Record) { r.Items["name"] = "\xed\xa0\x80" }, `record.Items["name"]: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample()
			tt.set(r)
			if _, err := r.Canonical(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
