package ledger

import (
	"encoding/json"
	"testing"
)

// TestIssueDetailJSON: the issue event's detail written directly is
// encoding/json's, for plain fields and for each kind it escapes.
func TestIssueDetailJSON(t *testing.T) {
	for _, s := range []string{"", "JY14201000000001", "食品经营许可证 A-1", "a\"b", "a\\b", "<b>", "R&D", "\x01", "\x7f", "\u2028", "\u2029",
		"\xff", "\xe4\xb8", "\ufffd", "𠮷", "'"} {
		for _, d := range []issueDetail{
			{TypeCode: "11100000000013338W032", Number: s, Serial: "TA00001", Version: 1},
			{TypeCode: s, Number: "N1", Serial: s, Version: 2, PDFSM3: s, RowKey: s, Retention: s},
			{TypeCode: "T", Number: "N", Serial: "S", Version: 1, PDFSM3: "ab", RowKey: "rk", Retention: "30y" + s},
		} {
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.json(); got != string(want) {
				t.Errorf("detail of %+v:\n got %s\nwant %s", d, got, want)
			}
		}
	}
}

func FuzzIssueDetailJSON(f *testing.F) {
	f.Add("11100000000013338W032", "JY1", "TA00001", 1, "ab", "rk", "30y")
	f.Add("<", "\xff", "\u2028", 0, "", "", "")
	f.Fuzz(func(t *testing.T, typeCode, number, serial string, version int, pdf, rowKey, retention string) {
		d := issueDetail{typeCode, number, serial, version, pdf, rowKey, retention}
		if want, _ := json.Marshal(d); d.json() != string(want) {
			t.Errorf("detail of %+v: got %s, want %s", d, d.json(), want)
		}
	})
}
