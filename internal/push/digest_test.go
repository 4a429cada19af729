package push

import (
	"fmt"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/record"
)

// TestStreamDigestIsCanonical checks the streamed item digest against the
// canonical encoder, over every optional field present or absent and
// strings that need escaping or normalising.
func TestStreamDigestIsCanonical(t *testing.T) {
	edge := []string{"", "plain", "引号\"与\\反斜杠", "<script>&amp;", "line\u2028sep\u2029", "e\u0301 (not NFC)", "\x01\x1f\t\n\r\b\f", "𠮷䶮"}
	for i := 0; i < 1<<6; i++ {
		for _, s := range edge {
			it := Item{Key: "k/" + s, Kind: KindIssue, Identifier: "1.2.156.3005.2." + s, Version: i, Seq: int64(i) * 1000003,
				Station: s, At: "2026-06-01T02:00:00Z"}
			opt := []*string{&it.Deadline, &it.Record, &it.PDFSM3, &it.Status, &it.Reason, &it.Action}
			for b, p := range opt {
				if i&(1<<b) != 0 {
					*p = s + fmt.Sprint(b)
				}
			}
			if i%3 == 0 {
				it.PDF = []byte("%PDF-1.7\x00\xff" + s)
			}
			canon, err := record.Marshal(&it)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%x", sm3.Sum(canon))
			if got, ok := it.streamDigest(); !ok || got != want {
				t.Fatalf("item %+v: streamed digest %s (ok %v), canonical %s\n%s", it, got, ok, want, canon)
			}
		}
	}
	bad := Item{Station: "\xff"}
	if _, ok := bad.streamDigest(); ok {
		t.Fatal("a string that is not UTF-8 was streamed; record.Marshal must decide it")
	}
}
