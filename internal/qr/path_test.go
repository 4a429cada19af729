package qr

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

func TestPathChanging(t *testing.T) {
	tests := []struct {
		payload string
		want    bool
	}{
		{"https://h/v/EZZ1:1.2:AB/CD", false},
		{"https://h/v/EZZ1:1.2:AB//CD", true},
		{"https://h/v/EZZ1:1.2:AB/:/CD", false},
		{"https://h//v/EZZ1:1.2:AB/.C", false}, // the prefix is the agency's business
	}
	for _, tt := range tests {
		if got := pathChanging(tt.payload); got != tt.want {
			t.Errorf("pathChanging(%q) = %v, want %v", tt.payload, got, tt.want)
		}
	}
}

// TestMakeKeepsURLPath makes many tokens behind a path prefix, each for
// another record digest, and checks that a browser's URL parser keeps the
// path of every one (no "." or ".." segment, which Base45 cannot produce),
// and holds no "//" unless its signed header does (no signature avoids that).
func TestMakeKeepsURLPath(t *testing.T) {
	key := sm2Key(t)
	const prefix = "https://zz.example.gov.cn/v/"
	checked := 0
	for i := range 400 {
		c := claimsFor(key)
		d := sm3.Sum([]byte(fmt.Sprint("record ", i)))
		c.Digest = d[:]
		head, err := header(c, algCodeSM2)
		if err != nil {
			t.Fatal(err)
		}
		p := mustMake(t, c, key, prefix)
		u, err := url.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		if u.ResolveReference(&url.URL{}).EscapedPath() != u.EscapedPath() {
			t.Fatalf("payload %q: the path changes when a browser resolves it", p)
		}
		if pathChanging(prefix + Prefix + c.Identifier + ":" + escape(Base45Encode(head[:32]), true)) {
			continue
		}
		checked++
		if pathChanging(p) {
			t.Fatalf("payload %q holds a \"//\" outside its signed header", p)
		}
	}
	if checked < 300 {
		t.Fatalf("only %d of 400 headers were free of path changes", checked)
	}
}
